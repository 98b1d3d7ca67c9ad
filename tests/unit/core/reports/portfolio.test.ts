import { beforeAll, describe, expect, it } from 'vitest';
import { buildPortfolio, defaultPortfolioOptions, isOverdue, portfolioCities, publicFilter, snapshotFromDoc, type ReportSnapshot } from '#core/reports/index.ts';
import { programmeDocs } from '../../../integration/reports/fixture.ts';

const AT = new Date('2025-05-15T12:00:00Z');
let snaps: ReportSnapshot[];
beforeAll(() => {
  snaps = programmeDocs({ scale: 0.2 }).docs.map(snapshotFromDoc);
});

function tables(node: unknown, out: { headerRows?: number; dontBreakRows?: boolean; body: unknown[][] }[] = []) {
  if (Array.isArray(node)) for (const x of node) tables(x, out);
  else if (node && typeof node === 'object') {
    const t = (node as { table?: { headerRows?: number; dontBreakRows?: boolean; body: unknown[][] } }).table;
    if (t?.body) out.push(t);
    for (const v of Object.values(node)) if (v && typeof v === 'object') tables(v, out);
  }
  return out;
}

describe('isOverdue', () => {
  it('is due before the day and neither implemented nor declined', () => {
    expect(isOverdue({ dueDate: '2025-05-14', status: 'accepted' }, '2025-05-15')).toBe(true);
    expect(isOverdue({ dueDate: '2025-05-15', status: 'accepted' }, '2025-05-15')).toBe(false);
    expect(isOverdue({ dueDate: '2025-01-01', status: 'implemented' }, '2025-05-15')).toBe(false);
    expect(isOverdue({ dueDate: '2025-01-01', status: 'declined' }, '2025-05-15')).toBe(false);
    expect(isOverdue({ dueDate: undefined, status: 'proposed' }, '2025-05-15')).toBe(false);
  });
});

describe('portfolioCities', () => {
  it('counts every recommendation once, by status, sorted by city whatever the input order', () => {
    const rows = portfolioCities([...snaps].reverse(), '2025-05-15');
    expect(rows.map((r) => r.city)).toEqual([...snaps.map((s) => s.engagement.city)].sort((a, b) => a.localeCompare(b, 'en')));
    for (const r of rows) {
      const s = snaps.find((x) => x.engagement.id === r.engagementId)!;
      expect(Object.values(r.counts).reduce((a, b) => a + b, 0)).toBe(s.recommendations.length);
      expect(r.total).toBe(s.recommendations.length);
      expect(r.overdue).toBe(s.recommendations.filter((x) => isOverdue(x, '2025-05-15')).length);
      expect(r.lastActivity).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});

describe('buildPortfolio', () => {
  it('has a summary table and one table per city with a repeated header row that never splits a row', () => {
    const built = buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'internal', generatedAt: AT }));
    const all = tables(built.definition.content).filter((t) => t.headerRows === 1);
    const withRecs = snaps.filter((s) => s.recommendations.length).length;
    expect(all.length).toBe(1 + withRecs);
    for (const t of all) expect(t.dontBreakRows).toBe(true);
    const rows = all.slice(1).reduce((n, t) => n + t.body.length - 1, 0);
    expect(rows).toBe(snaps.reduce((n, s) => n + s.recommendations.length, 0));
    expect(JSON.stringify(built.definition.content)).toContain('"svg"');
    expect(built.stats.engagements).toBe(snaps.length);
  });

  it('builds the public edition from the public filter only', () => {
    const built = buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'public', generatedAt: AT }));
    expect(built.stats.recommendations).toBe(snaps.reduce((n, s) => n + publicFilter(s).recommendations.length, 0));
    const text = JSON.stringify(built.definition.content);
    for (const s of snaps) for (const r of s.recommendations) if (r.internalNotes.trim()) expect(text).not.toContain(r.internalNotes.trim());
  });

  it('gives the same definition for the same input, and a helpful page for no engagements', () => {
    const a = buildPortfolio(snaps, defaultPortfolioOptions({ generatedAt: AT }));
    const b = buildPortfolio([...snaps].reverse(), defaultPortfolioOptions({ generatedAt: AT }));
    expect(JSON.stringify(a.definition.content)).toBe(JSON.stringify(b.definition.content));
    const empty = buildPortfolio([], defaultPortfolioOptions({ generatedAt: AT }));
    expect(JSON.stringify(empty.definition.content)).toContain('No engagements were included in this report.');
  });
});
