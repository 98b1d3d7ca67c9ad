import { describe, expect, it } from 'vitest';
import { readableErrors } from '#core/errors.ts';
import { Attachment, Engagement, Finding, Indicator, Person, Recommendation, Template, Visit } from '#core/schemas/index.ts';
import { tinyTemplate } from './fixtures.ts';

const stamp = { createdAt: '2025-01-01T09:00:00.000Z', createdBy: 'p-1', updatedAt: '2025-01-01T09:00:00.000Z', updatedBy: 'p-1' };
const messages = (r: { success: boolean; error?: unknown }) => (r.success ? [] : readableErrors(r.error as never));

describe('Engagement', () => {
  const base = {
    ...stamp,
    id: 'eng-1',
    city: 'Port Alder',
    state: 'MA',
    kind: 'direct',
    intensity: 'light',
    focusAreas: ['housing'],
    status: 'active',
    startDate: '2025-01-01',
  };

  it('accepts a minimal engagement and fills defaults', () => {
    const e = Engagement.parse(base);
    expect(e.team).toEqual([]);
    expect(e.summary).toBe('');
    expect(e.stakeholders).toEqual([]);
  });

  it('refuses a state that is not a two-letter code, naming the field', () => {
    const r = Engagement.safeParse({ ...base, state: 'Mass.' });
    expect(messages(r)).toEqual(['State must be a two-letter state code such as MA.']);
  });

  it('refuses an end date before the start date', () => {
    const r = Engagement.safeParse({ ...base, endDate: '2024-12-01' });
    expect(messages(r)).toEqual(['End date must not be before the start date.']);
  });

  it('refuses an engagement with no focus area and an empty city', () => {
    const r = Engagement.safeParse({ ...base, focusAreas: [], city: '  ' });
    expect(messages(r)).toEqual(expect.arrayContaining(['Focus areas needs at least one focus area.', 'City is required.']));
  });

  it('refuses an unknown focus area, listing the ones allowed', () => {
    const r = Engagement.safeParse({ ...base, focusAreas: ['parks'] });
    expect(messages(r)[0]).toMatch(/^Focus areas \(item 1\) must be one of: operations-budget/);
  });
});

describe('Person and Indicator', () => {
  it('refuses a bad email', () => {
    expect(messages(Person.safeParse({ id: 'p', name: 'A', role: 'expert', email: 'nope' }))).toEqual(['Email must be an email address.']);
  });
  it('refuses an indicator without a number value', () => {
    expect(messages(Indicator.safeParse({ id: 'i', name: 'Poverty rate', value: 'high', asOf: '2024-01-01' }))).toEqual(['Value must be a number.']);
  });
});

describe('Template', () => {
  it('accepts the test template', () => {
    expect(Template.safeParse(tinyTemplate).success).toBe(true);
  });
  it('refuses repeated question ids across sections', () => {
    const bad = { ...tinyTemplate, sections: [tinyTemplate.sections[0], { ...tinyTemplate.sections[0], id: 's-dup' }] };
    const m = messages(Template.safeParse(bad));
    expect(m.some((s) => s.includes('repeats the question id "q-rating"'))).toBe(true);
  });
  it('refuses a choice question with one option', () => {
    const bad = { ...tinyTemplate, sections: [{ id: 's', title: 'S', questions: [{ id: 'q', kind: 'single', label: 'Pick', options: ['Only'] }] }] };
    expect(messages(Template.safeParse(bad))).toEqual(['Sections (item 1, questions, item 1, options) needs at least two options.']);
  });
});

describe('Visit, Finding, Recommendation, Attachment', () => {
  it('gives a visit a draft review and empty lists by default', () => {
    const v = Visit.parse({ ...stamp, id: 'v', title: 'Walk', date: '2025-01-02', template: tinyTemplate });
    expect(v.review).toEqual({ state: 'draft' });
    expect(v.attendees).toEqual([]);
    expect(v.location).toEqual({ address: '' });
  });
  it('refuses a visit date in the wrong form and GPS out of range', () => {
    const r = Visit.safeParse({ ...stamp, id: 'v', title: 'Walk', date: '02/01/2025', template: tinyTemplate, location: { address: '', lat: 120 } });
    expect(messages(r)).toEqual(expect.arrayContaining(['Date must be a date written as YYYY-MM-DD.', 'Location (lat) must be between -90 and 90.']));
  });
  it('refuses a finding with an unknown kind', () => {
    expect(messages(Finding.safeParse({ ...stamp, id: 'f', title: 'T', kind: 'risk', focusArea: 'housing' }))[0]).toMatch(/^Kind /);
  });
  it('refuses a recommendation with a legacy numeric priority', () => {
    const r = Recommendation.safeParse({ ...stamp, id: 'r', number: 1, title: 'Do it', focusArea: 'housing', priority: 1, status: 'draft' });
    expect(messages(r)[0]).toMatch(/^Priority /);
  });
  it('refuses an attachment whose hash is not SHA-256 hex', () => {
    const r = Attachment.safeParse({ id: 'a', sha256: 'XYZ', mime: 'image/jpeg', size: 1, createdAt: stamp.createdAt, createdBy: 'p' });
    expect(messages(r)).toEqual(['Sha256 must be a SHA-256 hash written as 64 lowercase hex digits.']);
  });
});
