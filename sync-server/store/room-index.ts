/**
 * How the SQLite store finds a room's rows in `updates`: through `update_rooms`, a (room, seq) table it fills in
 * bulk, instead of an index SQLite would keep on `updates` row by row.
 *
 * Why: with an index on (room, seq), every stored row lands on its own room's index leaf, so a commit of one update
 * each from eight rooms rewrote about ten 4 KiB pages in the WAL, and the commit's cost follows the pages it writes
 * (measured through SqliteStore.appendMany, 20k rows stored, p50: one row each from 8 rooms 65–68 µs with the
 * index, 26–27 µs without; 50 rooms 337–355 µs and 86–90; one room 23 and 18). That commit runs on the relay's
 * thread between reading an edit and relaying it, in every fan-out round. Without the index, a commit appends to
 * the table's last page whatever the rooms.
 *
 * `update_rooms_upto.seq` is the watermark: every row with seq ≤ it is in `update_rooms`; rows after it (the tail,
 * at most about INDEX_BATCH_ROWS) are found by scanning that rowid range, which stays short. `catchUp` moves the
 * tail into `update_rooms` in one transaction, sorted by room, so each room's leaf is written once per batch
 * rather than once per row. Reads take the watermark in the same statement as the rows, so a read never sees a row
 * twice or misses one while the tail moves.
 *
 * A relay store created before this (with the index `updates_room_seq`) is migrated when it is opened: its rows go
 * into `update_rooms` and the index is dropped, in one transaction.
 */
import type Database from 'better-sqlite3';

/** Tail rows that make the store move the tail into `update_rooms` (at the end of the turn, see SqliteStore). */
export const INDEX_BATCH_ROWS = 1024;

export const ROOM_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS update_rooms (room TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (room, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS update_rooms_upto (one INTEGER PRIMARY KEY CHECK (one = 1), seq INTEGER NOT NULL);
INSERT OR IGNORE INTO update_rooms_upto (one, seq) VALUES (1, 0);
`;

const TAIL_START = '(SELECT seq FROM update_rooms_upto)';

/** A room's rows after @after, in order (snapshot + these = the room). Parameters: @room, @after. */
export const ROOM_UPDATES_AFTER_SQL = `
SELECT seq, bytes FROM updates WHERE seq IN (SELECT seq FROM update_rooms WHERE room = @room AND seq > @after)
UNION ALL
SELECT seq, bytes FROM updates WHERE seq > max(@after, ${TAIL_START}) AND room = @room
ORDER BY seq`;

/** A page of a room's audit rows, newest first, without their bytes. Parameters: @room, @before, @limit. */
export const ROOM_AUDIT_SQL = `
SELECT seq, user, at, length(bytes) AS size FROM updates
  WHERE seq IN (SELECT seq FROM update_rooms WHERE room = @room AND seq < @before ORDER BY seq DESC LIMIT @limit)
UNION ALL
SELECT seq, user, at, length(bytes) AS size FROM updates WHERE seq > ${TAIL_START} AND seq < @before AND room = @room
ORDER BY seq DESC LIMIT @limit`;

/** Every room with stored rows or a snapshot. */
export const ROOMS_SQL = `
SELECT room FROM update_rooms
UNION SELECT room FROM updates WHERE seq > ${TAIL_START}
UNION SELECT room FROM snapshots
ORDER BY room`;

/** True when the file has update_rooms (a read-only reader of an older, unmigrated store uses its old index). */
export function hasRoomIndex(db: Database.Database): boolean {
  return db.prepare<[], { one: number }>("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'update_rooms'").get() !== undefined;
}

export class RoomIndex {
  private readonly tailStmt;
  private readonly catchUpTx: () => number;
  /** Rows the migration of an older store moved into update_rooms when it opened (null: nothing to migrate). */
  readonly migrated: number | null = null;

  constructor(db: Database.Database) {
    db.exec(ROOM_INDEX_SCHEMA);
    const upto = db.prepare<[], { seq: number }>('SELECT seq FROM update_rooms_upto');
    const last = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM updates');
    // ORDER BY room: the batch goes into the b-tree room by room, each room's leaf written once.
    const move = db.prepare<[number, number]>('INSERT OR IGNORE INTO update_rooms (room, seq) SELECT room, seq FROM updates WHERE seq > ? AND seq <= ? ORDER BY room, seq');
    const setUpto = db.prepare<[number]>('UPDATE update_rooms_upto SET seq = ?');
    this.tailStmt = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM updates WHERE seq > ${TAIL_START}`);
    const tx = db.transaction((): number => {
      const from = upto.get()!.seq;
      const to = last.get()!.seq ?? 0;
      if (to <= from) return 0;
      const moved = move.run(from, to).changes;
      setUpto.run(to);
      return moved;
    });
    // IMMEDIATE: the watermark is read under the write lock, so two processes on one file cannot move the same tail.
    this.catchUpTx = () => tx.immediate();
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'updates_room_seq'").get()) {
      this.migrated = db
        .transaction(() => {
          const moved = tx();
          db.exec('DROP INDEX updates_room_seq');
          return moved;
        })
        .immediate();
    }
  }

  /** Rows not yet in update_rooms. */
  tailRows(): number {
    return this.tailStmt.get()!.n;
  }

  /** Moves the tail into update_rooms; returns how many rows it moved. */
  catchUp(): number {
    return this.catchUpTx();
  }
}
