/**
 * Room lifecycle (ADR 0013): a room compacts when its last client leaves and frees its doc; loading it again
 * reads that one snapshot, and a fresh client is answered with the stored bytes as they are — the doc is built
 * only when something needs it (a write, a client holding changes of its own). Checked over real sockets against
 * the in-process relay and its SQLite file.
 */
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { WebSocket as WS } from 'ws';
import { synced, tokenProtocols, waitFor, Y } from './harness.ts';
import { inProcessFixture } from './inprocess.ts';
import { readRoomFromStore } from './store.ts';

const fx = inProcessFixture();
// Compaction only at unload here (compactEvery high), so what the snapshot holds is what unload wrote.
const relay = () => fx.relay({ unloadGraceMs: 50, compactEvery: 100_000 });
const client = fx.client;

/** A raw socket that records every sync message it receives as [kind, payload] (0 step 1, 1 step 2, 2 update). */
function rawSync(url: string, token: string) {
  const ws = fx.track(new WS(url, tokenProtocols(token)));
  const got: [number, Uint8Array][] = [];
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(d) !== 0) return;
    const kind = decoding.readVarUint(d);
    got.push([kind, decoding.readVarUint8Array(d)]);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, got, opened };
}
function syncMessage(kind: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, kind);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}
const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function snapshotRow(dataDir: string, room: string): { upto_seq: number; bytes: Buffer; last: number } | undefined {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
  try {
    const snap = db.prepare<[string], { upto_seq: number; bytes: Buffer }>('SELECT upto_seq, bytes FROM snapshots WHERE room = ?').get(room);
    const last = db.prepare<[string], { m: number }>('SELECT MAX(seq) AS m FROM updates WHERE room = ?').get(room)!.m;
    return snap && { ...snap, last };
  } finally {
    db.close();
  }
}

/** Writes `n` separate edits through a provider, waits until stored, leaves, and waits for the room to unload. */
async function fillAndLeave(r: Awaited<ReturnType<typeof relay>>, room: string, n: number): Promise<Y.Doc> {
  const w = client(r.url, room, r.token);
  await synced(w);
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) w.doc.getMap('fields').set(`f${i % 17}`, i);
    else w.doc.getText('t').insert(i % 7, 'ab');
  }
  const expected = Y.encodeStateAsUpdate(w.doc);
  await waitFor(() => Y.equalSnapshots(Y.snapshot(readRoomFromStore(r.dataDir, room).doc), Y.snapshot(w.doc)), 'every edit stored');
  w.destroy();
  await waitFor(() => r.relay.stats().rooms === 0, 'room unloaded after its last client left');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, expected);
  return doc;
}

