/**
 * Reconnect delays: exponential growth from `baseMs`, capped at `maxMs`, with jitter so that a relay coming
 * back after an outage is not hit by every client in the same instant. With jitter 0.5 the delay for attempt n
 * is uniformly drawn from [½·d, d] where d = min(maxMs, baseMs·factorⁿ) ("equal jitter"): never zero, never
 * above the cap, and still growing on average.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  factor: number;
  /** Fraction of the delay that is random (0 = none, 1 = "full jitter"). */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** The upper bound of the delay for attempt `attempt` (0-based), before jitter. */
export function backoffCeiling(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  const n = Math.max(0, Math.floor(attempt));
  // Avoid Infinity for absurd attempt numbers: once past the cap, it stays the cap.
  const raw = opts.baseMs * Math.pow(opts.factor, Math.min(n, 64));
  return Math.min(opts.maxMs, Number.isFinite(raw) ? raw : opts.maxMs);
}

/** Milliseconds to wait before reconnect attempt `attempt` (0 = the first retry). `random` returns [0, 1). */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, opts);
  const jitter = Math.min(1, Math.max(0, opts.jitter));
  const r = Math.min(Math.max(random(), 0), 1);
  // Never reconnect in a tight loop, even with full jitter: at least 100 ms (or the ceiling, if smaller).
  return Math.max(Math.min(100, ceiling), Math.round(ceiling * (1 - jitter) + ceiling * jitter * r));
}
