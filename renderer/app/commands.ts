import { useEffect, useRef } from 'react';

/** App-wide commands fired by keyboard shortcuts and the Electron menu, handled by whichever screen is showing. */
export type Command = 'new-visit' | 'new-finding' | 'new-recommendation' | 'find' | 'new-engagement' | 'export-bundle' | 'import-bundle' | 'export-report' | 'toggle-theme' | 'show-shortcuts' | 'global-search';

const target = new EventTarget();
// How many screens listen for each command, so the desktop menu can say when nothing on screen can run one.
const listening = new Map<Command, number>();

/** Run a command on whichever screen handles it; false when no screen showing now does. */
export function runCommand(c: Command): boolean {
  target.dispatchEvent(new Event(c));
  return (listening.get(c) ?? 0) > 0;
}

export function useCommand(c: Command, handler: () => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const on = () => ref.current();
    target.addEventListener(c, on);
    listening.set(c, (listening.get(c) ?? 0) + 1);
    return () => {
      target.removeEventListener(c, on);
      listening.set(c, (listening.get(c) ?? 1) - 1);
    };
  }, [c]);
}