test('unload compacts; a fresh client is answered with the stored snapshot bytes and asked nothing; a client holding edits is asked', async () => {
  const r = await relay();
  const written = await fillAndLeave(r, 'eng-life', 300);
  const snap = snapshotRow(r.dataDir, 'eng-life');
  expect(snap, 'a snapshot was written at unload').toBeDefined();
  expect(snap!.upto_seq).toBe(snap!.last); // nothing left after it: reload is one read

  const fresh = rawSync(`${r.url}/eng-life`, r.token);
  await fresh.opened;
  fresh.ws.send(syncMessage(0, EMPTY_STATE_VECTOR));
  await waitFor(() => fresh.got.some(([k]) => k === 1), 'step 2');
  // The stored bytes themselves.
  expect(Buffer.from(fresh.got.find(([k]) => k === 1)![1]).equals(snap!.bytes)).toBe(true);
  const got = new Y.Doc();
  Y.applyUpdate(got, fresh.got.find(([k]) => k === 1)![1]);
  expect(got.getText('t').toString()).toBe(written.getText('t').toString());
  expect(got.getMap('fields').toJSON()).toEqual(written.getMap('fields').toJSON());
  // It had nothing when it asked: no step 1 is owed to it (not even after the fallback delay) — the doc was never built.
  await new Promise((res) => setTimeout(res, 1300));
  expect(fresh.got.map(([k]) => k)).toEqual([1]);

  // A client with something of its own (non-empty state vector) is answered with a diff and asked for its part.
  const own = new Y.Doc();
  own.getMap('own').set('k', 1);
  const holder = rawSync(`${r.url}/eng-life`, r.token);
  await holder.opened;
  holder.ws.send(syncMessage(0, Y.encodeStateVector(own)));
  await waitFor(() => holder.got.some(([k]) => k === 0) && holder.got.some(([k]) => k === 1), 'step 2 and the relay’s step 1');
  expect(Buffer.from(holder.got.find(([k]) => k === 0)![1]).equals(Buffer.from(Y.encodeStateVector(written)))).toBe(true);
  holder.ws.close();
  fresh.ws.close();

  // A provider with its own offline edits (non-empty state vector) and a plain reader: everything converges and is stored.
  const a = client(r.url, 'eng-life', r.token);
  a.doc.getMap('fields').set('offline', 'yes');
  const b = client(r.url, 'eng-life', r.token);
  await Promise.all([synced(a), synced(b)]);
  await waitFor(() => b.doc.getMap('fields').get('offline') === 'yes' && b.doc.getText('t').length === written.getText('t').length, 'offline edit and history at the reader');
  b.doc.getText('t').insert(0, 'Z');
  await waitFor(() => a.doc.getText('t').toString().startsWith('Z'), 'live edit relayed');
  await waitFor(() => readRoomFromStore(r.dataDir, 'eng-life').doc.getText('t').toString() === b.doc.getText('t').toString(), 'stored');
  expect(readRoomFromStore(r.dataDir, 'eng-life').doc.getMap('fields').get('offline')).toBe('yes');
});

test('an update that arrives before a fresh client’s step 1 is in that client’s step 2 (the stored bytes are stale then)', async () => {
  const r = await relay();
  await fillAndLeave(r, 'eng-order', 50);
  const writer = rawSync(`${r.url}/eng-order`, r.token);
  await writer.opened;
  const edit = new Y.Doc();
  edit.getMap('late').set('k', 'v');
  // Unknown to the stored state but self-contained (a new client): it applies at once.
  writer.ws.send(syncMessage(2, Y.encodeStateAsUpdate(edit)));
  writer.ws.send(syncMessage(0, EMPTY_STATE_VECTOR));
  await waitFor(() => writer.got.some(([k]) => k === 1), 'step 2');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, writer.got.find(([k]) => k === 1)![1]);
  expect(doc.getMap('late').get('k')).toBe('v');
  expect(doc.getText('t').length).toBeGreaterThan(0);
});

test('a client that never sends its step 1 still gets the relay’s step 1 (after the fallback delay); the room still unloads and reloads cleanly', async () => {
  const r = await relay();
  const written = await fillAndLeave(r, 'eng-quiet', 40);
  const quiet = rawSync(`${r.url}/eng-quiet`, r.token);
  await quiet.opened;
  await waitFor(() => quiet.got.some(([k]) => k === 0), 'relay step 1 without being asked', 3000);
  expect(Buffer.from(quiet.got.find(([k]) => k === 0)![1]).equals(Buffer.from(Y.encodeStateVector(written)))).toBe(true);
  quiet.ws.close();
  await waitFor(() => r.relay.stats().rooms === 0, 'unloaded again');
  const reader = client(r.url, 'eng-quiet', r.token);
  await synced(reader);
  expect(reader.doc.getText('t').toString()).toBe(written.getText('t').toString());
});

test('a room whose updates were never compacted (relay stopped before unload) loads them all in one go', async () => {
  const r = await relay();
  const src = new Y.Doc();
  const rows: { user: string; at: number; bytes: Uint8Array }[] = [];
  src.on('update', (u: Uint8Array) => rows.push({ user: 'u', at: Date.now(), bytes: u }));
  for (let i = 0; i < 500; i++) src.getText('t').insert(i % 11, String(i % 10));
  await r.store.appendUpdates('eng-tail', rows);
  const reader = client(r.url, 'eng-tail', r.token);
  await synced(reader);
  expect(reader.doc.getText('t').toString()).toBe(src.getText('t').toString());
});
