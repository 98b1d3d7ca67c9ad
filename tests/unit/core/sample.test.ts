import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readAll, readEngagement } from '#core/model/read.ts';
import { canTransition } from '#core/rules/recommendation-status.ts';
import { checkVisitForSubmit, validateAnswer } from '#core/rules/visit-submission.ts';
import { buildSampleProgramme, SAMPLE_DEFAULT_TODAY, writeSampleEngagement, type SampleEngagement } from '#core/sample/index.ts';
import { Engagement, Finding, Recommendation, Visit, allQuestions, type RecommendationStatus } from '#core/schemas/index.ts';

const STATES = new Set(
  'AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC'.split(
    ' ',
  ),
);
const stamp = (a: { author: string; at: string }) => ({ createdAt: a.at, createdBy: a.author, updatedAt: a.at, updatedBy: a.author });
const metaFor = (e: SampleEngagement) =>
  new Map(e.photos.map((p, i) => [p.id, { sha256: i.toString(16).padStart(64, '0'), size: 1000 + i, mime: 'image/jpeg' }]));

const programme = buildSampleProgramme();
type ListKey = 'visits' | 'findings' | 'recommendations' | 'photos';
const all = <K extends ListKey>(k: K): SampleEngagement[K][number][] => programme.engagements.flatMap((e): SampleEngagement[K][number][] => e[k]);

afterEach(() => vi.restoreAllMocks());

