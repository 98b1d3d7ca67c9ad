/**
 * One storage suite, run against every Store: the embedded SQLite file and PostgreSQL (when GW_TEST_PG_URL names
 * a test server — `eval "$(scripts/test-services.sh start)"`; otherwise the PostgreSQL half is skipped and says
 * so). Then what only a store shared by several nodes must do: concurrent appends, compaction that never hides
 * another node's update, the advisory lock, idempotent migrations, an invite redeemed once across nodes.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { crc32 } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createInvite, redeemInvite } from '#sync-server/auth/invites.ts';
import { verifyToken } from '#sync-server/auth/tokens.ts';
import { importLegacyFiles } from '#sync-server/store/legacy-files.ts';
import { openStore } from '#sync-server/store/open-store.ts';
import { MIGRATIONS, PostgresStore } from '#sync-server/store/postgres-store.ts';
import { SqliteStore } from '#sync-server/store/sqlite-store.ts';
import type { InviteRecord, Store } from '#sync-server/store/store.ts';

const PG_URL = process.env.GW_TEST_PG_URL ?? '';
if (!PG_URL) console.log('PostgreSQL store tests skipped: GW_TEST_PG_URL not set — run `eval "$(sudo scripts/test-services.sh start)"` first');

/** An update that sets `key` in map `m`, made by a fresh client. */
function edit(key: string, value: unknown = key): Uint8Array {
  const d = new Y.Doc();
  d.getMap('m').set(key, value);
  const u = Y.encodeStateAsUpdate(d);
  d.destroy();
  return u;
}

