import { Fragment, type ReactNode } from 'react';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Mark the matched words in a piece of text. `terms` are the indexed words that matched (after typo and prefix
 * expansion), so "housng" highlights "housing"; a word matches from its start, case-insensitively.
 */
export function highlight(text: string, terms: readonly string[]): ReactNode {
  const clean = [...new Set(terms.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  if (!text || !clean.length) return text;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${clean.map(escape).join('|')})`, 'giu');
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const i = m.index ?? 0;
    if (i > last) out.push(text.slice(last, i));
    out.push(<mark key={i}>{m[0]}</mark>);
    last = i + m[0].length;
  }
  if (!out.length) return text;
  if (last < text.length) out.push(text.slice(last));
  return <Fragment>{out}</Fragment>;
}

/**
 * A window of the text around its first match (the index stores only the start of long text), so the result shows
 * why it matched; falls back to the given excerpt.
 */
export function windowAround(text: string, terms: readonly string[], width = 180): string {
  if (!text) return '';
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.indexOf(t.toLowerCase());
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0 || at < width / 2) return text.length > width ? `${text.slice(0, width).trimEnd()}…` : text;
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(text.length, start + width);
  return `…${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}
