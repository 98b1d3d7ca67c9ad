/** Small seeded PRNG (mulberry32): the same seed always gives the same sample programme. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  /** k distinct items, in a random order. */
  sample<T>(items: readonly T[], k: number): T[];
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Around `mean`, spread ± `spread`, rounded to `digits` decimals. */
  around(mean: number, spread: number, digits?: number): number;
  fork(salt: number): Rng;
}

export function createRng(seed: number): Rng {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    sample: (items, k) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, Math.max(0, Math.min(k, copy.length)));
    },
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of entries) {
        r -= w;
        if (r < 0) return v;
      }
      return entries[entries.length - 1]![0];
    },
    around: (mean, spread, digits = 1) => {
      const f = 10 ** digits;
      return Math.round((mean + (next() * 2 - 1) * spread) * f) / f;
    },
    fork: (salt) => createRng((Math.imul(seed ^ 0x85ebca6b, 31) + Math.imul(salt, 0x27d4eb2f)) >>> 0),
  };
  return rng;
}

/** Replace {slot} markers; unknown slots are left visible so a missing value is noticed in review. */
export function fill(template: string, slots: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in slots ? String(slots[k]) : m));
}

const DAY = 86_400_000;
export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}
/** An instant on a calendar day, during working hours. */
export function at(isoDate: string, hour: number, minute = 0): string {
  return `${isoDate}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
}
