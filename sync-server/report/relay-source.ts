/**
 * Reports from the relay's own data directory: the documents come from the store (snapshot + updates after it,
 * exactly what a joining client is sent), the photos from the blob directory. The SQLite store is opened
 * read-only — the relay may be running, and a report must never write to its files (no schema, no pragma
 * changes, no checkpoint). Loading goes through the Store interface's `loadRoom`/`listEngagements`, so a
 * Postgres store can be passed in the same way.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { engagementMap } from '#core/model/layout.ts';
import { mergeUpdates } from '#core/model/merge-updates.ts';
import { migrate } from '#core/model/migrations.ts';
import { snapshotFromDoc, type ImageSource, type ReportSnapshot } from '#core/reports/index.ts';
import { checkSnapshot } from '../store/snapshot-check.ts';
import { loadedRoom, type EngagementRecord, type LoadedRoom, type Store } from '../store/store.ts';
import { hasRoomIndex, ROOM_UPDATES_AFTER_SQL, ROOMS_SQL } from '../store/room-index.ts';
import { dbPath } from '../store/sqlite-store.ts';

export type RoomSource = Pick<Store, 'loadRoom' | 'listEngagements'> & {
  /** Rooms holding stored state (every engagement document, even one never registered with `engagement add`). */
  listRooms?(): Promise<string[]>;
  close(): Promise<void>;
};

/**
 * The relay's SQLite store, read-only, with the same queries the store's `loadRoomSync` runs.
 * Relay stopped (no `-wal` file): the database file is read into memory and queried there, so not even SQLite's
 * `-wal`/`-shm` side files appear. Relay running (or stopped uncleanly): a read-only connection through the
 * relay's own WAL side files, the only way to see its latest committed state.
 */
export class ReadonlySqliteSource implements RoomSource {
  private readonly db: Database.Database;
  private readonly indexed: boolean;
  private readonly checksummed: boolean;
  constructor(dataDir: string) {
    const file = dbPath(dataDir);
    if (!existsSync(file)) throw new Error(`no relay store in ${dataDir} (expected ${file})`);
    if (existsSync(`${file}-wal`)) this.db = new Database(file, { readonly: true, fileMustExist: true });
    else {
      const copy = readFileSync(file);
      // Bytes 18–19 say "WAL mode"; an in-memory copy must be a rollback-journal database to open.
      if (copy.length >= 20) copy[18] = copy[19] = 1;
      this.db = new Database(copy);
    }
    // The relay may hold the write lock for a moment: wait instead of failing.
    this.db.pragma('busy_timeout = 5000');
    // A store no relay of this version has opened yet has no update_rooms (read-only: it cannot be migrated here),
    // but still its index on (room, seq).
    this.indexed = hasRoomIndex(this.db);
    // Likewise snapshots' checksums (snapshot-check.ts): without the column every snapshot is read instead.
    this.checksummed = this.db.prepare<[], { name: string }>('PRAGMA table_info(snapshots)').all().some((c) => c.name === 'crc32');
  }
  async loadRoom(room: string): Promise<LoadedRoom> {
    const found = this.db
      .prepare<[string], { upto_seq: number; bytes: Buffer; crc32: number | null }>(`SELECT upto_seq, bytes, ${this.checksummed ? 'crc32' : 'NULL AS crc32'} FROM snapshots WHERE room = ?`)
      .get(room);
    // A damaged snapshot: the report is made from the whole update log, as the relay would rebuild the room.
    const damaged = found !== undefined && checkSnapshot(found.bytes, found.crc32) === 'damaged';
    const after = found && !damaged ? found.upto_seq : 0;
    const rows = this.indexed
      ? this.db.prepare<[{ room: string; after: number }], { seq: number; bytes: Buffer }>(ROOM_UPDATES_AFTER_SQL).all({ room, after })
      : this.db.prepare<[string, number], { seq: number; bytes: Buffer }>('SELECT seq, bytes FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, after);
    return loadedRoom(found && !damaged ? found : null, rows, damaged ? found.upto_seq : null);
  }
  async listEngagements(): Promise<EngagementRecord[]> {
    return this.db.prepare<[], EngagementRecord>('SELECT id, city, state FROM engagements ORDER BY id').all();
  }
  async listRooms(): Promise<string[]> {
    return this.db
      .prepare<[], { room: string }>(this.indexed ? ROOMS_SQL : 'SELECT room FROM updates UNION SELECT room FROM snapshots ORDER BY room')
      .all()
      .map((r) => r.room);
  }
  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** The validated snapshot of one room's engagement document, or null when the room holds no engagement. */
export async function snapshotFromStore(source: Pick<Store, 'loadRoom'>, room: string): Promise<ReportSnapshot | null> {
  const loaded = await source.loadRoom(room);
  if (!loaded.snapshot && !loaded.updates.length) return null;
  const doc = new Y.Doc({ gc: true });
  try {
    if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
    // One merged apply, as the room does: the result does not depend on how the updates were batched.
    if (loaded.updates.length) Y.applyUpdate(doc, mergeUpdates(loaded.updates));
    const m = migrate(doc);
    if (m.newer) throw new Error(`engagement ${room} was written by a newer Groundwork (schema ${m.from}); update this tool`);
    if (engagementMap(doc).size === 0) return null;
    return snapshotFromDoc(doc);
  } finally {
    doc.destroy();
  }
}

/** Photo bytes from `<data>/blobs/aa/<sha256>`; an absent file is 'missing' (the builder prints a placeholder). */
export function imagesFromBlobDir(dataDir: string, snapshot: ReportSnapshot): Map<string, ImageSource> {
  const images = new Map<string, ImageSource>();
  for (const a of snapshot.attachments) {
    if (!a.mime.startsWith('image/')) continue;
    const file = join(dataDir, 'blobs', a.sha256.slice(0, 2), a.sha256);
    images.set(a.id, existsSync(file) ? new Uint8Array(readFileSync(file)) : 'missing');
  }
  return images;
}

/** Every engagement the store holds: registered ones and any other room with an engagement document. */
export async function engagementRooms(source: RoomSource): Promise<string[]> {
  const ids = new Set((await source.listEngagements()).map((e) => e.id));
  for (const r of (await source.listRooms?.()) ?? []) ids.add(r);
  return [...ids].sort();
}