describe('buildSampleProgramme at scale 1', () => {
  it('is big enough to feel real', () => {
    expect(programme.engagements.length).toBeGreaterThanOrEqual(4);
    expect(all('visits').length).toBeGreaterThanOrEqual(40);
    expect(all('recommendations').length).toBeGreaterThanOrEqual(300);
    expect(Math.max(...programme.engagements.map((e) => e.recommendations.length))).toBeGreaterThanOrEqual(300);
    expect(all('photos').length).toBeGreaterThanOrEqual(20);
    expect(all('photos').length).toBeLessThanOrEqual(40);
    expect(programme.today).toBe(SAMPLE_DEFAULT_TODAY);
  });

  it('is deterministic, varies with the seed, and never calls Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    const again = buildSampleProgramme({ seed: 1 });
    expect(spy).not.toHaveBeenCalled();
    expect(JSON.stringify(again)).toBe(JSON.stringify(programme));
    const other = buildSampleProgramme({ seed: 2 });
    expect(other.engagements[0]!.engagement.id).not.toBe(programme.engagements[0]!.engagement.id);
    expect(JSON.stringify(other.engagements[0]!.recommendations.slice(0, 5))).not.toBe(JSON.stringify(programme.engagements[0]!.recommendations.slice(0, 5)));
  });

  it('places every date relative to the given today', () => {
    const p = buildSampleProgramme({ today: '2031-03-01' });
    for (const e of p.engagements) {
      expect(e.engagement.startDate <= '2031-03-01').toBe(true);
      for (const v of e.visits) expect(v.date <= '2031-03-01' && v.date >= e.engagement.startDate).toBe(true);
    }
  });

  it('uses fictional cities with real state codes and a team with a lead', () => {
    const cities = programme.engagements.map((e) => e.engagement.city);
    expect(new Set(cities).size).toBe(cities.length);
    expect(cities).toContain('Port Alder');
    for (const { engagement } of programme.engagements) {
      expect(STATES.has(engagement.state)).toBe(true);
      expect(engagement.team.filter((p) => p.role === 'lead')).toHaveLength(1);
      expect(engagement.team.filter((p) => p.role === 'expert').length).toBeGreaterThanOrEqual(2);
      for (const p of engagement.team) expect(p.email).toMatch(/@example\.org$/);
      expect(engagement.indicators.map((i) => i.name)).toEqual(
        expect.arrayContaining(['Unemployment rate', 'Poverty rate', 'Population change since 2010', 'Projected general fund gap', 'Residential vacancy rate']),
      );
      for (const i of engagement.indicators) expect(i.source.length).toBeGreaterThan(3);
    }
    expect(new Set(programme.engagements.map((e) => e.engagement.kind))).toEqual(new Set(['direct', 'peer', '311']));
  });

  it('produces data every schema accepts', () => {
    for (const e of programme.engagements) {
      const eng = Engagement.safeParse({ ...e.engagement, ...stamp(e) });
      expect(eng.success, JSON.stringify(eng.error?.issues)).toBe(true);
      for (const { author, at, ...v } of e.visits) expect(Visit.safeParse({ ...v, ...stamp({ author, at }) }).success, v.id).toBe(true);
      for (const { author, at, ...f } of e.findings) expect(Finding.safeParse({ ...f, ...stamp({ author, at }) }).success, f.id).toBe(true);
      for (const { author, at, ...r } of e.recommendations) {
        const parsed = Recommendation.safeParse({ ...r, ...stamp({ author, at }) });
        expect(parsed.success, `${r.id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
  });

  it('answers every question validly and has submitted visits complete', () => {
    for (const e of programme.engagements) {
      for (const v of e.visits) {
        for (const q of allQuestions(v.template)) if (v.answers[q.id] !== undefined) expect(validateAnswer(q, v.answers[q.id]), `${v.id}/${q.id}`).toBeNull();
        if (v.review.state === 'submitted' || v.review.state === 'approved') {
          const photos = e.photos.map((p) => ({ visitId: p.visitId, questionId: p.questionId }));
          expect(checkVisitForSubmit(v, photos).problems).toEqual([]);
        }
      }
    }
  });

  it('links only to things that exist', () => {
    for (const e of programme.engagements) {
      const visits = new Set(e.visits.map((v) => v.id));
      const findings = new Set(e.findings.map((f) => f.id));
      const photos = new Set(e.photos.map((p) => p.id));
      const indicators = new Set(e.engagement.indicators.map((i) => i.id));
      for (const f of e.findings) {
        expect(visits.has(f.visitId!)).toBe(true);
        for (const p of f.photoIds) expect(photos.has(p)).toBe(true);
        for (const i of f.indicatorIds) expect(indicators.has(i)).toBe(true);
        if (f.questionId) expect(allQuestions(e.visits.find((v) => v.id === f.visitId)!.template).some((q) => q.id === f.questionId)).toBe(true);
      }
      for (const r of e.recommendations) {
        expect(r.findingIds.length).toBeGreaterThan(0);
        for (const id of r.findingIds) expect(findings.has(id)).toBe(true);
        for (const id of r.visitIds) expect(visits.has(id)).toBe(true);
      }
      for (const p of e.photos) {
        expect(visits.has(p.visitId)).toBe(true);
        if (p.findingId) expect(findings.has(p.findingId)).toBe(true);
        expect(e.visits.find((v) => v.id === p.visitId)!.photoIds).toContain(p.id);
      }
      expect(e.recommendations.map((r) => r.number)).toEqual(e.recommendations.map((_, i) => i + 1));
    }
  });

  it('spreads statuses realistically with progress that follows the rules', () => {
    const recs = all('recommendations');
    const statuses = new Set(recs.map((r) => r.status));
    expect(statuses).toEqual(new Set(['draft', 'proposed', 'accepted', 'in-progress', 'implemented', 'declined']));
    for (const r of recs) {
      let status: RecommendationStatus = 'draft';
      let last = '';
      for (const u of r.progress) {
        expect(u.date >= last).toBe(true);
        expect(u.date <= programme.today).toBe(true);
        last = u.date;
        if (u.status) {
          expect(canTransition(status, u.status), `${r.id}: ${status} → ${u.status}`).toBe(true);
          status = u.status;
        }
      }
      expect(status).toBe(r.status);
      if (['accepted', 'in-progress', 'implemented'].includes(r.status)) expect(r.progress.length).toBeGreaterThanOrEqual(2);
    }
    const priorities = new Set(recs.map((r) => r.priority));
    expect(priorities.size).toBe(3);
    expect(new Set(recs.map((r) => r.owner)).size).toBeGreaterThan(10);
    expect(new Set(recs.map((r) => r.title)).size).toBeGreaterThan(recs.length * 0.6);
  });

  it('marks some items confidential and fills internal and interview notes', () => {
    expect(all('findings').some((f) => f.confidential)).toBe(true);
    expect(all('recommendations').some((r) => r.confidential)).toBe(true);
    expect(all('visits').some((v) => v.confidential)).toBe(true);
    expect(all('findings').some((f) => f.interviewNotes.length > 0)).toBe(true);
    expect(all('findings').some((f) => f.internalNotes.length > 0)).toBe(true);
    expect(all('recommendations').some((r) => r.internalNotes.length > 0)).toBe(true);
  });

  it('draws each photo as a complete SVG of its stated size, varied across photos', () => {
    const photos = all('photos');
    for (const p of photos) {
      expect(p.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(p.svg.endsWith('</svg>')).toBe(true);
      expect(p.svg).toContain(`width="${p.width}" height="${p.height}"`);
      expect(p.svg).not.toMatch(/NaN|undefined/);
      expect(p.caption).not.toMatch(/\{\w+\}/);
    }
    expect(new Set(photos.map((p) => p.svg)).size).toBe(photos.length);
    expect(new Set(photos.map((p) => p.kind)).size).toBeGreaterThanOrEqual(4);
  });

  it('leaves no unfilled {slot} in any text', () => {
    const text = JSON.stringify(programme.engagements.map(({ photos: _photos, ...rest }) => rest));
    expect(text).not.toMatch(/\{[a-z_]+\}/);
  });
});

describe('buildSampleProgramme at scale 10', () => {
  // Its speed is measured in tests/bench (npm run bench), not asserted here: a loaded CI machine is not a stopwatch.
  it('multiplies per-engagement counts and keeps photos bounded', () => {
    const big = buildSampleProgramme({ scale: 10 });
    expect(Math.max(...big.engagements.map((e) => e.recommendations.length))).toBeGreaterThanOrEqual(3000);
    expect(big.engagements.reduce((n, e) => n + e.visits.length, 0)).toBeGreaterThanOrEqual(400);
    expect(big.engagements.reduce((n, e) => n + e.photos.length, 0)).toBeLessThanOrEqual(40);
  });
});

describe('writeSampleEngagement', () => {
  it('writes an engagement that reads back whole, with no quarantined item', () => {
    for (const sample of programme.engagements) {
      const doc = new Y.Doc();
      const counts = writeSampleEngagement(doc, sample, metaFor(sample), { author: 'p-me' });
      const eng = readEngagement(doc);
      expect(eng.ok).toBe(true);
      if (eng.ok) expect(eng.value).toMatchObject({ id: sample.engagement.id, city: sample.engagement.city, createdBy: 'p-me' });
      for (const name of ['visits', 'findings', 'recommendations', 'attachments'] as const) expect(readAll(doc, name).quarantined).toEqual([]);
      expect(readAll(doc, 'recommendations').items).toHaveLength(sample.recommendations.length);
      expect(readAll(doc, 'attachments').items).toHaveLength(sample.photos.length);
      expect(counts).toEqual({
        visits: sample.visits.length,
        findings: sample.findings.length,
        recommendations: sample.recommendations.length,
        attachments: sample.photos.length,
      });
      const r = readAll(doc, 'recommendations').items.find((x) => x.id === sample.recommendations[0]!.id)!;
      expect(r.createdBy).toBe(sample.recommendations[0]!.author);
      expect(r.createdAt).toBe(sample.recommendations[0]!.at);
    }
  });

  it('is deterministic: the same sample written twice gives the same bytes', () => {
    const sample = programme.engagements[4]!;
    const write = () => {
      const doc = new Y.Doc();
      doc.clientID = 4242;
      writeSampleEngagement(doc, sample, metaFor(sample), { author: 'p-me' });
      return Y.encodeStateAsUpdate(doc);
    };
    expect(write()).toEqual(write());
  });

  it('leaves out photos it has no bytes for, with every reference to them', () => {
    const sample = programme.engagements.find((e) => e.photos.some((p) => p.findingId))!;
    const doc = new Y.Doc();
    writeSampleEngagement(doc, sample, new Map(), { author: 'p-me' });
    expect(readAll(doc, 'attachments').items).toEqual([]);
    for (const v of readAll(doc, 'visits').items) {
      expect(v.photoIds).toEqual([]);
      for (const q of allQuestions(v.template)) if (q.kind === 'photo') expect(v.answers[q.id]).toBeUndefined();
    }
    for (const f of readAll(doc, 'findings').items) expect(f.photoIds).toEqual([]);
  });

  it('writes the largest engagement at scale 1', () => {
    const sample = programme.engagements[0]!;
    const doc = new Y.Doc();
    writeSampleEngagement(doc, sample, metaFor(sample), { author: 'p-me' });
    expect(readAll(doc, 'recommendations').items.length).toBeGreaterThanOrEqual(300);
  });
});
