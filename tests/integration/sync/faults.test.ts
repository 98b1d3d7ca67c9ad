/**
 * Faults the relay must survive, each against a running relay with real sockets: a client that stops answering
 * pings, a client that floods messages before its room has loaded, a reader that never reads (backpressure), and
 * a store that fails to write.
 */
import * as encoding from 'lib0/encoding';
import { expect, test } from 'vitest';
import { WebSocket as WS } from 'ws';
import { synced, tokenProtocols, waitFor, Y } from './harness.ts';
import { inProcessFixture, type InProcessRelay } from './inprocess.ts';

const fx = inProcessFixture();
const relayWith = fx.relay;
const client = fx.client;
function raw(url: string, token: string, opts: { autoPong?: boolean } = {}): Promise<WS> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, tokenProtocols(token), { autoPong: opts.autoPong ?? true });
    fx.track(ws);
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}
const closed = (ws: WS) => new Promise<{ code: number; at: number }>((r) => ws.once('close', (code) => r({ code, at: performance.now() })));
function syncStep1(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
  return encoding.toUint8Array(e);
}
function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}
const refusals = (r: InProcessRelay, reason: string) => r.relay.metrics.refusals.get({ reason });
const closesWith = (r: InProcessRelay, code: number) => r.relay.metrics.closes.get({ code: String(code) });

test('a client that stops answering pings is terminated within two ping intervals; one that answers stays', async () => {
  const PING = 250;
  const r = await relayWith({ pingIntervalMs: PING });
  const silent = await raw(`${r.url}/eng-ping`, r.token, { autoPong: false });
  const healthy = await raw(`${r.url}/eng-ping`, r.token);
  const t0 = performance.now();
  const gone = await closed(silent);
  // Ping at ≤ PING, terminated at the next sweep when no pong came: within 2 intervals (+ scheduling slack).
  expect(gone.at - t0).toBeLessThan(2 * PING + 400);
  expect(gone.code).toBe(1006); // terminated, not closed politely: it was not listening anyway
  expect(refusals(r, 'ping_timeout')).toBe(1);
  await new Promise((res) => setTimeout(res, 3 * PING));
  expect(healthy.readyState).toBe(WS.OPEN);
  expect(r.relay.stats().connections).toBe(1);
});

test('the relay pings its sockets a share at a time over the interval, not all in one burst, and each once per interval', async () => {
  const PING = 480;
  const r = await relayWith({ pingIntervalMs: PING });
  const sockets = await Promise.all(Array.from({ length: 32 }, () => raw(`${r.url}/eng-ping-spread`, r.token)));
  const pings: number[][] = sockets.map(() => []);
  sockets.forEach((ws, i) => ws.on('ping', () => pings[i]!.push(performance.now())));
  await new Promise((res) => setTimeout(res, 2 * PING + 100));
  // Every socket was pinged (about twice), at about one interval apart.
  for (const at of pings) {
    expect(at.length).toBeGreaterThanOrEqual(1);
    for (let k = 1; k < at.length; k++) expect(Math.abs(at[k]! - at[k - 1]! - PING)).toBeLessThan(PING / 2);
  }
  // The first pings of the 32 sockets came in many separate turns (16 per interval), not one sweep.
  const firsts = pings.map((at) => at[0]!).sort((a, b) => a - b);
  const turns = new Set(firsts.map((t) => Math.round((t - firsts[0]!) / (PING / 16))));
  expect(turns.size).toBeGreaterThanOrEqual(8);
  expect(firsts.at(-1)! - firsts[0]!).toBeGreaterThan(PING / 2);
});

test('more messages than the pre-auth queue before the room has loaded close the socket with 1008; fewer are all applied', async () => {
  const r = await relayWith({ preAuthQueue: 8 });
  r.store.loadDelayMs = 400;
  const src = new Y.Doc();
  const msgs: Uint8Array[] = [];
  src.on('update', (u: Uint8Array) => msgs.push(updateMessage(u)));
  for (let i = 0; i < 20; i++) src.getArray<number>('a').push([i]);
  // Flooder: 9 messages while the room loads.
  const flooder = await raw(`${r.url}/eng-slow`, r.token);
  const flooderClosed = closed(flooder);
  for (const m of msgs.slice(0, 9)) flooder.send(m);
  expect((await flooderClosed).code).toBe(1008);
  expect(refusals(r, 'pre_auth_queue')).toBe(1);
  // Polite client: 8 messages (the limit) while another room loads; all are applied once it has.
  const polite = await raw(`${r.url}/eng-slow-2`, r.token);
  for (const m of msgs.slice(0, 8)) polite.send(m);
  r.store.loadDelayMs = 0;
  const reader = client(r.url, 'eng-slow-2', r.token);
  await waitFor(() => reader.doc.getArray('a').length === 8, 'queued updates applied after load');
  expect(polite.readyState).toBe(WS.OPEN);
  // Nothing from the flooder was applied.
  const other = client(r.url, 'eng-slow', r.token);
  await synced(other);
  expect(other.doc.getArray('a').length).toBe(0);
});

