import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS, ENGAGEMENT_STATUSES, ENGAGEMENT_KINDS } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import type { EngagementRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { EngagementStatusPill, engagementStatusLabel } from '../../ui/pills.tsx';
import { formatRelative, formatDate } from '../../ui/format.ts';
import { EngagementFormDialog } from './EngagementFormDialog.tsx';
import { focusShort } from '../recommendations/format.ts';
import { EngagementSyncBadge } from '../sync/SyncStatus.tsx';

const KIND_LABEL: Record<string, string> = { direct: 'Direct', '311': '311 request', peer: 'Peer exchange' };
const INTENSITY_LABEL: Record<string, string> = { light: 'Light', moderate: 'Moderate', intensive: 'Intensive' };

const monthFmt = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const month = (iso: string) => monthFmt.format(new Date(`${iso}T12:00:00`));

const columns: Column<EngagementRow>[] = [
  {
    id: 'city',
    header: 'City',
    width: 'minmax(160px, 1.2fr)',
    sortValue: (r) => `${r.city}, ${r.state}`,
    render: (r) => (
      <span className="row" style={{ gap: 8, minWidth: 0 }}>
        <span className="title">
          {r.city}, {r.state}
        </span>
        <EngagementSyncBadge engagementId={r.id} compact />
      </span>
    ),
  },
  { id: 'status', header: 'Status', width: '128px', sortValue: (r) => r.status, render: (r) => <EngagementStatusPill status={r.status} /> },
  {
    id: 'kind',
    header: 'Kind · intensity',
    width: '150px',
    sortValue: (r) => `${r.kind}${r.intensity}`,
    render: (r) => (
      <span>
        {KIND_LABEL[r.kind] ?? r.kind} <span className="muted">· {INTENSITY_LABEL[r.intensity]?.toLowerCase() ?? r.intensity}</span>
      </span>
    ),
  },
  {
    id: 'focus',
    header: 'Focus areas',
    width: 'minmax(160px, 1.6fr)',
    render: (r) => (
      <span className="tags" style={{ flexWrap: 'nowrap', overflow: 'hidden' }} title={r.focusAreas.map((f) => FOCUS_AREA_LABELS[f]).join(', ')}>
        {r.focusAreas.map((f) => (
          <span key={f} className="tag">
            {focusShort(f)}
          </span>
        ))}
      </span>
    ),
  },
  { id: 'visits', header: 'Visits', width: '60px', align: 'right', sortValue: (r) => r.visitCount, render: (r) => r.visitCount },
  { id: 'findings', header: 'Findings', width: '72px', align: 'right', sortValue: (r) => r.findingCount, render: (r) => r.findingCount },
  {
    id: 'recs',
    header: 'Recommendations',
    width: '136px',
    align: 'right',
    sortValue: (r) => r.recommendationCount,
    render: (r) => (
      <span title={`${r.openRecommendationCount} still open`}>
        {r.recommendationCount} <span className="muted">· {r.openRecommendationCount} open</span>
      </span>
    ),
  },
  { id: 'period', header: 'Period', width: '160px', sortValue: (r) => r.startDate, render: (r) => <span title={`${formatDate(r.startDate)} – ${r.endDate ? formatDate(r.endDate) : 'ongoing'}`}>{`${month(r.startDate)} – ${r.endDate ? month(r.endDate) : 'ongoing'}`}</span> },
  { id: 'activity', header: 'Last activity', width: '112px', sortValue: (r) => r.lastActivity, render: (r) => <span title={new Date(r.lastActivity).toLocaleString()}>{formatRelative(r.lastActivity)}</span> },
];

export function EngagementList() {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.engagements.toArray(), []);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const [focus, setFocus] = useState('');
  const [sort, setSort] = useState<SortState>({ column: 'activity', dir: 'desc' });
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('find', () => searchRef.current?.focus());
  useCommand('new-engagement', () => setCreating(true));

  const visible = useMemo(() => {
    if (!rows) return [];
    const q = deferred.trim().toLowerCase();
    const filtered = rows.filter(
      (r) =>
        (!status || r.status === status) &&
        (!kind || r.kind === kind) &&
        (!focus || r.focusAreas.includes(focus as (typeof FOCUS_AREAS)[number])) &&
        (!q || `${r.city} ${r.state} ${r.sponsor} ${r.focusAreas.map((f) => FOCUS_AREA_LABELS[f]).join(' ')}`.toLowerCase().includes(q)),
    );
    return sortRows(filtered, columns, sort);
  }, [rows, deferred, status, kind, focus, sort]);

  const filtering = Boolean(query || status || kind || focus);
  return (
    <div className="page page-fill" style={{ maxWidth: 'none' }}>
      <div className="page-header">
        <div>
          <h1>Engagements</h1>
          <p className="subtitle">Every city your team is working with. Open one to log visits, findings and recommendations.</p>
        </div>
        <span className="spacer" />
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-engagement">
          New engagement
        </Button>
      </div>
      {rows && rows.length > 0 && (
        <div className="toolbar" role="search">
          <input ref={searchRef} className="input search-input" style={{ width: 300 }} type="search" placeholder="Search cities, sponsors, focus areas…" aria-label="Search engagements" value={query} onChange={(e) => setQuery(e.target.value)} />
          <select className="select" aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            {ENGAGEMENT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {engagementStatusLabel(s)}
              </option>
            ))}
          </select>
          <select className="select" aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {ENGAGEMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <select className="select" aria-label="Filter by focus area" value={focus} onChange={(e) => setFocus(e.target.value)}>
            <option value="">All focus areas</option>
            {FOCUS_AREAS.map((f) => (
              <option key={f} value={f}>
                {FOCUS_AREA_LABELS[f]}
              </option>
            ))}
          </select>
          {filtering && (
            <Button
              variant="ghost"
              onClick={() => {
                setQuery('');
                setStatus('');
                setKind('');
                setFocus('');
              }}
            >
              Clear filters
            </Button>
          )}
          <span className="spacer" />
          <span className="muted" role="status">
            {visible.length === rows.length ? `${rows.length} engagements` : `${visible.length} of ${rows.length} engagements`}
          </span>
        </div>
      )}
      <div style={{ flex: 1, minHeight: 0 }}>
        {!rows ? (
          <div className="table-wrap">
            <SkeletonRows rows={6} label="Loading engagements" />
          </div>
        ) : rows.length === 0 ? (
          <div className="card">
            <EmptyState
              icon="building"
              title="No engagements yet"
              actions={
                <>
                  <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                    New engagement
                  </Button>
                  <Button onClick={() => navigate(href.settings())}>Import a bundle or load sample data</Button>
                </>
              }
            >
              An engagement is one city's assistance: its team, focus areas, visits and recommendations. Create one to start logging site assessments — everything is saved on this computer, no connection needed.
            </EmptyState>
          </div>
        ) : visible.length === 0 ? (
          <div className="card">
            <EmptyState icon="search" title="No engagement matches these filters">
              Try another spelling or clear the filters.
            </EmptyState>
          </div>
        ) : (
          <DataTable label="Engagements" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.engagement(r.id))} sort={sort} onSort={setSort} testId="engagements-table" />
        )}
      </div>
      <EngagementFormDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
