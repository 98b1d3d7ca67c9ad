import { createEntity } from '#core/model/write.ts';
import { FOCUS_AREAS, type FocusArea, type Finding } from '#core/schemas/index.ts';
import type { EngagementSession } from '../../data/session.ts';

export const UNTITLED_FINDING = 'Untitled finding';

export const SEVERITY_LABELS: Record<Finding['severity'], string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
const SEVERITY_TONE: Record<Finding['severity'], string> = { low: '', medium: 'pill-blue', high: 'pill-amber', critical: 'pill-red' };
export const SEVERITY_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export function SeverityPill({ severity }: { severity: string }) {
  const s = severity as Finding['severity'];
  return <span className={`pill ${SEVERITY_TONE[s] ?? ''}`}>{SEVERITY_LABELS[s] ?? severity}</span>;
}

/** A blank draft finding in the engagement's first focus area (one undoable step). */
export function createDraftFinding(session: EngagementSession, focusAreas: readonly FocusArea[] | undefined, extra: Partial<Finding> = {}): Finding {
  return createEntity(session.doc, session.ctx, 'findings', {
    title: UNTITLED_FINDING,
    description: '',
    kind: 'need',
    focusArea: focusAreas?.[0] ?? FOCUS_AREAS[0],
    severity: 'medium',
    photoIds: [],
    indicatorIds: [],
    interviewNotes: '',
    internalNotes: '',
    confidential: false,
    review: { state: 'draft' },
    ...extra,
  });
}
