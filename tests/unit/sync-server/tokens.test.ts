import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { canRead, canWrite, loadOrCreateSecret, signToken, verifyToken, type Claims } from '#sync-server/auth/tokens.ts';
import { roomFromUrl, tokenFromRequest } from '#sync-server/auth/upgrade.ts';
import type { IncomingMessage } from 'node:http';

const secret = randomBytes(32);
const now = 1_800_000_000;
const claims = (over: Partial<Claims> = {}): Claims => ({ sub: 'u1', name: 'Ana Reyes', role: 'expert', eng: ['eng-a'], iat: now - 10, exp: now + 3600, jti: 't1', ...over });

describe('tokens', () => {
  test('a signed token verifies and yields its claims', () => {
    const t = signToken(claims(), secret);
    expect(t).toMatch(/^gw1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(t, secret, now)).toEqual({ ok: true, claims: claims() });
  });

  test('missing, malformed, wrongly signed, tampered and expired tokens are refused with the reason', () => {
    const t = signToken(claims(), secret);
    const [p, body, sig] = t.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims(), role: 'lead', eng: ['*'] })).toString('base64url');
    expect(verifyToken(undefined, secret, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken('', secret, now)).toEqual({ ok: false, reason: 'missing' });
    expect(verifyToken('hello', secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(`gw2.${body}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(`${p}.${body}.${sig}.x`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(`${p}.${body}.${sig}=`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(t, randomBytes(32), now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(`${p}.${forged}.${sig}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(`${p}.${body}.${sig!.slice(0, -2)}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(t, secret, now + 3600)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken('x'.repeat(10_000), secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('a correctly signed payload that is not a claims object is malformed', () => {
    const tokenFor = (payload: unknown) => signToken(payload as Claims, secret);
    expect(verifyToken(tokenFor({ ...claims(), role: 'admin' }), secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(tokenFor({ ...claims(), eng: 'eng-a' }), secret, now)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyToken(tokenFor(null), secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('grants: engagements, wildcard, the programme room; viewers never write', () => {
    expect(canRead(claims(), 'eng-a')).toBe(true);
    expect(canRead(claims(), 'eng-b')).toBe(false);
    expect(canRead(claims(), 'programme')).toBe(true);
    expect(canRead(claims({ eng: ['*'] }), 'eng-b')).toBe(true);
    expect(canWrite(claims(), 'eng-a')).toBe(true);
    expect(canWrite(claims({ role: 'lead' }), 'programme')).toBe(true);
    expect(canWrite(claims({ role: 'viewer' }), 'eng-a')).toBe(false);
    expect(canWrite(claims({ role: 'viewer' }), 'programme')).toBe(false);
    expect(canWrite(claims(), 'eng-b')).toBe(false);
  });

  test('the secret is created once, 0600, and reused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-secret-'));
    try {
      const a = loadOrCreateSecret(dir);
      const b = loadOrCreateSecret(dir);
      expect(a.equals(b)).toBe(true);
      expect(a.length).toBe(32);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toHaveLength(64);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('upgrade request parsing', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  test('the token comes from Sec-WebSocket-Protocol, else from a Bearer header', () => {
    expect(tokenFromRequest(req({ 'sec-websocket-protocol': 'groundwork, token.gw1.a.b' }))).toBe('gw1.a.b');
    expect(tokenFromRequest(req({ authorization: 'Bearer gw1.c.d' }))).toBe('gw1.c.d');
    expect(tokenFromRequest(req({ 'sec-websocket-protocol': 'groundwork' }))).toBeNull();
    expect(tokenFromRequest(req({}))).toBeNull();
  });
  test('the room is the single path segment; odd names are refused', () => {
    expect(roomFromUrl('/eng-a')).toBe('eng-a');
    expect(roomFromUrl('/eng-a?x=1')).toBe('eng-a');
    expect(roomFromUrl('/programme')).toBe('programme');
    expect(roomFromUrl('/')).toBeNull();
    expect(roomFromUrl('/a/b')).toBeNull();
    expect(roomFromUrl('/%E0%A4%A')).toBeNull();
    expect(roomFromUrl('/' + 'x'.repeat(200))).toBeNull();
  });
});
