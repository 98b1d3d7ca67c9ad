import { createEntity } from '#core/model/write.ts';
import { collection } from '#core/model/layout.ts';
import { FOCUS_AREAS, type FocusArea, type Recommendation } from '#core/schemas/index.ts';
import type { EngagementSession } from '../../data/session.ts';

/** The next free number (R-n) in this engagement, read from the document itself so it is right even before the index catches up. */
export function nextRecommendationNumber(session: EngagementSession, indexed: readonly { number: number }[] = []): number {
  let max = 0;
  for (const r of indexed) if (r.number > max) max = r.number;
  collection(session.doc, 'recommendations').forEach((m) => {
    const n = typeof m.get === 'function' ? m.get('number') : undefined;
    if (typeof n === 'number' && n > max) max = n;
  });
  return max + 1;
}

/** A draft recommendation with sensible defaults, ready to be filled in (one undoable step). */
export function createDraftRecommendation(
  session: EngagementSession,
  focusAreas: readonly FocusArea[] | undefined,
  indexed: readonly { number: number }[] = [],
): Recommendation {
  return createEntity(session.doc, session.ctx, 'recommendations', {
    number: nextRecommendationNumber(session, indexed),
    title: 'Untitled recommendation',
    rationale: '',
    focusArea: focusAreas?.[0] ?? FOCUS_AREAS[0],
    priority: 'medium',
    owner: '',
    timeframe: 'short-term',
    status: 'draft',
    findingIds: [],
    visitIds: [],
    progress: [],
    internalNotes: '',
    confidential: false,
    review: { state: 'draft' },
  });
}
