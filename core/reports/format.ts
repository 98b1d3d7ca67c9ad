import type { RecommendationStatus } from '../schemas/index.ts';

/** Formatting by hand, not Intl: the same bytes in Node, Chromium and the Worker whatever their locale data. */
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}
export function shortDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${MONTHS[m - 1]!.slice(0, 3)} ${d}, ${y}`;
}
export function monthYear(iso: string): string {
  const [y, m] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m) return iso;
  return `${MONTHS[m - 1]} ${y}`;
}
export function quarterOf(iso: string): { year: number; q: number } {
  const [y, m] = iso.slice(0, 10).split('-').map(Number);
  return { year: y ?? 0, q: Math.floor(((m ?? 1) - 1) / 3) + 1 };
}
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export const STATUS_LABELS: Record<RecommendationStatus, string> = {
  draft: 'Draft',
  proposed: 'Proposed',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  implemented: 'Implemented',
  declined: 'Declined',
};
/** Status colours print distinctly in greyscale too (lightness steps), and status is always also written out. */
export const STATUS_COLORS: Record<RecommendationStatus, string> = {
  draft: '#b7bec7',
  proposed: '#7f9cc0',
  accepted: '#3f7fb5',
  'in-progress': '#e0a030',
  implemented: '#2f8f5b',
  declined: '#a65a5a',
};

export const PRIORITY_LABELS = { high: 'High', medium: 'Medium', low: 'Low' } as const;
export const TIMEFRAME_LABELS = { immediate: 'Immediate', 'short-term': 'Short term', 'medium-term': 'Medium term', 'long-term': 'Long term' } as const;
export const KIND_LABELS = { direct: 'On-the-ground engagement', '311': '311 for Cities request', peer: 'Peer exchange' } as const;
export const INTENSITY_LABELS = { light: 'Light', moderate: 'Moderate', intensive: 'Intensive' } as const;
export const ENGAGEMENT_STATUS_LABELS = { 'pre-assessment': 'Pre-assessment', active: 'Active', continuation: 'Continuation', closed: 'Closed' } as const;
export const REVIEW_LABELS = { draft: 'Draft', submitted: 'Submitted', 'changes-requested': 'Changes requested', approved: 'Approved' } as const;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatNumber(value: number, unit: string): string {
  const digits = Number.isInteger(value) ? 0 : 1;
  const grouped = (n: number) => {
    const [int, frac] = Math.abs(n).toFixed(digits).split('.');
    const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${n < 0 ? '−' : ''}${withCommas}${frac ? `.${frac}` : ''}`;
  };
  if (unit === '$') return `$${grouped(value)}`;
  if (unit === '$ million') return `$${grouped(value)} million`;
  if (unit === '%') return `${grouped(value)}%`;
  return unit ? `${grouped(value)} ${unit}` : grouped(value);
}

/** Mix a #rrggbb colour with white: tints of the accent for fills. */
export function tint(hex: string, amount: number): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) return hex;
  const n = parseInt(m[1]!, 16);
  const ch = (shift: number) => {
    const c = (n >> shift) & 255;
    return Math.round(c + (255 - c) * amount)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${ch(16)}${ch(8)}${ch(0)}`;
}

/** A safe accent: a valid #rrggbb, darkened until white text on it reaches 4.5:1 contrast. */
export function safeAccent(hex: string, fallback: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return fallback;
  const n = parseInt(m[1]!, 16);
  let rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c: number[]) => 0.2126 * lin(c[0]!) + 0.7152 * lin(c[1]!) + 0.0722 * lin(c[2]!);
  for (let i = 0; i < 40 && luminance(rgb) > 0.183; i++) rgb = rgb.map((c) => Math.floor(c * 0.92));
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}
