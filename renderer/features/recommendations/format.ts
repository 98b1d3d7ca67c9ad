import { FOCUS_AREA_LABELS, type FocusArea } from '#core/schemas/index.ts';
import type { Priority, RecommendationStatus } from '#core/schemas/index.ts';

/** Words for the recommendation fields, shared by the table, the filters and the editor. */
export const TIMEFRAME_LABELS: Record<string, string> = {
  immediate: 'Immediate',
  'short-term': 'Short term',
  'medium-term': 'Medium term',
  'long-term': 'Long term',
};

export const STATUS_ORDER: Record<RecommendationStatus, number> = { draft: 0, proposed: 1, accepted: 2, 'in-progress': 3, implemented: 4, declined: 5 };
export const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
export const CLOSED_STATUSES: ReadonlySet<RecommendationStatus> = new Set(['implemented', 'declined']);

export const focusLabel = (f: FocusArea | string) => FOCUS_AREA_LABELS[f as FocusArea] ?? f;
/** Short names for narrow table columns; the full name is in the cell's tooltip. */
export const FOCUS_AREA_SHORT: Record<FocusArea, string> = {
  'operations-budget': 'Ops & budget',
  'economic-development': 'Economic dev.',
  'land-use': 'Land use',
  transportation: 'Transportation',
  'workforce-development': 'Workforce',
  'community-development': 'Community dev.',
  housing: 'Housing',
  'public-safety': 'Public safety',
};
export const focusShort = (f: FocusArea | string) => FOCUS_AREA_SHORT[f as FocusArea] ?? focusLabel(f);
export const recNumber = (n: number) => `R-${n}`;

export { formatDate, formatRelative, todayIso } from '../../ui/format.ts';

const dateTimeFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' });

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTimeFmt.format(d);
}

export const countFmt = new Intl.NumberFormat('en-US');
