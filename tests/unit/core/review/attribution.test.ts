import { describe, expect, it } from 'vitest';
import { editText, textField, updateEntity } from '#core/model/write.ts';
import { authorHue, fieldAuthors, textShares, textSpans } from '#core/review/attribution.ts';
import { ctxAt } from '../fixtures.ts';
import { docWithRec, fork, merge } from './helpers.ts';

describe('attribution', () => {
  it('two people typing in the same text offline: after the merge every span names its author and time', () => {
    const doc = docWithRec({ rationale: 'Fix the roads.' });
    const [a, b] = fork(doc);
    editText(a, ctxAt('p-ana', '2025-03-01T10:00:10.000Z'), 'recommendations', 'r1', 'rationale', 'First, fix the roads.');
    editText(b, ctxAt('p-ben', '2025-03-01T11:30:00.000Z'), 'recommendations', 'r1', 'rationale', 'Fix the roads. Then the bridges.');
    merge(a, b);
    const fallback = { by: 'p-expert', at: '2025-02-01T09:00:00.000Z' };
    for (const d of [a, b]) {
      const spans = textSpans(textField(d, 'recommendations', 'r1', 'rationale')!, fallback);
      expect(spans.map((s) => s.text).join('')).toBe('First, fix the roads. Then the bridges.');
      // setText makes the smallest edit: 'Fi' + 'rst, fi' + 'x the roads.' — Ana wrote exactly what she inserted.
      expect(spans).toEqual([
        { text: 'Fi', by: 'p-expert', at: '2025-02-01T09:00:00.000Z' },
        { text: 'rst, fi', by: 'p-ana', at: '2025-03-01T10:00:00.000Z' },
        { text: 'x the roads.', by: 'p-expert', at: '2025-02-01T09:00:00.000Z' },
        { text: ' Then the bridges.', by: 'p-ben', at: '2025-03-01T11:30:00.000Z' },
      ]);
    }
    expect(textShares(textSpans(textField(a, 'recommendations', 'r1', 'rationale')!)).map((s) => s.by)).toEqual(['p-ben', undefined, 'p-ana']);
  });

  it('an insert inside someone else’s span splits it; typing within a minute adds no new span', () => {
    const doc = docWithRec({ rationale: '' });
    const c = ctxAt('p-ana', '2025-03-01T10:00:01.000Z');
    editText(doc, c, 'recommendations', 'r1', 'rationale', 'abc');
    editText(doc, ctxAt('p-ana', '2025-03-01T10:00:40.000Z'), 'recommendations', 'r1', 'rationale', 'abcdef');
    editText(doc, ctxAt('p-ben', '2025-03-01T10:05:00.000Z'), 'recommendations', 'r1', 'rationale', 'abcXdef');
    expect(textSpans(textField(doc, 'recommendations', 'r1', 'rationale')!).map((s) => [s.text, s.by])).toEqual([
      ['abc', 'p-ana'],
      ['X', 'p-ben'],
      ['def', 'p-ana'],
    ]);
  });

  it('fieldAuthors: creation stamps for untouched fields, the last writer for changed ones, also across a merge', () => {
    const doc = docWithRec();
    const [a, b] = fork(doc);
    updateEntity(a, ctxAt('p-ana', '2025-03-01T10:00:00.000Z'), 'recommendations', 'r1', { priority: 'low' });
    updateEntity(b, ctxAt('p-ben', '2025-03-02T10:00:00.000Z'), 'recommendations', 'r1', { owner: 'Public works' });
    merge(a, b);
    const authors = fieldAuthors(a, 'recommendations', 'r1');
    expect(authors.title).toEqual({ by: 'p-expert', at: '2025-02-01T09:00:00.000Z' });
    expect(authors.priority).toMatchObject({ by: 'p-ana', at: '2025-03-01T10:00:00.000Z' });
    expect(authors.owner).toMatchObject({ by: 'p-ben', at: '2025-03-02T10:00:00.000Z' });
    expect(fieldAuthors(b, 'recommendations', 'r1')).toEqual(authors);
  });

  it('gives each person a stable hue', () => {
    expect(authorHue('p-ana')).toBe(authorHue('p-ana'));
    expect(authorHue('p-ana')).not.toBe(authorHue('p-ben'));
    expect(authorHue('p-ana')).toBeGreaterThanOrEqual(0);
    expect(authorHue('p-ana')).toBeLessThan(360);
  });
});
