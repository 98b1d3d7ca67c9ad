import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { REQUEST_STATUSES, REQUEST_STATUS_LABELS, URGENCIES } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import type { RequestRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { focusShort } from '../recommendations/format.ts';
import { NewRequestDialog } from './NewRequestDialog.tsx';
import { TriageBoard } from './TriageBoard.tsx';
import { RequestStatusPill, URGENCY_LABELS, URGENCY_ORDER, UrgencyPill, ageLabel, dueText } from './format.tsx';
import { useProgrammePeople } from './people.ts';

const STATUS_ORDER = Object.fromEntries(REQUEST_STATUSES.map((s, i) => [s, i])) as Record<string, number>;

/** The 311 inbox: every question from city officials, as a table or (for leads) a triage board. */
export function RequestsPage({ view }: { view: 'inbox' | 'board' }) {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.requests.toArray(), [ws]);
  const { name: personName } = useProgrammePeople();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [status, setStatus] = useState(view === 'board' ? '' : 'open');
  const [focus, setFocus] = useState('');
  const [urgency, setUrgency] = useState('');
  const [mine, setMine] = useState(false);
  const [sort, setSort] = useState<SortState>({ column: 'age', dir: 'desc' });
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('find', () => searchRef.current?.focus());

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

  const filtering = Boolean(query || (status && status !== 'open') || focus || urgency || mine);
  const clear = () => {
    setQuery('');
    setStatus(view === 'board' ? '' : 'open');
    setFocus('');
    setUrgency('');
    setMine(false);
  };

  return (
    <div className="page page-fill" style={{ maxWidth: 'none' }}>
      <div className="page-header">
        <div>
          <h1>311 requests</h1>
          <p className="subtitle">Questions from city officials. A lead triages and assigns them; the expert writes the answer memo; published answers join the library.</p>
        </div>
        <span className="spacer" />
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
      </div>
      {rows && rows.length > 0 && (
        <div className="toolbar" role="search">
          <input ref={searchRef} className="input search-input" style={{ width: 260 }} type="search" placeholder="Filter by city, official, topic…" aria-label="Filter requests" value={query} onChange={(e) => setQuery(e.target.value)} />
          <select className="select" aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All statuses</option>
            <option value="open">Open (not yet published)</option>
            {REQUEST_STATUSES.map((s) => (
              <option key={s} value={s}>
                {REQUEST_STATUS_LABELS[s]}
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
          <select className="select" aria-label="Filter by urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
            <option value="">Any urgency</option>
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {URGENCY_LABELS[u]}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} /> Assigned to me
          </label>
          {filtering && (
            <Button variant="ghost" onClick={clear}>
              Clear filters
            </Button>
          )}
          <span className="spacer" />
          <span className="muted" role="status">
            {visible.length === rows.length ? `${rows.length} requests` : `${visible.length} of ${rows.length} requests`}
          </span>
        </div>
      )}
      <div style={{ flex: 1, minHeight: 0 }}>
        {!rows ? (
          <div className="table-wrap">
            <SkeletonRows rows={6} label="Loading requests" />
          </div>
        ) : rows.length === 0 ? (
          <div className="card">
            <EmptyState
              icon="clipboard"
              title="No 311 requests yet"
              actions={
                <Button variant="primary" icon="plus" onClick={() => setCreating(true)}>
                  Log the first request
                </Button>
              }
            >
              When a city official asks the network a question — by phone, email or at a visit — log it here. A lead triages it, an expert answers with a memo, and the answer is published to the library for every city.
            </EmptyState>
          </div>
        ) : view === 'board' ? (
          <TriageBoard rows={visible} personName={personName} />
        ) : visible.length === 0 ? (
          <div className="card">
            <EmptyState icon="search" title="No request matches these filters" actions={<Button onClick={clear}>Clear filters</Button>}>
              Published requests are hidden while the status filter says “Open”.
            </EmptyState>
          </div>
        ) : (
          <DataTable label="311 requests" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.request(r.id))} sort={sort} onSort={setSort} testId="requests-table" />
        )}
      </div>
      <NewRequestDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
