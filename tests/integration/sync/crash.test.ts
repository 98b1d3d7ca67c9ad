/**
 * The relay is SIGKILLed while clients write, then restarted on the same data dir and port: afterwards every
 * edit is on every client and in the relay's store (read directly from SQLite).
 */
import { afterAll, expect, test } from 'vitest';
import { connectClient, mintToken, keepWriting, missingWrites, removeDir, sleep, startRelay, synced, waitFor, type Client, type RelayProcess } from './harness.ts';
import { readRoomFromStore } from './store.ts';

let relay: RelayProcess | undefined;
const dirs: string[] = [];
afterAll(async () => {
  await relay?.stop();
  for (const d of dirs) removeDir(d);
});

const CLIENTS = 5;

test('SIGKILL mid-write, restart on the same data dir: every edit reaches every client and the store', async () => {
  relay = await startRelay();
  dirs.push(relay.dataDir);
  const { port, dataDir } = relay;
  const token = mintToken(dataDir, { eng: ['eng-crash'] });
  const clients: Client[] = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(relay.url, 'eng-crash', token));
  await Promise.all(clients.map((c) => synced(c)));

  const { edits, stop: stopWriting } = keepWriting(clients, (n) => 2 + (n % 3));

  await waitFor(() => edits.length > 150, 'clients writing');
  await relay.kill();
  const atKill = edits.length;
  // Clients keep writing while the relay is down (offline edits) and while it restarts.
  await sleep(150);
  relay = await startRelay({ dataDir, port });
  await waitFor(() => clients.every((c) => c.provider.synced), 'clients reconnected', 15_000);
  await sleep(100);
  await stopWriting();
  expect(edits.length).toBeGreaterThan(atKill);

  await waitFor(() => clients.every((c) => missingWrites(c.doc, edits).length === 0), 'every edit on every client', 20_000);
  // Every edit reached the others only through the relay, which stores before it broadcasts.
  await waitFor(() => missingWrites(readRoomFromStore(dataDir, 'eng-crash').doc, edits).length === 0, 'every edit in the store', 10_000);
  const { auditRows } = readRoomFromStore(dataDir, 'eng-crash');
  expect(auditRows.length).toBeGreaterThan(0);
  expect(new Set(auditRows.map((r) => r.user)).size).toBe(1);
  for (const c of clients) c.destroy();
  // Two relay starts and a catch-up: generous for a loaded CI machine (2 shared cores).
}, 90_000);
