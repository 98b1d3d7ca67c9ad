import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  FOCUS_AREAS,
  FOCUS_AREA_LABELS,
  RECOMMENDATION_STATUSES,
  REVIEW_STATES,
  type FocusArea,
  type RecommendationStatus,
  type ReviewState,
} from '#core/schemas/index.ts';
import { href, navigate } from '../../app/router.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatDate, formatRelative, todayIso } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { RecStatusPill, ReviewPill, recStatusLabel } from '../../ui/pills.tsx';
import { SkeletonBlock, SkeletonRows } from '../../ui/Skeleton.tsx';
import { formatDateTime } from './format.ts';
import { markRead, notificationKey, useNotifications, type Notification } from './notifications.ts';
import { buildReviewDashboard, type Dashboard, type DashItem } from '#core/review/dashboard.ts';
import { useProgrammeFeed } from './programme-feed.ts';
import { fieldLabel } from './text-fields.ts';

type Kind = 'visits' | 'findings' | 'recommendations';
const KIND_LABEL: Record<Kind, string> = { visits: 'Visit', findings: 'Finding', recommendations: 'Recommendation' };
const REVIEW_LABEL: Record<ReviewState, string> = { draft: 'Draft', submitted: 'Submitted', 'changes-requested': 'Changes requested', approved: 'Approved' };

interface Filters {
  city: string;
  focus: FocusArea | '';
  kind: Kind | '';
  state: ReviewState | '';
}

export function itemHref(kind: Kind, engagementId: string, id: string): string {
  return kind === 'visits' ? href.visit(engagementId, id) : kind === 'findings' ? href.finding(engagementId, id) : href.recommendation(engagementId, id);
}
function targetHref(engagementId: string, target: { collection: string; id: string }): string {
  return target.collection === 'visits' || target.collection === 'findings' || target.collection === 'recommendations'
    ? itemHref(target.collection, engagementId, target.id)
    : href.engagement(engagementId);
}

function useIndexRows() {
  const ws = useWorkspace();
  return useLiveQuery(async () => {
    const [engagements, visits, findings, recommendations] = await Promise.all([
      ws.db.engagements.toArray(),
      ws.db.visits.toArray(),
      ws.db.findings.toArray(),
      ws.db.recommendations.toArray(),
    ]);
    return { engagements, visits, findings, recommendations };
  }, [ws]);
}

/** Proportional stacked bars (the Overview's bar style), one row per group, segments by recommendation status. */
function StatusBars({ rows, label }: { rows: { key: string; label: string; counts: Map<RecommendationStatus, number>; total: number }[]; label: string }) {
  const max = Math.max(1, ...rows.map((r) => r.total));
  if (!rows.length) return <p className="muted">No recommendations match the filters.</p>;
  return (
    <>
      <div className="bar-rows" role="list" aria-label={label}>
        {rows.map((r) => (
          <div
            key={r.key}
            className="bar-row"
            role="listitem"
            aria-label={`${r.label}: ${r.total} — ${RECOMMENDATION_STATUSES.filter((s) => r.counts.get(s))
              .map((s) => `${r.counts.get(s)} ${recStatusLabel(s).toLowerCase()}`)
              .join(', ')}`}
          >
            <span className="bar-label" title={r.label}>
              {r.label}
            </span>
            <div className="stack-bar" aria-hidden="true" style={{ width: `${Math.max(4, (r.total / max) * 100)}%` }}>
              {RECOMMENDATION_STATUSES.map((s) => {
                const n = r.counts.get(s) ?? 0;
                return n ? <span key={s} className={`seg-${s}`} style={{ width: `${(n / r.total) * 100}%` }} title={`${recStatusLabel(s)}: ${n}`} /> : null;
              })}
            </div>
            <span className="num">{r.total}</span>
          </div>
        ))}
      </div>
      <div className="chart-legend" aria-hidden="true">
        {RECOMMENDATION_STATUSES.map((s) => (
          <span key={s}>
            <i className={`seg-${s}`} />
            {recStatusLabel(s)}
          </span>
        ))}
      </div>
    </>
  );
}

