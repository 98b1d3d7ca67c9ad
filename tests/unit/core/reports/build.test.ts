import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SECTIONS, buildReport, defaultReportOptions, snapshotFromDoc, type ReportSection, type ReportSnapshot } from '#core/reports/index.ts';
import { sampleFixture, type SampleFixture } from '../../../integration/reports/fixture.ts';

let fx: SampleFixture;
let snap: ReportSnapshot;
beforeAll(async () => {
  fx = await sampleFixture({ scale: 0.2 });
  snap = snapshotFromDoc(fx.doc);
});

/** The sample at this scale has few photos on findings: give the first finding two. */
function withTwoPhotos(): ReportSnapshot {
  const ids = snap.attachments.slice(0, 2).map((a) => a.id);
  return { ...snap, findings: snap.findings.map((f, i) => (i === 0 ? { ...f, photoIds: ids } : { ...f, photoIds: f.photoIds.filter((p) => !ids.includes(p)) })) };
}
function walk(node: unknown, fn: (n: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const x of node) walk(x, fn);
  else if (node && typeof node === 'object') {
    fn(node as Record<string, unknown>);
    for (const v of Object.values(node)) if (v && typeof v === 'object') walk(v, fn);
  }
}
const text = (definition: unknown) => JSON.stringify((definition as { content: unknown }).content);
const options = (o: Parameters<typeof defaultReportOptions>[0] = {}) => defaultReportOptions({ generatedAt: new Date('2025-05-15T12:00:00Z'), ...o });
const SECTION_TITLES: Record<ReportSection, string> = {
  summary: '"Executive summary"',
  contents: '"toc"',
  overview: '"Engagement overview"',
  charts: '"Charts"',
  findings: '"Findings by focus area"',
  recommendations: '"Recommendations in detail"',
  methodology: '"Methodology"',
  appendix: '"Appendix: site visits"',
};

describe('buildReport', () => {
  it('prints every section by default, in order, with a cover', () => {
    const { definition } = buildReport(snap, fx.images, options());
    const t = text(definition);
    expect(t).toContain('ACCOUNTABILITY REPORT');
    let last = -1;
    for (const s of ['summary', 'contents', 'overview', 'charts', 'findings', 'recommendations', 'methodology', 'appendix'] as const) {
      const at = t.indexOf(SECTION_TITLES[s]);
      expect(at, s).toBeGreaterThan(last);
      last = at;
    }
  });

  it.each(REPORT_SECTIONS)('leaves out the %s section when it is switched off', (section) => {
    const { definition } = buildReport(snap, fx.images, options({ sections: { [section]: false } }));
    const t = text(definition);
    expect(t).not.toContain(SECTION_TITLES[section]);
    for (const other of REPORT_SECTIONS.filter((s) => s !== section)) expect(t, other).toContain(SECTION_TITLES[other]);
  });

  it('sets paper, deterministic metadata, page numbers and running header', () => {
    const at = new Date('2026-01-01T12:00:00Z');
    const { definition } = buildReport(snap, fx.images, options({ paper: 'A4', generatedAt: at, edition: 'internal' }));
    expect(definition.pageSize).toBe('A4');
    expect(definition.info?.creationDate).toEqual(at);
    const footer = definition.footer as (page: number, pages: number) => unknown;
    expect(JSON.stringify(footer(3, 9))).toContain('Page 3 of 9');
    expect(footer(1, 9)).toBe('');
    const header = definition.header as (page: number) => unknown;
    expect(JSON.stringify(header(2))).toContain('Internal edition');
    expect(typeof definition.pageBreakBefore).toBe('function');
  });

  it('moves a heading that would end a page to the next page, and leaves others alone', () => {
    const { definition } = buildReport(snap, fx.images, options());
    const pbb = definition.pageBreakBefore!;
    const node = (ratio: number, level?: number) => ({ headlineLevel: level, startPosition: { verticalRatio: ratio } }) as unknown as Parameters<typeof pbb>[0];
    const q = (following: number) => ({ getFollowingNodesOnPage: () => new Array(following).fill({}), getNodesOnNextPage: () => [], getPreviousNodesOnPage: () => [] });
    expect(pbb(node(0.95, 2), q(0))).toBe(true);
    expect(pbb(node(0.95, 2), q(3))).toBe(false);
    expect(pbb(node(0.95), q(0))).toBe(false);
    expect(pbb(node(0.2, 3), q(0))).toBe(false);
  });

  it('keeps photos with their captions in unbreakable blocks and repeats table header rows', () => {
    const { definition } = buildReport(withTwoPhotos(), fx.images, options({ edition: 'internal' }));
    const photoRows: Record<string, unknown>[] = [];
    const tables: Record<string, unknown>[] = [];
    const isPhoto = (x: unknown) => {
      const stack = (x as { stack?: Record<string, unknown>[] }).stack;
      return !!stack?.[0] && String(stack[0].image ?? '').startsWith('photo-');
    };
    walk(definition.content, (n) => {
      if (Array.isArray(n.columns) && n.columns.some(isPhoto)) photoRows.push(n);
      if (n.table) tables.push(n.table as Record<string, unknown>);
    });
    expect(photoRows.length).toBeGreaterThanOrEqual(1);
    for (const row of photoRows) {
      // One unbreakable row holds each photo with its caption (nesting unbreakables makes pdfmake slow).
      expect(row.unbreakable).toBe(true);
      for (const cell of (row.columns as { stack?: unknown[] }[]).filter(isPhoto)) expect(JSON.stringify(cell.stack![1])).toMatch(/Photo \d+\. /);
    }
    const recTable = tables.find((t) => JSON.stringify(t).includes('"Owner"'))!;
    expect(recTable.headerRows).toBe(1);
    expect(recTable.dontBreakRows).toBe(true);
    expect(Object.keys(definition.images ?? {}).length).toBeGreaterThan(0);
  });

  it('draws the three charts as SVG', () => {
    const { definition } = buildReport(snap, fx.images, options());
    const svgs = text(definition).match(/"svg":"<svg /g) ?? [];
    expect(svgs.length).toBe(3);
  });

  it('turns a missing or damaged photo into a placeholder and a warning, never a failure', () => {
    const s2 = withTwoPhotos();
    const withPhotos = s2.findings.flatMap((f) => f.photoIds);
    expect(withPhotos.length).toBeGreaterThan(1);
    const images = new Map(fx.images);
    const good = images.get(withPhotos[0]!) as Uint8Array;
    images.set(withPhotos[0]!, good.slice(0, good.length - 40)); // cut short
    images.delete(withPhotos[1]!); // missing
    const { definition, warnings } = buildReport(s2, images, options({ edition: 'internal' }));
    expect(warnings.map((w) => w.subject)).toEqual(expect.arrayContaining([withPhotos[0], withPhotos[1]]));
    expect(warnings.find((w) => w.subject === withPhotos[0])!.message).toMatch(/damaged/);
    expect(warnings.find((w) => w.subject === withPhotos[1])!.message).toMatch(/missing/);
    expect(text(definition)).toContain('Photo unavailable');
  });

  it('is a pure function of its inputs', () => {
    const a = buildReport(snap, fx.images, options());
    const b = buildReport(snap, fx.images, options());
    expect(text(a.definition)).toBe(text(b.definition));
  });

  it('prints a text-only report when photos are off', () => {
    const { definition, stats } = buildReport(snap, fx.images, options({ photos: false, edition: 'internal' }));
    expect(stats.photos).toBe(0);
    expect(Object.keys(definition.images ?? {})).toEqual([]);
  });
});
