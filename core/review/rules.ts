/**
 * Review rules (DOMAIN.md: Review): draft → submitted → changes-requested | approved. Experts submit their work;
 * only a lead approves, sends back or reopens. The relay enforces the same line on the wire
 * (sync-server/review-guard.ts uses `nonLeadMayChange`), so a tampered client gains nothing.
 */
import type * as Y from 'yjs';
import { ValidationError } from '../errors.ts';
import type { Collection } from '../model/layout.ts';
import { readEntity } from '../model/read.ts';
import { updateEntity, transactLocal, type WriteContext } from '../model/write.ts';
import type { Review, ReviewState } from '../schemas/common.ts';
import { logCheckpoint } from './log-store.ts';

export type Role = 'expert' | 'lead' | 'viewer';
export type ReviewAction = 'submit' | 'approve' | 'request-changes' | 'reopen';
export type ReviewedCollection = Exclude<Collection, 'attachments'>;
export const REVIEWED: readonly ReviewedCollection[] = ['visits', 'findings', 'recommendations'];

export class ReviewError extends Error {
  override name = 'ReviewError';
}

const TARGET: Record<ReviewAction, ReviewState> = {
  submit: 'submitted',
  approve: 'approved',
  'request-changes': 'changes-requested',
  reopen: 'draft',
};

export const ACTION_LABELS: Record<ReviewAction, string> = {
  submit: 'Submit for review',
  approve: 'Approve',
  'request-changes': 'Send back',
  reopen: 'Reopen',
};

/** What `role` may do to an item in `state`. */
export function allowedReviewActions(role: Role, state: ReviewState): ReviewAction[] {
  if (role === 'viewer') return [];
  const out: ReviewAction[] = [];
  if (state === 'draft' || state === 'changes-requested') out.push('submit');
  if (role === 'lead') {
    if (state === 'submitted' || state === 'changes-requested') out.push('approve');
    if (state === 'submitted' || state === 'approved') out.push('request-changes');
    if (state !== 'draft') out.push('reopen');
  }
  return out;
}

/** States only a lead may set or take away. */
export const LEAD_STATES: ReadonlySet<ReviewState> = new Set(['approved', 'changes-requested']);

/**
 * Whether someone who is not a lead may move an item's review from `before` to `after` (undefined = no item / no
 * review). The relay applies this to every entity an update touches. Resubmitting work that was sent back
 * (changes-requested → submitted) is the one way a non-lead leaves a lead state.
 */
export function nonLeadMayChange(before: Review | undefined, after: Review | undefined): boolean {
  const s0 = before?.state;
  const s1 = after?.state;
  if (s0 === s1) {
    // Same state, but rewriting who approved or the lead's note is still touching the lead's decision.
    return !(s0 && LEAD_STATES.has(s0)) || JSON.stringify(before) === JSON.stringify(after);
  }
  if (s0 === 'changes-requested' && s1 === 'submitted') return true;
  return !(s0 && LEAD_STATES.has(s0)) && !(s1 && LEAD_STATES.has(s1));
}

export interface ReviewContext extends WriteContext {
  role: Role;
}

const NOUN: Record<ReviewedCollection, string> = { visits: 'visit', findings: 'finding', recommendations: 'recommendation' };

/** Apply a review action; throws ReviewError with a sentence a person can act on when it is not allowed. */
export function applyReviewAction(doc: Y.Doc, ctx: ReviewContext, collection: ReviewedCollection, id: string, action: ReviewAction, note?: string): Review {
  const r = readEntity(doc, collection, id);
  if (!r) throw new ReviewError(`There is no ${NOUN[collection]} with id "${id}"; it may have been deleted.`);
  if (!r.ok) throw new ReviewError(`This ${NOUN[collection]} has problems and cannot be reviewed until they are fixed: ${r.problems.join(' ')}`);
  const state = r.value.review.state;
  if (!allowedReviewActions(ctx.role, state).includes(action)) {
    if ((action === 'approve' || action === 'request-changes' || action === 'reopen') && ctx.role !== 'lead') {
      throw new ReviewError(`Only a team lead can ${action === 'approve' ? 'approve' : action === 'reopen' ? 'reopen' : 'send back'} a ${NOUN[collection]}.`);
    }
    throw new ReviewError(`A ${state.replace('-', ' ')} ${NOUN[collection]} cannot be ${action === 'submit' ? 'submitted' : action === 'approve' ? 'approved' : action === 'reopen' ? 'reopened' : 'sent back'}.`);
  }
  const trimmed = note?.trim();
  if (action === 'request-changes' && !trimmed) throw new ValidationError('Sending back', ['Say what needs to change (a note is required).']);
  const at = (ctx.now ? ctx.now() : new Date()).toISOString();
  const review: Review = { state: TARGET[action], by: ctx.author, at, ...(trimmed ? { note: trimmed } : {}) };
  transactLocal(doc, () => {
    updateEntity(doc, { ...ctx, now: () => new Date(at) }, collection, id, { review } as never);
    if (action === 'submit' || action === 'approve') logCheckpoint(doc, { by: ctx.author, at }, collection, id, action === 'submit' ? 'Submitted' : 'Approved');
  });
  return review;
}
