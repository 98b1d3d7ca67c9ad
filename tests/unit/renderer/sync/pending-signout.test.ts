/**
 * Pending local changes survive signing out and in again: the count stays on screen while signed out, stays in
 * the `settings` table, the next link starts from it, and it goes to 0 only when the relay acknowledges the edits.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { collection } from '#core/model/layout.ts';
import { createEntity } from '#core/model/write.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import { PENDING_KEY, SyncManager } from '#renderer/sync/manager.ts';
import { connectClient, mintToken, removeDir, startRelay, synced, waitFor, type RelayProcess } from '../../../integration/sync/harness.ts';
import { newEngagement } from '../fixtures.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
}, 30_000);
afterAll(async () => {
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

const ENGAGEMENT = newEngagement();

const storedPending = async (ws: Workspace) => ((await ws.db.settings.get(PENDING_KEY))?.value ?? {}) as Record<string, number>;

it('offline edits stay pending across sign-out and sign-in, and are acknowledged once synced again', async () => {
  const ws = await Workspace.start(`pending-signout-${process.pid}`);
  const sync = new SyncManager(ws, { WebSocketImpl: WS as unknown as typeof WebSocket, cycleMs: 300, pollMs: 60_000, passTimeoutMs: 5000, backoff: { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 } });
  await sync.start();
  const id = await ws.createEngagement(ENGAGEMENT);
  const token = mintToken(relay.dataDir, { sub: 'u-ana', name: 'Ana Reyes', eng: [id] });
  await sync.signIn(relay.url, token);
  sync.setForeground(id);
  await waitFor(() => sync.status(id)?.phase === 'synced' && sync.link(id)?.holders.has('fg') === true, 'synced in the foreground', 15_000);
  // Every room acknowledged, not only the engagement's: the network and programme rooms' links each count a pending
  // change from the relay's step 1 (it lacks what this new workspace holds) until the relay answers it. Going offline
  // before that answer left it in the overall figure below: 4 against the engagement's 3 (CI, once; a subscriber
  // here saw the network room at 1 pending while it was still syncing).
  await waitFor(() => sync.getSnapshot().overall.phase === 'synced' && sync.getSnapshot().overall.pending === 0, 'every room synced', 15_000);
  sync.setOnline(false);
  const session = await ws.open(id);
  for (let i = 1; i <= 3; i++) createEntity(session.doc, session.ctx, 'recommendations', { number: i, title: `Offline ${i}`, status: 'draft', priority: 'medium', focusArea: 'housing' });
  await waitFor(() => (sync.status(id)?.pending ?? 0) >= 3, 'offline edits counted');
  const pending = sync.status(id)!.pending;
  await waitFor(async () => (await storedPending(ws))[id] === pending, 'count written');

  await sync.signOut();
  expect(sync.status(id)?.pending).toBe(pending);
  expect(sync.getSnapshot().overall.pending).toBe(pending);
  // Signing in again (still offline): the stored count is intact and the new link starts from it.
  await sync.signIn(relay.url, token);
  await new Promise((r) => setTimeout(r, 400)); // past the debounced write (250 ms)
  expect((await storedPending(ws))[id]).toBe(pending);
  expect(sync.status(id)?.pending).toBe(pending);
  await waitFor(() => sync.link(id) !== undefined, 'link for the engagement on screen');
  expect(sync.link(id)!.pending).toBe(pending);

  sync.setOnline(true);
  await waitFor(() => sync.status(id)?.phase === 'synced' && sync.status(id)?.pending === 0, 'acknowledged after signing in again', 15_000);
  await waitFor(async () => !(await storedPending(ws))[id], 'stored count cleared');
  const check = connectClient(relay.url, id, token);
  await synced(check);
  await waitFor(() => collection(check.doc, 'recommendations').size === 3, 'the relay has the offline edits');
  check.destroy();
  await sync.destroy();
  await ws.closeAll();
  ws.db.close();
  await ws.db.delete();
}, 60_000);
