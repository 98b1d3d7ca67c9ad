import { formatDate } from '../../ui/format.ts';

/** A stored field value as a short readable string (history rows, conflict candidates, diffs). */
export function valueText(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'string') return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v))
    return v.length === 0
      ? '—'
      : v
          .map((x) =>
            typeof x === 'object' && x ? ((x as { text?: string; name?: string }).text ?? (x as { name?: string }).name ?? JSON.stringify(x)) : String(x),
          )
          .join(', ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('state' in o) return String(o.state);
    if ('address' in o) return String(o.address ?? '—');
    return JSON.stringify(v);
  }
  return String(v);
}
