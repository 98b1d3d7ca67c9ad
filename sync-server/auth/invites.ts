/**
 * Invites: a short, single-use, expiring code a lead reads out or texts to an expert, which the app exchanges
 * for a token (POST /api/invites/redeem). Tokens are long and awkward to pass on by phone; an invite is
 * `GW-XXXX-XXXX-XXXX` in Crockford base32 (no I, L, O, U; 60 random bits) and forgives the usual typing slips
 * (lower case, spaces, O for 0, I/L for 1).
 *
 * Only the code's SHA-256 is stored, so a copy of the data directory (or a database dump) does not hand out
 * accounts. Invites live in the relay's Store — the SQLite file, or the PostgreSQL every node shares, so a code
 * made with the CLI against `--store postgres://…` is redeemed on whichever node the request reaches. Redeeming
 * is one conditional UPDATE (Store.claimInvite), so a code is used at most once even if two people race.
 */
import { createHash, randomBytes } from 'node:crypto';
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

/** Creates an invite for an existing user; returns the code (shown once, never stored). */
export async function createInvite(store: Store, userId: string, opts: { validDays?: number; tokenDays: number; now?: number }): Promise<{ code: string; expiresAt: number }> {
  const now = opts.now ?? nowSeconds();
  const expiresAt = now + Math.round((opts.validDays ?? DEFAULT_INVITE_DAYS) * 86400);
  // 60 random bits: a second code with the same hash is not going to happen, but if it did, refuse it rather than
  // print a code that redeems someone else's invite.
  const code = newInviteCode();
  if (!(await store.addInvite({ codeHash: hashCode(normalizeInviteCode(code)!), userId, tokenDays: opts.tokenDays, createdAt: now, expiresAt, redeemedAt: null, tokenId: null }))) {
    throw new Error('invite code collision; run the command again');
  }
  return { code, expiresAt };
}

/** Uses the invite up (once) and issues a token for its user. */
export async function redeemInvite(store: Store, input: string, secret: Buffer, now = nowSeconds()): Promise<RedeemResult> {
  const normalized = typeof input === 'string' ? normalizeInviteCode(input) : null;
  if (!normalized) return { ok: false, reason: 'malformed' };
  const hash = hashCode(normalized);
  const row = await store.getInvite(hash);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.redeemedAt !== null) return { ok: false, reason: 'used' };
  if (row.expiresAt <= now) return { ok: false, reason: 'expired' };
  const user = await store.getUser(row.userId);
  if (!user || user.revokedAt) return { ok: false, reason: 'revoked' };
  const claims = claimsForUser(user, now, row.tokenDays, newId('t'));
  // The conditional UPDATE is the single-use guarantee: of two racing redeems only one changes the row. (It
  // also re-checks expiry, so a code expiring between the read and here is not used either — answered 'used'
  // as before: the rare loser of that race sees the same answer as the loser of a redeem race.)
  if (!(await store.claimInvite(hash, now, claims.jti))) return { ok: false, reason: 'used' };
  await store.addToken({ jti: claims.jti, userId: user.id, issuedAt: now, expiresAt: claims.exp, revokedAt: null });
  return { ok: true, token: signToken(claims, secret), user, expiresAt: claims.exp };
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
