/**
 * The lead's dashboard across engagements, computed from the index rows the projector keeps in Dexie (one pass
 * over each table, no Y.Doc opened). Pure: the screen passes rows, comments, who is looking and today's date.
 */
import { FOCUS_AREA_LABELS, FOCUS_AREAS, type FocusArea, type ReviewState } from '../schemas/common.ts';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '../schemas/recommendation.ts';
import type { Comment } from './comments.ts';

/** The fields of the projector's rows (renderer/data/db.ts) this needs; extra fields are ignored. */
export interface DashEngagement {
  id: string;
  city: string;
  state: string;
  status?: string;
}
interface DashItemBase {
  id: string;
  engagementId: string;
  title: string;
  reviewState: ReviewState;
  updatedAt: string;
  updatedBy: string;
  createdBy?: string;
  reviewBy?: string;
  reviewAt?: string;
  reviewNote?: string;
}
export type DashVisit = DashItemBase & { date?: string };
export type DashFinding = DashItemBase & { focusArea: FocusArea };
export type DashRecommendation = DashItemBase & { number: number; status: RecommendationStatus; focusArea: FocusArea; priority?: string; dueDate?: string; owner?: string };

export type ItemKind = 'visits' | 'findings' | 'recommendations';

export interface DashItem {
  kind: ItemKind;
  id: string;
  engagementId: string;
  city: string;
  title: string;
  reviewState: ReviewState;
  updatedAt: string;
  updatedBy: string;
  dueDate?: string;
  status?: RecommendationStatus;
}

export interface Notification {
  kind: 'sent-back' | 'mention';
  at: string;
  by: string;
  engagementId: string;
  target: { collection: string; id: string };
  title: string;
  text: string;
}

export interface DashboardFilters {
  engagementIds?: readonly string[];
  focusAreas?: readonly FocusArea[];
  statuses?: readonly RecommendationStatus[];
  reviewStates?: readonly ReviewState[];
}

export interface DashboardInput {
  engagements: readonly DashEngagement[];
  visits: readonly DashVisit[];
  findings: readonly DashFinding[];
  recommendations: readonly DashRecommendation[];
  /** Comments of the engagements, each tagged with its engagement. */
  comments?: readonly (Comment & { engagementId: string })[];
  userId: string;
  /** YYYY-MM-DD */
  today: string;
  filters?: DashboardFilters;
  recentLimit?: number;
}

export interface Dashboard {
  /** Submitted, waiting for a lead: oldest first. */
  queue: DashItem[];
  reviewCounts: Record<ReviewState, number>;
  byStatus: Record<RecommendationStatus, number>;
  byFocusArea: { focusArea: FocusArea; label: string; total: number; open: number; byStatus: Record<RecommendationStatus, number> }[];
  byCity: { engagementId: string; city: string; total: number; open: number; overdue: number; approved: number; awaitingReview: number }[];
  /** Open recommendations past their due date: most overdue first. */
  overdue: (DashItem & { daysOverdue: number })[];
  /** Newest changes first. */
  recent: DashItem[];
  notifications: Notification[];
  totals: { engagements: number; recommendations: number; open: number; overdue: number; awaitingReview: number };
}

const OPEN: ReadonlySet<RecommendationStatus> = new Set(['draft', 'proposed', 'accepted', 'in-progress']);
const zeroStatus = () => Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<RecommendationStatus, number>;
const dayNumber = (d: string) => Math.floor(Date.parse(`${d}T00:00:00Z`) / 86_400_000);

