/**
 * Relay-signed tokens: `gw1.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>` (see notes/sync-contract.md).
 * Self-contained, so checking one costs an HMAC and no database read; revocation is a separate, cached list.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROLES = ['expert', 'lead', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Claims {
  sub: string;
  name: string;
  role: Role;
  /** Engagement ids granted, or ['*'] for all. */
  eng: string[];
  /** false = not granted on the network room (311 requests, library and its files), e.g. an outside guest shown
   * one engagement. Absent = granted: every token issued before this claim existed keeps its access. */
  net?: boolean;
  iat: number;
  exp: number;
  jti: string;
}

export type VerifyFailure = 'missing' | 'malformed' | 'bad_signature' | 'expired';
export type VerifyResult = { ok: true; claims: Claims } | { ok: false; reason: VerifyFailure };

const PREFIX = 'gw1';
/** The room every authenticated user may read (programme-wide templates). */
export const PROGRAMME_ROOM = 'programme';
/** 311 requests and the resource library (issue 7): readable by every authenticated user too; viewers stay read-only. */
export const NETWORK_ROOM = 'network';

const b64url = (buf: Buffer) => buf.toString('base64url');

function sign(body: string, secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();
}

/** The claims of a token for `user`, valid from `iat` for `days` (the one place a user record becomes claims). */
export function claimsForUser(user: { id: string; name: string; role: Role; engagements: string[]; network?: boolean }, iat: number, days: number, jti: string): Claims {
  return { sub: user.id, name: user.name, role: user.role, eng: user.engagements, ...(user.network === false ? { net: false } : {}), iat, exp: iat + Math.round(days * 86400), jti };
}

export function signToken(claims: Claims, secret: Buffer): string {
  const body = b64url(Buffer.from(JSON.stringify(claims), 'utf8'));
  return `${PREFIX}.${body}.${b64url(sign(body, secret))}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function verifyToken(token: string | undefined | null, secret: Buffer, now = nowSeconds()): VerifyResult {
  if (!token) return { ok: false, reason: 'missing' };
  if (token.length > 8192) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[A-Za-z0-9_-]+$/.test(parts[1]!) || !/^[A-Za-z0-9_-]+$/.test(parts[2]!)) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = sign(parts[1]!, secret);
  // Signature first: never parse JSON an attacker made up.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  if (claims.exp <= now) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function isClaims(v: unknown): v is Claims {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.sub === 'string' &&
    typeof c.name === 'string' &&
    typeof c.role === 'string' &&
    (ROLES as readonly string[]).includes(c.role) &&
    Array.isArray(c.eng) &&
    c.eng.every((e) => typeof e === 'string') &&
    typeof c.iat === 'number' &&
    typeof c.exp === 'number' &&
    typeof c.jti === 'string' &&
    (c.net === undefined || typeof c.net === 'boolean')
  );
}

/** Is this token granted on the network room? Every signed-in user unless the token says `net: false`. */
export function onNetwork(claims: Claims): boolean {
  return claims.net !== false;
}

/** May this token's holder open `room` at all? Also the rule for the room's blob scope (`/blobs/<room>/…`). */
export function canRead(claims: Claims, room: string): boolean {
  if (room === NETWORK_ROOM) return onNetwork(claims);
  return room === PROGRAMME_ROOM || claims.eng.includes('*') || claims.eng.includes(room);
}

/** May it change the room's document? Viewers never; others wherever they may read. */
export function canWrite(claims: Claims, room: string): boolean {
  return claims.role !== 'viewer' && canRead(claims, room);
}

/** The signing secret in `<data>/secret.key`, created (0600) on first use. */
export function loadOrCreateSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secret.key');
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (err) {
      // Another process (the CLI next to a starting relay) made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64,}$/.test(hex)) throw new Error(`${file} is not a relay secret (expected 64+ hex digits)`);
  return Buffer.from(hex, 'hex');
}
