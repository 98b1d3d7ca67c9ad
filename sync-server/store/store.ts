/**
 * What the relay needs from persistence. SQLite (sqlite-store.ts) is the embedded default; a Postgres store
 * for scale-out implements the same interface. Methods are async so a networked store fits without changes
 * to the relay; the SQLite one answers synchronously inside resolved promises.
 */
import type { Role } from '../auth/tokens.ts';

export interface StoredUpdate {
  user: string;
  /** Milliseconds since the epoch. */
  at: number;
  bytes: Uint8Array;
}

/** One row of a room's audit log (the append-only `updates` table), without its bytes. */
export interface AuditRecord {
  seq: number;
  user: string;
  /** Milliseconds since the epoch. */
  at: number;
  /** Size of the stored update in bytes. */
  size: number;
}

/** Most audit rows one listAudit call returns (GET /api/history pages through the rest). */
export const MAX_AUDIT_PAGE = 500;

export interface LoadedRoom {
  /** Compacted state up to `snapshotSeq`, or null when the room was never compacted. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates stored after the snapshot, in order. */
  updates: Uint8Array[];
  /** Sequence number of the last stored update (0 when none). */
  lastSeq: number;
  /** Stored bytes: snapshot plus updates since (what the document-size limit counts). */
  bytes: number;
  /** Set when the stored snapshot (up to this sequence number) failed its check (snapshot-check.ts): `snapshot` is
   * then null and `updates` the room's whole update log. */
  damagedSnapshotSeq?: number;
}

/** A LoadedRoom from a snapshot row (null: none, or one that failed its check) and the update rows after it. */
export function loadedRoom(
  snap: { upto_seq: number | string; bytes: Uint8Array } | null,
  rows: readonly { seq: number | string; bytes: Uint8Array }[],
  damagedSnapshotSeq: number | null,
): LoadedRoom {
  const snapshotSeq = snap ? Number(snap.upto_seq) : 0;
  let bytes = snap?.bytes.length ?? 0;
  const updates: Uint8Array[] = [];
  for (const r of rows) {
    bytes += r.bytes.length;
    updates.push(r.bytes);
  }
  const lastSeq = rows.length ? Number(rows[rows.length - 1]!.seq) : snapshotSeq;
  const room: LoadedRoom = { snapshot: snap ? snap.bytes : null, snapshotSeq, updates, lastSeq, bytes };
  if (damagedSnapshotSeq !== null) room.damagedSnapshotSeq = damagedSnapshotSeq;
  return room;
}

export interface UserRecord {
  id: string;
  name: string;
  role: Role;
  engagements: string[];
  /** Granted on the network room (311 requests + the library, ADR 0018). Absent means yes; false for an outside
   * guest shown one engagement (a city official, a reviewer): their tokens carry `net: false`. */
  network?: boolean;
  createdAt: number;
  revokedAt: number | null;
}

export interface TokenRecord {
  jti: string;
  userId: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

export interface EngagementRecord {
  id: string;
  city: string;
  state: string;
}

export interface RoomAppend {
  room: string;
  updates: StoredUpdate[];
}

export interface Revocations {
  users: Set<string>;
  tokens: Set<string>;
}

export interface BlobRecord {
  sha256: string;
  size: number;
  contentType: string;
  user: string;
  at: number;
}

/** A stored invite (auth/invites.ts): only the code's hash, never the code. Times are seconds since the epoch,
 * like token claims. */
export interface InviteRecord {
  codeHash: string;
  userId: string;
  /** Validity of the token the invite is exchanged for. */
  tokenDays: number;
  createdAt: number;
  expiresAt: number;
  redeemedAt: number | null;
  /** The jti of the token it was exchanged for (null until redeemed). */
  tokenId: string | null;
}

/** Engagement `engagement` holds blob `sha256` (blobs.ts): uploaded into it by `user` at `at` (ms). */
export interface BlobRef {
  engagement: string;
  sha256: string;
  user: string;
  at: number;
}

export interface Store {
  readonly kind: string;
  // Documents — `updates` is append-only and is the audit log; compaction adds snapshots, never deletes rows.
  loadRoom(room: string): Promise<LoadedRoom>;
  /** Appends in one transaction; resolves to the last sequence number. */
  appendUpdates(room: string, updates: StoredUpdate[]): Promise<number>;
  /** Appends several rooms' updates in one transaction — all or none; resolves to each room's last sequence
   * number, in the order given. (The relay stores everything that arrived in one event-loop turn this way.) */
  appendMany(batches: readonly RoomAppend[]): Promise<number[]>;
  saveSnapshot(room: string, uptoSeq: number, state: Uint8Array): Promise<void>;
  /** A room's audit rows newest first: those with seq < `before` (all when omitted), at most `limit` (capped at
   * MAX_AUDIT_PAGE). Reads the index (room, seq), never the update bytes. */
  listAudit(room: string, page: { before?: number; limit: number }): Promise<AuditRecord[]>;
  // Accounts
  addEngagement(e: EngagementRecord): Promise<void>;
  listEngagements(): Promise<EngagementRecord[]>;
  addUser(u: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  addToken(t: TokenRecord): Promise<void>;
  revokeUser(id: string, at: number): Promise<boolean>;
  revokeToken(jti: string, at: number): Promise<boolean>;
  revocations(): Promise<Revocations>;
  // Blobs (bytes live on disk; this is their index and who uploaded them)
  recordBlob(b: BlobRecord): Promise<void>;
  getBlob(sha256: string): Promise<BlobRecord | null>;
  /** Records that an engagement holds a blob; resolves false (keeping the first) when the pair was there. */
  addBlobRef(ref: BlobRef): Promise<boolean>;
  hasBlobRef(engagement: string, sha256: string): Promise<boolean>;
  // Invites (in the shared store so a code made with any node's CLI is redeemed on any node)
  /** Stores an invite; resolves false (and changes nothing) when its hash is already there. Importing an old
   * per-node file relies on that: a row already imported, or redeemed since, is left as it is. */
  addInvite(invite: InviteRecord): Promise<boolean>;
  getInvite(codeHash: string): Promise<InviteRecord | null>;
  /** Marks the invite redeemed at `now` for token `tokenId` if it is unused and unexpired, in one conditional
   * UPDATE; resolves true for exactly one of any number of racing callers. */
  claimInvite(codeHash: string, now: number, tokenId: string): Promise<boolean>;
  /** Resolves when the store answers a trivial query (for /healthz); rejects when it is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
