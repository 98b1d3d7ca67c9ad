import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { readEngagement, readEntity, type EntityOf, type ReadResult } from '#core/model/read.ts';
import type { Collection } from '#core/model/layout.ts';
import type { Engagement } from '#core/schemas/index.ts';
import type { Workspace } from '../data/workspace.ts';
import type { EngagementSession } from '../data/session.ts';
import type { SaveState } from '../data/persistence.ts';

export const WorkspaceContext = createContext<Workspace | null>(null);

export function useWorkspace(): Workspace {
  const ws = useContext(WorkspaceContext);
  if (!ws) throw new Error('useWorkspace outside WorkspaceContext');
  return ws;
}

/** The open session of an engagement (loads it on first use; every screen shares the same Y.Doc). */
export function useSession(engagementId: string | null): { session: EngagementSession | null; error: string | null } {
  const ws = useWorkspace();
  const [state, setState] = useState<{ id: string | null; session: EngagementSession | null; error: string | null }>({ id: engagementId, session: null, error: null });
  useEffect(() => {
    if (!engagementId) return;
    let live = true;
    ws.open(engagementId).then(
      (session) => live && setState({ id: engagementId, session, error: null }),
      (err: unknown) => live && setState({ id: engagementId, session: null, error: String((err as Error)?.message ?? err) }),
    );
    return () => {
      live = false;
    };
  }, [ws, engagementId]);
  return state.id === engagementId && engagementId ? state : { session: null, error: null };
}

/** Subscribe to a Y type deeply and re-read a derived value whenever anything under it changes. */
function useYValue<T>(target: Y.AbstractType<unknown> | undefined | null, read: () => T, deps: unknown[]): T {
  const [, force] = useState(0);
  useEffect(() => {
    if (!target) return;
    const on = () => force((n) => n + 1);
    target.observeDeep(on);
    return () => target.unobserveDeep(on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target, ...deps]);
  return read();
}

/** One entity read straight from the doc through its zod accessor (fresh on every change, local or remote). */
export function useEntity<C extends Collection>(session: EngagementSession | null, name: C, id: string): ReadResult<EntityOf<C>> | undefined {
  const root = session ? (collection(session.doc, name) as unknown as Y.AbstractType<unknown>) : null;
  return useYValue(root, () => (session ? readEntity(session.doc, name, id) : undefined), [id]);
}

export function useEngagement(session: EngagementSession | null): ReadResult<Engagement> | undefined {
  const root = session ? (session.doc.getMap('engagement') as unknown as Y.AbstractType<unknown>) : null;
  return useYValue(root, () => (session ? readEngagement(session.doc) : undefined), []);
}

export function useSaveState(session: EngagementSession | null): SaveState | null {
  return useSyncExternalStore(
    (cb) => (session ? session.persistence.subscribe(cb) : () => undefined),
    () => (session ? session.persistence.state : null),
  );
}

/** Undo/redo availability, for the toolbar buttons. */
export function useUndoState(session: EngagementSession | null): { canUndo: boolean; canRedo: boolean } {
  const [, force] = useState(0);
  useEffect(() => {
    if (!session) return;
    const on = () => force((n) => n + 1);
    session.undo.on('stack-item-added', on);
    session.undo.on('stack-item-popped', on);
    session.undo.on('stack-cleared', on);
    return () => {
      session.undo.off('stack-item-added', on);
      session.undo.off('stack-item-popped', on);
      session.undo.off('stack-cleared', on);
    };
  }, [session]);
  return { canUndo: Boolean(session?.undo.canUndo()), canRedo: Boolean(session?.undo.canRedo()) };
}
