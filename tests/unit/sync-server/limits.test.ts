import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, LIMIT_DEFS, PerIpCounter, readLimits, TokenBucket } from '#sync-server/limits.ts';

describe('limits', () => {
  test('defaults apply when nothing is set', () => {
    expect(readLimits({}, {})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS.maxMessageBytes).toBe(16 * 1024 * 1024);
    expect(DEFAULT_LIMITS.maxBlobBytes).toBe(50 * 1024 * 1024);
  });

  test('flags win over the environment, which wins over defaults', () => {
    const l = readLimits({ 'max-message-bytes': '1000' }, { GW_RELAY_MAX_MESSAGE_BYTES: '2000', GW_RELAY_AWARENESS_RATE: '5' });
    expect(l.maxMessageBytes).toBe(1000);
    expect(l.awarenessPerSecond).toBe(5);
    expect(l.maxConnectionsPerIp).toBe(DEFAULT_LIMITS.maxConnectionsPerIp);
  });

  test('a bad number is a readable error naming the flag', () => {
    expect(() => readLimits({ 'pre-auth-queue': 'lots' }, {})).toThrow('--pre-auth-queue must be a whole number');
    expect(() => readLimits({}, { GW_RELAY_PING_INTERVAL_MS: '-1' })).toThrow('--ping-interval-ms');
    expect(() => readLimits({ 'max-document-bytes': '1.5' }, {})).toThrow();
  });

  test('every limit is documented in sync-server/README.md', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../sync-server/README.md', import.meta.url), 'utf8');
    for (const d of Object.values(LIMIT_DEFS)) {
      expect(readme).toContain(`--${d.flag}`);
      expect(readme).toContain(d.env);
    }
  });

  test('token bucket: burst, then the rate', () => {
    const b = new TokenBucket(10, 20, 0);
    let taken = 0;
    while (b.take(0)) taken++;
    expect(taken).toBe(20);
    expect(b.take(50)).toBe(false);
    expect(b.take(100)).toBe(true);
    expect(b.take(100)).toBe(false);
    // Never more than the burst, however long it rested.
    let later = 0;
    while (b.take(1_000_000)) later++;
    expect(later).toBe(20);
  });

  test('per-IP counter refuses beyond the maximum and frees on release', () => {
    const c = new PerIpCounter(2);
    expect(c.acquire('1.2.3.4')).toBe(true);
    expect(c.acquire('1.2.3.4')).toBe(true);
    expect(c.acquire('1.2.3.4')).toBe(false);
    expect(c.acquire('5.6.7.8')).toBe(true);
    c.release('1.2.3.4');
    expect(c.count('1.2.3.4')).toBe(1);
    expect(c.acquire('1.2.3.4')).toBe(true);
  });
});
