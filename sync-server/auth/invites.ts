/**
 * Invites: a short, single-use, expiring code a lead reads out or texts to an expert, which the app exchanges
 * for a token (POST /api/invites/redeem). Tokens are long and awkward to pass on by phone; an invite is
 * `GW-XXXX-XXXX-XXXX` in Crockford base32 (no I, L, O, U; 60 random bits) and forgives the usual typing slips
 * (lower case, spaces, O for 0, I/L for 1).
 *
 * Only the code's SHA-256 is stored, so a copy of the data directory does not hand out accounts. Invites live
 * in their own SQLite file (`<data>/invites.sqlite`) next to the relay's store, written by the CLI and read by
 * the relay; redeeming is one conditional UPDATE, so a code is used at most once even if two people race.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { newId } from '#core/ids.ts';
import type { Store, UserRecord } from '../store/store.ts';
import { claimsForUser, nowSeconds, signToken } from './tokens.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 3;
const GROUP_LEN = 4;
const CODE_LEN = GROUPS * GROUP_LEN;
export const DEFAULT_INVITE_DAYS = 7;

/** A new invite code, e.g. `GW-7K3M-Q9XA-2HDP`. */
export function newInviteCode(): string {
  const bytes = randomBytes(CODE_LEN);
  let s = '';
  // 256 is a multiple of 32: every symbol equally likely.
  for (const b of bytes) s += ALPHABET[b % 32];
  const groups = [];
  for (let i = 0; i < CODE_LEN; i += GROUP_LEN) groups.push(s.slice(i, i + GROUP_LEN));
  return `GW-${groups.join('-')}`;
}

/** The canonical 12 symbols of something a person typed, or null when it cannot be an invite. */
export function normalizeInviteCode(input: string): string | null {
  let s = input.trim().toUpperCase().replace(/[\s-]/g, '');
  if (s.startsWith('GW')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (s.length !== CODE_LEN) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

const hashCode = (normalized: string) => createHash('sha256').update(`gw-invite:${normalized}`).digest('hex');

export type RedeemFailure = 'malformed' | 'unknown' | 'used' | 'expired' | 'revoked';
export type RedeemResult = { ok: true; token: string; user: UserRecord; expiresAt: number } | { ok: false; reason: RedeemFailure };

export const REDEEM_STATUS: Record<RedeemFailure, { status: number; message: string }> = {
  malformed: { status: 400, message: 'This is not an invite code: it looks like GW-XXXX-XXXX-XXXX.' },
  unknown: { status: 404, message: 'No such invite. Check the code with your team lead.' },
  used: { status: 410, message: 'This invite was already used. Ask your team lead for a new one.' },
  expired: { status: 410, message: 'This invite has expired. Ask your team lead for a new one.' },
  revoked: { status: 403, message: 'The account this invite was for has been revoked.' },
};

interface InviteRow {
  code_hash: string;
  user_id: string;
  token_days: number;
  created_at: number;
  expires_at: number;
  redeemed_at: number | null;
}

export class InviteStore {
  private readonly db: Database.Database;
  private readonly stmts;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'invites.sqlite'));
    this.db.pragma('journal_mode = WAL');
    // The CLI adds invites while the relay redeems them.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS invites (
      code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, token_days REAL NOT NULL,
      created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, redeemed_at INTEGER, token_id TEXT
    )`);
    this.stmts = {
      add: this.db.prepare<[string, string, number, number, number]>('INSERT INTO invites (code_hash, user_id, token_days, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
      get: this.db.prepare<[string], InviteRow>('SELECT * FROM invites WHERE code_hash = ?'),
      claim: this.db.prepare<[number, string, number]>('UPDATE invites SET redeemed_at = ? WHERE code_hash = ? AND redeemed_at IS NULL AND expires_at > ?'),
      setToken: this.db.prepare<[string, string]>('UPDATE invites SET token_id = ? WHERE code_hash = ?'),
    };
  }

  /** Creates an invite for an existing user; returns the code (shown once, never stored). */
  create(userId: string, opts: { validDays?: number; tokenDays: number; now?: number }): { code: string; expiresAt: number } {
    const now = opts.now ?? nowSeconds();
    const expiresAt = now + Math.round((opts.validDays ?? DEFAULT_INVITE_DAYS) * 86400);
    const code = newInviteCode();
    this.stmts.add.run(hashCode(normalizeInviteCode(code)!), userId, opts.tokenDays, now, expiresAt);
    return { code, expiresAt };
  }

  /** Uses the invite up (once) and issues a token for its user. */
  async redeem(input: string, store: Store, secret: Buffer, now = nowSeconds()): Promise<RedeemResult> {
    const normalized = typeof input === 'string' ? normalizeInviteCode(input) : null;
    if (!normalized) return { ok: false, reason: 'malformed' };
    const hash = hashCode(normalized);
    const row = this.stmts.get.get(hash);
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.redeemed_at !== null) return { ok: false, reason: 'used' };
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    const user = await store.getUser(row.user_id);
    if (!user || user.revokedAt) return { ok: false, reason: 'revoked' };
    // The conditional UPDATE is the single-use guarantee: of two racing redeems only one changes the row.
    if (this.stmts.claim.run(now, hash, now).changes !== 1) return { ok: false, reason: 'used' };
    const claims = claimsForUser(user, now, row.token_days, newId('t'));
    await store.addToken({ jti: claims.jti, userId: user.id, issuedAt: now, expiresAt: claims.exp, revokedAt: null });
    this.stmts.setToken.run(claims.jti, hash);
    return { ok: true, token: signToken(claims, secret), user, expiresAt: claims.exp };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Guessing codes over HTTP: 60 bits per code already make it hopeless, and this bucket per address (a redeem
 * every 6 s, burst 10) makes it slower still. Bounded: the table is cleared when it grows past `maxAddresses`.
 */
export class RedeemThrottle {
  private readonly seen = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perMinute = 10,
    private readonly burst = 10,
    private readonly maxAddresses = 10_000,
  ) {}
  allow(ip: string, now = Date.now()): boolean {
    let e = this.seen.get(ip);
    if (!e) {
      if (this.seen.size >= this.maxAddresses) this.seen.clear();
      e = { tokens: this.burst, at: now };
      this.seen.set(ip, e);
    }
    e.tokens = Math.min(this.burst, e.tokens + ((now - e.at) / 60_000) * this.perMinute);
    e.at = now;
    if (e.tokens < 1) return false;
    e.tokens -= 1;
    return true;
  }
}
