import { describe, expect, it } from 'vitest';
import { buildReviewDashboard, type DashRecommendation } from '#core/review/dashboard.ts';

const eng = [
  { id: 'e1', city: 'Rockford', state: 'IL' },
  { id: 'e2', city: 'Tula', state: 'Hidalgo' },
];
const base = { updatedBy: 'p-ana', createdBy: 'p-ana', reviewState: 'draft' as const };
const rec = (id: string, engagementId: string, over: Partial<DashRecommendation> = {}): DashRecommendation => ({
  id,
  engagementId,
  number: 1,
  title: `Rec ${id}`,
  status: 'proposed',
  focusArea: 'housing',
  updatedAt: '2025-03-01T10:00:00.000Z',
  ...base,
  ...over,
});

describe('buildReviewDashboard', () => {
  const input = {
    engagements: eng,
    visits: [{ id: 'v1', engagementId: 'e1', title: 'Walk', date: '2025-02-01', ...base, reviewState: 'submitted' as const, updatedAt: '2025-02-01T10:00:00.000Z' }],
    findings: [{ id: 'f1', engagementId: 'e2', title: 'Vacancy', focusArea: 'land-use' as const, ...base, updatedAt: '2025-03-05T10:00:00.000Z' }],
    recommendations: [
      rec('r1', 'e1', { reviewState: 'submitted', updatedAt: '2025-03-02T10:00:00.000Z', dueDate: '2025-03-01' }),
      rec('r2', 'e1', { status: 'implemented', dueDate: '2025-01-01', reviewState: 'approved' }),
      rec('r3', 'e2', { focusArea: 'transportation', dueDate: '2025-02-20', status: 'in-progress', reviewState: 'changes-requested', reviewBy: 'p-lead', reviewAt: '2025-03-03T09:00:00.000Z', reviewNote: 'Add costs' }),
      rec('r4', 'e2', { focusArea: 'transportation', status: 'declined', updatedAt: '2025-03-06T10:00:00.000Z', updatedBy: 'p-ben', createdBy: 'p-ben' }),
    ],
    comments: [
      { id: 'c1', engagementId: 'e1', target: { collection: 'recommendations' as const, id: 'r1' }, body: '@Ana look', mentions: ['p-ana'], author: 'p-lead', at: '2025-03-04T10:00:00.000Z', resolved: false },
      { id: 'c2', engagementId: 'e1', target: { collection: 'recommendations' as const, id: 'r1' }, body: 'resolved one', mentions: ['p-ana'], author: 'p-lead', at: '2025-03-04T11:00:00.000Z', resolved: true },
    ],
    userId: 'p-ana',
    today: '2025-03-10',
  };

  it('queue, counts by status / focus area / city, overdue, recent and notifications', () => {
    const d = buildReviewDashboard(input);
    expect(d.queue.map((q) => [q.kind, q.id])).toEqual([
      ['visits', 'v1'],
      ['recommendations', 'r1'],
    ]);
    expect(d.byStatus).toMatchObject({ proposed: 1, implemented: 1, 'in-progress': 1, declined: 1, draft: 0 });
    expect(d.byFocusArea.map((f) => [f.focusArea, f.total, f.open])).toEqual([
      ['transportation', 2, 1],
      ['housing', 2, 1],
    ]);
    expect(d.overdue.map((o) => [o.id, o.daysOverdue])).toEqual([
      ['r3', 18],
      ['r1', 9],
    ]);
    expect(d.byCity).toEqual([
      { engagementId: 'e1', city: 'Rockford, IL', total: 2, open: 1, overdue: 1, approved: 1, awaitingReview: 2 },
      { engagementId: 'e2', city: 'Tula, Hidalgo', total: 2, open: 1, overdue: 1, approved: 0, awaitingReview: 0 },
    ]);
    expect(d.recent[0]!.id).toBe('r4');
    expect(d.notifications.map((n) => [n.kind, n.target.id, n.text])).toEqual([
      ['mention', 'r1', '@Ana look'],
      ['sent-back', 'r3', 'Add costs'],
    ]);
    expect(d.totals).toEqual({ engagements: 2, recommendations: 4, open: 2, overdue: 2, awaitingReview: 2 });
    expect(d.reviewCounts).toEqual({ draft: 2, submitted: 2, 'changes-requested': 1, approved: 1 });
  });

  it('filters by engagement, focus area and status', () => {
    expect(buildReviewDashboard({ ...input, filters: { engagementIds: ['e2'] } }).totals.recommendations).toBe(2);
    const t = buildReviewDashboard({ ...input, filters: { focusAreas: ['transportation'] } });
    expect(t.totals.recommendations).toBe(2);
    expect(t.queue).toEqual([]);
    expect(buildReviewDashboard({ ...input, filters: { statuses: ['implemented'] } }).overdue).toEqual([]);
  });
});
