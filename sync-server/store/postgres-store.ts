/**
 * The scale-out store: PostgreSQL shared by every relay node. Same idea as the SQLite store — `updates` is
 * append-only (the audit log: who, from the token, sent which update, when) and `snapshots` holds the latest
 * compacted state per room — plus what several writers need:
 *
 * - Sequence numbers come from one BIGSERIAL, so appends from any node are totally ordered and a loader reads
 *   "snapshot + every update after upto_seq" without gaps.
 * - Compaction runs in a transaction holding `pg_advisory_xact_lock(namespace, hashtext(room))`, so two nodes
 *   never compact the same engagement at once. It merges the node's state with the stored snapshot and every
 *   stored update up to `upto_seq`: another node may have committed an update below that number which this
 *   node has not received over Redis yet, and a snapshot must never hide a stored update.
 * - The schema is created on start by numbered migrations recorded in `gw_migrations`, applied under an
 *   advisory lock so nodes starting together do not race.
 */
import pg from 'pg';
import * as Y from 'yjs';
import type { Role } from '../auth/tokens.ts';
import { checkSnapshot, snapshotChecksum } from './snapshot-check.ts';
import { loadedRoom, MAX_AUDIT_PAGE, type AuditRecord, type BlobRecord, type BlobRef, type EngagementRecord, type InviteRecord, type LoadedRoom, type Revocations, type RoomAppend, type Store, type StoredUpdate, type TokenRecord, type UserRecord } from './store.ts';

/** Advisory-lock namespace (first key of the two-int form): "gw" in ASCII, so it does not collide with other apps. */
const LOCK_NS = 0x6777;
const MIGRATION_LOCK = 1;

/** Each entry runs once, in order, in its own transaction. Never edit a shipped entry: append a new one. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE updates (
     seq     BIGSERIAL PRIMARY KEY,
     room    TEXT   NOT NULL,
     user_id TEXT   NOT NULL,
     at      BIGINT NOT NULL,
     bytes   BYTEA  NOT NULL
   );
   CREATE INDEX updates_room_seq ON updates (room, seq);
   CREATE TABLE snapshots (room TEXT PRIMARY KEY, upto_seq BIGINT NOT NULL, at BIGINT NOT NULL, bytes BYTEA NOT NULL);
   CREATE TABLE engagements (id TEXT PRIMARY KEY, city TEXT NOT NULL, state TEXT NOT NULL);
   CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, engagements JSONB NOT NULL, created_at BIGINT NOT NULL, revoked_at BIGINT);
   CREATE TABLE tokens (jti TEXT PRIMARY KEY, user_id TEXT NOT NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT);
   CREATE INDEX tokens_user ON tokens (user_id);
   CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, content_type TEXT NOT NULL, user_id TEXT NOT NULL, at BIGINT NOT NULL);`,
  // 2: users may be kept off the network room (ADR 0018); existing users keep it.
  'ALTER TABLE users ADD COLUMN network BOOLEAN NOT NULL DEFAULT TRUE',
  // 3: invites and blob refs move out of the per-node SQLite files (invites.sqlite, blobs/refs.sqlite) so any node
  // redeems any invite and sees every engagement's refs (ADR 0011 addendum). Times as in those files: invites in
  // seconds, refs in milliseconds.
  `CREATE TABLE invites (
     code_hash   TEXT PRIMARY KEY,
     user_id     TEXT NOT NULL,
     token_days  DOUBLE PRECISION NOT NULL,
     created_at  BIGINT NOT NULL,
     expires_at  BIGINT NOT NULL,
     redeemed_at BIGINT,
     token_id    TEXT
   );
   CREATE TABLE blob_refs (engagement TEXT NOT NULL, sha256 TEXT NOT NULL, user_id TEXT NOT NULL, at BIGINT NOT NULL, PRIMARY KEY (engagement, sha256));`,
  // 4: each snapshot's CRC-32, checked when a room loads (snapshot-check.ts); older rows are read once, then recorded.
  'ALTER TABLE snapshots ADD COLUMN crc32 BIGINT',
];

// BIGINT columns come back as strings by default; every one here (ms timestamps, sequence numbers) fits a double.
const num = (v: string | number): number => (typeof v === 'number' ? v : Number(v));
const buf = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

/** Rows per INSERT statement (4 parameters each, under PostgreSQL's 65535-parameter limit). */
const INSERT_CHUNK = 5000;

