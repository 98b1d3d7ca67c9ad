/**
 * The SQLite store finds a room's rows through update_rooms, filled in bulk, plus a scan of the rows after its
 * watermark (room-index.ts). Whatever the split between the two, a room loads and pages its audit log exactly as
 * a plain (room, seq) index would answer; a store from before is migrated on open; a read-only reader copes with
 * both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ReadonlySqliteSource } from '#sync-server/report/relay-source.ts';
import { INDEX_BATCH_ROWS, ROOM_UPDATES_AFTER_SQL } from '#sync-server/store/room-index.ts';
import { dbPath, SqliteStore } from '#sync-server/store/sqlite-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-room-index-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ROOMS = ['eng-a', 'eng-b', 'eng-c'];
/** Row i: one byte array naming it, in room i % 3, by user u(i % 2). */
const row = (i: number) => ({ user: `u${i % 2}`, at: 1_000 + i, bytes: Uint8Array.of(i & 255, i >> 8) });

function appendRows(store: SqliteStore, from: number, to: number): void {
  for (let i = from; i < to; i++) store.appendUpdatesSync(ROOMS[i % 3]!, [row(i)]);
}

/** What a plain scan of `updates` says a room holds after `after` — the answer the index must give. */
function truth(store: SqliteStore, room: string, after = 0) {
  return store.db.prepare<[string, number], { seq: number; bytes: Buffer }>('SELECT seq, bytes FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, after);
}

const watermark = (db: Database.Database) => db.prepare<[], { seq: number }>('SELECT seq FROM update_rooms_upto').get()!.seq;
const endOfTurn = () => new Promise((r) => setImmediate(r));

describe('room index', () => {
  test('rows load the same whether they are behind the watermark, after it, or split across it', async () => {
    const store = new SqliteStore(dir);
    try {
      appendRows(store, 0, 30);
      expect(watermark(store.db)).toBe(0); // all in the tail
      const check = () => {
        for (const room of ROOMS)
          for (const after of [0, 7, 20, 29, 100]) {
            const want = truth(store, room, after);
            const got = store.loadRoomSync(room);
            if (after === 0) {
              expect(got.updates.map((u) => [...u])).toEqual(want.map((r) => [...r.bytes]));
              expect(got.lastSeq).toBe(want.at(-1)!.seq);
            }
            const viaSql = store.db
              .prepare<[{ room: string; after: number }], { seq: number }>(ROOM_UPDATES_AFTER_SQL)
              .all({ room, after })
              .map((r) => r.seq);
            expect(viaSql).toEqual(want.map((r) => r.seq));
          }
      };
      check();
      expect(store.catchUpRoomIndex()).toBe(30);
      expect(watermark(store.db)).toBe(30);
      check();
      appendRows(store, 30, 45); // split: 30 indexed, 15 in the tail
      check();
    } finally {
      await store.close();
    }
  });

  test('audit pages are newest first and bounded, across the watermark', async () => {
    const store = new SqliteStore(dir);
    try {
      appendRows(store, 0, 60);
      store.catchUpRoomIndex();
      appendRows(store, 60, 90);
      const all = truth(store, 'eng-b').map((r) => r.seq).reverse();
      const seen: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await store.listAudit('eng-b', { before, limit: 7 });
        if (!page.length) break;
        expect(page.length).toBeLessThanOrEqual(7);
        seen.push(...page.map((r) => r.seq));
        before = page.at(-1)!.seq;
      }
      expect(seen).toEqual(all);
      const [newest] = await store.listAudit('eng-b', { limit: 1 });
      expect(newest).toEqual({ seq: all[0], user: 'u0', at: 1_000 + 88, size: 2 });
    } finally {
      await store.close();
    }
  });

  test('the tail moves into update_rooms by itself at the end of the turn once INDEX_BATCH_ROWS rows are stored', async () => {
    const store = new SqliteStore(dir);
    try {
      await store.appendMany(Array.from({ length: INDEX_BATCH_ROWS - 1 }, (_, i) => ({ room: ROOMS[i % 3]!, updates: [row(i)] })));
      await endOfTurn();
      expect(watermark(store.db)).toBe(0);
      await store.appendUpdates('eng-a', [row(5000)]);
      expect(watermark(store.db)).toBe(0); // not inside the append: after the turn's broadcasts
      await endOfTurn();
      expect(watermark(store.db)).toBe(INDEX_BATCH_ROWS);
      const indexed = store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM update_rooms').get()!.n;
      expect(indexed).toBe(INDEX_BATCH_ROWS);
      expect(store.loadRoomSync('eng-a').updates.length).toBe(truth(store, 'eng-a').length);
    } finally {
      await store.close();
    }
  });

  test('a catch-up that fails (the file is locked) is logged, loses nothing, and is retried at the next store', async () => {
    const warnings: string[] = [];
    const store = new SqliteStore(dir, { log: { warn: (msg) => warnings.push(msg), notice: () => undefined } });
    const other = new Database(dbPath(dir));
    try {
      store.db.pragma('busy_timeout = 0');
      await store.appendMany(Array.from({ length: INDEX_BATCH_ROWS }, (_, i) => ({ room: ROOMS[i % 3]!, updates: [row(i)] })));
      other.exec('BEGIN IMMEDIATE'); // another process holds the write lock when the catch-up runs
      await endOfTurn();
      other.exec('ROLLBACK');
      expect(warnings).toEqual([expect.stringContaining('filing stored rows by room failed') as string]);
      expect(watermark(store.db)).toBe(0);
      expect(store.loadRoomSync('eng-b').updates.length).toBe(truth(store, 'eng-b').length); // found by the scan
      await store.appendUpdates('eng-a', [row(9999)]);
      await endOfTurn();
      expect(watermark(store.db)).toBe(INDEX_BATCH_ROWS + 1);
      expect(store.loadRoomSync('eng-a').updates.length).toBe(truth(store, 'eng-a').length);
    } finally {
      other.close();
      await store.close();
    }
  });

  test('close moves the tail, so the next open has nothing to scan; a reopened store finds every row', async () => {
    const store = new SqliteStore(dir);
    appendRows(store, 0, 10);
    await store.close();
    const db = new Database(dbPath(dir), { readonly: true });
    expect(watermark(db)).toBe(10);
    db.close();
    const again = new SqliteStore(dir);
    try {
      appendRows(again, 10, 13);
      expect(again.loadRoomSync('eng-a').updates.map((u) => u[0])).toEqual([0, 3, 6, 9, 12]);
    } finally {
      await again.close();
    }
  });

  test('a store from before update_rooms is migrated on open: its rows indexed, the old index dropped, nothing lost', async () => {
    // The schema every relay before this one created.
    const old = new Database(dbPath(dir));
    old.pragma('journal_mode = WAL');
    old.exec(`CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL, user TEXT NOT NULL, at INTEGER NOT NULL, bytes BLOB NOT NULL);
      CREATE INDEX updates_room_seq ON updates (room, seq);
      CREATE TABLE snapshots (room TEXT PRIMARY KEY, upto_seq INTEGER NOT NULL, at INTEGER NOT NULL, bytes BLOB NOT NULL);`);
    const ins = old.prepare('INSERT INTO updates (room, user, at, bytes) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < 50; i++) ins.run(ROOMS[i % 3], `u${i % 2}`, 1_000 + i, Buffer.from([i]));
    // An empty Yjs update: stores of that age have no checksum, so the snapshot must read as an update (snapshot-check.ts).
    old.prepare('INSERT INTO snapshots VALUES (?, ?, ?, ?)').run('eng-c', 20, 5, Buffer.from([0, 0]));
    old.close();

    // Read-only, before any relay of this version opened it: the old index serves.
    const before = new ReadonlySqliteSource(dir);
    const readOld = await before.loadRoom('eng-c');
    expect(await before.listRooms!()).toEqual(ROOMS);
    await before.close();

    const notices: { msg: string; fields?: Record<string, unknown> }[] = [];
    const store = new SqliteStore(dir, { log: { notice: (msg, fields) => notices.push({ msg, fields }), warn: () => undefined } });
    try {
      // The operator hears about it (a large store spends a while on it, once, at the first open).
      expect(notices).toEqual([{ msg: expect.stringContaining('store migrated') as string, fields: { rows: 50, ms: expect.any(Number) as number } }]);
      const indexes = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'updates'").all();
      expect(indexes).toEqual([]);
      expect(watermark(store.db)).toBe(50);
      const loaded = store.loadRoomSync('eng-c');
      expect(loaded.snapshotSeq).toBe(20);
      expect(loaded.updates.map((u) => u[0])).toEqual(truth(store, 'eng-c', 20).map((r) => r.bytes[0]));
      expect(loaded.updates.map((u) => [...u])).toEqual(readOld.updates.map((u) => [...u]));
      // New rows after the migration go to the tail and are found with the migrated ones.
      store.appendUpdatesSync('eng-a', [row(7777)]);
      expect(store.loadRoomSync('eng-a').updates.length).toBe(18);
      expect((await store.listAudit('eng-a', { limit: 500 })).length).toBe(18);
    } finally {
      await store.close();
    }
    // Read-only after the migration: update_rooms serves.
    const after = new ReadonlySqliteSource(dir);
    expect(await after.listRooms!()).toEqual(ROOMS);
    expect((await after.loadRoom('eng-a')).updates.length).toBe(18);
    await after.close();
  });

  test('a reader started while rows sit in the tail lists their rooms too', async () => {
    const store = new SqliteStore(dir);
    try {
      appendRows(store, 0, 2); // eng-a, eng-b: tail only
      const reader = new ReadonlySqliteSource(dir);
      expect(await reader.listRooms!()).toEqual(['eng-a', 'eng-b']);
      expect((await reader.loadRoom('eng-b')).updates.map((u) => u[0])).toEqual([1]);
      await reader.close();
    } finally {
      await store.close();
    }
  });
});