/** Counts per status with the status pill (colour and words), like the engagement Overview. */
function StatusList({ counts, total }: { counts: Record<RecommendationStatus, number>; total: number }) {
  return (
    <div className="status-bars">
      {RECOMMENDATION_STATUSES.map((s) => (
        <div key={s} className="status-bar-row">
          <RecStatusPill status={s} />
          <div className="status-bar" aria-hidden="true">
            <span className={`status-bar-fill s-${s}`} style={{ width: `${total ? (counts[s] / total) * 100 : 0}%` }} />
          </div>
          <span className="num">{counts[s]}</span>
        </div>
      ))}
    </div>
  );
}

/** Per city: approved, waiting for review and the rest, with the overdue count in words. */
function CityBars({ rows }: { rows: Dashboard['byCity'] }) {
  const shown = rows.filter((r) => r.total > 0);
  const max = Math.max(1, ...shown.map((r) => r.total));
  if (!shown.length) return <p className="muted">No recommendations match the filters.</p>;
  return (
    <>
      <div className="bar-rows" role="list" aria-label="Recommendations by city">
        {shown.map((r) => {
          const other = Math.max(0, r.total - r.approved - r.awaitingReview);
          return (
            <div
              key={r.engagementId}
              className="bar-row bar-row-city"
              role="listitem"
              aria-label={`${r.city}: ${r.total} recommendations, ${r.approved} approved, ${r.awaitingReview} waiting for review, ${r.overdue} overdue`}
            >
              <span className="bar-label" title={r.city}>
                {r.city}
              </span>
              <div className="stack-bar" aria-hidden="true" style={{ width: `${Math.max(4, (r.total / max) * 100)}%` }}>
                <span className="seg-implemented" style={{ width: `${(r.approved / r.total) * 100}%` }} />
                <span className="seg-proposed" style={{ width: `${(r.awaitingReview / r.total) * 100}%` }} />
                <span className="seg-draft" style={{ width: `${(other / r.total) * 100}%` }} />
              </div>
              <span className="num">{r.total}</span>
              <span className={`bar-note ${r.overdue ? 'age-old' : 'muted'}`}>{r.overdue ? `${r.overdue} overdue` : 'none overdue'}</span>
            </div>
          );
        })}
      </div>
      <div className="chart-legend" aria-hidden="true">
        <span>
          <i className="seg-implemented" />
          Approved
        </span>
        <span>
          <i className="seg-proposed" />
          Waiting for review
        </span>
        <span>
          <i className="seg-draft" />
          Draft or sent back
        </span>
      </div>
    </>
  );
}

/** How long something has waited, in the unit a reviewer thinks in. */
function waited(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!(ms > 0)) return 'just now';
  const h = Math.floor(ms / 3600_000);
  if (h < 1) return 'under an hour';
  if (h < 48) return `${h} hour${h === 1 ? '' : 's'}`;
  return `${Math.floor(h / 24)} days`;
}

