import { describe, expect, it } from 'vitest';
import { ValidationError } from '#core/errors.ts';
import { readEntity } from '#core/model/read.ts';
import { allowedReviewActions, applyReviewAction, nonLeadMayChange, ReviewError } from '#core/review/rules.ts';
import { itemHistory } from '#core/review/field-log.ts';
import { REVIEW_STATES } from '#core/schemas/common.ts';
import { docWithRec } from './helpers.ts';

const expert = (at = '2025-02-02T10:00:00.000Z') => ({ author: 'p-expert', role: 'expert' as const, now: () => new Date(at) });
const lead = (at = '2025-02-03T10:00:00.000Z') => ({ author: 'p-lead', role: 'lead' as const, now: () => new Date(at) });
const state = (doc: ReturnType<typeof docWithRec>) => {
  const r = readEntity(doc, 'recommendations', 'r1');
  if (!r?.ok) throw new Error('unreadable');
  return r.value.review;
};

describe('allowedReviewActions', () => {
  it('only a lead approves, sends back or reopens; viewers do nothing', () => {
    for (const s of REVIEW_STATES) {
      for (const a of allowedReviewActions('expert', s)) expect(a).toBe('submit');
      expect(allowedReviewActions('viewer', s)).toEqual([]);
    }
    expect(allowedReviewActions('expert', 'draft')).toEqual(['submit']);
    expect(allowedReviewActions('expert', 'changes-requested')).toEqual(['submit']);
    expect(allowedReviewActions('expert', 'submitted')).toEqual([]);
    expect(allowedReviewActions('lead', 'submitted')).toEqual(['approve', 'request-changes', 'reopen']);
    expect(allowedReviewActions('lead', 'approved')).toEqual(['request-changes', 'reopen']);
  });
});

describe('applyReviewAction', () => {
  it('walks submit → send back (with note) → resubmit → approve, with who and when, and checkpoints', () => {
    const doc = docWithRec();
    applyReviewAction(doc, expert(), 'recommendations', 'r1', 'submit');
    expect(state(doc)).toEqual({ state: 'submitted', by: 'p-expert', at: '2025-02-02T10:00:00.000Z' });
    expect(() => applyReviewAction(doc, lead(), 'recommendations', 'r1', 'request-changes', '  ')).toThrow(ValidationError);
    applyReviewAction(doc, lead(), 'recommendations', 'r1', 'request-changes', 'Cite the pavement survey.');
    expect(state(doc)).toEqual({ state: 'changes-requested', by: 'p-lead', at: '2025-02-03T10:00:00.000Z', note: 'Cite the pavement survey.' });
    applyReviewAction(doc, expert('2025-02-04T10:00:00.000Z'), 'recommendations', 'r1', 'submit');
    applyReviewAction(doc, lead('2025-02-05T10:00:00.000Z'), 'recommendations', 'r1', 'approve');
    expect(state(doc)).toEqual({ state: 'approved', by: 'p-lead', at: '2025-02-05T10:00:00.000Z' });
    const h = itemHistory(doc, 'recommendations', 'r1');
    expect(h.filter((e) => e.kind === 'review').map((e) => e.label)).toEqual(['Submitted', 'Sent back: Cite the pavement survey.', 'Submitted', 'Approved']);
    expect(h.filter((e) => e.kind === 'checkpoint').map((e) => e.label)).toEqual(['Submitted', 'Submitted', 'Approved']);
  });

  it('refuses an expert approving or sending back, with a readable message, and changes nothing', () => {
    const doc = docWithRec();
    applyReviewAction(doc, expert(), 'recommendations', 'r1', 'submit');
    expect(() => applyReviewAction(doc, expert(), 'recommendations', 'r1', 'approve')).toThrow(new ReviewError('Only a team lead can approve a recommendation.'));
    expect(() => applyReviewAction(doc, expert(), 'recommendations', 'r1', 'request-changes', 'x')).toThrow(/Only a team lead can send back/);
    expect(() => applyReviewAction(doc, expert(), 'recommendations', 'r1', 'submit')).toThrow(/submitted recommendation cannot be submitted/);
    expect(() => applyReviewAction(doc, lead(), 'recommendations', 'missing', 'approve')).toThrow(/no recommendation/);
    expect(state(doc).state).toBe('submitted');
  });
});

describe('nonLeadMayChange (the relay rule)', () => {
  const r = (s: (typeof REVIEW_STATES)[number], by = 'p-lead') => ({ state: s, by, at: '2025-02-03T10:00:00.000Z' });
  it('lets a non-lead submit and resubmit, never set or clear a lead decision', () => {
    expect(nonLeadMayChange(r('draft'), r('submitted'))).toBe(true);
    expect(nonLeadMayChange(r('changes-requested'), r('submitted'))).toBe(true);
    expect(nonLeadMayChange(undefined, r('draft'))).toBe(true);
    expect(nonLeadMayChange(r('submitted'), r('approved'))).toBe(false);
    expect(nonLeadMayChange(r('submitted'), r('changes-requested'))).toBe(false);
    expect(nonLeadMayChange(r('approved'), r('draft'))).toBe(false);
    expect(nonLeadMayChange(r('approved'), undefined)).toBe(false);
    expect(nonLeadMayChange(undefined, r('approved'))).toBe(false);
    expect(nonLeadMayChange(r('approved'), r('approved', 'p-expert'))).toBe(false);
    expect(nonLeadMayChange(r('approved'), r('approved'))).toBe(true);
  });
});
