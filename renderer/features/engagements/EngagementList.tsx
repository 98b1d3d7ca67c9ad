import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS, ENGAGEMENT_STATUSES, ENGAGEMENT_KINDS } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import type { EngagementRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { EngagementStatusPill, engagementStatusLabel } from '../../ui/pills.tsx';
import { formatRelative, formatDate } from '../../ui/format.ts';
import { EngagementFormDialog } from './EngagementFormDialog.tsx';
import { EngagementSyncBadge } from '../sync/SyncStatus.tsx';
import { FilterBar, FilterSelect, FocusAreaFilter, shownOf, useListSearch } from '../common/FilterBar.tsx';
import { ListBody, ListPage } from '../common/ListPage.tsx';
import { FocusAreaTags } from '../common/FocusAreaTags.tsx';

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
    render: (r) => <FocusAreaTags areas={r.focusAreas} />,
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
  const search = useListSearch();
  const [status, setStatus] = useState('');
  const [kind, setKind] = useState('');
  const [focus, setFocus] = useState('');
  const [sort, setSort] = useState<SortState>({ column: 'activity', dir: 'desc' });
  const [creating, setCreating] = useState(false);
  useCommand('new-engagement', () => setCreating(true));

  const { deferred } = search;
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

  const filtering = Boolean(search.query || status || kind || focus);
  const clear = () => {
    search.setQuery('');
    setStatus('');
    setKind('');
    setFocus('');
  };
  const empty = (
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
      An engagement is one city's assistance: its team, focus areas, visits and recommendations. Create one to start logging site assessments — everything is
      saved on this computer, no connection needed.
    </EmptyState>
  );
  const noMatch = (
    <EmptyState icon="search" title="No engagement matches these filters">
      Try another spelling or clear the filters.
    </EmptyState>
  );

  return (
    <ListPage
      title="Engagements"
      subtitle="Every city your team is working with. Open one to log visits, findings and recommendations."
      actions={
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-engagement">
          New engagement
        </Button>
      }
    >
      {rows && rows.length > 0 && (
        <FilterBar search={search} searchLabel="Search engagements" placeholder="Search cities, sponsors, focus areas…" searchWidth={300} filtering={filtering} onClear={clear} count={shownOf(visible.length, rows.length, 'engagements')}>
          <FilterSelect label="Filter by status" all="All statuses" value={status} onChange={setStatus} values={ENGAGEMENT_STATUSES} labelOf={engagementStatusLabel} />
          <FilterSelect label="Filter by kind" all="All kinds" value={kind} onChange={setKind} values={ENGAGEMENT_KINDS} labelOf={(k) => KIND_LABEL[k]} />
          <FocusAreaFilter value={focus} onChange={setFocus} />
        </FilterBar>
      )}
      <ListBody total={rows?.length} shown={visible.length} loadingLabel="Loading engagements" empty={empty} noMatch={noMatch}>
        <DataTable label="Engagements" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.engagement(r.id))} sort={sort} onSort={setSort} testId="engagements-table" />
      </ListBody>
      <EngagementFormDialog open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
