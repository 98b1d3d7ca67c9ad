import { beforeAll, describe, expect, it } from 'vitest';
import { excludedItems, isInterview, publicFilter, snapshotFromDoc, type ReportSnapshot } from '#core/reports/index.ts';
import { sampleFixture } from '../../../integration/reports/fixture.ts';

let snap: ReportSnapshot;
beforeAll(async () => {
  snap = snapshotFromDoc((await sampleFixture({ scale: 0.5 })).doc);
});

describe('publicFilter', () => {
  it('keeps only approved, non-confidential findings and recommendations, without internal or interview notes', () => {
    const p = publicFilter(snap);
    expect(p.recommendations.length).toBeGreaterThan(0);
    expect(p.recommendations.length).toBeLessThan(snap.recommendations.length);
    for (const r of p.recommendations) {
      expect(r.review.state).toBe('approved');
      expect(r.confidential).toBe(false);
      expect(r.internalNotes).toBe('');
    }
    for (const f of p.findings) {
      expect(f.review.state).toBe('approved');
      expect(f.confidential).toBe(false);
      expect(f.internalNotes).toBe('');
      expect(f.interviewNotes).toBe('');
    }
    const expected = snap.recommendations.filter((r) => r.review.state === 'approved' && !r.confidential).map((r) => r.id);
    expect(p.recommendations.map((r) => r.id)).toEqual(expected);
  });

  it('drops confidential visits, their findings and their photos, and names no interviewee', () => {
    const p = publicFilter(snap);
    const confidentialVisits = new Set(snap.visits.filter((v) => v.confidential).map((v) => v.id));
    expect(p.visits.some((v) => confidentialVisits.has(v.id))).toBe(false);
    expect(p.findings.some((f) => f.visitId && confidentialVisits.has(f.visitId))).toBe(false);
    expect(p.attachments.some((a) => a.visitId && confidentialVisits.has(a.visitId))).toBe(false);
    for (const v of p.visits.filter(isInterview)) {
      expect(v.attendees).toEqual([]);
      expect(v.answers).toEqual({});
      expect(v.observations).toBe('');
    }
    expect(p.engagement.stakeholders).toEqual([]);
    expect(p.quarantined).toEqual([]);
  });

  it('never links a public recommendation to an unpublished finding', () => {
    const p = publicFilter(snap);
    const ids = new Set(p.findings.map((f) => f.id));
    for (const r of p.recommendations) for (const id of r.findingIds) expect(ids.has(id)).toBe(true);
  });

  it('does not change the snapshot it is given', () => {
    const before = JSON.stringify(snap);
    publicFilter(snap);
    expect(JSON.stringify(snap)).toBe(before);
  });
});

describe('excludedItems', () => {
  it('lists every item the public edition leaves out, with a reason', () => {
    const out = excludedItems(snap);
    const p = publicFilter(snap);
    const keptRecs = new Set(p.recommendations.map((r) => r.id));
    const leftRecs = snap.recommendations.filter((r) => !keptRecs.has(r.id));
    expect(out.filter((x) => x.kind === 'recommendation').map((x) => x.id).sort()).toEqual(leftRecs.map((r) => r.id).sort());
    for (const x of out) expect(x.reason.length).toBeGreaterThan(3);
    expect(out.some((x) => x.reason === 'marked confidential')).toBe(true);
    expect(out.some((x) => x.reason.startsWith('not approved'))).toBe(true);
    expect(out.some((x) => x.id.endsWith(':interviewNotes') || x.kind === 'finding')).toBe(true);
    expect(out.some((x) => x.id === 'engagement:stakeholders')).toBe(true);
  });
});
