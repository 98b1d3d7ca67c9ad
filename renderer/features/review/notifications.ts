import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { buildReviewDashboard, type DashFinding, type DashRecommendation, type DashVisit, type Notification } from '#core/review/dashboard.ts';
import type { FocusArea, RecommendationStatus } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { GroundworkDb } from '../../data/db.ts';
import { todayIso } from '../../ui/format.ts';
import { useProgrammeFeed, type ProgrammeFeed, type ReviewedItem } from './programme-feed.ts';

export type { Notification };

export const notificationKey = (n: Notification) => `${n.kind}:${n.target.collection}:${n.target.id}:${n.at}`;

function base(i: ReviewedItem) {
  return {
    id: i.id,
    engagementId: i.engagementId,
    title: i.title,
    reviewState: i.review.state,
    updatedAt: i.updatedAt,
    updatedBy: i.updatedBy,
    createdBy: i.createdBy,
    reviewBy: i.review.by,
    reviewAt: i.review.at,
    reviewNote: i.review.note,
  };
}

/**
 * Items sent back to you and comments that mention you, newest first — computed by the review model
 * (core/review/dashboard.ts) from every engagement document on this computer.
 */
export function notificationsFrom(feed: ProgrammeFeed, userId: string, today = todayIso()): Notification[] {
  const engagements = [...feed.engagements.values()];
  const items = engagements.flatMap((e) => e.items);
  return buildReviewDashboard({
    engagements: engagements.map((e) => ({ id: e.engagementId, city: e.city, state: e.state })),
    visits: items.filter((i) => i.collection === 'visits').map((i): DashVisit => base(i)),
    findings: items.filter((i) => i.collection === 'findings').map((i): DashFinding => ({ ...base(i), focusArea: i.focusArea as FocusArea })),
    recommendations: items
      .filter((i) => i.collection === 'recommendations')
      .map((i): DashRecommendation => ({
        ...base(i),
        number: i.number ?? 0,
        status: (i.status ?? 'draft') as RecommendationStatus,
        focusArea: i.focusArea as FocusArea,
      })),
    comments: engagements.flatMap((e) => e.comments.map((c) => ({ ...c, engagementId: e.engagementId }))),
    userId,
    today,
    recentLimit: 1,
  }).notifications;
}

const READ_KEY = 'review:read';

export function useReadKeys(): Set<string> | undefined {
  const ws = useWorkspace();
  // null once loaded without a row; undefined only while loading.
  const row = useLiveQuery(async () => (await ws.db.settings.get(READ_KEY)) ?? null, [ws]);
  return useMemo(() => (row === undefined ? (undefined as Set<string> | undefined) : new Set(Array.isArray(row?.value) ? (row.value as string[]) : [])), [row]);
}

/** Remember notifications as read on this computer (a settings row: read state is personal, not shared). */
export async function markRead(db: GroundworkDb, keys: string[]): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const row = await db.settings.get(READ_KEY);
    const current = new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
    for (const k of keys) current.add(k);
    // Bounded: the oldest marks go first; a forgotten old mark shows an old notice as unread at worst.
    await db.settings.put({ key: READ_KEY, value: [...current].slice(-2000) });
  });
}

export function useNotifications(): { items: Notification[]; unread: Set<string>; ready: boolean } {
  const ws = useWorkspace();
  const feed = useProgrammeFeed();
  const read = useReadKeys();
  const userId = ws.user.id;
  const items = useMemo(() => notificationsFrom(feed, userId), [feed, userId]);
  return useMemo(() => {
    const unread = new Set(read ? items.map(notificationKey).filter((k) => !read.has(k)) : []);
    return { items, unread, ready: feed.ready && read !== undefined };
  }, [items, read, feed.ready]);
}

/** For the sidebar badge. */
export function useUnreadCount(): number {
  return useNotifications().unread.size;
}
