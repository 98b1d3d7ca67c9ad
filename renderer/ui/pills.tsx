import type { RecommendationStatus, ReviewState } from '#core/schemas/index.ts';

/** Status is shown with colour and words together, never colour alone. */
const REC_STATUS: Record<RecommendationStatus, { label: string; tone: string }> = {
  draft: { label: 'Draft', tone: '' },
  proposed: { label: 'Proposed', tone: 'pill-blue' },
  accepted: { label: 'Accepted', tone: 'pill-violet' },
  'in-progress': { label: 'In progress', tone: 'pill-amber' },
  implemented: { label: 'Implemented', tone: 'pill-green' },
  declined: { label: 'Declined', tone: 'pill-red' },
};
export const recStatusLabel = (s: RecommendationStatus) => REC_STATUS[s].label;

export function RecStatusPill({ status }: { status: RecommendationStatus }) {
  const s = REC_STATUS[status];
  return <span className={`pill ${s.tone}`}>{s.label}</span>;
}

const REVIEW: Record<ReviewState, { label: string; tone: string }> = {
  draft: { label: 'Draft', tone: '' },
  submitted: { label: 'Submitted', tone: 'pill-blue' },
  'changes-requested': { label: 'Changes requested', tone: 'pill-amber' },
  approved: { label: 'Approved', tone: 'pill-green' },
};
export function ReviewPill({ state }: { state: ReviewState }) {
  const s = REVIEW[state];
  return <span className={`pill ${s.tone}`}>{s.label}</span>;
}

const PRIORITY: Record<string, { label: string; tone: string }> = {
  high: { label: 'High', tone: 'pill-red' },
  medium: { label: 'Medium', tone: 'pill-amber' },
  low: { label: 'Low', tone: '' },
};
export function PriorityPill({ priority }: { priority: string }) {
  const p = PRIORITY[priority] ?? { label: priority, tone: '' };
  return <span className={`pill ${p.tone}`}>{p.label}</span>;
}

const ENG_STATUS: Record<string, { label: string; tone: string }> = {
  'pre-assessment': { label: 'Pre-assessment', tone: 'pill-blue' },
  active: { label: 'Active', tone: 'pill-green' },
  continuation: { label: 'Continuation', tone: 'pill-violet' },
  closed: { label: 'Closed', tone: '' },
};
export function EngagementStatusPill({ status }: { status: string }) {
  const s = ENG_STATUS[status] ?? { label: status, tone: '' };
  return <span className={`pill ${s.tone}`}>{s.label}</span>;
}
export const engagementStatusLabel = (s: string) => ENG_STATUS[s]?.label ?? s;

export function FindingKindPill({ kind }: { kind: 'need' | 'strength' }) {
  return <span className={`pill ${kind === 'strength' ? 'pill-green' : 'pill-amber'}`}>{kind === 'strength' ? 'Strength' : 'Need'}</span>;
}
