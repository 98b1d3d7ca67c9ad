import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { REQUEST_STATUSES, REQUEST_STATUS_LABELS, URGENCIES } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { RequestRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { focusShort } from '../recommendations/format.ts';
import { NewRequestDialog } from './NewRequestDialog.tsx';
import { TriageBoard } from './TriageBoard.tsx';
import { RequestStatusPill, URGENCY_LABELS, URGENCY_ORDER, UrgencyPill, ageLabel, dueText } from './format.tsx';
import { useProgrammePeople } from './people.ts';
import { FilterBar, FilterCheckbox, FilterSelect, FocusAreaFilter, shownOf, useListSearch } from '../common/FilterBar.tsx';
import { ListBody, ListPage } from '../common/ListPage.tsx';

const STATUS_ORDER = Object.fromEntries(REQUEST_STATUSES.map((s, i) => [s, i])) as Record<string, number>;
// The inbox opens on "open": everything not yet published, which is what still needs someone's work.
const STATUS_FILTERS = ['open', ...REQUEST_STATUSES] as const;

/** The 311 inbox: every question from city officials, as a table or (for leads) a triage board. */
export function RequestsPage({ view }: { view: 'inbox' | 'board' }) {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.requests.toArray(), [ws]);
  const { name: personName } = useProgrammePeople();
  const search = useListSearch();
  const [status, setStatus] = useState(view === 'board' ? '' : 'open');
  const [focus, setFocus] = useState('');
  const [urgency, setUrgency] = useState('');
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<SortState>({ column: 'age', dir: 'desc' });
  const [creating, setCreating] = useState(false);

  const columns = useMemo<Column<RequestRow>[]>(
    () => [
      {
        id: 'city',
        header: 'City',
        width: 'minmax(130px, 1fr)',
        sortValue: (r) => `${r.city}, ${r.state}`,
        render: (r) => (
          <span className="title">
            {r.city}, {r.state}
          </span>
        ),
      },
      { id: 'official', header: 'Official', width: 'minmax(120px, 1fr)', sortValue: (r) => r.officialName, render: (r) => <span className="ellipsis">{r.officialName}</span> },
      {
        id: 'topic',
        header: 'Topic',
        width: 'minmax(220px, 2.6fr)',
        sortValue: (r) => r.topic.toLowerCase(),
        render: (r) => (
          <span className="row" style={{ gap: 8, minWidth: 0 }}>
            <span className="ellipsis">{r.topic}</span>
            <span className="tag" title={FOCUS_AREA_LABELS[r.focusArea]}>
              {focusShort(r.focusArea)}
            </span>
          </span>
        ),
      },
      { id: 'urgency', header: 'Urgency', width: '92px', sortValue: (r) => URGENCY_ORDER[r.urgency] ?? 9, render: (r) => <UrgencyPill urgency={r.urgency} /> },
      { id: 'status', header: 'Status', width: '104px', sortValue: (r) => STATUS_ORDER[r.status] ?? 9, render: (r) => <RequestStatusPill status={r.status} /> },
      { id: 'assignee', header: 'Assignee', width: 'minmax(110px, 1fr)', sortValue: (r) => (r.assignee ? personName(r.assignee) : '~'), render: (r) => (r.assignee ? <span className="ellipsis">{personName(r.assignee)}</span> : <span className="muted">Unassigned</span>) },
      {
        id: 'due',
        header: 'Due',
        width: '108px',
        sortValue: (r) => r.due ?? '9999',
        render: (r) => {
          const d = dueText(r.due, r.status);
          return <span className={`due due-${d.tone || 'none'}`}>{d.text}</span>;
        },
      },
      { id: 'age', header: 'Age', width: '64px', align: 'right', sortValue: (r) => -new Date(r.createdAt).getTime(), render: (r) => <span title={new Date(r.createdAt).toLocaleString()}>{ageLabel(r.createdAt)}</span> },
    ],
    [personName],
  );

  const { deferred } = search;
  const visible = useMemo(() => {
    if (!rows) return [];
    const q = deferred.trim().toLowerCase();
    const filtered = rows.filter(
      (r) =>
        (!status || (status === 'open' ? r.status !== 'published' : r.status === status)) &&
        (!focus || r.focusArea === focus) &&
        (!urgency || r.urgency === urgency) &&
        (!mine || r.assignee === ws.user.id) &&
        (!q || `${r.city} ${r.state} ${r.officialName} ${r.topic} ${FOCUS_AREA_LABELS[r.focusArea]}`.toLowerCase().includes(q)),
    );
    return sortRows(filtered, columns, sort);
  }, [rows, deferred, status, focus, urgency, mine, ws.user.id, columns, sort]);

  const filtering = Boolean(search.query || (status && status !== 'open') || focus || urgency || mine);
  const clear = () => {
    search.setQuery('');
    setStatus(view === 'board' ? '' : 'open');
    setFocus('');
    setUrgency('');
    setMine(false);
  };

  const empty = (
    <EmptyState
      icon="clipboard"
      title="No 311 requests yet"
      actions={
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
          Log the first request
        </Button>
      }
    >
      When a city official asks the network a question — by phone, email or at a visit — log it here. A lead triages it, an expert answers with a memo, and the
      answer is published to the library for every city.
    </EmptyState>
  );
  const noMatch =
    view === 'board' ? undefined : (
      <EmptyState icon="search" title="No request matches these filters" actions={<Button onClick={clear}>Clear filters</Button>}>
        Published requests are hidden while the status filter says “Open”.
      </EmptyState>
    );

  return (
    <ListPage
      title="311 requests"
      subtitle="Questions from city officials. A lead triages and assigns them; the expert writes the answer memo; published answers join the library."
      actions={
        <>
          <nav className="segmented" aria-label="Requests view">
            <a href={href.requests('inbox')} aria-current={view === 'inbox' ? 'page' : undefined} data-testid="view-inbox">
              Inbox
            </a>
            <a href={href.requests('board')} aria-current={view === 'board' ? 'page' : undefined} data-testid="view-board">
              Triage board
            </a>
          </nav>
          <Button variant="primary" icon="plus" onClick={() => setCreating(true)} data-testid="new-request">
            New request
          </Button>
        </>
      }
    >
      {rows && rows.length > 0 && (
        <FilterBar search={search} searchLabel="Filter requests" placeholder="Filter by city, official, topic…" searchWidth={260} filtering={filtering} onClear={clear} count={shownOf(visible.length, rows.length, 'requests')}>
          <FilterSelect label="Filter by status" all="All statuses" value={status} onChange={setStatus} values={STATUS_FILTERS} labelOf={(s) => (s === 'open' ? 'Open (not yet published)' : REQUEST_STATUS_LABELS[s])} />
          <FocusAreaFilter value={focus} onChange={setFocus} />
          <FilterSelect label="Filter by urgency" all="Any urgency" value={urgency} onChange={setUrgency} values={URGENCIES} labelOf={(u) => URGENCY_LABELS[u]} />
          <FilterCheckbox checked={mine} onChange={setMine}>
            Assigned to me
          </FilterCheckbox>
        </FilterBar>
      )}
      <ListBody total={rows?.length} shown={visible.length} loadingLabel="Loading requests" empty={empty} noMatch={noMatch}>
        {view === 'board' ? (
          <TriageBoard rows={visible} personName={personName} />
        ) : (
          <DataTable label="311 requests" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.request(r.id))} sort={sort} onSort={setSort} testId="requests-table" />
        )}
      </ListBody>
      <NewRequestDialog open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
