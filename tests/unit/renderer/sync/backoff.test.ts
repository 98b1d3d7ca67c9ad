import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from '#renderer/sync/backoff.ts';

describe('reconnect backoff', () => {
  it('grows exponentially from the base and stops at the cap', () => {
    const opts = { baseMs: 500, maxMs: 30_000, factor: 2, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, opts))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(10_000, opts)).toBe(30_000);
    expect(backoffCeiling(-3, opts)).toBe(500);
  });

  it('with jitter stays within [ceiling·(1−jitter), ceiling] for any attempt and random value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r, jitter) => {
        const opts = { ...DEFAULT_BACKOFF, jitter };
        const ceiling = backoffCeiling(attempt, opts);
        const d = backoffDelay(attempt, opts, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(ceiling * (1 - jitter)));
        expect(d).toBeLessThanOrEqual(ceiling);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
      }),
    );
  });

  it('the default spreads clients out: the extremes of the random source give ½·ceiling and the ceiling', () => {
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0)).toBe(2000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999999)).toBe(4000);
    const samples = new Set(Array.from({ length: 50 }, () => backoffDelay(4)));
    expect(samples.size).toBeGreaterThan(10);
  });

  it('clamps a misbehaving random source', () => {
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => 7)).toBe(2000);
    expect(backoffDelay(2, DEFAULT_BACKOFF, () => -1)).toBe(1000);
  });
});
