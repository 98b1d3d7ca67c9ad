import { beforeAll, describe, expect, it } from 'vitest';
import { buildPortfolio, defaultPortfolioOptions, publicFilter, snapshotFromDoc, type ReportSnapshot } from '#core/reports/index.ts';
import { renderDefinition } from '#sync-server/report/render.ts';
import { pdfPages, pdfRawText, programmeDocs } from './fixture.ts';
import { plantLeakMarkers, type Planted } from './leak-markers.ts';

/**
 * The portfolio report read back with pdftotext: every recommendation of every city in the internal edition,
 * only the approved and non-confidential ones in the public edition, and none of the leak test's markers
 * (planted in every engagement of the programme) in the public one.
 */
const AT = new Date('2025-05-15T12:00:00Z');
const planted: Planted[] = [];
let snaps: ReportSnapshot[];
let internalPdf: Buffer;
let publicPdf: Buffer;
let internalText: string;
let publicText: string;

beforeAll(async () => {
  let i = 0;
  const { docs } = programmeDocs({ scale: 0.4, mutate: (s) => plantLeakMarkers(s, planted, String.fromCharCode(65 + i++)) });
  snaps = docs.map(snapshotFromDoc);
  internalPdf = await renderDefinition(buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'internal', generatedAt: AT })).definition);
  publicPdf = await renderDefinition(buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'public', generatedAt: AT })).definition);
  // Content-stream order: each table row's cells stay together whatever pdftotext's column detection does.
  // A title that wraps at its own hyphen ("one-time") reads back as "one- time".
  internalText = pdfRawText(internalPdf).replace(/(\w)- (\w)/g, '$1-$2');
  publicText = pdfRawText(publicPdf).replace(/(\w)- (\w)/g, '$1-$2');
}, 90_000);

/** "R-12 " followed by the title, as the per-city table prints it (the title may wrap: whitespace is collapsed). */
const rowOf = (n: number, title: string) => `R-${n} ${title}`;

describe('portfolio report (read back with pdftotext)', () => {
  it('has a cover, contents, the summary table, the chart and one section per city', () => {
    expect(snaps.length).toBeGreaterThan(2);
    for (const t of [internalText, publicText]) {
      for (const s of ['Recommendations by city', 'Contents', 'Summary by city', 'Status by city', 'All cities', 'Last activity']) expect(t, s).toContain(s);
      for (const s of snaps) expect(t).toMatch(new RegExp(`${s.engagement.city}, ${s.engagement.state} \\d+ `)); // in the contents, with its page
      expect(t).toMatch(/P O RT F O L I O R E P O RT|PORTFOLIO REPORT/); // letter-spaced on the cover
    }
    expect(internalText).toContain('Internal edition — not for publication');
    expect(publicText).toContain('Public edition');
  });

  it('numbers every page after the cover as "Page N of M"', () => {
    const pages = pdfPages(internalPdf);
    expect(pages).toBeGreaterThan(snaps.length + 2);
    for (let n = 2; n <= pages; n++) expect(internalText).toContain(`Page ${n} of ${pages}`);
    expect(internalText).not.toContain(`Page 1 of ${pages}`);
  });

  it('lists every recommendation of every city in the internal edition', () => {
    let n = 0;
    for (const s of snaps)
      for (const r of s.recommendations) {
        expect(internalText, `${s.engagement.city} R-${r.number}`).toContain(rowOf(r.number, r.title));
        n++;
      }
    expect(n).toBeGreaterThan(100);
  });

  it('lists only approved, non-confidential recommendations in the public edition', () => {
    let shown = 0;
    for (const s of snaps) {
      const pub = new Set(publicFilter(s).recommendations.map((r) => r.id));
      for (const r of s.recommendations) {
        if (pub.has(r.id)) {
          expect(r.review.state).toBe('approved');
          expect(r.confidential).toBe(false);
          expect(publicText, `${s.engagement.city} R-${r.number}`).toContain(rowOf(r.number, r.title));
          shown++;
        } else expect(publicText).not.toContain(r.title);
      }
    }
    expect(shown).toBeGreaterThan(20);
  });

  it('prints none of the leak markers in the public edition, and the recommendation ones internally', () => {
    expect(planted.length).toBeGreaterThan(200);
    const leaked = planted.filter((p) => publicText.includes(p.token));
    expect(leaked.map((p) => `${p.token} (${p.where})`)).toEqual([]);
    expect(publicText).not.toMatch(/LEAK[A-Z]+\d+X/);
    // The portfolio prints recommendation titles (not notes, findings or visits): those markers must show internally.
    const titles = planted.filter((p) => /^LEAKR(CONF|DRAFT)/.test(p.token));
    expect(titles.length).toBeGreaterThan(10);
    for (const p of titles) expect(internalText, p.where).toContain(p.token);
    expect(internalText).not.toMatch(/LEAKRNOTE/); // internal notes are never part of the portfolio
  });

  it('counts statuses and overdue items per city in the summary', () => {
    const built = buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'internal', generatedAt: AT }));
    const STATUS = { 'pre-assessment': 'Pre-assessment', active: 'Active', continuation: 'Continuation', closed: 'Closed' } as const;
    const summary = internalText.slice(internalText.indexOf('Summary by city Every'));
    for (const c of built.cities) {
      const cell = (n: number) => (n ? String(n) : '–');
      const figures = [...Object.values(c.counts), c.total, c.overdue].map(cell).join(' ');
      expect(summary, c.city).toContain(`${c.city} ${c.state} · ${STATUS[c.status]} ${figures}`);
    }
    expect(built.stats.recommendations).toBe(snaps.reduce((n, s) => n + s.recommendations.length, 0));
  });

  it('renders the same bytes for the same input and date', async () => {
    const again = await renderDefinition(buildPortfolio(snaps, defaultPortfolioOptions({ edition: 'public', generatedAt: AT })).definition);
    expect(again.equals(publicPdf)).toBe(true);
  });
});
