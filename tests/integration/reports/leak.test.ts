import { beforeAll, describe, expect, it } from 'vitest';
import { defaultReportOptions, isInterview, snapshotFromDoc } from '#core/reports/index.ts';
import type { SampleEngagement } from '#core/sample/index.ts';
import { renderReport } from '#sync-server/report/render.ts';
import { pdfText, sampleFixture } from './fixture.ts';

/**
 * The leak test: a distinctive token is planted in every internal-only field of the sample, written through the
 * ordinary write API and read back through the validating accessors; none may reach the public PDF's text, and
 * all of them must reach the internal one (so the test would notice a token that pdftotext cannot see).
 */
const planted: { token: string; where: string; printedInternally: boolean }[] = [];

function plant(sample: SampleEngagement) {
  let n = 0;
  const token = (kind: string, where: string, printedInternally = true) => {
    const t = `LEAK${kind}${++n}X`;
    planted.push({ token: t, where, printedInternally });
    return t;
  };
  // Make sure every kind of exclusion happens at least a few times.
  sample.findings.forEach((f, i) => i % 6 === 1 && (f.confidential = true));
  sample.recommendations.forEach((r, i) => i % 9 === 2 && (r.confidential = true));
  sample.visits.forEach((v, i) => i % 5 === 3 && !isInterviewTemplate(v.template.id) && (v.confidential = true));

  for (const f of sample.findings) {
    f.internalNotes = `Note ${token('FNOTE', `internal notes of finding ${f.id}`)} for the team.`;
    f.interviewNotes = `Said ${token('FINTERVIEW', `interview notes of finding ${f.id}`)} in confidence.`;
    if (f.confidential) f.title = `${token('FCONF', `title of confidential finding ${f.id}`)} ${f.title}`;
    else if (f.review.state !== 'approved') f.title = `${token('FDRAFT', `title of unapproved finding ${f.id}`)} ${f.title}`;
  }
  for (const r of sample.recommendations) {
    r.internalNotes = `Keep ${token('RNOTE', `internal notes of R-${r.number}`)} inside.`;
    if (r.confidential) r.title = `${token('RCONF', `title of confidential R-${r.number}`)} ${r.title}`;
    else if (r.review.state !== 'approved') r.title = `${token('RDRAFT', `title of unapproved R-${r.number}`)} ${r.title}`;
  }
  for (const v of sample.visits) {
    if (v.confidential) v.title = `${token('VCONF', `title of confidential visit ${v.id}`)} ${v.title}`;
    else if (v.review.state !== 'approved') v.title = `${token('VDRAFT', `title of unapproved visit ${v.id}`)} ${v.title}`;
    if (isInterviewTemplate(v.template.id)) {
      v.attendees = v.attendees.map((a, i) => (i === 0 ? `${token('NAME', `interviewee of ${v.id}`)} Person (Interviewee)` : a));
    }
  }
  sample.engagement.stakeholders = sample.engagement.stakeholders.map((s) => `${token('STAKE', 'a stakeholder name')} ${s}`);
  const excludedVisit = new Set(sample.visits.filter((v) => v.confidential || isInterviewTemplate(v.template.id) || v.review.state !== 'approved').map((v) => v.id));
  for (const p of sample.photos) {
    // Internally, only photos tied to a finding are printed (with that finding).
    if (excludedVisit.has(p.visitId)) p.caption = `${token('PHOTO', `caption of photo ${p.id} from an unpublished visit`, !!p.findingId)} ${p.caption}`;
  }
}
const isInterviewTemplate = (id: string) => id === 'tpl-stakeholder-interview';

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