function docOf(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Y.Doc {
  const d = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(d, loaded.snapshot);
  for (const u of loaded.updates) Y.applyUpdate(d, u);
  return d;
}

const keys = (d: Y.Doc) => [...d.getMap('m').keys()].sort();

const SECRET = Buffer.alloc(32, 9);
const invite = (codeHash: string, over: Partial<InviteRecord> = {}): InviteRecord => ({ codeHash, userId: 'u-inv', tokenDays: 30, createdAt: 1000, expiresAt: 2000, redeemedAt: null, tokenId: null, ...over });
/** The jti of a token redeemInvite signed. */
function jtiOf(token: string): string {
  const v = verifyToken(token, SECRET, 1_800_000_100);
  if (!v.ok) throw new Error('token does not verify');
  return v.claims.jti;
}

/**
 * A data dir as a relay before this change left it: `invites.sqlite` (one invite redeemed, one not) and
 * `blobs/refs.sqlite` (two refs), with the schemas those files had.
 */
function writeLegacyFiles(dir: string): void {
  const inv = new Database(join(dir, 'invites.sqlite'));
  inv.pragma('journal_mode = WAL');
  inv.exec(`CREATE TABLE invites (code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, token_days REAL NOT NULL,
    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, redeemed_at INTEGER, token_id TEXT)`);
  const add = inv.prepare('INSERT INTO invites VALUES (?, ?, ?, ?, ?, ?, ?)');
  add.run('h-old-used', 'u-old', 30, 100, 4_000_000_000, 150, 't-old');
  add.run('h-old-open', 'u-old', 7.5, 100, 4_000_000_000, null, null);
  inv.close();
  mkdirSync(join(dir, 'blobs'), { recursive: true });
  const refs = new Database(join(dir, 'blobs', 'refs.sqlite'));
  refs.pragma('journal_mode = WAL');
  refs.exec('CREATE TABLE blob_refs (engagement TEXT NOT NULL, sha256 TEXT NOT NULL, user TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (engagement, sha256)) WITHOUT ROWID');
  refs.prepare('INSERT INTO blob_refs VALUES (?, ?, ?, ?)').run('eng-old', 'c'.repeat(64), 'u-old', 5);
  refs.prepare('INSERT INTO blob_refs VALUES (?, ?, ?, ?)').run('network', 'd'.repeat(64), 'u-old', 6);
  refs.close();
}

interface Harness {
  open(): Promise<Store>;
  /** Every audit row of a room, read behind the store's back (compaction must never delete one). */
  auditRows(store: Store, room: string): Promise<{ user: string; at: number }[]>;
  /** Rewrites a room's snapshot row behind the store's back: damage at rest, or a row from before checksums. */
  setSnapshotRow(store: Store, room: string, row: { bytes: Uint8Array; crc32: number | null }): Promise<void>;
  /** The checksum stored with a room's snapshot. */
  snapshotChecksum(store: Store, room: string): Promise<number | null>;
  cleanup(): Promise<void>;
}

async function sqliteHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-store-test-'));
  return {
    open: async () => new SqliteStore(dir),
    auditRows: async (store, room) => (store as SqliteStore).db.prepare<[string], { user: string; at: number }>('SELECT user, at FROM updates WHERE room = ? ORDER BY seq').all(room),
    setSnapshotRow: async (store, room, row) => void (store as SqliteStore).db.prepare('UPDATE snapshots SET bytes = ?, crc32 = ? WHERE room = ?').run(row.bytes, row.crc32, room),
    snapshotChecksum: async (store, room) => (store as SqliteStore).db.prepare<[string], { crc32: number | null }>('SELECT crc32 FROM snapshots WHERE room = ?').get(room)!.crc32,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresHarness(): Promise<Harness> {
  const name = `gwt_store_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    open: () => PostgresStore.open(url.toString()),
    auditRows: async (store, room) =>
      (await (store as PostgresStore).pool.query<{ user_id: string; at: string }>('SELECT user_id, at FROM updates WHERE room = $1 ORDER BY seq', [room])).rows.map((r) => ({ user: r.user_id, at: Number(r.at) })),
    setSnapshotRow: async (store, room, row) => void (await (store as PostgresStore).pool.query('UPDATE snapshots SET bytes = $1, crc32 = $2 WHERE room = $3', [Buffer.from(row.bytes), row.crc32, room])),
    snapshotChecksum: async (store, room) => {
      const v = (await (store as PostgresStore).pool.query<{ crc32: string | null }>('SELECT crc32 FROM snapshots WHERE room = $1', [room])).rows[0]!.crc32;
      return v === null ? null : Number(v);
    },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const KINDS = [
  { kind: 'sqlite', make: sqliteHarness, available: true },
  { kind: 'postgres', make: postgresHarness, available: Boolean(PG_URL) },
] as const;

for (const { kind, make, available } of KINDS) {
  describe.skipIf(!available)(`Store conformance: ${kind}`, () => {
    let h: Harness;
    let store: Store;
    beforeAll(async () => {
      h = await make();
      store = await h.open();
    });
    afterAll(async () => {
      await store?.close();
      await h?.cleanup();
    });

    test('kind and ping', async () => {
      expect(store.kind).toBe(kind);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    test('an unknown room loads empty', async () => {
      expect(await store.loadRoom('never')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, bytes: 0 });
    });

    test('appends are ordered, per room, with increasing sequence numbers and byte counts', async () => {
      const a1 = edit('a1');
      const a2 = edit('a2');
      const b1 = edit('b1');
      const s1 = await store.appendUpdates('room-a', [{ user: 'u1', at: 1000, bytes: a1 }]);
      const s2 = await store.appendUpdates('room-b', [{ user: 'u2', at: 1001, bytes: b1 }]);
      const s3 = await store.appendUpdates('room-a', [{ user: 'u1', at: 1002, bytes: a2 }]);
      expect(s1).toBeLessThan(s2);
      expect(s2).toBeLessThan(s3);
      const a = await store.loadRoom('room-a');
      expect(a.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual([a1, a2].map((u) => Buffer.from(u).toString('hex')));
      expect(a).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: s3, bytes: a1.length + a2.length });
      expect(keys(docOf(await store.loadRoom('room-b')))).toEqual(['b1']);
    });

    test('one batch is one call and returns the last sequence number; a large batch is stored whole', async () => {
      // One writer's incremental updates (6001 separate Yjs clients would make the test about Yjs, not the store).
      const writer = new Y.Doc();
      const batch = Array.from({ length: 6001 }, (_, i) => {
        const before = Y.encodeStateVector(writer);
        writer.getMap('m').set(`k${i}`, i);
        return { user: 'bulk', at: 2000 + i, bytes: Y.encodeStateAsUpdate(writer, before) };
      });
      const seq = await store.appendUpdates('room-bulk', batch);
      const loaded = await store.loadRoom('room-bulk');
      expect(loaded.updates).toHaveLength(6001);
      expect(loaded.lastSeq).toBe(seq);
      expect(keys(docOf(loaded))).toHaveLength(6001);
    });

    test('appendMany stores several rooms in one call: each room gets its own last sequence number and rows', async () => {
      const [x1, x2, y1] = [edit('x1'), edit('x2'), edit('y1')];
      const [sx, sy, sz] = await store.appendMany([
        { room: 'many-x', updates: [{ user: 'ux', at: 5000, bytes: x1 }, { user: 'ux', at: 5001, bytes: x2 }] },
        { room: 'many-y', updates: [{ user: 'uy', at: 5002, bytes: y1 }] },
        { room: 'many-z', updates: [] },
      ]);
      const x = await store.loadRoom('many-x');
      const y = await store.loadRoom('many-y');
      expect(keys(docOf(x))).toEqual(['x1', 'x2']);
      expect(keys(docOf(y))).toEqual(['y1']);
      expect([x.lastSeq, y.lastSeq]).toEqual([sx, sy]);
      expect(sz).toBe(0);
      expect(sx).not.toBe(sy);
      expect((await h.auditRows(store, 'many-x')).map((r) => r.user)).toEqual(['ux', 'ux']);
      // Later appends keep counting up from there.
      expect(await store.appendUpdates('many-y', [{ user: 'uy', at: 5003, bytes: edit('y2') }])).toBeGreaterThan(Math.max(sx!, sy!));
    });

    test('appendMany is all or nothing: a row that cannot be stored leaves every room of the batch unchanged', async () => {
      const bad = { user: 'ub', at: 6000, bytes: null as unknown as Uint8Array }; // NOT NULL violated
      await expect(store.appendMany([{ room: 'atomic-a', updates: [{ user: 'ua', at: 6000, bytes: edit('a') }] }, { room: 'atomic-b', updates: [bad] }])).rejects.toThrow();
      expect((await store.loadRoom('atomic-a')).updates).toHaveLength(0);
      expect((await store.loadRoom('atomic-b')).updates).toHaveLength(0);
    });

    test('a snapshot replaces the updates it covers on load, keeps later ones, and never deletes audit rows', async () => {
      const room = 'room-snap';
      const doc = new Y.Doc();
      let seq = 0;
      for (let i = 0; i < 5; i++) {
        const before = Y.encodeStateVector(doc);
        doc.getMap('m').set(`s${i}`, i);
        seq = await store.appendUpdates(room, [{ user: 'u-snap', at: 3000 + i, bytes: Y.encodeStateAsUpdate(doc, before) }]);
      }
      await store.saveSnapshot(room, seq, Y.encodeStateAsUpdate(doc));
      const late = edit('late');
      const lateSeq = await store.appendUpdates(room, [{ user: 'u-snap', at: 4000, bytes: late }]);
      const loaded = await store.loadRoom(room);
      expect(loaded.snapshotSeq).toBe(seq);
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.lastSeq).toBe(lateSeq);
      expect(loaded.bytes).toBe(loaded.snapshot!.length + late.length);
      expect(keys(docOf(loaded))).toEqual(['late', 's0', 's1', 's2', 's3', 's4']);
      // The audit log still has every row, with who and when.
      const audit = await h.auditRows(store, room);
      expect(audit).toHaveLength(6);
      expect(audit.map((r) => r.at)).toEqual([3000, 3001, 3002, 3003, 3004, 4000]);
      expect(new Set(audit.map((r) => r.user))).toEqual(new Set(['u-snap']));
      // An older snapshot arriving late does not replace a newer one.
      await store.saveSnapshot(room, seq - 2, edit('stale'));
      expect((await store.loadRoom(room)).snapshotSeq).toBe(seq);
      expect(keys(docOf(await store.loadRoom(room)))).not.toContain('stale');
    });

    test('a snapshot is stored with its checksum; one damaged at rest loads as the whole update log, and the next snapshot replaces it', async () => {
      const room = 'room-crc';
      let seq = 0;
      for (const [i, k] of ['c1', 'c2', 'c3'].entries()) seq = await store.appendUpdates(room, [{ user: 'u-crc', at: 5000 + i, bytes: edit(k) }]);
      await store.saveSnapshot(room, seq, Y.encodeStateAsUpdate(docOf(await store.loadRoom(room))));
      const sound = await store.loadRoom(room);
      expect(sound).toMatchObject({ snapshotSeq: seq, updates: [], lastSeq: seq });
      expect(sound.damagedSnapshotSeq).toBeUndefined();
      expect(await h.snapshotChecksum(store, room)).toBe(crc32(sound.snapshot!));

      const damaged = Buffer.from(sound.snapshot!);
      damaged[damaged.length >> 1]! ^= 0x40; // one flipped bit
      await h.setSnapshotRow(store, room, { bytes: damaged, crc32: crc32(sound.snapshot!) });
      const rebuilt = await store.loadRoom(room);
      expect(rebuilt).toMatchObject({ snapshot: null, snapshotSeq: 0, lastSeq: seq, damagedSnapshotSeq: seq });
      expect(rebuilt.updates).toHaveLength(3);
      expect(keys(docOf(rebuilt))).toEqual(['c1', 'c2', 'c3']);

      // What the relay does next (room.ts: a compaction is due): a sound snapshot at the same seq replaces it.
      await store.saveSnapshot(room, seq, Y.encodeStateAsUpdate(docOf(rebuilt)));
      const again = await store.loadRoom(room);
      expect(again.damagedSnapshotSeq).toBeUndefined();
      expect(again.snapshotSeq).toBe(seq);
      expect(keys(docOf(again))).toEqual(['c1', 'c2', 'c3']);
    });

    test('a snapshot from before checksums is read once and its checksum recorded; one that does not read is damaged', async () => {
      const room = 'room-legacy-snap';
      let seq = 0;
      for (const [i, k] of ['l1', 'l2'].entries()) seq = await store.appendUpdates(room, [{ user: 'u-old', at: 6000 + i, bytes: edit(k) }]);
      const state = Y.encodeStateAsUpdate(docOf(await store.loadRoom(room)));
      await store.saveSnapshot(room, seq, state);
      await h.setSnapshotRow(store, room, { bytes: state, crc32: null });
      const read = await store.loadRoom(room);
      expect(read).toMatchObject({ snapshotSeq: seq, updates: [] });
      expect(read.damagedSnapshotSeq).toBeUndefined();
      expect(await h.snapshotChecksum(store, room)).toBe(crc32(state));

      await h.setSnapshotRow(store, room, { bytes: state.subarray(0, state.length - 3), crc32: null }); // truncated
      const rebuilt = await store.loadRoom(room);
      expect(rebuilt).toMatchObject({ snapshot: null, damagedSnapshotSeq: seq });
      expect(keys(docOf(rebuilt))).toEqual(['l1', 'l2']);
    });

    test('the audit log lists a room’s rows newest first, paged by seq and bounded, without other rooms’ rows', async () => {
      const room = 'room-audit';
      const sizes: number[] = [];
      const seqs: number[] = [];
      for (let i = 0; i < 7; i++) {
        const bytes = edit(`k${i}`, 'x'.repeat(i * 10));
        sizes.push(bytes.length);
        seqs.push(await store.appendUpdates(room, [{ user: `u${i % 2}`, at: 7000 + i, bytes }]));
        await store.appendUpdates('room-audit-other', [{ user: 'other', at: 1, bytes: edit('o') }]);
      }
      const first = await store.listAudit(room, { limit: 3 });
      expect(first).toEqual([6, 5, 4].map((i) => ({ seq: seqs[i], user: `u${i % 2}`, at: 7000 + i, size: sizes[i] })));
      const next = await store.listAudit(room, { before: first.at(-1)!.seq, limit: 3 });
      expect(next.map((r) => r.at)).toEqual([7003, 7002, 7001]);
      expect((await store.listAudit(room, { before: next.at(-1)!.seq, limit: 3 })).map((r) => r.at)).toEqual([7000]);
      expect(await store.listAudit('never', { limit: 10 })).toEqual([]);
      // Compaction never hides audit rows; a silly limit is clamped, not refused.
      await store.saveSnapshot(room, seqs[6]!, edit('snap'));
      expect(await store.listAudit(room, { limit: 0 })).toHaveLength(1);
      expect(await store.listAudit(room, { limit: 1e9 })).toHaveLength(7);
    });

    test('the store survives a reopen (what a restarted node reads)', async () => {
      await store.appendUpdates('room-reopen', [{ user: 'u', at: 1, bytes: edit('persisted') }]);
      await store.close();
      store = await h.open();
      expect(keys(docOf(await store.loadRoom('room-reopen')))).toEqual(['persisted']);
    });

    test('engagements upsert and list in id order', async () => {
      await store.addEngagement({ id: 'eng-b', city: 'Tula', state: 'Hidalgo' });
      await store.addEngagement({ id: 'eng-a', city: 'Apan', state: 'Hidalgo' });
      await store.addEngagement({ id: 'eng-b', city: 'Tula de Allende', state: 'Hidalgo' });
      expect(await store.listEngagements()).toEqual([
        { id: 'eng-a', city: 'Apan', state: 'Hidalgo' },
        { id: 'eng-b', city: 'Tula de Allende', state: 'Hidalgo' },
      ]);
    });

    test('users, tokens and revocation', async () => {
      await store.addUser({ id: 'u-ana', name: 'Ana Reyes', role: 'expert', engagements: ['eng-a', 'eng-b'], createdAt: 10, revokedAt: null });
      await store.addUser({ id: 'u-luis', name: 'Luis', role: 'viewer', engagements: ['*'], createdAt: 11, revokedAt: null });
      await store.addToken({ jti: 't1', userId: 'u-ana', issuedAt: 100, expiresAt: 200, revokedAt: null });
      await store.addToken({ jti: 't2', userId: 'u-ana', issuedAt: 101, expiresAt: 201, revokedAt: null });
      await store.addToken({ jti: 't3', userId: 'u-luis', issuedAt: 102, expiresAt: 202, revokedAt: null });
      expect(await store.getUser('u-ana')).toEqual({ id: 'u-ana', name: 'Ana Reyes', role: 'expert', engagements: ['eng-a', 'eng-b'], network: true, createdAt: 10, revokedAt: null });
      // An outside guest kept off the network room (ADR 0018) stays so when read back.
      await store.addUser({ id: 'u-guest', name: 'Guest', role: 'viewer', engagements: ['eng-a'], network: false, createdAt: 12, revokedAt: null });
      expect((await store.getUser('u-guest'))!.network).toBe(false);
      expect(await store.getUser('nobody')).toBeNull();
      expect((await store.listUsers()).map((u) => u.id)).toEqual(['u-ana', 'u-luis', 'u-guest']);
      expect(await store.revocations()).toEqual({ users: new Set(), tokens: new Set() });

      expect(await store.revokeToken('t3', 500)).toBe(true);
      expect(await store.revokeToken('t3', 501)).toBe(false);
      expect(await store.revokeUser('u-ana', 600)).toBe(true);
      expect(await store.revokeUser('u-ana', 601)).toBe(false);
      expect(await store.revokeUser('nobody', 601)).toBe(false);
      expect(await store.revocations()).toEqual({ users: new Set(['u-ana']), tokens: new Set(['t1', 't2', 't3']) });
      expect((await store.getUser('u-ana'))!.revokedAt).toBe(600);
    });

    test('blobs: recorded once, first upload wins', async () => {
      const sha = 'a'.repeat(64);
      await store.recordBlob({ sha256: sha, size: 12, contentType: 'image/png', user: 'u-ana', at: 5 });
      await store.recordBlob({ sha256: sha, size: 12, contentType: 'image/jpeg', user: 'u-luis', at: 6 });
      expect(await store.getBlob(sha)).toEqual({ sha256: sha, size: 12, contentType: 'image/png', user: 'u-ana', at: 5 });
      expect(await store.getBlob('b'.repeat(64))).toBeNull();
    });

    test('blob refs: per engagement, the first upload into an engagement is kept', async () => {
      const sha = 'e'.repeat(64);
      expect(await store.hasBlobRef('eng-a', sha)).toBe(false);
      expect(await store.addBlobRef({ engagement: 'eng-a', sha256: sha, user: 'u-ana', at: 7 })).toBe(true);
      expect(await store.addBlobRef({ engagement: 'eng-a', sha256: sha, user: 'u-luis', at: 8 })).toBe(false);
      expect(await store.hasBlobRef('eng-a', sha)).toBe(true);
      // Holding a blob in one engagement says nothing about another.
      expect(await store.hasBlobRef('eng-b', sha)).toBe(false);
      expect(await store.hasBlobRef('eng-a', 'f'.repeat(64))).toBe(false);
      expect(await store.addBlobRef({ engagement: 'eng-b', sha256: sha, user: 'u-luis', at: 9 })).toBe(true);
      expect(await store.hasBlobRef('eng-b', sha)).toBe(true);
    });

    test('invites: stored by hash, claimed once, never after expiry; a second add of a hash changes nothing', async () => {
      expect(await store.addInvite(invite('h-1'))).toBe(true);
      expect(await store.addInvite(invite('h-1', { userId: 'someone-else', redeemedAt: 5, tokenId: 't-x' }))).toBe(false);
      expect(await store.getInvite('h-1')).toEqual(invite('h-1'));
      expect(await store.getInvite('h-none')).toBeNull();
      // Expired (expires_at <= now): not claimed, and the row stays unused.
      expect(await store.claimInvite('h-1', 2000, 't-late')).toBe(false);
      expect((await store.getInvite('h-1'))!.redeemedAt).toBeNull();
      expect(await store.claimInvite('h-1', 1500, 't-1')).toBe(true);
      expect(await store.getInvite('h-1')).toEqual(invite('h-1', { redeemedAt: 1500, tokenId: 't-1' }));
      expect(await store.claimInvite('h-1', 1501, 't-2')).toBe(false);
      expect((await store.getInvite('h-1'))!.tokenId).toBe('t-1');
      expect(await store.claimInvite('h-none', 1500, 't-3')).toBe(false);
      // Fractional token validity (--days 0.5) survives the round trip.
      await store.addInvite(invite('h-frac', { tokenDays: 0.5 }));
      expect((await store.getInvite('h-frac'))!.tokenDays).toBe(0.5);
    });

    test('invites: of many racing claims exactly one wins, and the row names the winner’s token', async () => {
      await store.addInvite(invite('h-race'));
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimInvite('h-race', 1500, `t-race-${i}`)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      expect((await store.getInvite('h-race'))!.tokenId).toBe(`t-race-${wins.indexOf(true)}`);
    });

    test('redeemInvite on this store: once, racing redeems get one token, expired and revoked refused', async () => {
      const now = 1_800_000_000;
      await store.addUser({ id: 'u-inv', name: 'Iris', role: 'expert', engagements: ['eng-a'], createdAt: 20, revokedAt: null });
      const { code } = await createInvite(store, 'u-inv', { tokenDays: 30, validDays: 7, now });
      // All ten read the invite as unused before any claims it: only the conditional UPDATE can stop nine.
      const results = await Promise.all(Array.from({ length: 10 }, () => redeemInvite(store, code, SECRET, now + 60)));
      const ok = results.filter((r) => r.ok);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(9);
      expect(await redeemInvite(store, code, SECRET, now + 61)).toEqual({ ok: false, reason: 'used' });
      const expired = await createInvite(store, 'u-inv', { tokenDays: 1, validDays: 1, now });
      expect(await redeemInvite(store, expired.code, SECRET, now + 86400)).toEqual({ ok: false, reason: 'expired' });
      const revoked = await createInvite(store, 'u-inv', { tokenDays: 1, now });
      // Revoking the user revokes every token they hold: exactly the one the race issued (t1–t3 are the
      // earlier test's), so the nine losers stored none.
      const before = (await store.revocations()).tokens;
      await store.revokeUser('u-inv', 30);
      expect(await redeemInvite(store, revoked.code, SECRET, now + 1)).toEqual({ ok: false, reason: 'revoked' });
      const added = [...(await store.revocations()).tokens].filter((t) => !before.has(t));
      expect(added).toEqual([jtiOf((ok[0] as { token: string }).token)]);
    });

    test('old per-node invites.sqlite and blobs/refs.sqlite are imported once, without undoing what the store has since', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gw-legacy-'));
      try {
        writeLegacyFiles(dir);
        // Already in the store and redeemed there: the old file's unused copy must not reopen it.
        await store.addInvite(invite('h-old-open', { userId: 'u-old', tokenDays: 7.5, createdAt: 100, expiresAt: 4_000_000_000, redeemedAt: 200, tokenId: 't-new' }));
        expect(await importLegacyFiles(store, dir)).toEqual({ invites: 1, refs: 2, files: ['invites.sqlite', join('blobs', 'refs.sqlite')] });
        expect(await store.getInvite('h-old-used')).toEqual({ codeHash: 'h-old-used', userId: 'u-old', tokenDays: 30, createdAt: 100, expiresAt: 4_000_000_000, redeemedAt: 150, tokenId: 't-old' });
        expect((await store.getInvite('h-old-open'))!).toMatchObject({ redeemedAt: 200, tokenId: 't-new' });
        expect(await store.hasBlobRef('eng-old', 'c'.repeat(64))).toBe(true);
        expect(await store.hasBlobRef('network', 'd'.repeat(64))).toBe(true);
        // Renamed, so the next start does not read them again.
        expect(existsSync(join(dir, 'invites.sqlite'))).toBe(false);
        expect(existsSync(join(dir, 'invites.sqlite.imported'))).toBe(true);
        expect(existsSync(join(dir, 'blobs', 'refs.sqlite.imported'))).toBe(true);
        expect(await importLegacyFiles(store, dir)).toEqual({ invites: 0, refs: 0, files: [] });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

test('openStore on a data dir from before the move: the relay file gets the old invites and refs, and a code from the old file still redeems', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-store-upgrade-'));
  try {
    writeLegacyFiles(dir);
    // A real code in the old file (only its hash is stored, as the old InviteStore did).
    const scratch = new SqliteStore(join(dir, 'scratch'));
    await scratch.addUser({ id: 'u-old', name: 'Olga', role: 'expert', engagements: ['eng-old'], createdAt: 1, revokedAt: null });
    const { code } = await createInvite(scratch, 'u-old', { tokenDays: 30, now: 1_800_000_000 });
    const row = scratch.db.prepare<[], { code_hash: string; expires_at: number }>('SELECT code_hash, expires_at FROM invites').get()!;
    await scratch.close();
    const old = new Database(join(dir, 'invites.sqlite'));
    old.prepare('INSERT INTO invites VALUES (?, ?, ?, ?, ?, NULL, NULL)').run(row.code_hash, 'u-old', 30, 1_800_000_000, row.expires_at);
    old.close();
    const seen: unknown[] = [];
    const store = await openStore({ kind: 'sqlite' }, dir, { onImport: (d) => seen.push(d) });
    expect(seen).toEqual([{ invites: 3, refs: 2, files: ['invites.sqlite', join('blobs', 'refs.sqlite')] }]);
    await store.addUser({ id: 'u-old', name: 'Olga', role: 'expert', engagements: ['eng-old'], createdAt: 1, revokedAt: null });
    const r = await redeemInvite(store, code, SECRET, 1_800_000_100);
    expect(r.ok).toBe(true);
    expect(await store.hasBlobRef('eng-old', 'c'.repeat(64))).toBe(true);
    await store.close();
    // The rows are in relay.sqlite itself, not read through the old file.
    const again = await openStore({ kind: 'sqlite' }, dir, { onImport: (d) => seen.push(d) });
    expect(seen).toHaveLength(1);
    expect(await again.getInvite('h-old-used')).toMatchObject({ redeemedAt: 150 });
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a relay file from before users had a network flag opens with every existing user still on the network room', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-store-old-'));
  try {
    const old = new Database(join(dir, 'relay.sqlite'));
    old.exec('CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, engagements TEXT NOT NULL, created_at INTEGER NOT NULL, revoked_at INTEGER)');
    old.prepare('INSERT INTO users VALUES (?, ?, ?, ?, ?, NULL)').run('u-old', 'Olga', 'expert', '["eng-a"]', 1);
    old.close();
    const store = new SqliteStore(dir);
    expect(await store.getUser('u-old')).toMatchObject({ id: 'u-old', network: true });
    await store.addUser({ id: 'u-new', name: 'Nia', role: 'viewer', engagements: ['eng-a'], network: false, createdAt: 2, revokedAt: null });
    expect((await store.getUser('u-new'))!.network).toBe(false);
    await store.close();
    // Opening it again does not try to add the column twice.
    const again = new SqliteStore(dir);
    expect((await again.listUsers()).map((u) => [u.id, u.network])).toEqual([['u-old', true], ['u-new', false]]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe.skipIf(!PG_URL)('PostgreSQL store shared by several nodes', () => {
  let h: Harness;
  let nodeA: PostgresStore;
  let nodeB: PostgresStore;
  beforeAll(async () => {
    h = await postgresHarness();
    // Two stores opening at once = two nodes starting together: the migration lock serialises them.
    [nodeA, nodeB] = (await Promise.all([h.open(), h.open()])) as [PostgresStore, PostgresStore];
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await h?.cleanup();
  });

  test('migrations are recorded once, whoever started first', async () => {
    expect(await nodeA.schemaVersion()).toBe(MIGRATIONS.length);
    const { rows } = await nodeA.pool.query<{ n: string }>('SELECT count(*) AS n FROM gw_migrations');
    expect(Number(rows[0]!.n)).toBe(MIGRATIONS.length);
    const again = await h.open();
    expect(await (again as PostgresStore).schemaVersion()).toBe(MIGRATIONS.length);
    await again.close();
  });

  test('concurrent appends from two nodes get distinct, ordered sequence numbers and all load back', async () => {
    const writes = Array.from({ length: 40 }, (_, i) => (i % 2 ? nodeA : nodeB).appendUpdates('room-cc', [{ user: `u${i % 2}`, at: i, bytes: edit(`c${i}`) }]));
    const seqs = await Promise.all(writes);
    expect(new Set(seqs).size).toBe(40);
    const loaded = await nodeA.loadRoom('room-cc');
    expect(loaded.updates).toHaveLength(40);
    expect(loaded.lastSeq).toBe(Math.max(...seqs));
    expect(keys(docOf(loaded))).toHaveLength(40);
  });

  test('compaction includes an update another node stored that this node had not received yet', async () => {
    const room = 'room-merge';
    const mine = edit('mine');
    await nodeA.appendUpdates(room, [{ user: 'ua', at: 1, bytes: mine }]);
    // Node B stores an update; node A has not seen it (its Redis message is still in flight)…
    await nodeB.appendUpdates(room, [{ user: 'ub', at: 2, bytes: edit('theirs') }]);
    const seqA = await nodeA.appendUpdates(room, [{ user: 'ua', at: 3, bytes: edit('mine-later') }]);
    // …and compacts up to its own last sequence number with only its own state.
    const stateA = new Y.Doc();
    Y.applyUpdate(stateA, mine);
    Y.applyUpdate(stateA, edit('mine-later'));
    await nodeA.saveSnapshot(room, seqA, Y.encodeStateAsUpdate(stateA));
    const loaded = await nodeB.loadRoom(room);
    expect(loaded.snapshotSeq).toBe(seqA);
    expect(loaded.updates).toHaveLength(0);
    expect(keys(docOf(loaded))).toEqual(['mine', 'mine-later', 'theirs']);
  });

  test('compaction of one engagement waits for the advisory lock another node holds', async () => {
    const room = 'room-lock';
    const seq = await nodeA.appendUpdates(room, [{ user: 'ua', at: 1, bytes: edit('x') }]);
    const holder = await nodeB.pool.connect();
    await holder.query('BEGIN');
    await holder.query("SELECT pg_advisory_xact_lock(x'6777'::int, hashtext($1))", [room]);
    let done = false;
    const compaction = nodeA.saveSnapshot(room, seq, edit('x')).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false);
    // Another engagement is not blocked by it.
    const other = await nodeA.appendUpdates('room-lock-other', [{ user: 'ua', at: 1, bytes: edit('y') }]);
    await nodeA.saveSnapshot('room-lock-other', other, edit('y'));
    await holder.query('COMMIT');
    holder.release();
    await compaction;
    expect(done).toBe(true);
    expect((await nodeA.loadRoom(room)).snapshotSeq).toBe(seq);
  });

  test('an invite made through one node is redeemed on another, once, however many nodes race for it', async () => {
    const now = 1_800_000_000;
    await nodeA.addUser({ id: 'u-race', name: 'Rafa', role: 'expert', engagements: ['eng-a'], createdAt: 1, revokedAt: null });
    const { code } = await createInvite(nodeA, 'u-race', { tokenDays: 30, now });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => redeemInvite(i % 2 ? nodeA : nodeB, code, SECRET, now + 5)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.reason === 'used')).toHaveLength(11);
    // And a blob ref one node records is what the other answers from.
    await nodeA.addBlobRef({ engagement: 'eng-a', sha256: '1'.repeat(64), user: 'u-race', at: 1 });
    expect(await nodeB.hasBlobRef('eng-a', '1'.repeat(64))).toBe(true);
  });
});
