import { formatDate } from '../../ui/format.ts';
import { REQUEST_STATUS_LABELS, type RequestStatus, type Urgency } from '#core/knowledge/schemas.ts';

/** Status and urgency are shown with colour and words together, never colour alone. */
const STATUS_TONE: Record<RequestStatus, string> = {
  new: 'pill-blue',
  triaged: 'pill-violet',
  assigned: 'pill-amber',
  answered: 'pill-green',
  published: '',
};

export function RequestStatusPill({ status }: { status: RequestStatus | string }) {
  const s = status as RequestStatus;
  return (
    <span className={`pill req-status ${STATUS_TONE[s] ?? ''}`} data-status={s}>
      {REQUEST_STATUS_LABELS[s] ?? status}
    </span>
  );
}

export const URGENCY_LABELS: Record<Urgency, string> = { low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' };
const URGENCY_TONE: Record<Urgency, string> = { low: '', normal: '', high: 'pill-amber', urgent: 'pill-red' };
export const URGENCY_ORDER: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export function UrgencyPill({ urgency }: { urgency: Urgency | string }) {
  const u = urgency as Urgency;
  return (
    <span className={`pill urgency ${URGENCY_TONE[u] ?? ''}`} data-urgency={u}>
      {URGENCY_LABELS[u] ?? urgency}
    </span>
  );
}

const DAY = 86_400_000;

/** "3 d", "5 h": how long a request has waited, for the inbox's Age column. */
export function ageLabel(iso: string, now = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < DAY) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / DAY)} d`;
}

/** Days until (positive) or since (negative) a due date, counted in local calendar days. */
export function daysUntil(due: string, now = new Date()): number {
  const d = new Date(`${due}T12:00:00`);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 12);
  return Math.round((d.getTime() - today.getTime()) / DAY);
}

export function dueText(due: string | undefined, status: string): { text: string; tone: '' | 'overdue' | 'soon' } {
  if (!due) return { text: '—', tone: '' };
  const n = daysUntil(due);
  const open = status !== 'published' && status !== 'answered';
  if (!open) return { text: formatDate(due), tone: '' };
  if (n < 0) return { text: `${-n} d overdue`, tone: 'overdue' };
  if (n === 0) return { text: 'Due today', tone: 'soon' };
  if (n <= 3) return { text: `In ${n} d`, tone: 'soon' };
  return { text: `In ${n} d`, tone: '' };
}