function NotificationsCard({ names }: { names: (engagementId: string, id: string | undefined) => string }) {
  const ws = useWorkspace();
  const { items, unread, ready } = useNotifications();
  const open = (n: Notification) => {
    void markRead(ws.db, [notificationKey(n)]);
    navigate(targetHref(n.engagementId, n.target));
  };
  return (
    <section className="card" aria-labelledby="rv-notes" data-testid="review-notifications">
      <div className="card-header">
        <h2 id="rv-notes">For you</h2>
        {unread.size > 0 && <span className="count-badge">{unread.size}</span>}
        <span className="spacer" />
        <Button size="sm" variant="ghost" disabled={unread.size === 0} onClick={() => void markRead(ws.db, [...unread])} data-testid="mark-all-read">
          Mark all read
        </Button>
      </div>
      {!ready ? (
        <SkeletonRows rows={3} label="Loading notifications" />
      ) : items.length === 0 ? (
        <p className="muted comments-empty">Nothing for you. Items sent back to you and comments that @mention you appear here.</p>
      ) : (
        <ul className="feed">
          {items.slice(0, 30).map((n) => {
            const key = notificationKey(n);
            const isUnread = unread.has(key);
            return (
              <li key={key} className={isUnread ? 'is-unread' : ''} data-testid="notification">
                <span
                  className="unread-dot"
                  style={isUnread ? undefined : { visibility: 'hidden' }}
                  role={isUnread ? 'img' : undefined}
                  aria-label={isUnread ? 'Unread' : undefined}
                  aria-hidden={isUnread ? undefined : true}
                />
                <div className="feed-main">
                  <a
                    href={targetHref(n.engagementId, n.target)}
                    onClick={(e) => {
                      e.preventDefault();
                      open(n);
                    }}
                  >
                    {n.kind === 'sent-back' ? `Sent back to you: ${n.title}` : `${names(n.engagementId, n.by)} mentioned you${n.title ? ` on ${n.title}` : ''}`}
                  </a>
                  <div className="feed-sub">{n.kind === 'sent-back' ? `“${n.text}” — ${names(n.engagementId, n.by)}` : `“${n.text}”`}</div>
                  <div className="feed-sub">
                    <time title={formatDateTime(n.at)}>{formatRelative(n.at)}</time>
                  </div>
                </div>
                {isUnread && <Button size="sm" variant="ghost" icon="check" label="Mark read" onClick={() => void markRead(ws.db, [key])} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * The lead's view across every engagement: what waits for review (oldest first), what two people changed at
 * once, recommendations by status, focus area and city, what is overdue, what changed lately, and what is
 * addressed to you.
 */
export function ReviewDashboard() {
  const ws = useWorkspace();
  const rows = useIndexRows();
  const feed = useProgrammeFeed();
  const [filters, setFilters] = useState<Filters>({ city: '', focus: '', kind: '', state: '' });
  const [sort, setSort] = useState<SortState>({ column: 'since', dir: 'asc' });
  const [chart, setChart] = useState<'status' | 'focus' | 'city'>('status');
  // A reviewer opening the dashboard wants the team's latest work now, not at the next background pass.
  useEffect(() => {
    if (ws.sync.getSnapshot().account.kind === 'signed-in') ws.sync.syncNow();
  }, [ws]);
  const today = todayIso();
  const isLead = ws.user.role === 'lead';

  const engagementsById = useMemo(() => new Map((rows?.engagements ?? []).map((e) => [e.id, e])), [rows]);
  const cities = useMemo(() => new Map([...engagementsById].map(([id, e]) => [id, `${e.city}, ${e.state}`])), [engagementsById]);
  const names = useMemo(() => {
    const byEng = new Map([...feed.engagements].map(([id, e]) => [id, e.names]));
    return (engagementId: string, id: string | undefined) => (!id ? 'someone' : id === ws.user.id ? 'you' : (byEng.get(engagementId)?.[id] ?? id));
  }, [feed, ws.user.id]);

  const cityOptions = useMemo(() => [...new Map((rows?.engagements ?? []).map((e) => [`${e.city}, ${e.state}`, e.id])).keys()].sort(), [rows]);
  const comments = useMemo(() => [...feed.engagements.values()].flatMap((e) => e.comments.map((c) => ({ ...c, engagementId: e.engagementId }))), [feed]);

  // The figures come from the review model (core/review/dashboard.ts); the screen only filters what it feeds in.
  const dash = useMemo(() => {
    if (!rows) return null;
    const engagementIds = filters.city ? rows.engagements.filter((e) => `${e.city}, ${e.state}` === filters.city).map((e) => e.id) : undefined;
    const want = (k: Kind) => !filters.kind || filters.kind === k;
    return buildReviewDashboard({
      engagements: rows.engagements,
      visits: want('visits') ? rows.visits : [],
      findings: want('findings') ? rows.findings : [],
      recommendations: want('recommendations') ? rows.recommendations : [],
      comments,
      userId: ws.user.id,
      today,
      recentLimit: filters.state ? 100_000 : 12,
      filters: { engagementIds, focusAreas: filters.focus ? [filters.focus] : undefined, reviewStates: filters.state ? [filters.state] : undefined },
    });
  }, [rows, filters, comments, ws.user.id, today]);

  const queueState: ReviewState = filters.state || 'submitted';
  const queueColumns = useMemo((): Column<DashItem>[] => {
    const now = Date.now();
    return [
      { id: 'kind', header: 'Kind', width: '128px', render: (r) => <span className="kind-tag">{KIND_LABEL[r.kind]}</span>, sortValue: (r) => r.kind },
      {
        id: 'title',
        header: 'Title',
        width: 'minmax(180px, 3fr)',
        render: (r) => <span className="queue-title">{r.title}</span>,
        sortValue: (r) => r.title.toLowerCase(),
      },
      { id: 'city', header: 'Engagement', width: 'minmax(110px, 1fr)', render: (r) => r.city, sortValue: (r) => r.city },
      {
        id: 'by',
        header: 'Last change by',
        width: 'minmax(100px, 1fr)',
        render: (r) => names(r.engagementId, r.updatedBy),
        sortValue: (r) => names(r.engagementId, r.updatedBy),
      },
      ...(queueState === 'submitted' ? [] : [{ id: 'state', header: 'Review', width: '150px', render: (r: DashItem) => <ReviewPill state={r.reviewState} /> }]),
      {
        id: 'since',
        header: 'Waiting',
        width: '96px',
        render: (r) => (
          <span className={now - Date.parse(r.updatedAt) > 7 * 86400_000 ? 'age-old' : ''} title={formatDateTime(r.updatedAt)}>
            {waited(r.updatedAt, now)}
          </span>
        ),
        sortValue: (r) => r.updatedAt,
      },
    ];
  }, [names, queueState]);
  // The model's queue is "submitted"; with another state chosen the same table lists that state (its recent items).
  const queue = useMemo(
    () => (dash ? sortRows(queueState === 'submitted' ? dash.queue : dash.recent.filter((i) => i.reviewState === queueState), queueColumns, sort) : []),
    [dash, queueState, queueColumns, sort],
  );
  const conflicts = useMemo(
    () =>
      [...feed.engagements.values()]
        .flatMap((e) => e.conflicts)
        .filter(({ item }) => (!filters.city || cities.get(item.engagementId) === filters.city) && (!filters.kind || filters.kind === item.collection)),
    [feed, filters, cities],
  );
  const unresolvedComments = useMemo(() => comments.filter((c) => !c.parentId && !c.resolved && !c.deleted).length, [comments]);

  if (!rows)
    return (
      <div className="page review-page" aria-busy="true">
        <SkeletonBlock height={56} />
        <SkeletonBlock height={80} />
        <SkeletonRows rows={8} label="Loading the review queue" />
      </div>
    );
  if (rows.engagements.length === 0)
    return (
      <div className="page">
        <EmptyState icon="check" title="Nothing to review yet" actions={<Button onClick={() => navigate(href.engagements())}>Go to engagements</Button>}>
          Once experts submit visits, findings and recommendations, they queue here for a lead, oldest first.
        </EmptyState>
      </div>
    );

  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setFilters((f) => ({ ...f, [k]: v }));
  if (!dash) return null;
  const overdue = dash.overdue;
  const focusRows = dash.byFocusArea
    .map((f) => ({ key: f.focusArea, label: f.label, counts: new Map(Object.entries(f.byStatus) as [RecommendationStatus, number][]), total: f.total }))
    .sort((a, b) => b.total - a.total);

  return (
    <div className="page review-page" data-testid="review-dashboard">
      <div className="page-header">
        <div>
          <h1>Review</h1>
          <p className="subtitle">
            {isLead ? 'Everything waiting for a lead' : 'Where the team’s work stands in review'} across {rows.engagements.length} engagement
            {rows.engagements.length === 1 ? '' : 's'}.{!isLead && ' Only leads approve or send back; set your role in Settings or through your relay sign-in.'}
          </p>
        </div>
      </div>

      <div className="review-filters" role="group" aria-label="Filters">
        <Field label="City">
          {(p) => (
            <select {...p} className="select select-sm" value={filters.city} onChange={(e) => set('city', e.target.value)} data-testid="filter-city">
              <option value="">All cities</option>
              {cityOptions.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Focus area">
          {(p) => (
            <select
              {...p}
              className="select select-sm"
              value={filters.focus}
              onChange={(e) => set('focus', e.target.value as FocusArea | '')}
              data-testid="filter-focus"
            >
              <option value="">All focus areas</option>
              {FOCUS_AREAS.map((f) => (
                <option key={f} value={f}>
                  {FOCUS_AREA_LABELS[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Kind">
          {(p) => (
            <select
              {...p}
              className="select select-sm"
              value={filters.kind}
              onChange={(e) => set('kind', e.target.value as Kind | '')}
              data-testid="filter-kind"
            >
              <option value="">Visits, findings and recommendations</option>
              <option value="visits">Visits</option>
              <option value="findings">Findings</option>
              <option value="recommendations">Recommendations</option>
            </select>
          )}
        </Field>
        <Field label="Review state">
          {(p) => (
            <select
              {...p}
              className="select select-sm"
              value={filters.state}
              onChange={(e) => set('state', e.target.value as ReviewState | '')}
              data-testid="filter-state"
            >
              <option value="">Submitted (the queue)</option>
              {REVIEW_STATES.filter((s) => s !== 'submitted').map((s) => (
                <option key={s} value={s}>
                  {REVIEW_LABEL[s]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {(filters.city || filters.focus || filters.kind || filters.state) && (
          <Button size="sm" variant="ghost" icon="x" onClick={() => setFilters({ city: '', focus: '', kind: '', state: '' })}>
            Clear filters
          </Button>
        )}
      </div>

      <div className="review-stats">
        <div className="review-stat" data-testid="stat-submitted">
          <span className="num">{dash.reviewCounts.submitted}</span>
          <span className="label">Waiting for review</span>
        </div>
        <div className="review-stat">
          <span className="num">{dash.reviewCounts['changes-requested']}</span>
          <span className="label">Sent back, being fixed</span>
        </div>
        <div className="review-stat" data-testid="stat-conflicts">
          <span className="num">{conflicts.length}</span>
          <span className="label">Items changed by two people at once</span>
        </div>
        <div className="review-stat">
          <span className="num">{overdue.length}</span>
          <span className="label">Overdue recommendations</span>
        </div>
      </div>

      <div className="review-grid">
        <div className="review-col">
          <section className="card" aria-labelledby="rv-queue">
            <div className="card-header">
              <h2 id="rv-queue">{queueState === 'submitted' ? 'Review queue' : REVIEW_LABEL[queueState]}</h2>
              <span className="muted">
                {queue.length} item{queue.length === 1 ? '' : 's'} · {queueState === 'submitted' ? 'oldest first' : 'by time'} · ↑↓ and Enter to open
              </span>
            </div>
            {queue.length === 0 ? (
              <p className="muted comments-empty" data-testid="queue-empty">
                {queueState === 'submitted'
                  ? 'Nothing is waiting for review with these filters. Submitted items appear here, oldest first.'
                  : 'No items in this state with these filters.'}
              </p>
            ) : (
              <DataTable
                label="Review queue"
                rows={queue}
                columns={queueColumns}
                rowId={(r) => `${r.kind}/${r.id}`}
                onOpen={(r) => navigate(itemHref(r.kind, r.engagementId, r.id))}
                sort={sort}
                onSort={setSort}
                height={Math.min(420, 38 + queue.length * 36)}
                testId="review-queue"
              />
            )}
          </section>

          <section className="card" aria-labelledby="rv-conflicts" data-testid="review-conflicts">
            <div className="card-header">
              <h2 id="rv-conflicts">Changed by two people at once</h2>
              <span className="muted">Both values kept — open the item to choose</span>
            </div>
            {!feed.ready ? (
              <SkeletonRows rows={2} label="Looking for concurrent edits" />
            ) : conflicts.length === 0 ? (
              <p className="muted comments-empty">
                No concurrent edits waiting. When two people change the same field while offline, both values show here with their authors.
              </p>
            ) : (
              <ul className="feed">
                {conflicts.map(({ item, conflicts: cs }) => (
                  <li key={`${item.collection}/${item.id}`} data-testid="dashboard-conflict">
                    <Icon name="alert" style={{ color: 'var(--violet)', marginTop: 2 }} />
                    <div className="feed-main">
                      <a href={itemHref(item.collection, item.engagementId, item.id)}>{item.title}</a>
                      {cs.map((c) => (
                        <div key={c.field} className="feed-sub">
                          {fieldLabel(c.field)}: {c.candidates.map((k) => `${names(item.engagementId, k.by)} (${formatRelative(k.at)})`).join(' and ')}
                        </div>
                      ))}
                    </div>
                    <span className="muted">{cities.get(item.engagementId)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="card" aria-labelledby="rv-charts" data-testid="review-charts">
            <div className="card-header">
              <h2 id="rv-charts">Recommendations</h2>
              <span className="muted">
                {dash.totals.recommendations} · {dash.totals.open} open
              </span>
              <span className="spacer" />
              <div className="segmented" role="radiogroup" aria-label="Group recommendations">
                {(
                  [
                    ['status', 'By status'],
                    ['focus', 'By focus area'],
                    ['city', 'By city'],
                  ] as const
                ).map(([v, label]) => (
                  <button key={v} type="button" role="radio" aria-checked={chart === v} onClick={() => setChart(v)} data-testid={`chart-${v}`}>
                    {label}
                  </button>
                ))}
              </div>
            </div>
            <div className="card-body">
              {chart === 'status' && <StatusList counts={dash.byStatus} total={dash.totals.recommendations} />}
              {chart === 'focus' && <StatusBars rows={focusRows} label="Recommendations by focus area" />}
              {chart === 'city' && <CityBars rows={dash.byCity} />}
            </div>
          </section>

          <section className="card" aria-labelledby="rv-overdue">
            <div className="card-header">
              <h2 id="rv-overdue">Overdue recommendations</h2>
              <span className="muted">Past their due date and not implemented or declined</span>
            </div>
            {overdue.length === 0 ? (
              <p className="muted comments-empty">
                Nothing overdue. Recommendations with a due date in the past show here until they are implemented or declined.
              </p>
            ) : (
              <ul className="feed">
                {overdue.slice(0, 12).map((r) => (
                  <li key={r.id}>
                    <div className="feed-main">
                      <a href={href.recommendation(r.engagementId, r.id)}>{r.title}</a>
                      <div className="feed-sub">
                        {r.city} · due {formatDate(r.dueDate)} · <span className="age-old">{r.daysOverdue} days overdue</span>
                      </div>
                    </div>
                    {r.status && <RecStatusPill status={r.status} />}
                  </li>
                ))}
                {overdue.length > 12 && <li className="muted">… and {overdue.length - 12} more</li>}
              </ul>
            )}
          </section>
        </div>

        <div className="review-col">
          <NotificationsCard names={names} />
          <section className="card" aria-labelledby="rv-recent">
            <div className="card-header">
              <h2 id="rv-recent">Recent changes</h2>
              {unresolvedComments > 0 && <span className="muted">{unresolvedComments} open comment threads</span>}
            </div>
            <ul className="feed">
              {dash.recent.slice(0, 12).map((i) => (
                <li key={`${i.kind}/${i.id}`}>
                  <div className="feed-main">
                    <a href={itemHref(i.kind, i.engagementId, i.id)}>{i.title}</a>
                    <div className="feed-sub">
                      {KIND_LABEL[i.kind]} · {i.city} · {names(i.engagementId, i.updatedBy)} ·{' '}
                      <time title={formatDateTime(i.updatedAt)}>{formatRelative(i.updatedAt)}</time>
                    </div>
                  </div>
                  <ReviewPill state={i.reviewState} />
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}
