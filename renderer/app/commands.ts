import { useEffect, useRef } from 'react';

/** App-wide commands fired by keyboard shortcuts and the Electron menu, handled by whichever screen is showing. */
export type Command = 'new-visit' | 'new-finding' | 'new-recommendation' | 'find' | 'new-engagement' | 'export-bundle' | 'import-bundle' | 'show-shortcuts';

const target = new EventTarget();

export function runCommand(c: Command): void {
  target.dispatchEvent(new Event(c));
}

export function useCommand(c: Command, handler: () => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const on = () => ref.current();
    target.addEventListener(c, on);
    return () => target.removeEventListener(c, on);
  }, [c]);
}
