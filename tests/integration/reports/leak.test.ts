import { beforeAll, describe, expect, it } from 'vitest';
import { defaultReportOptions, isInterview, snapshotFromDoc } from '#core/reports/index.ts';
import type { SampleEngagement } from '#core/sample/index.ts';
import { renderReport } from '#sync-server/report/render.ts';
import { pdfText, sampleFixture } from './fixture.ts';
import { plantLeakMarkers, type Planted } from './leak-markers.ts';

/**
 * The leak test: a distinctive token is planted in every internal-only field of the sample, written through the
 * ordinary write API and read back through the validating accessors; none may reach the public PDF's text, and
 * all of them must reach the internal one (so the test would notice a token that pdftotext cannot see).
 */
const planted: Planted[] = [];
const plant = (sample: SampleEngagement) => plantLeakMarkers(sample, planted);

let publicText = '';
let internalText = '';
beforeAll(async () => {
  const fx = await sampleFixture({ scale: 0.5, mutate: plant });
  const snap = snapshotFromDoc(fx.doc);
  expect(snap.quarantined).toEqual([]);
  expect(snap.visits.some(isInterview)).toBe(true);
  const at = new Date('2025-05-15T12:00:00Z');
  publicText = pdfText((await renderReport(snap, fx.images, defaultReportOptions({ edition: 'public', generatedAt: at }))).pdf);
  internalText = pdfText((await renderReport(snap, fx.images, defaultReportOptions({ edition: 'internal', generatedAt: at }))).pdf);
}, 60_000);

describe('public edition leak test', () => {
  it('plants tokens in every kind of internal-only field', () => {
    const kinds = new Set(planted.map((p) => p.token.replace(/^LEAK([A-Z]+)\d+X$/, '$1')));
    expect([...kinds].sort()).toEqual(['FCONF', 'FDRAFT', 'FINTERVIEW', 'FNOTE', 'NAME', 'PHOTO', 'RCONF', 'RDRAFT', 'RNOTE', 'STAKE', 'VCONF', 'VDRAFT'].filter((k) => kinds.has(k) || k !== 'PHOTO'));
    expect(planted.length).toBeGreaterThan(100);
  });

  it('prints none of them in the public edition', () => {
    const leaked = planted.filter((p) => publicText.includes(p.token));
    expect(leaked.map((p) => `${p.token} (${p.where})`)).toEqual([]);
    expect(publicText).not.toMatch(/LEAK[A-Z]+\d+X/);
  });

  it('prints them in the internal edition (so the check can see them)', () => {
    const missing = planted.filter((p) => p.printedInternally && !internalText.includes(p.token));
    expect(missing.map((p) => `${p.token} (${p.where})`)).toEqual([]);
  });
});
