/**
 * The embedded store: one SQLite file (WAL) in the data directory. `updates` is append-only — it is the audit
 * log (who, from the token, sent which update, when) — and `snapshots` holds the latest compacted state per room,
 * so loading a room reads one snapshot plus the updates after it.
 *
 * A room's rows are found through `update_rooms`, filled in bulk, not through an index SQLite keeps row by row: a
 * commit then writes the table's last page instead of one index page per room (room-index.ts).
 *
 * synchronous=NORMAL in WAL mode: a committed batch survives a crash of the relay process (SIGKILL); only an OS
 * crash or power loss can lose the last transactions. `--fsync` switches to FULL.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '../auth/tokens.ts';
import type { Logger } from '../log.ts';
import { checkSnapshot, snapshotChecksum } from './snapshot-check.ts';
import { loadedRoom, MAX_AUDIT_PAGE, type AuditRecord, type BlobRecord, type BlobRef, type EngagementRecord, type InviteRecord, type LoadedRoom, type Revocations, type RoomAppend, type Store, type StoredUpdate, type TokenRecord, type UserRecord } from './store.ts';
import { INDEX_BATCH_ROWS, RoomIndex, ROOM_AUDIT_SQL, ROOM_UPDATES_AFTER_SQL } from './room-index.ts';
import { appendPages, FALLBACK_AUTOCHECKPOINT_PAGES, indexPages, WalCheckpointer } from './wal-checkpointer.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS updates (
  seq   INTEGER PRIMARY KEY AUTOINCREMENT,
  room  TEXT    NOT NULL,
  user  TEXT    NOT NULL,
  at    INTEGER NOT NULL,
  bytes BLOB    NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  room     TEXT PRIMARY KEY,
  upto_seq INTEGER NOT NULL,
  at       INTEGER NOT NULL,
  bytes    BLOB    NOT NULL,
  crc32    INTEGER
);
CREATE TABLE IF NOT EXISTS engagements (id TEXT PRIMARY KEY, city TEXT NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, engagements TEXT NOT NULL,
  created_at INTEGER NOT NULL, revoked_at INTEGER, network INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS tokens (
  jti TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked_at INTEGER
);
CREATE TABLE IF NOT EXISTS blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content_type TEXT NOT NULL, user TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS blob_refs (
  engagement TEXT NOT NULL, sha256 TEXT NOT NULL, user TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (engagement, sha256)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS invites (
  code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, token_days REAL NOT NULL,
  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, redeemed_at INTEGER, token_id TEXT
);
`;

/** An invites row — the same columns in the old per-node invites.sqlite (legacy-files.ts reads those too). */
export interface InviteRow {
  code_hash: string;
  user_id: string;
  token_days: number;
  created_at: number;
  expires_at: number;
  redeemed_at: number | null;
  token_id: string | null;
}
export const toInvite = (r: InviteRow): InviteRecord => ({ codeHash: r.code_hash, userId: r.user_id, tokenDays: r.token_days, createdAt: r.created_at, expiresAt: r.expires_at, redeemedAt: r.redeemed_at, tokenId: r.token_id ?? null });

interface UserRow {
  id: string;
  name: string;
  role: string;
  engagements: string;
  created_at: number;
  revoked_at: number | null;
  network: number;
}

const toUser = (r: UserRow): UserRecord => ({ id: r.id, name: r.name, role: r.role as Role, engagements: JSON.parse(r.engagements) as string[], network: r.network !== 0, createdAt: r.created_at, revokedAt: r.revoked_at });