export function buildReviewDashboard(input: DashboardInput): Dashboard {
  const f = input.filters ?? {};
  const engIds = f.engagementIds?.length ? new Set(f.engagementIds) : null;
  const focus = f.focusAreas?.length ? new Set<string>(f.focusAreas) : null;
  const statuses = f.statuses?.length ? new Set<string>(f.statuses) : null;
  const reviewStates = f.reviewStates?.length ? new Set<string>(f.reviewStates) : null;
  const engagements = input.engagements.filter((e) => !engIds || engIds.has(e.id));
  const cityOf = new Map(engagements.map((e) => [e.id, `${e.city}, ${e.state}`]));
  const today = dayNumber(input.today);

  const item = (kind: ItemKind, r: DashItemBase): DashItem => ({ kind, id: r.id, engagementId: r.engagementId, city: cityOf.get(r.engagementId) ?? '', title: r.title, reviewState: r.reviewState, updatedAt: r.updatedAt, updatedBy: r.updatedBy });
  const keep = (r: DashItemBase & { focusArea?: FocusArea }) => cityOf.has(r.engagementId) && (!focus || (r.focusArea !== undefined && focus.has(r.focusArea))) && (!reviewStates || reviewStates.has(r.reviewState));

  const queue: DashItem[] = [];
  const recent: DashItem[] = [];
  const notifications: Notification[] = [];
  const reviewCounts: Record<ReviewState, number> = { draft: 0, submitted: 0, 'changes-requested': 0, approved: 0 };
  const titles = new Map<string, string>();

  const visit = (kind: ItemKind, r: DashItemBase, extra?: Partial<DashItem>) => {
    const it = { ...item(kind, r), ...extra };
    titles.set(`${kind}:${r.id}`, r.title);
    reviewCounts[r.reviewState]++;
    if (r.reviewState === 'submitted') queue.push(it);
    recent.push(it);
    if (r.reviewState === 'changes-requested' && (r.createdBy ?? r.updatedBy) === input.userId && r.reviewBy !== input.userId) {
      notifications.push({ kind: 'sent-back', at: r.reviewAt ?? r.updatedAt, by: r.reviewBy ?? r.updatedBy, engagementId: r.engagementId, target: { collection: kind, id: r.id }, title: r.title, text: r.reviewNote ?? 'Sent back for changes' });
    }
    return it;
  };

  for (const v of input.visits) if (keep(v) && !focus) visit('visits', v);
  for (const x of input.findings) if (keep(x)) visit('findings', x);

  const byStatus = zeroStatus();
  const fa = new Map<FocusArea, { total: number; open: number; byStatus: Record<RecommendationStatus, number> }>();
  const city = new Map<string, { total: number; open: number; overdue: number; approved: number; awaitingReview: number }>();
  for (const e of engagements) city.set(e.id, { total: 0, open: 0, overdue: 0, approved: 0, awaitingReview: 0 });
  const overdue: (DashItem & { daysOverdue: number })[] = [];
  let recCount = 0;
  let openCount = 0;
  for (const r of input.recommendations) {
    if (!keep(r) || (statuses && !statuses.has(r.status))) continue;
    recCount++;
    const it = visit('recommendations', r, { status: r.status, ...(r.dueDate ? { dueDate: r.dueDate } : {}) });
    byStatus[r.status]++;
    let g = fa.get(r.focusArea);
    if (!g) fa.set(r.focusArea, (g = { total: 0, open: 0, byStatus: zeroStatus() }));
    g.total++;
    g.byStatus[r.status]++;
    const c = city.get(r.engagementId)!;
    c.total++;
    const open = OPEN.has(r.status);
    if (open) {
      openCount++;
      g.open++;
      c.open++;
    }
    if (r.reviewState === 'approved') c.approved++;
    if (r.reviewState === 'submitted') c.awaitingReview++;
    if (open && r.dueDate) {
      const days = today - dayNumber(r.dueDate);
      if (days > 0) {
        c.overdue++;
        overdue.push({ ...it, daysOverdue: days });
      }
    }
  }
  for (const v of input.visits) if (v.reviewState === 'submitted' && cityOf.has(v.engagementId) && !focus) city.get(v.engagementId)!.awaitingReview++;
  for (const x of input.findings) if (x.reviewState === 'submitted' && keep(x)) city.get(x.engagementId)!.awaitingReview++;

  for (const c of input.comments ?? []) {
    if (!cityOf.has(c.engagementId) || c.resolved || c.deleted || c.author === input.userId || !c.mentions.includes(input.userId)) continue;
    notifications.push({ kind: 'mention', at: c.at, by: c.author, engagementId: c.engagementId, target: c.target, title: titles.get(`${c.target.collection}:${c.target.id}`) ?? '', text: c.body.slice(0, 200) });
  }

  queue.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue);
  notifications.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const limit = input.recentLimit ?? 20;
  // Top-k newest without sorting every row.
  const newest = topK(recent, limit, (a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : 0));

  return {
    queue,
    reviewCounts,
    byStatus,
    byFocusArea: FOCUS_AREAS.filter((a) => fa.has(a)).map((a) => ({ focusArea: a, label: FOCUS_AREA_LABELS[a], ...fa.get(a)! })),
    byCity: engagements.map((e) => ({ engagementId: e.id, city: cityOf.get(e.id)!, ...city.get(e.id)! })).sort((a, b) => b.overdue - a.overdue || a.city.localeCompare(b.city)),
    overdue,
    recent: newest,
    notifications,
    totals: { engagements: engagements.length, recommendations: recCount, open: openCount, overdue: overdue.length, awaitingReview: queue.length },
  };
}

function topK<T>(xs: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (xs.length <= k * 4) return [...xs].sort(cmp).slice(0, k);
  const out: T[] = [];
  for (const x of xs) {
    if (out.length < k) {
      out.push(x);
      if (out.length === k) out.sort(cmp);
    } else if (cmp(x, out[k - 1]!) < 0) {
      let i = k - 1;
      while (i > 0 && cmp(x, out[i - 1]!) < 0) i--;
      out.splice(i, 0, x);
      out.pop();
    }
  }
  return out.length < k ? out.sort(cmp) : out;
}