test('a reader that never reads is closed with 1013 and the relay does not queue for it without bound', async () => {
  const LIMIT = 256 * 1024;
  const r = await relayWith({ maxBufferedBytes: LIMIT });
  const stuck = await raw(`${r.url}/eng-bp`, r.token);
  stuck.send(syncStep1());
  await new Promise((res) => setTimeout(res, 100));
  // Stop reading: the kernel buffers fill, then the relay's send buffer.
  const tcp = (stuck as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  const stuckClosed = closed(stuck);
  const writer = client(r.url, 'eng-bp', r.token);
  const reader = client(r.url, 'eng-bp', r.token);
  await Promise.all([synced(writer), synced(reader)]);
  const inBefore = r.relay.metrics.bytesIn.get({ kind: 'ws' });
  const outBefore = r.relay.metrics.bytesOut.get({ kind: 'ws' });
  const CHUNK = 64 * 1024;
  const text = writer.doc.getText('t');
  // ≈ 20 MiB of traffic towards every reader; the document stays small (each insert is deleted again).
  for (let i = 0; i < 320 && closesWith(r, 1013) === 0; i++) {
    writer.doc.transact(() => text.insert(0, String(i % 10).repeat(CHUNK)));
    writer.doc.transact(() => text.delete(0, CHUNK));
    await new Promise((res) => setImmediate(res));
  }
  writer.doc.getMap('m').set('done', true);
  await waitFor(() => closesWith(r, 1013) >= 1, 'slow reader closed with 1013', 20_000);
  expect(refusals(r, 'backpressure')).toBeGreaterThanOrEqual(1);
  const flood = r.relay.metrics.bytesIn.get({ kind: 'ws' }) - inBefore;
  const out = r.relay.metrics.bytesOut.get({ kind: 'ws' }) - outBefore;
  // Handed to sockets: far less than the flood times its two readers — the stuck one got at most its send
  // buffer (plus what the kernel took) before it was cut off; nothing piled up for it in the relay.
  expect(flood).toBeGreaterThan(4 * LIMIT);
  expect(out).toBeLessThan(2 * flood);
  // When it reads again it finds the socket closed (terminated after the close frame could not be sent).
  tcp.resume();
  await stuckClosed;
  await waitFor(() => r.relay.stats().connections === 2, 'stuck socket released', 10_000);
  // The healthy reader (reconnecting if it too was too slow on this shared event loop) and a fresh client catch up.
  await waitFor(() => reader.doc.getMap('m').get('done') === true, 'healthy reader caught up', 20_000);
  const back = client(r.url, 'eng-bp', r.token);
  await waitFor(() => back.doc.getMap('m').get('done') === true, 'reconnected reader caught up');
}, 60_000);

test('a failing store: nothing unstored is broadcast, the room’s clients are closed with 1011, /healthz says so, other rooms carry on, recovery resyncs', async () => {
  const r = await relayWith({});
  const a1 = client(r.url, 'eng-bad', r.token);
  const a2 = client(r.url, 'eng-bad', r.token);
  const b1 = client(r.url, 'eng-good', r.token);
  const b2 = client(r.url, 'eng-good', r.token);
  await Promise.all([a1, a2, b1, b2].map((c) => synced(c)));
  const codes: number[] = [];
  a1.provider.on('connection-close', (e: CloseEvent | null) => e && codes.push(e.code));
  r.store.failingRooms.add('eng-bad');
  a1.doc.getMap('m').set('lost?', 'not stored');
  await waitFor(() => codes.includes(1011), 'writer closed with 1011');
  // Not stored → not relayed.
  await new Promise((res) => setTimeout(res, 200));
  expect(a2.doc.getMap('m').get('lost?')).toBeUndefined();
  expect(refusals(r, 'store_error')).toBeGreaterThanOrEqual(1);
  const health = await fetch(`${r.http}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ ok: false, storeOk: false, storeError: expect.stringMatching(/disk I\/O error/) });
  // The relay is up and other rooms are fine.
  b1.doc.getMap('m').set('k', 'still syncing');
  await waitFor(() => b2.doc.getMap('m').get('k') === 'still syncing', 'other room unaffected');
  // The store recovers: the clients reconnect by themselves and the edit is stored and reaches the peer.
  r.store.failingRooms.clear();
  await waitFor(() => a2.doc.getMap('m').get('lost?') === 'not stored', 'edit arrives after recovery', 20_000);
  const after = await fetch(`${r.http}/healthz`);
  expect(after.status).toBe(200);
  expect(await after.json()).toMatchObject({ ok: true });
  const check = client(r.url, 'eng-bad', r.token);
  await synced(check);
  expect(check.doc.getMap('m').get('lost?')).toBe('not stored');
}, 60_000);