interface UserRow {
  id: string;
  name: string;
  role: string;
  engagements: string[];
  created_at: string;
  revoked_at: string | null;
  network: boolean;
}
interface InviteRow {
  code_hash: string;
  user_id: string;
  token_days: number;
  created_at: string;
  expires_at: string;
  redeemed_at: string | null;
  token_id: string | null;
}
const toInvite = (r: InviteRow): InviteRecord => ({
  codeHash: r.code_hash,
  userId: r.user_id,
  tokenDays: r.token_days,
  createdAt: num(r.created_at),
  expiresAt: num(r.expires_at),
  redeemedAt: r.redeemed_at === null ? null : num(r.redeemed_at),
  tokenId: r.token_id,
});
const toUser = (r: UserRow): UserRecord => ({ id: r.id, name: r.name, role: r.role as Role, engagements: r.engagements, network: r.network, createdAt: num(r.created_at), revokedAt: r.revoked_at === null ? null : num(r.revoked_at) });

export interface PostgresStoreOptions {
  /** Pool size per node (default 10). */
  maxConnections?: number;
}

export class PostgresStore implements Store {
  readonly kind = 'postgres';

  private constructor(readonly pool: pg.Pool) {}

  /** Connects, applies pending migrations, and returns the store. */
  static async open(url: string, opts: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, max: opts.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
    // An idle client losing its server (PostgreSQL restarted) must not crash the relay; the pool replaces it.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool);
    try {
      await store.migrate();
    } catch (err) {
      await pool.end();
      throw err;
    }
    return store;
  }

  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NS, MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS gw_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const { rows } = await c.query<{ v: number | null }>('SELECT max(version) AS v FROM gw_migrations');
      for (let v = (rows[0]?.v ?? 0) + 1; v <= MIGRATIONS.length; v++) {
        await c.query(MIGRATIONS[v - 1]!);
        await c.query('INSERT INTO gw_migrations (version) VALUES ($1)', [v]);
      }
    });
  }

  /** Schema version applied (for /healthz and the tests). */
  async schemaVersion(): Promise<number> {
    const { rows } = await this.pool.query<{ v: number | null }>('SELECT max(version) AS v FROM gw_migrations');
    return rows[0]?.v ?? 0;
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async loadRoom(room: string): Promise<LoadedRoom> {
    // Updates are never deleted, so a compaction between these two reads cannot open a gap.
    const found = await this.snapshotRow(this.pool, room);
    const check = found ? checkSnapshot(found.bytes, found.crc) : null;
    if (check === 'read') await this.pool.query('UPDATE snapshots SET crc32 = $1 WHERE room = $2 AND upto_seq = $3 AND crc32 IS NULL', [snapshotChecksum(found!.bytes), room, found!.upto_seq]).catch(() => undefined);
    const after = check === 'damaged' ? 0 : found ? num(found.upto_seq) : 0;
    const { rows } = await this.pool.query<{ seq: string; bytes: Buffer }>('SELECT seq, bytes FROM updates WHERE room = $1 AND seq > $2 ORDER BY seq', [room, after]);
    return loadedRoom(found && check !== 'damaged' ? found : null, rows, check === 'damaged' ? num(found!.upto_seq) : null);
  }

  /** A room's snapshot row, its checksum as a number (BIGINT arrives as a string), or undefined. */
  private async snapshotRow(q: pg.Pool | pg.PoolClient, room: string): Promise<{ upto_seq: string; bytes: Buffer; crc: number | null } | undefined> {
    const row = (await q.query<{ upto_seq: string; bytes: Buffer; crc32: string | null }>('SELECT upto_seq, bytes, crc32 FROM snapshots WHERE room = $1', [room])).rows[0];
    return row && { upto_seq: row.upto_seq, bytes: row.bytes, crc: row.crc32 === null ? null : num(row.crc32) };
  }

  async listAudit(room: string, page: { before?: number; limit: number }): Promise<AuditRecord[]> {
    const limit = Math.max(1, Math.min(MAX_AUDIT_PAGE, Math.floor(page.limit)));
    const { rows } = await this.pool.query<{ seq: string; user_id: string; at: string; size: number }>(
      'SELECT seq, user_id, at, octet_length(bytes) AS size FROM updates WHERE room = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3',
      [room, page.before ?? Number.MAX_SAFE_INTEGER, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), user: r.user_id, at: Number(r.at), size: Number(r.size) }));
  }

  async appendUpdates(room: string, updates: StoredUpdate[]): Promise<number> {
    return (await this.appendMany([{ room, updates }]))[0]!;
  }

  async appendMany(batches: readonly RoomAppend[]): Promise<number[]> {
    const rows = batches.flatMap((b) => b.updates.map((u) => [b.room, u] as const));
    const last = new Map<string, number>();
    if (rows.length > 0) {
      const insert = async (q: pg.Pool | pg.PoolClient, part: (typeof rows)[number][]): Promise<void> => {
        const values: unknown[] = [];
        const tuples = part.map(([room, u]) => {
          values.push(room, u.user, u.at, buf(u.bytes));
          const i = values.length;
          return `($${i - 3}, $${i - 2}, $${i - 1}, $${i})`;
        });
        const res = await q.query<{ seq: string; room: string }>(`INSERT INTO updates (room, user_id, at, bytes) VALUES ${tuples.join(', ')} RETURNING seq, room`, values);
        for (const r of res.rows) last.set(r.room, Math.max(last.get(r.room) ?? 0, num(r.seq)));
      };
      // One statement is one transaction; only an oversized batch needs an explicit one.
      if (rows.length <= INSERT_CHUNK) await insert(this.pool, rows);
      else
        await this.tx(async (c) => {
          for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(c, rows.slice(i, i + INSERT_CHUNK));
        });
    }
    return batches.map((b) => last.get(b.room) ?? 0);
  }

  async saveSnapshot(room: string, uptoSeq: number, state: Uint8Array): Promise<void> {
    await this.tx(async (c) => {
      // Held until COMMIT: a second node compacting the same room waits here, then finds the work done.
      await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NS, room]);
      const stored = await this.snapshotRow(c, room);
      // A damaged snapshot is neither kept nor merged: the new one is made from the whole update log instead.
      const cur = stored && checkSnapshot(stored.bytes, stored.crc) !== 'damaged' ? stored : undefined;
      const from = cur ? num(cur.upto_seq) : 0;
      if (cur && from >= uptoSeq) return;
      const { rows } = await c.query<{ bytes: Buffer }>('SELECT bytes FROM updates WHERE room = $1 AND seq > $2 AND seq <= $3 ORDER BY seq', [room, from, uptoSeq]);
      const doc = new Y.Doc({ gc: true });
      try {
        Y.applyUpdate(doc, state);
        if (cur) Y.applyUpdate(doc, cur.bytes);
        for (const r of rows) Y.applyUpdate(doc, r.bytes);
        const merged = Y.encodeStateAsUpdate(doc);
        await c.query(
          'INSERT INTO snapshots (room, upto_seq, at, bytes, crc32) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (room) DO UPDATE SET upto_seq = excluded.upto_seq, at = excluded.at, bytes = excluded.bytes, crc32 = excluded.crc32',
          [room, uptoSeq, Date.now(), buf(merged), snapshotChecksum(merged)],
        );
      } finally {
        doc.destroy();
      }
    });
  }

  async addEngagement(e: EngagementRecord): Promise<void> {
    await this.pool.query('INSERT INTO engagements (id, city, state) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET city = excluded.city, state = excluded.state', [e.id, e.city, e.state]);
  }
  async listEngagements(): Promise<EngagementRecord[]> {
    return (await this.pool.query<EngagementRecord>('SELECT id, city, state FROM engagements ORDER BY id')).rows;
  }
  async addUser(u: UserRecord): Promise<void> {
    await this.pool.query('INSERT INTO users (id, name, role, engagements, network, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [u.id, u.name, u.role, JSON.stringify(u.engagements), u.network !== false, u.createdAt]);
  }
  async getUser(id: string): Promise<UserRecord | null> {
    const r = (await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id])).rows[0];
    return r ? toUser(r) : null;
  }
  async listUsers(): Promise<UserRecord[]> {
    return (await this.pool.query<UserRow>('SELECT * FROM users ORDER BY created_at, id')).rows.map(toUser);
  }
  async addToken(t: TokenRecord): Promise<void> {
    await this.pool.query('INSERT INTO tokens (jti, user_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)', [t.jti, t.userId, t.issuedAt, t.expiresAt]);
  }
  async revokeUser(id: string, at: number): Promise<boolean> {
    return this.tx(async (c) => {
      const n = (await c.query('UPDATE users SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])).rowCount ?? 0;
      await c.query('UPDATE tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL', [at, id]);
      return n > 0;
    });
  }
  async revokeToken(jti: string, at: number): Promise<boolean> {
    return ((await this.pool.query('UPDATE tokens SET revoked_at = $1 WHERE jti = $2 AND revoked_at IS NULL', [at, jti])).rowCount ?? 0) > 0;
  }
  async revocations(): Promise<Revocations> {
    const [users, tokens] = await Promise.all([
      this.pool.query<{ id: string }>('SELECT id FROM users WHERE revoked_at IS NOT NULL'),
      this.pool.query<{ jti: string }>('SELECT jti FROM tokens WHERE revoked_at IS NOT NULL'),
    ]);
    return { users: new Set(users.rows.map((r) => r.id)), tokens: new Set(tokens.rows.map((r) => r.jti)) };
  }
  async recordBlob(b: BlobRecord): Promise<void> {
    await this.pool.query('INSERT INTO blobs (sha256, size, content_type, user_id, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING', [b.sha256, b.size, b.contentType, b.user, b.at]);
  }
  async getBlob(sha256: string): Promise<BlobRecord | null> {
    const r = (await this.pool.query<{ sha256: string; size: string; content_type: string; user_id: string; at: string }>('SELECT * FROM blobs WHERE sha256 = $1', [sha256])).rows[0];
    return r ? { sha256: r.sha256, size: num(r.size), contentType: r.content_type, user: r.user_id, at: num(r.at) } : null;
  }
  async addBlobRef(ref: BlobRef): Promise<boolean> {
    const res = await this.pool.query('INSERT INTO blob_refs (engagement, sha256, user_id, at) VALUES ($1, $2, $3, $4) ON CONFLICT (engagement, sha256) DO NOTHING', [ref.engagement, ref.sha256, ref.user, ref.at]);
    return res.rowCount === 1;
  }
  async hasBlobRef(engagement: string, sha256: string): Promise<boolean> {
    return ((await this.pool.query('SELECT 1 FROM blob_refs WHERE engagement = $1 AND sha256 = $2', [engagement, sha256])).rowCount ?? 0) > 0;
  }
  async addInvite(i: InviteRecord): Promise<boolean> {
    const res = await this.pool.query(
      'INSERT INTO invites (code_hash, user_id, token_days, created_at, expires_at, redeemed_at, token_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code_hash) DO NOTHING',
      [i.codeHash, i.userId, i.tokenDays, i.createdAt, i.expiresAt, i.redeemedAt, i.tokenId],
    );
    return res.rowCount === 1;
  }
  async getInvite(codeHash: string): Promise<InviteRecord | null> {
    const r = (await this.pool.query<InviteRow>('SELECT * FROM invites WHERE code_hash = $1', [codeHash])).rows[0];
    return r ? toInvite(r) : null;
  }
  async claimInvite(codeHash: string, now: number, tokenId: string): Promise<boolean> {
    // Two nodes redeeming the same code at once: the second UPDATE waits for the first's row lock, then re-checks
    // `redeemed_at IS NULL` against the committed row (READ COMMITTED) and matches nothing.
    const res = await this.pool.query('UPDATE invites SET redeemed_at = $1, token_id = $2 WHERE code_hash = $3 AND redeemed_at IS NULL AND expires_at > $1 RETURNING code_hash', [now, tokenId, codeHash]);
    return res.rows.length === 1;
  }
  private closed = false;
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
