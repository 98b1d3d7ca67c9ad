import { useEffect, useState } from 'react';
import type { EngagementSession } from '../../data/session.ts';

/**
 * A counter that moves after the document changes, at most every `waitMs`: history and conflicts are
 * derived from logs that grow on every keystroke, and re-deriving them per keystroke would be wasted work.
 */
export function useDocVersion(session: EngagementSession | null, waitMs = 250): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!session) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const on = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, waitMs);
    };
    session.doc.on('afterTransaction', on);
    return () => {
      session.doc.off('afterTransaction', on);
      if (timer) clearTimeout(timer);
    };
  }, [session, waitMs]);
  return version;
}
