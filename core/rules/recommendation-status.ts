import * as Y from 'yjs';
import { parseOrThrow, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { collection } from '../model/layout.ts';
import { readEntity } from '../model/read.ts';
import { transactLocal, type WriteContext } from '../model/write.ts';
import { ProgressUpdate, Recommendation, RECOMMENDATION_STATUSES, type RecommendationStatus } from '../schemas/index.ts';

export const STATUS_LABELS: Record<RecommendationStatus, string> = {
  draft: 'Draft',
  proposed: 'Proposed',
  accepted: 'Accepted',
  'in-progress': 'In progress',
  implemented: 'Implemented',
  declined: 'Declined',
};

/**
 * How a recommendation moves in real life. The city only accepts or declines what the team has proposed;
 * work starts only on accepted items; "implemented" can be reopened when the fix does not hold, and a
 * declined item can be put to the city again after a change of leadership or budget.
 */
export const TRANSITIONS: Readonly<Record<RecommendationStatus, readonly RecommendationStatus[]>> = {
  draft: ['proposed'],
  proposed: ['accepted', 'declined', 'draft'],
  accepted: ['in-progress', 'declined'],
  'in-progress': ['implemented', 'accepted'],
  implemented: ['in-progress'],
  declined: ['proposed'],
};

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function nextStatuses(from: RecommendationStatus): RecommendationStatus[] {
  return [...TRANSITIONS[from]];
}

/** Shortest chain of statuses from `from` to `to` (both included), or undefined when none exists. */
export function pathBetween(from: RecommendationStatus, to: RecommendationStatus): RecommendationStatus[] | undefined {
  const prev = new Map<RecommendationStatus, RecommendationStatus | null>([[from, null]]);
  const queue: RecommendationStatus[] = [from];
  while (queue.length) {
    const s = queue.shift()!;
    if (s === to && s !== from) break;
    for (const n of TRANSITIONS[s]) {
      if (!prev.has(n)) {
        prev.set(n, s);
        queue.push(n);
      }
    }
  }
  if (!prev.has(to) || from === to) return undefined;
  const path: RecommendationStatus[] = [];
  for (let s: RecommendationStatus | null = to; s !== null; s = prev.get(s) ?? null) path.unshift(s);
  return path;
}

const list = (items: string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Why a move is refused, as a sentence for the person who tried it; undefined when the move is allowed. */
export function transitionProblem(from: RecommendationStatus, to: RecommendationStatus): string | undefined {
  if (canTransition(from, to)) return undefined;
  const f = STATUS_LABELS[from];
  const t = STATUS_LABELS[to];
  if (from === to) return `The recommendation is already ${t}.`;
  const path = pathBetween(from, to);
  if (!path) return `A recommendation cannot move from ${f} to ${t}.`;
  const between = path.slice(1, -1).map((s) => STATUS_LABELS[s]);
  const first = between[0]!;
  const rest = between.slice(1);
  return `A recommendation cannot move from ${f} to ${t}; it must be ${first} first${rest.length ? `, then ${list(rest)}` : ''}.`;
}

export function assertTransition(from: RecommendationStatus, to: RecommendationStatus): void {
  const problem = transitionProblem(from, to);
  if (problem) throw new ValidationError('The status change', [problem]);
}

export interface ProgressInput {
  date: string;
  note: string;
  /** The status the recommendation moves to with this update; omit (or repeat the current one) to only record progress. */
  status?: RecommendationStatus;
  /** For deterministic sample data and tests; a new id otherwise. */
  id?: string;
}

/**
 * Record a dated progress update and, when asked, move the status — in ONE local transaction, so undo,
 * sync and the history see a single step. Validated before anything is written.
 */
export function addProgressUpdate(doc: Y.Doc, ctx: WriteContext, recommendationId: string, input: ProgressInput): Recommendation {
  const read = readEntity(doc, 'recommendations', recommendationId);
  if (!read)
    throw new ValidationError('The progress update', [`There is no recommendation with id "${recommendationId}"; it may have been deleted by someone else.`]);
  if (!read.ok) throw new ValidationError('The recommendation', read.problems);
  const current = read.value;
  const moves = input.status !== undefined && input.status !== current.status;
  if (moves) assertTransition(current.status, input.status!);
  const at = (ctx.now ? ctx.now() : new Date()).toISOString();
  const update = parseOrThrow(
    ProgressUpdate,
    { id: input.id ?? newId(), date: input.date, note: input.note, ...(moves ? { status: input.status } : {}), author: ctx.author, at },
    'The progress update',
  );
  const next = parseOrThrow(
    Recommendation,
    { ...current, status: moves ? input.status : current.status, progress: [...current.progress, update], updatedAt: at, updatedBy: ctx.author },
    'The recommendation',
  );
  transactLocal(doc, () => {
    const map = collection(doc, 'recommendations').get(recommendationId)!;
    let progress = map.get('progress');
    if (!(progress instanceof Y.Array)) {
      // Legacy or missing: keep what was there, as a Y.Array so concurrent updates merge.
      progress = Y.Array.from(current.progress);
      map.set('progress', progress);
    }
    (progress as Y.Array<unknown>).push([update]);
    if (moves) map.set('status', next.status);
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
  });
  return next;
}

export { RECOMMENDATION_STATUSES };
