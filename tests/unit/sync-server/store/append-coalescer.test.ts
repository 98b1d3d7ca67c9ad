/**
 * The relay's append coalescer over a real SQLite store: what one turn brings is committed together (bounded by
 * MAX_ROOMS), every caller learns its own room's sequence number, and a failing room breaks only itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { AppendCoalescer, MAX_ROOMS } from '#sync-server/store/append-coalescer.ts';
import { SqliteStore } from '#sync-server/store/sqlite-store.ts';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-coalesce-'));
  store = new SqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (key: string) => {
  const d = new Y.Doc();
  d.getMap('m').set(key, key);
  return { user: 'u', at: 1, bytes: Y.encodeStateAsUpdate(d) };
};
const keysOf = async (room: string) => {
  const d = new Y.Doc();
  for (const u of (await store.loadRoom(room)).updates) Y.applyUpdate(d, u);
  return [...d.getMap('m').keys()].sort();
};

test('appends made in one turn share one transaction and each resolves to its own room’s last sequence number', async () => {
  const many = vi.spyOn(store, 'appendMany');
  const single = vi.spyOn(store, 'appendUpdates');
  const c = new AppendCoalescer(store);
  const seqs = await Promise.all(['a', 'b', 'c'].map((r) => c.append(r, [row(`${r}1`), row(`${r}2`)])));
  expect(many).toHaveBeenCalledTimes(1);
  expect(single).not.toHaveBeenCalled();
  for (const [i, r] of ['a', 'b', 'c'].entries()) {
    expect(await keysOf(r)).toEqual([`${r}1`, `${r}2`]);
    expect((await store.loadRoom(r)).lastSeq).toBe(seqs[i]);
  }
});

test(`a batch is committed as soon as it holds ${MAX_ROOMS} rooms, without waiting for the end of the turn`, async () => {
  const many = vi.spyOn(store, 'appendMany');
  const c = new AppendCoalescer(store);
  const first = Array.from({ length: MAX_ROOMS }, (_, i) => c.append(`r${i}`, [row('k')]));
  // Committed synchronously by the MAX_ROOMS-th call: the rows are in the file before this turn ends.
  expect(many).toHaveBeenCalledTimes(1);
  expect((await store.loadRoom('r0')).updates).toHaveLength(1);
  const rest = c.append('late', [row('k')]);
  expect(many).toHaveBeenCalledTimes(1);
  await Promise.all([...first, rest]);
  expect(await keysOf('late')).toEqual(['k']);
});

test('one lone append is stored on its own (no batch to build)', async () => {
  const many = vi.spyOn(store, 'appendMany');
  const c = new AppendCoalescer(store);
  const seq = await c.append('solo', [row('x')]);
  expect(many).not.toHaveBeenCalled();
  expect((await store.loadRoom('solo')).lastSeq).toBe(seq);
});

test('a room whose rows cannot be stored fails alone: the others of its batch are stored once, not twice', async () => {
  const c = new AppendCoalescer(store);
  const bad = { user: 'u', at: 1, bytes: null as unknown as Uint8Array }; // NOT NULL: SQLite refuses it
  const results = await Promise.allSettled([c.append('ok-1', [row('a')]), c.append('broken', [bad]), c.append('ok-2', [row('b')])]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((await store.loadRoom('ok-1')).updates).toHaveLength(1);
  expect((await store.loadRoom('ok-2')).updates).toHaveLength(1);
  expect((await store.loadRoom('broken')).updates).toHaveLength(0);
});
