import { RECOMMENDATION_STATUSES, type FocusArea, type RecommendationStatus } from '#core/schemas/index.ts';
import type { EngagementRow, RecommendationRow } from '../../data/db.ts';

/** One city's line of the portfolio matrix, counted from the index rows (what the lists show, kept live by Dexie). */
export interface MatrixRow {
  engagement: EngagementRow;
  counts: Record<RecommendationStatus, number>;
  total: number;
  overdue: number;
  /** Latest of the engagement's activity and its recommendations' changes and progress notes. */
  lastActivity: string;
}

export type CellKey = RecommendationStatus | 'overdue' | 'all';

/** Same rule as the report and the recommendation lists: past due, neither implemented nor declined. */
export const isOverdueRow = (r: Pick<RecommendationRow, 'dueDate' | 'status'>, today: string) => Boolean(r.dueDate && r.dueDate < today && r.status !== 'implemented' && r.status !== 'declined');

export function matchesCell(r: RecommendationRow, cell: CellKey, today: string): boolean {
  return cell === 'all' ? true : cell === 'overdue' ? isOverdueRow(r, today) : r.status === cell;
}

export function buildMatrix(engagements: EngagementRow[], recs: RecommendationRow[], filter: { focusArea: FocusArea | ''; status: RecommendationStatus | '' }, today: string): MatrixRow[] {
  const byEngagement = new Map<string, RecommendationRow[]>();
  for (const r of recs) {
    if (filter.focusArea && r.focusArea !== filter.focusArea) continue;
    if (filter.status && r.status !== filter.status) continue;
    const list = byEngagement.get(r.engagementId);
    if (list) list.push(r);
    else byEngagement.set(r.engagementId, [r]);
  }
  return engagements
    .filter((e) => !filter.focusArea || e.focusAreas.includes(filter.focusArea) || byEngagement.has(e.id))
    .map((e) => {
      const list = byEngagement.get(e.id) ?? [];
      const counts = Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<RecommendationStatus, number>;
      let last = e.lastActivity ?? '';
      for (const r of list) {
        counts[r.status]++;
        if (r.updatedAt > last) last = r.updatedAt;
        if (r.lastProgressAt && r.lastProgressAt > last) last = r.lastProgressAt;
      }
      return { engagement: e, counts, total: list.length, overdue: list.filter((r) => isOverdueRow(r, today)).length, lastActivity: last };
    })
    .sort((a, b) => a.engagement.city.localeCompare(b.engagement.city) || a.engagement.state.localeCompare(b.engagement.state));
}
