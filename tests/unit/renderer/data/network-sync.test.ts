/**
 * The network doc (311 requests, library) over a real relay: two workspaces sign in with tokens granting NO
 * engagement, and still share requests in room "network"; a viewer receives them but cannot change them.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket as WS } from 'ws';
import { Workspace } from '#renderer/data/workspace.ts';
import { SyncManager } from '#renderer/sync/manager.ts';
import { mintToken, removeDir, startRelay, waitFor, type RelayProcess } from '../../../integration/sync/harness.ts';

let relay: RelayProcess;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  vi.stubGlobal('location', { search: '?empty=1' });
  relay = await startRelay();
}, 30_000);

afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
  vi.unstubAllGlobals();
});

let n = 0;
async function device(role: 'lead' | 'expert' | 'viewer'): Promise<{ ws: Workspace; sync: SyncManager }> {
  const ws = await Workspace.start(`network-sync-${process.pid}-${++n}`);
  const sync = new SyncManager(ws, { WebSocketImpl: WS as unknown as typeof WebSocket, cycleMs: 300, pollMs: 1000, passTimeoutMs: 5000, backoff: { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 } });
  await sync.start();
  cleanup.push(async () => {
    await sync.destroy();
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  });
  await sync.signIn(relay.url, mintToken(relay.dataDir, { sub: `${role}-${n}`, name: `${role} ${n}`, role, eng: [] }));
  return { ws, sync };
}

describe('network doc over the relay', () => {
  it('requests sync between two people with no engagement granted; a viewer reads but cannot write', async () => {
    const a = await device('lead');
    const b = await device('expert');
    const r = a.ws.network.createRequest({ city: 'Elk Prairie', state: 'IN', official: { name: 'Marcus Delacroix' }, focusArea: 'land-use', topic: 'Quiet title backlog', question: 'How long does quiet title take?' });
    await waitFor(() => Boolean(b.ws.network.request(r.id)), 'request reaches the second device', 20_000);
    a.ws.network.moveRequest(r.id, 'triaged');
    await waitFor(() => b.ws.network.request(r.id)?.status === 'triaged', 'status move reaches the second device', 20_000);
    await b.ws.network.settle();
    expect((await b.ws.db.requests.get(r.id))!.status).toBe('triaged');
    expect(b.ws.search.search('quiet title', { kinds: ['request'] }).map((h) => h.id)).toEqual([r.id]);
    expect(b.sync.getSnapshot().network.phase).not.toBe('error');

    const v = await device('viewer');
    await waitFor(() => Boolean(v.ws.network.request(r.id)), 'request reaches the viewer', 20_000);
    // A viewer's local edit is never accepted by the relay: the others do not see it.
    v.ws.network.doc.transact(() => v.ws.network.doc.getMap('requests').delete(r.id));
    a.ws.network.updateRequest(r.id, { urgency: 'urgent' });
    await waitFor(() => b.ws.network.request(r.id)?.urgency === 'urgent', 'later edit reaches the second device', 20_000);
    expect(a.ws.network.request(r.id)).toBeTruthy();
    expect(b.ws.network.request(r.id)).toBeTruthy();
  }, 90_000);
});
