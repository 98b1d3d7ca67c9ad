import { describe, expect, it } from 'vitest';
import { canRead, canWrite, NETWORK_ROOM, signToken, verifyToken, type Claims } from '#sync-server/auth/tokens.ts';

const claims = (over: Partial<Claims> = {}): Claims => ({ sub: 'u1', name: 'Una', role: 'expert', eng: ['eng-a'], iat: 1, exp: 2, jti: 'j', ...over });

describe('the network room (311 requests and the library, issue 7)', () => {
  it('is open to every signed-in person, like the programme room, whatever engagements they are granted', () => {
    expect(NETWORK_ROOM).toBe('network');
    expect(canRead(claims({ eng: [] }), 'network')).toBe(true);
    expect(canWrite(claims({ eng: [] }), 'network')).toBe(true);
    expect(canWrite(claims({ role: 'lead' }), 'network')).toBe(true);
  });

  it('stays read-only for viewers', () => {
    expect(canRead(claims({ role: 'viewer' }), 'network')).toBe(true);
    expect(canWrite(claims({ role: 'viewer' }), 'network')).toBe(false);
  });

  it('is withheld from a token that says net: false (its engagements stay open), and the claim survives signing', () => {
    const outsider = claims({ net: false, eng: ['eng-a'] });
    expect(canRead(outsider, 'network')).toBe(false);
    expect(canWrite(outsider, 'network')).toBe(false);
    expect(canRead(outsider, 'eng-a')).toBe(true);
    expect(canRead(claims({ net: true }), 'network')).toBe(true);
    const secret = Buffer.alloc(32, 7);
    const v = verifyToken(signToken({ ...outsider, exp: 4_000_000_000 }, secret), secret);
    expect(v.ok && v.claims.net).toBe(false);
    // A claim of the wrong type is a malformed token, not a grant.
    const bad = verifyToken(signToken({ ...claims(), exp: 4_000_000_000, net: 'no' as unknown as boolean }, secret), secret);
    expect(bad).toEqual({ ok: false, reason: 'malformed' });
  });
});
