import { useEffect, useMemo, useState } from 'react';
import { commentsFor } from '#core/review/comments.ts';
import type { EngagementSession } from '../../data/session.ts';
import type { ReviewCollection } from './ReviewBar.tsx';

/** Root map every comment lives in (core/review/comments.ts); observed so threads update live, local or remote. */
const commentsRoot = (session: EngagementSession) => session.doc.getMap('comments');

/** A counter that moves whenever the comments — or the item's text their anchors point into — change. */
export function useCommentsVersion(session: EngagementSession | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!session) return;
    const on = () => setVersion((v) => v + 1);
    const root = commentsRoot(session);
    root.observeDeep(on);
    // Anchors resolve against the text: an edit elsewhere in the doc can move a range.
    session.doc.on('afterTransaction', on);
    return () => {
      root.unobserveDeep(on);
      session.doc.off('afterTransaction', on);
    };
  }, [session]);
  return version;
}

export function useThreads(session: EngagementSession, name: ReviewCollection, id: string) {
  const version = useCommentsVersion(session);
  return useMemo(() => {
    void version;
    return commentsFor(session.doc, name, id);
  }, [session, name, id, version]);
}
