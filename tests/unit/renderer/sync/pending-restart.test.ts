/**
 * Pending local changes survive a restart: edits made offline are counted, the count is written to the
 * `settings` table (fake-indexeddb), a new Workspace + SyncManager on the same database shows the same count
 * before any relay answers, and it goes to 0 once the relay acknowledges them.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
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

const manager = (ws: Workspace) => new SyncManager(ws, { WebSocketImpl: WS as unknown as typeof WebSocket, cycleMs: 300, pollMs: 60_000, passTimeoutMs: 5000, backoff: { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 } });

it('offline edits still show as pending after a restart, and are acknowledged once the relay is back', async () => {
  const name = `pending-restart-${process.pid}`;
  // First run: sign in, sync, go offline, edit.
  let ws = await Workspace.start(name);
  let sync = manager(ws);
  await sync.start();
  const id = await ws.createEngagement(ENGAGEMENT);
  const token = mintToken(relay.dataDir, { sub: 'u-ana', name: 'Ana Reyes', eng: [id] });
  await sync.signIn(relay.url, token);
  sync.setForeground(id);
  await waitFor(() => sync.status(id)?.phase === 'synced' && sync.link(id)?.holders.has('fg') === true, 'synced in the foreground', 15_000);
  // Every room acknowledged first, as in pending-signout.test.ts: a network or programme room still in its handshake
  // counts one pending change, which would be stored and counted in the overall figure after the restart.
  await waitFor(() => sync.getSnapshot().overall.phase === 'synced' && sync.getSnapshot().overall.pending === 0, 'every room synced', 15_000);
  sync.setOnline(false);
  const session = await ws.open(id);
  for (let i = 1; i <= 3; i++) createEntity(session.doc, session.ctx, 'recommendations', { number: i, title: `Offline ${i}`, status: 'draft', priority: 'medium', focusArea: 'housing' });
  await waitFor(() => (sync.status(id)?.pending ?? 0) >= 3, 'offline edits counted');
  const pendingBefore = sync.status(id)!.pending;
  await new Promise((r) => setTimeout(r, 400)); // the debounced write (250 ms) — a crash after it loses nothing
  expect(((await ws.db.settings.get(PENDING_KEY))?.value as Record<string, number>)[id]).toBe(pendingBefore);

  // "Restart": everything in memory goes away; the same IndexedDB database is opened again.
  await sync.destroy();
  await ws.closeAll();
  ws.db.close();
  ws = await Workspace.start(name);
  sync = manager(ws);
  sync.setOnline(false);
  await sync.start();
  expect(sync.status(id)?.pending).toBe(pendingBefore);
  expect(sync.getSnapshot().overall.pending).toBe(pendingBefore);
  sync.setForeground(id);
  await waitFor(() => sync.link(id) !== undefined, 'link for the engagement on screen');
  expect(sync.link(id)!.pending).toBe(pendingBefore);
  expect(sync.status(id)?.phase).toBe('offline');

  // Back online: the relay receives the edits and acknowledges them; the stored count is cleared.
  sync.setOnline(true);
  await waitFor(() => sync.status(id)?.phase === 'synced' && sync.status(id)?.pending === 0, 'acknowledged after the restart', 15_000);
  await waitFor(async () => !((await ws.db.settings.get(PENDING_KEY))?.value as Record<string, number>)[id], 'stored count cleared');
  const check = connectClient(relay.url, id, token);
  await synced(check);
  const { collection } = await import('#core/model/layout.ts');
  await waitFor(() => collection(check.doc, 'recommendations').size === 3, 'the relay has the offline edits');
  check.destroy();
  await sync.destroy();
  await ws.closeAll();
  ws.db.close();
  await ws.db.delete();
}, 60_000);
