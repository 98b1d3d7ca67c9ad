import { createEntity } from '#core/model/write.ts';
import { isEmptyAnswer } from '#core/rules/visit-submission.ts';
import { FOCUS_AREAS, type Attachment, type FocusArea, type Finding, type Question, type Visit } from '#core/schemas/index.ts';
import type { EngagementSession } from '../../data/session.ts';
import { formatDate } from '../../ui/format.ts';

const YES_NO_LABELS: Record<string, string> = { yes: 'Yes', no: 'No', na: 'N.A.' };

/** An answer as a person would say it: "4 of 5", "Yes", "12 storefronts", "Retail, Offices". */
export function answerSummary(q: Question, value: unknown, photoCount = 0): string {
  if (q.kind === 'photo') return photoCount ? `${photoCount} photo${photoCount === 1 ? '' : 's'}` : '';
  if (isEmptyAnswer(value)) return '';
  switch (q.kind) {
    case 'rating':
      return `${String(value)} of 5`;
    case 'yesno':
      return YES_NO_LABELS[String(value)] ?? String(value);
    case 'number':
      return `${String(value)}${q.unit ? ` ${q.unit}` : ''}`;
    case 'multiple':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'text': {
      const t = String(value).trim().replace(/\s+/g, ' ');
      return t.length > 80 ? `${t.slice(0, 79)}…` : t;
    }
    default:
      return String(value);
  }
}

/** Whether a question counts as answered (a photo question by its attached photos). */
export function isAnswered(q: Question, value: unknown, photoCount: number): boolean {
  return q.kind === 'photo' ? photoCount > 0 : !isEmptyAnswer(value);
}

/** A good rating or a "yes" reads as a strength; everything else as a need the city has. */
export function guessKind(q: Question, value: unknown): Finding['kind'] {
  if (q.kind === 'rating' && typeof value === 'number') return value >= 4 ? 'strength' : 'need';
  if (q.kind === 'yesno') return value === 'yes' ? 'strength' : 'need';
  return 'need';
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/** Create a draft finding prefilled from one answered question of a visit (one undoable step). */
export function createFindingFromAnswer(
  session: EngagementSession,
  visit: Visit,
  q: Question,
  engagementFocusAreas: readonly FocusArea[],
  photos: readonly Attachment[],
): Finding {
  const value = visit.answers[q.id];
  const summary = answerSummary(q, value, photos.length);
  const label = q.label.trim().replace(/[?:…]+$/, '');
  const title = clip(summary && q.kind !== 'text' ? `${label}: ${summary}` : label, 200);
  const focusArea: FocusArea = q.focusArea ?? engagementFocusAreas[0] ?? visit.template.focusAreas[0] ?? FOCUS_AREAS[0];
  const answerLine = q.kind === 'text' ? String(value ?? '').trim() : summary;
  const description = `From the site visit “${visit.title}” on ${formatDate(visit.date)}.\n${q.label.trim()} — ${answerLine}`;
  return createEntity(session.doc, session.ctx, 'findings', {
    title,
    description: clip(description, 50000),
    kind: guessKind(q, value),
    focusArea,
    severity: 'medium',
    visitId: visit.id,
    questionId: q.id,
    photoIds: photos.map((p) => p.id),
    indicatorIds: [],
    interviewNotes: '',
    internalNotes: '',
    confidential: visit.confidential,
    review: { state: 'draft' },
  });
}
