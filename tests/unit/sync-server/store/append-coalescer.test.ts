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
import type { StoredUpdate } from '#sync-server/store/store.ts';

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
/** `add` as a promise of the room's last sequence number. */
const append = (c: AppendCoalescer, room: string, updates: StoredUpdate[]) =>
  new Promise<number>((resolve, reject) => c.add(room, updates, (err, seq) => (err ? reject(err) : resolve(seq))));
const keysOf = async (room: string) => {
  const d = new Y.Doc();
  for (const u of (await store.loadRoom(room)).updates) Y.applyUpdate(d, u);
  return [...d.getMap('m').keys()].sort();
};

test('appends made in one turn share one transaction and each resolves to its own room’s last sequence number', async () => {
  const many = vi.spyOn(store, 'appendManySync');
  const single = vi.spyOn(store, 'appendUpdates');
  const c = new AppendCoalescer(store);
  const seqs = await Promise.all(['a', 'b', 'c'].map((r) => append(c, r, [row(`${r}1`), row(`${r}2`)])));
  expect(many).toHaveBeenCalledTimes(1);
  expect(many.mock.calls[0]![0].map((b) => b.room)).toEqual(['a', 'b', 'c']);
  expect(single).not.toHaveBeenCalled();
  for (const [i, r] of ['a', 'b', 'c'].entries()) {
    expect(await keysOf(r)).toEqual([`${r}1`, `${r}2`]);
    expect((await store.loadRoom(r)).lastSeq).toBe(seqs[i]);
  }
});

test(`a batch is committed as soon as it holds ${MAX_ROOMS} rooms, without waiting for the end of the turn`, async () => {
  const many = vi.spyOn(store, 'appendManySync');
  const c = new AppendCoalescer(store);
  const first = Array.from({ length: MAX_ROOMS }, (_, i) => append(c, `r${i}`, [row('k')]));
  // Committed synchronously by the MAX_ROOMS-th call: the rows are in the file before this turn ends.
  expect(many).toHaveBeenCalledTimes(1);
  expect((await store.loadRoom('r0')).updates).toHaveLength(1);
  const rest = append(c, 'late', [row('k')]);
  expect(many).toHaveBeenCalledTimes(1);
  await Promise.all([...first, rest]);
  expect(await keysOf('late')).toEqual(['k']);
});

test('one lone append is committed on its own at the end of the turn', async () => {
  const many = vi.spyOn(store, 'appendManySync');
  const c = new AppendCoalescer(store);
  const seq = append(c, 'solo', [row('x')]);
  expect(many).not.toHaveBeenCalled(); // waits for the turn's other rooms
  expect(await seq).toBe((await store.loadRoom('solo')).lastSeq);
  expect(many).toHaveBeenCalledTimes(1);
  expect(many.mock.calls[0]![0].map((b) => b.room)).toEqual(['solo']);
});

test('with a synchronous store, a room hears of its commit inside the call that filled the batch', () => {
  const c = new AppendCoalescer(store, 2);
  const heard: [string, unknown, number][] = [];
  c.add('x', [row('a')], (err, seq) => heard.push(['x', err, seq]));
  expect(heard).toEqual([]);
  c.add('y', [row('b')], (err, seq) => heard.push(['y', err, seq]));
  // No await: both callbacks ran before add returned, in the rooms' order.
  expect(heard.map(([r, err]) => [r, err])).toEqual([
    ['x', null],
    ['y', null],
  ]);
  expect(heard[1]![2]).toBeGreaterThan(heard[0]![2]);
});

test('a room whose callback throws does not keep the others of its batch from hearing of their commit', async () => {
  const c = new AppendCoalescer(store, 3);
  const heard: string[] = [];
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  process.prependListener('uncaughtException', onUncaught);
  try {
    c.add('a', [row('a')], () => heard.push('a'));
    c.add('b', [row('b')], () => {
      throw new Error('a room’s bug');
    });
    c.add('c', [row('c')], () => heard.push('c'));
    expect(heard).toEqual(['a', 'c']);
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  expect(uncaught.map((e) => (e as Error).message)).toEqual(['a room’s bug']);
});

test('an asynchronous store (PostgreSQL’s shape) is committed the same way, through its promises', async () => {
  const asyncOnly = { appendMany: store.appendMany.bind(store), appendUpdates: store.appendUpdates.bind(store) };
  const many = vi.spyOn(asyncOnly, 'appendMany');
  const c = new AppendCoalescer(asyncOnly);
  const seqs = await Promise.all(['p', 'q'].map((r) => append(c, r, [row(r)])));
  expect(many).toHaveBeenCalledTimes(1);
  expect(seqs[0]).toBe((await store.loadRoom('p')).lastSeq);
  expect(seqs[1]).toBe((await store.loadRoom('q')).lastSeq);
  const bad = { user: 'u', at: 1, bytes: null as unknown as Uint8Array };
  const results = await Promise.allSettled([append(c, 'ok', [row('o')]), append(c, 'broken', [bad])]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
});

test('a room whose rows cannot be stored fails alone: the others of its batch are stored once, not twice', async () => {
  const c = new AppendCoalescer(store);
  const bad = { user: 'u', at: 1, bytes: null as unknown as Uint8Array }; // NOT NULL: SQLite refuses it
  const results = await Promise.allSettled([append(c, 'ok-1', [row('a')]), append(c, 'broken', [bad]), append(c, 'ok-2', [row('b')])]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect((await store.loadRoom('ok-1')).updates).toHaveLength(1);
  expect((await store.loadRoom('ok-2')).updates).toHaveLength(1);
  expect((await store.loadRoom('broken')).updates).toHaveLength(0);
});
