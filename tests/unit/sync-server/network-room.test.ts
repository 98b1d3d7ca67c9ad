import { describe, expect, it } from 'vitest';
import { canRead, canWrite, NETWORK_ROOM, type Claims } from '#sync-server/auth/tokens.ts';

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
});