export function dbPath(dataDir: string): string {
  return join(dataDir, 'relay.sqlite');
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly stmts;
  private readonly appendTx: (room: string, updates: StoredUpdate[]) => number;
  private readonly appendManyTx: (batches: readonly RoomAppend[]) => number[];

  /** Set when WAL checkpoints run in a worker (the relay's store: openStore), not in the committing thread. */
  private readonly checkpointer: WalCheckpointer | null = null;
  private readonly roomIndex: RoomIndex;
  /** Rows stored since update_rooms last caught up (this process's count; the watermark is the truth). */
  private tail: number;
  /** Rooms among those rows (for the checkpointer's page estimate of the catch-up). */
  private readonly tailRooms = new Set<string>();
  private catchUpScheduled = false;

  /** Where the store reports what the relay's operator should know (a migration, a catch-up that failed). */
  private readonly log: Pick<Logger, 'warn' | 'notice'> | null;

  constructor(dataDir: string, opts: { fsync?: boolean; checkpointInWorker?: boolean; log?: Pick<Logger, 'warn' | 'notice'> } = {}) {
    this.log = opts.log ?? null;
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dbPath(dataDir));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${opts.fsync ? 'FULL' : 'NORMAL'}`);
    if (opts.checkpointInWorker) {
      this.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
      this.checkpointer = new WalCheckpointer(dbPath(dataDir));
    }
    // The CLI writes revocations while the relay runs: wait for the lock instead of failing.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const opening = performance.now();
    this.roomIndex = new RoomIndex(this.db);
    if (this.roomIndex.migrated !== null)
      this.log?.notice('store migrated: rows filed by room in update_rooms, old index dropped', { rows: this.roomIndex.migrated, ms: Math.round(performance.now() - opening) });
    this.tail = this.roomIndex.tailRows();
    // Relays created before `network` existed: every user was granted the network room then.
    if (!this.db.prepare<[], { name: string }>('PRAGMA table_info(users)').all().some((c) => c.name === 'network')) this.db.exec('ALTER TABLE users ADD COLUMN network INTEGER NOT NULL DEFAULT 1');
    // Relays created before snapshots carried a checksum (snapshot-check.ts): theirs are read once, then recorded.
    if (!this.db.prepare<[], { name: string }>('PRAGMA table_info(snapshots)').all().some((c) => c.name === 'crc32')) this.db.exec('ALTER TABLE snapshots ADD COLUMN crc32 INTEGER');
    const db = this.db;
    this.stmts = {
      snapshot: db.prepare<[string], { upto_seq: number; bytes: Buffer; crc32: number | null }>('SELECT upto_seq, bytes, crc32 FROM snapshots WHERE room = ?'),
      recordChecksum: db.prepare<[number, string, number]>('UPDATE snapshots SET crc32 = ? WHERE room = ? AND upto_seq = ? AND crc32 IS NULL'),
      updatesAfter: db.prepare<[{ room: string; after: number }], { seq: number; bytes: Buffer }>(ROOM_UPDATES_AFTER_SQL),
      // length(bytes) of a BLOB is its size without reading it into the result.
      listAudit: db.prepare<[{ room: string; before: number; limit: number }], AuditRecord>(ROOM_AUDIT_SQL),
      insertUpdate: db.prepare<[string, string, number, Uint8Array]>('INSERT INTO updates (room, user, at, bytes) VALUES (?, ?, ?, ?)'),
      upsertSnapshot: db.prepare<[string, number, number, Uint8Array, number]>(
        'INSERT INTO snapshots (room, upto_seq, at, bytes, crc32) VALUES (?, ?, ?, ?, ?) ON CONFLICT(room) DO UPDATE SET upto_seq = excluded.upto_seq, at = excluded.at, bytes = excluded.bytes, crc32 = excluded.crc32 WHERE excluded.upto_seq >= snapshots.upto_seq',
      ),
      addEngagement: db.prepare<[string, string, string]>('INSERT INTO engagements (id, city, state) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET city = excluded.city, state = excluded.state'),
      listEngagements: db.prepare<[], EngagementRecord>('SELECT id, city, state FROM engagements ORDER BY id'),
      addUser: db.prepare<[string, string, string, string, number, number]>('INSERT INTO users (id, name, role, engagements, network, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getUser: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      listUsers: db.prepare<[], UserRow>('SELECT * FROM users ORDER BY created_at, id'),
      addToken: db.prepare<[string, string, number, number]>('INSERT INTO tokens (jti, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?)'),
      revokeUser: db.prepare<[number, string]>('UPDATE users SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      revokeUserTokens: db.prepare<[number, string]>('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL'),
      revokeToken: db.prepare<[number, string]>('UPDATE tokens SET revoked_at = ? WHERE jti = ? AND revoked_at IS NULL'),
      revokedUsers: db.prepare<[], { id: string }>('SELECT id FROM users WHERE revoked_at IS NOT NULL'),
      revokedTokens: db.prepare<[], { jti: string }>('SELECT jti FROM tokens WHERE revoked_at IS NOT NULL'),
      recordBlob: db.prepare<[string, number, string, string, number]>('INSERT OR IGNORE INTO blobs (sha256, size, content_type, user, at) VALUES (?, ?, ?, ?, ?)'),
      getBlob: db.prepare<[string], { sha256: string; size: number; content_type: string; user: string; at: number }>('SELECT * FROM blobs WHERE sha256 = ?'),
      addBlobRef: db.prepare<[string, string, string, number]>('INSERT OR IGNORE INTO blob_refs (engagement, sha256, user, at) VALUES (?, ?, ?, ?)'),
      hasBlobRef: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM blob_refs WHERE engagement = ? AND sha256 = ?'),
      addInvite: db.prepare<[string, string, number, number, number, number | null, string | null]>(
        'INSERT OR IGNORE INTO invites (code_hash, user_id, token_days, created_at, expires_at, redeemed_at, token_id) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      getInvite: db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code_hash = ?'),
      // The single-use guarantee: of two racing redeems (relay and relay, any process on this file) only one
      // finds redeemed_at still NULL; SQLite serialises the writes.
      claimInvite: db.prepare<[number, string, string, number]>('UPDATE invites SET redeemed_at = ?, token_id = ? WHERE code_hash = ? AND redeemed_at IS NULL AND expires_at > ?'),
    };
    const insert = this.stmts.insertUpdate;
    const append = (room: string, updates: StoredUpdate[]): number => {
      let seq = 0;
      for (const u of updates) seq = Number(insert.run(room, u.user, u.at, u.bytes).lastInsertRowid);
      return seq;
    };
    this.appendTx = db.transaction(append);
    // A commit costs about four single-row inserts here (WAL append of every touched page): one commit for every
    // room's rows of an event-loop turn, not one per room.
    this.appendManyTx = db.transaction((batches: readonly RoomAppend[]) => batches.map((b) => append(b.room, b.updates)));
  }

  // Sync variants: the relay's hot path and the CLI use these directly; the async interface wraps them.
  loadRoomSync(room: string): LoadedRoom {
    const found = this.stmts.snapshot.get(room);
    const check = found ? checkSnapshot(found.bytes, found.crc32) : null;
    if (check === 'read') {
      try {
        this.stmts.recordChecksum.run(snapshotChecksum(found!.bytes), room, found!.upto_seq);
      } catch {
        // Read-only or full: it is read again at the next load.
      }
    }
    // A damaged snapshot is set aside: the whole update log is read instead (snapshot-check.ts).
    const usable = check === 'damaged' ? null : (found ?? null);
    const rows = this.stmts.updatesAfter.all({ room, after: usable?.upto_seq ?? 0 });
    return loadedRoom(usable, rows, check === 'damaged' ? found!.upto_seq : null);
  }

  appendUpdatesSync(room: string, updates: StoredUpdate[]): number {
    const seq = this.appendTx(room, updates);
    this.tailRooms.add(room);
    this.stored(updates.length);
    return seq;
  }

  /** Moves the rows not yet in update_rooms there now (the store does it by itself; tests and close call it). */
  catchUpRoomIndex(): number {
    const rooms = this.tailRooms.size;
    this.tail = 0;
    this.tailRooms.clear();
    const moved = this.roomIndex.catchUp();
    this.checkpointer?.written(indexPages(moved, rooms));
    return moved;
  }

  /**
   * Counts stored rows; past INDEX_BATCH_ROWS, moves them into update_rooms at the end of the turn — after the
   * turn's broadcasts, so no relayed edit waits for it. A failure (a full disk, say) is retried at the next batch:
   * the rows are stored and found meanwhile by the tail scan.
   */
  private stored(rows: number): void {
    this.tail += rows;
    if (this.tail < INDEX_BATCH_ROWS || this.catchUpScheduled) return;
    this.catchUpScheduled = true;
    setImmediate(() => {
      this.catchUpScheduled = false;
      if (!this.db.open) return;
      try {
        this.catchUpRoomIndex();
      } catch (err) {
        this.tail = INDEX_BATCH_ROWS - 1;
        this.log?.warn('filing stored rows by room failed; they are still found, by a longer scan, and it is retried at the next store', { err });
      }
    });
  }

  async loadRoom(room: string): Promise<LoadedRoom> {
    return this.loadRoomSync(room);
  }
  async listAudit(room: string, page: { before?: number; limit: number }): Promise<AuditRecord[]> {
    const limit = Math.max(1, Math.min(MAX_AUDIT_PAGE, Math.floor(page.limit)));
    return this.stmts.listAudit.all({ room, before: page.before ?? Number.MAX_SAFE_INTEGER, limit });
  }

  async appendUpdates(room: string, updates: StoredUpdate[]): Promise<number> {
    const seq = this.appendUpdatesSync(room, updates);
    this.checkpointer?.written(appendPages(updates.reduce((n, u) => n + u.bytes.length, 0)));
    return seq;
  }
  async appendMany(batches: readonly RoomAppend[]): Promise<number[]> {
    return this.appendManySync(batches);
  }
  /** appendMany without the promise: the relay's AppendCoalescer commits through this and broadcasts in the same
   * turn. */
  appendManySync(batches: readonly RoomAppend[]): number[] {
    const seqs = this.appendManyTx(batches);
    let rows = 0;
    let bytes = 0;
    for (const b of batches) {
      rows += b.updates.length;
      for (const u of b.updates) bytes += u.bytes.length;
      this.tailRooms.add(b.room);
    }
    this.stored(rows);
    this.checkpointer?.written(appendPages(bytes));
    return seqs;
  }
  async saveSnapshot(room: string, uptoSeq: number, state: Uint8Array): Promise<void> {
    this.stmts.upsertSnapshot.run(room, uptoSeq, Date.now(), state, snapshotChecksum(state));
    this.checkpointer?.written(appendPages(state.length));
  }
  async addEngagement(e: EngagementRecord): Promise<void> {
    this.stmts.addEngagement.run(e.id, e.city, e.state);
  }
  async listEngagements(): Promise<EngagementRecord[]> {
    return this.stmts.listEngagements.all();
  }
  async addUser(u: UserRecord): Promise<void> {
    this.stmts.addUser.run(u.id, u.name, u.role, JSON.stringify(u.engagements), u.network === false ? 0 : 1, u.createdAt);
  }
  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.stmts.getUser.get(id);
    return r ? toUser(r) : null;
  }
  async listUsers(): Promise<UserRecord[]> {
    return this.stmts.listUsers.all().map(toUser);
  }
  async addToken(t: TokenRecord): Promise<void> {
    this.stmts.addToken.run(t.jti, t.userId, t.issuedAt, t.expiresAt);
  }
  async revokeUser(id: string, at: number): Promise<boolean> {
    return this.db.transaction(() => {
      const n = this.stmts.revokeUser.run(at, id).changes;
      this.stmts.revokeUserTokens.run(at, id);
      return n > 0;
    })();
  }
  async revokeToken(jti: string, at: number): Promise<boolean> {
    return this.stmts.revokeToken.run(at, jti).changes > 0;
  }
  async revocations(): Promise<Revocations> {
    return { users: new Set(this.stmts.revokedUsers.all().map((r) => r.id)), tokens: new Set(this.stmts.revokedTokens.all().map((r) => r.jti)) };
  }
  async recordBlob(b: BlobRecord): Promise<void> {
    this.stmts.recordBlob.run(b.sha256, b.size, b.contentType, b.user, b.at);
  }
  async getBlob(sha256: string): Promise<BlobRecord | null> {
    const r = this.stmts.getBlob.get(sha256);
    return r ? { sha256: r.sha256, size: r.size, contentType: r.content_type, user: r.user, at: r.at } : null;
  }
  async addBlobRef(ref: BlobRef): Promise<boolean> {
    return this.stmts.addBlobRef.run(ref.engagement, ref.sha256, ref.user, ref.at).changes === 1;
  }
  async hasBlobRef(engagement: string, sha256: string): Promise<boolean> {
    return this.stmts.hasBlobRef.get(engagement, sha256) !== undefined;
  }
  async addInvite(i: InviteRecord): Promise<boolean> {
    return this.stmts.addInvite.run(i.codeHash, i.userId, i.tokenDays, i.createdAt, i.expiresAt, i.redeemedAt, i.tokenId).changes === 1;
  }
  async getInvite(codeHash: string): Promise<InviteRecord | null> {
    const r = this.stmts.getInvite.get(codeHash);
    return r ? toInvite(r) : null;
  }
  async claimInvite(codeHash: string, now: number, tokenId: string): Promise<boolean> {
    return this.stmts.claimInvite.run(now, tokenId, codeHash, now).changes === 1;
  }
  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }
  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.db.open) {
      try {
        // The next open then scans no tail.
        this.catchUpRoomIndex();
      } catch (err) {
        // Busy or full: the rows stay in the tail, found by the scan and moved by the next relay.
        this.log?.warn('filing stored rows by room failed at close; the next open finds them by a longer scan', { err });
      }
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // A reader in another process holds the WAL: the next open checkpoints it.
      }
      this.db.close();
    }
  }
}
