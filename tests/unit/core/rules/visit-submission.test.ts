import { describe, expect, it } from 'vitest';
import { checkVisitForSubmit, isEmptyAnswer, validateAnswer } from '#core/rules/visit-submission.ts';
import { allQuestions, type Question } from '#core/schemas/index.ts';
import { tinyTemplate } from '../fixtures.ts';

const q = (id: string): Question => allQuestions(tinyTemplate).find((x) => x.id === id)!;

describe('validateAnswer', () => {
  it('rating: whole numbers 1 to 5', () => {
    expect(validateAnswer(q('q-rating'), 3)).toBeNull();
    expect(validateAnswer(q('q-rating'), 5)).toBeNull();
    expect(validateAnswer(q('q-rating'), 0)).toBe('The answer to “Exterior condition” must be a whole-number rating from 1 to 5.');
    expect(validateAnswer(q('q-rating'), 2.5)).not.toBeNull();
    expect(validateAnswer(q('q-rating'), '4')).not.toBeNull();
  });

  it('yes/no/n.a.', () => {
    for (const v of ['yes', 'no', 'na']) expect(validateAnswer(q('q-yesno'), v)).toBeNull();
    expect(validateAnswer(q('q-yesno'), 'maybe')).toBe('The answer to “Registry in place?” must be Yes, No or N.A.');
    expect(validateAnswer(q('q-yesno'), true)).not.toBeNull();
  });

  it('number within min and max, with the unit in the message', () => {
    expect(validateAnswer(q('q-number'), 0)).toBeNull();
    expect(validateAnswer(q('q-number'), 500)).toBeNull();
    expect(validateAnswer(q('q-number'), -1)).toBe('The answer to “Vacant structures” must be at least 0 structures.');
    expect(validateAnswer(q('q-number'), 501)).toBe('The answer to “Vacant structures” must be at most 500 structures.');
    expect(validateAnswer(q('q-number'), Number.NaN)).toBe('The answer to “Vacant structures” must be a number.');
    expect(validateAnswer(q('q-number'), '12')).toBe('The answer to “Vacant structures” must be a number.');
  });

  it('single: one of the options', () => {
    expect(validateAnswer(q('q-single'), 'Owners')).toBeNull();
    expect(validateAnswer(q('q-single'), 'Landlords')).toBe('The answer to “Tenure” must be one of: Owners, Renters.');
    expect(validateAnswer(q('q-single'), ['Owners'])).not.toBeNull();
  });

  it('multiple: a subset of the options, no repeats', () => {
    expect(validateAnswer(q('q-multiple'), ['Rental aid', 'Repair grants'])).toBeNull();
    expect(validateAnswer(q('q-multiple'), ['Rental aid', 'Tax breaks'])).toBe('The answer to “Programmes” has choices that are not offered: Tax breaks.');
    expect(validateAnswer(q('q-multiple'), ['Rental aid', 'Rental aid'])).toBe('The answer to “Programmes” repeats a choice.');
    expect(validateAnswer(q('q-multiple'), 'Rental aid')).toBe('The answer to “Programmes” must be a list of choices.');
  });

  it('text: a string', () => {
    expect(validateAnswer(q('q-text'), 'Quiet street')).toBeNull();
    expect(validateAnswer(q('q-text'), 42)).toBe('The answer to “What stood out” must be text.');
  });

  it('photo: attachment ids', () => {
    expect(validateAnswer(q('q-photo'), ['att-1', 'att-2'])).toBeNull();
    expect(validateAnswer(q('q-photo'), 'att-1')).toBeNull();
    expect(validateAnswer(q('q-photo'), 7)).toBe('The answer to “Photos of the block” must be one or more attached photos.');
  });

  it('treats empty answers as not answered rather than wrong', () => {
    for (const v of [undefined, null, '', '  ', []]) {
      expect(isEmptyAnswer(v)).toBe(true);
      expect(validateAnswer(q('q-rating'), v)).toBeNull();
    }
    expect(isEmptyAnswer(0)).toBe(false);
  });
});

describe('checkVisitForSubmit', () => {
  const complete = {
    id: 'vis-1',
    title: 'Housing survey',
    date: '2025-01-20',
    template: tinyTemplate,
    answers: { 'q-rating': 2, 'q-number': 14, 'q-text': 'Boarded houses cluster by the rail line.', 'q-photo': ['att-1'] },
  };

  it('accepts a complete visit', () => {
    expect(checkVisitForSubmit(complete)).toEqual({ ok: true, problems: [] });
  });

  it('names every missing required question, with its section', () => {
    const r = checkVisitForSubmit({ ...complete, answers: { 'q-rating': 2 } });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      { questionId: 'q-number', section: 'Conditions', message: '“Vacant structures” is required and has no answer yet.' },
      { questionId: 'q-text', section: 'Notes and photos', message: '“What stood out” is required and has no answer yet.' },
      { questionId: 'q-photo', section: 'Notes and photos', message: '“Photos of the block” needs at least one photo before the visit can be submitted.' },
    ]);
  });

  it('counts a photo attached to the question as its answer', () => {
    const answers = { ...complete.answers } as Record<string, unknown>;
    delete answers['q-photo'];
    const visit = { ...complete, answers: answers as typeof complete.answers };
    expect(checkVisitForSubmit(visit).ok).toBe(false);
    expect(checkVisitForSubmit(visit, [{ visitId: 'vis-1', questionId: 'q-photo' }]).ok).toBe(true);
    // A photo of another visit does not count.
    expect(checkVisitForSubmit(visit, [{ visitId: 'vis-2', questionId: 'q-photo' }]).ok).toBe(false);
  });

  it('reports invalid answers and a missing title or date', () => {
    const r = checkVisitForSubmit({ ...complete, title: ' ', date: '', answers: { ...complete.answers, 'q-rating': 9, 'q-single': 'Landlords' } });
    expect(r.problems.map((p) => p.message)).toEqual([
      'The visit needs a title.',
      'The visit needs a date.',
      'The answer to “Exterior condition” must be a whole-number rating from 1 to 5.',
      'The answer to “Tenure” must be one of: Owners, Renters.',
    ]);
    expect(r.problems[2]).toMatchObject({ questionId: 'q-rating', section: 'Conditions' });
    expect(checkVisitForSubmit({ ...complete, date: '20/01/2025' }).problems).toEqual([{ message: 'The visit date must be written as YYYY-MM-DD.' }]);
  });
});
