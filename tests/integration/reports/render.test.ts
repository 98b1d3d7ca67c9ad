import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packBundle } from '#core/bundle/index.ts';
import { defaultReportOptions, publicFilter, snapshotFromDoc, type ReportSnapshot } from '#core/reports/index.ts';
import { renderReport } from '#sync-server/report/render.ts';
import { pdfPages, pdfText, sampleFixture, type SampleFixture } from './fixture.ts';

const AT = new Date('2025-05-15T12:00:00Z');
let fx: SampleFixture;
let snap: ReportSnapshot;
let publicPdf: Buffer;
let internalPdf: Buffer;

beforeAll(async () => {
  fx = await sampleFixture({ scale: 0.4 });
  snap = snapshotFromDoc(fx.doc);
  publicPdf = (await renderReport(snap, fx.images, defaultReportOptions({ edition: 'public', generatedAt: AT }))).pdf;
  internalPdf = (await renderReport(snap, fx.images, defaultReportOptions({ edition: 'internal', generatedAt: AT }))).pdf;
}, 60_000);

describe('rendered report (read back with pdftotext)', () => {
  it('has every section, a table of contents with page numbers and the running header', () => {
    const t = pdfText(publicPdf);
    for (const s of [`${snap.engagement.city}, ${snap.engagement.state}`, 'Executive summary', 'Contents', 'Engagement overview', 'Indicators', 'Charts', 'Findings by focus area', 'Recommendations in detail', 'Methodology', 'Appendix: site visits', 'Implementation timeline'])
      expect(t, s).toContain(s);
    expect(t).toMatch(/Executive summary \d+ Engagement overview \d+/); // the TOC, with page numbers
    expect(t).toContain(`${snap.engagement.city}, ${snap.engagement.state} — Accountability report`);
    expect(t).toContain('Public edition');
    expect(pdfText(internalPdf)).toContain('Internal edition — not for publication');
  });

  it('numbers every page after the cover as "Page N of M"', () => {
    for (const pdf of [publicPdf, internalPdf]) {
      const pages = pdfPages(pdf);
      expect(pages).toBeGreaterThan(5);
      const t = pdfText(pdf);
      for (let n = 2; n <= pages; n++) expect(t).toContain(`Page ${n} of ${pages}`);
      expect(t).not.toContain(`Page 1 of ${pages}`); // the cover carries no running footer
    }
  });

  it('prints every approved recommendation in the public edition, and only those', () => {
    const t = pdfText(publicPdf);
    const approved = snap.recommendations.filter((r) => r.review.state === 'approved' && !r.confidential);
    expect(approved.length).toBeGreaterThan(10);
    for (const r of approved) {
      expect(t, r.title).toContain(r.title);
      expect(t).toContain(`R-${r.number} `);
    }
    const numbers = new Set(publicFilter(snap).recommendations.map((r) => r.number));
    for (const r of snap.recommendations) if (!numbers.has(r.number)) expect(t).not.toMatch(new RegExp(`R-${r.number}\\b`));
  });

  it('renders the same bytes for the same input and date, and different bytes for another date', async () => {
    const again = (await renderReport(snap, fx.images, defaultReportOptions({ edition: 'public', generatedAt: AT }))).pdf;
    expect(again.equals(publicPdf)).toBe(true);
    const later = (await renderReport(snap, fx.images, defaultReportOptions({ edition: 'public', generatedAt: new Date('2025-06-01T12:00:00Z') }))).pdf;
    expect(later.equals(publicPdf)).toBe(false);
  });

  it('prints a placeholder and returns a warning for a corrupt or missing photo, and still renders', async () => {
    const used = snap.findings.flatMap((f) => f.photoIds);
    expect(used.length).toBeGreaterThan(1);
    const images = new Map(fx.images);
    const bytes = images.get(used[0]!) as Uint8Array;
    const broken = bytes.slice();
    broken[bytes.length >> 1] = broken[bytes.length >> 1]! ^ 0xff;
    images.set(used[0]!, broken);
    images.set(used[1]!, 'missing');
    const r = await renderReport(snap, images, defaultReportOptions({ edition: 'internal', generatedAt: AT }));
    expect(r.warnings.length).toBe(2);
    const t = pdfText(r.pdf);
    expect(t.match(/Photo unavailable/g)?.length).toBe(2);
    expect(t).toContain('the photo is missing');
    expect(t).toContain('the photo file is damaged');
  });

  it('renders from an exported bundle with the CLI, byte-identically for a fixed --date', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-report-'));
    const bundle = await packBundle({ doc: fx.doc, attachments: fx.blobs, exportedBy: 'tester', appVersion: '0.1.0', now: AT });
    writeFileSync(join(dir, 'e.zip'), bundle);
    const run = (out: string) =>
      execFileSync('node', ['--import', 'tsx', 'scripts/report.ts', '--bundle', join(dir, 'e.zip'), '--edition', 'public', '--out', join(dir, out), '--date', '2025-05-15', '--paper', 'A4'], {
        cwd: process.cwd(),
      }).toString();
    expect(run('a.pdf')).toMatch(/public edition of .* recommendations/);
    run('b.pdf');
    const a = readFileSync(join(dir, 'a.pdf'));
    expect(a.equals(readFileSync(join(dir, 'b.pdf')))).toBe(true);
    expect(execFileSync('pdfinfo', [join(dir, 'a.pdf')]).toString()).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
    expect(pdfText(a)).toContain('Recommendations in detail');
  }, 180_000);
});
