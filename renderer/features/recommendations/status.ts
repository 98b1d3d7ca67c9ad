/**
 * The recommendation status rules as this screen uses them. The rules themselves live in core
 * (core/rules/recommendation-status.ts); this file only adapts them to the editor's needs.
 */
import type * as Y from 'yjs';
import type { WriteContext } from '#core/model/write.ts';
import type { RecommendationStatus } from '#core/schemas/index.ts';
import { addProgressUpdate, nextStatuses } from '#core/rules/recommendation-status.ts';
import { recStatusLabel } from '../../ui/pills.tsx';

export function allowedNextStatuses(from: RecommendationStatus): RecommendationStatus[] {
  return [...nextStatuses(from)];
}

/** Record a dated progress update, optionally moving the status; an empty note on a move gets a plain sentence. */
export function recordProgress(doc: Y.Doc, ctx: WriteContext, recId: string, input: { date: string; note: string; status?: RecommendationStatus }): void {
  const note = input.note.trim() || (input.status ? `Status changed to ${recStatusLabel(input.status)}.` : '');
  addProgressUpdate(doc, ctx, recId, { date: input.date, note, status: input.status });
}
