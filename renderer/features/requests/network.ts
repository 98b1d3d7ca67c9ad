import { useEffect, useMemo, useState } from 'react';
import * as Y from 'yjs';
import type { WriteContext } from '#core/model/write.ts';
import { LOCAL_ORIGIN } from '#core/model/layout.ts';
import { libraryMap, readLibraryItem, readRequest, requestsMap } from '#core/knowledge/network-model.ts';
import type { LibraryItem, Request } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';

/**
 * The UI's door to the programme-wide "network" doc (ws.network, renderer/data/network.ts): the live doc, the write
 * context of the person working here, and an undo manager over their own request and library edits.
 */
export interface NetworkHandle {
  doc: Y.Doc;
  ctx: WriteContext;
  undo: Y.UndoManager;
}

const undoManagers = new WeakMap<Y.Doc, Y.UndoManager>();
function undoFor(doc: Y.Doc): Y.UndoManager {
  let u = undoManagers.get(doc);
  if (!u) {
    // Only this person's edits (LOCAL_ORIGIN) are undone, never what arrived from others.
    u = new Y.UndoManager([requestsMap(doc), libraryMap(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 600 });
    undoManagers.set(doc, u);
  }
  return u;
}

export function useNetwork(): NetworkHandle | null {
  const ws = useWorkspace();
  const store = ws.network;
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    void store.whenReady().then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [store]);
  const ctx = ws.ctx;
  const author = ctx.author;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `author` stands for `ctx` (a fresh object per read)
  return useMemo(() => (ready ? { doc: store.doc, ctx, undo: undoFor(store.doc) } : null), [ready, store, author]);
}

/** Re-render whenever anything under a root map changes (local, remote, undo). */
function useRootVersion(doc: Y.Doc | undefined, root: 'requests' | 'library'): number {
  const [v, setV] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const map = root === 'requests' ? requestsMap(doc) : libraryMap(doc);
    const on = () => setV((n) => n + 1);
    map.observeDeep(on);
    return () => map.unobserveDeep(on);
  }, [doc, root]);
  return v;
}

/** null while the doc loads; undefined when there is no such (valid) request. */
export function useRequest(net: NetworkHandle | null, id: string): Request | undefined | null {
  useRootVersion(net?.doc, 'requests');
  return net ? readRequest(net.doc, id) : null;
}

export function useLibraryItem(net: NetworkHandle | null, id: string): LibraryItem | undefined | null {
  useRootVersion(net?.doc, 'library');
  return net ? readLibraryItem(net.doc, id) : null;
}
