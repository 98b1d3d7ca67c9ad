import { useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, PRIORITIES, RECOMMENDATION_STATUSES, type FocusArea, type Priority, type RecommendationStatus } from '#core/schemas/index.ts';
import { ValidationError } from '#core/errors.ts';
import { useSession, useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import type { RecommendationRow } from '../../data/db.ts';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Icon } from '../../ui/icons.tsx';
import { ListSearch } from '../../ui/ListSearch.tsx';
import { PriorityPill, RecStatusPill, ReviewPill, recStatusLabel } from '../../ui/pills.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { CheckPopover } from './CheckPopover.tsx';
import { createDraftRecommendation } from './create.ts';
import {
  CLOSED_STATUSES,
  PRIORITY_ORDER,
  STATUS_ORDER,
  TIMEFRAME_LABELS,
  countFmt,
  focusLabel,
  focusShort,
  formatDate,
  formatRelative,
  recNumber,
  todayIso,
} from './format.ts';
import { useHiddenColumns } from './useColumnPrefs.ts';
import { titleColumn } from '../common/titleColumn.tsx';

const NO_OWNER = '\u0000none';
/** Columns that identify a row: always shown. */
const LOCKED_COLUMNS = new Set(['number', 'title']);
/** Shown on first use; the rest fit a 1440-px window without scrolling sideways. */
const DEFAULT_HIDDEN = ['timeframe', 'findings', 'updated'];
const DEFAULT_SORT: SortState = { column: 'number', dir: 'asc' };

interface Filters {
  statuses: ReadonlySet<string>;
  priority: Priority | '';
  focusArea: FocusArea | '';
  owner: string;
  overdue: boolean;
}
const NO_FILTERS: Filters = { statuses: new Set(), priority: '', focusArea: '', owner: '', overdue: false };

/** "5d ago", "4mo ago", "2y ago": a compact distance for a narrow column (the full date is in the tooltip). */
function shortAgo(iso: string | undefined): string {
  if (!iso) return '';
  const days = Math.floor((Date.now() - new Date(iso).getTime()) / 86400000);
  if (Number.isNaN(days)) return '';
  if (days < 1) return 'today';
  if (days < 31) return `${days}d ago`;
  if (days < 365) return `${Math.floor(days / 30.4)}mo ago`;
  return `${Math.floor(days / 365)}y ago`;
}

/** How late an overdue item is: "12 d", "3 mo", "1 y" (the due date itself is in the tooltip). */
function lateBy(due: string, today: string): string {
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86400000);
  if (days < 31) return `${days} d`;
  if (days < 365) return `${Math.floor(days / 30.4)} mo`;
  return `${Math.floor(days / 365)} y`;
}

const isOverdue = (r: RecommendationRow, today: string) => Boolean(r.dueDate && r.dueDate < today && !CLOSED_STATUSES.has(r.status));

function DueCell({ row, today }: { row: RecommendationRow; today: string }) {
  if (!row.dueDate) return <span className="muted">—</span>;
  if (isOverdue(row, today))
    return (
      <span className="rec-overdue" title={`Overdue: was due ${formatDate(row.dueDate)}`}>
        <Icon name="alert" size={12} />
        Overdue · {lateBy(row.dueDate, today)}
      </span>
    );
  return <span>{formatDate(row.dueDate)}</span>;
}

function buildColumns(today: string): Column<RecommendationRow>[] {
  return [
    { id: 'number', header: 'No.', width: '60px', render: (r) => <span className="rec-num">{recNumber(r.number)}</span>, sortValue: (r) => r.number },
    titleColumn<RecommendationRow>('minmax(220px, 3fr)', 'rec-title-cell'),
    { id: 'status', header: 'Status', width: '124px', render: (r) => <RecStatusPill status={r.status} />, sortValue: (r) => STATUS_ORDER[r.status] ?? 9 },
    {
      id: 'priority',
      header: 'Priority',
      width: '96px',
      render: (r) => <PriorityPill priority={r.priority} />,
      sortValue: (r) => PRIORITY_ORDER[r.priority] ?? 9,
    },
    {
      id: 'focusArea',
      header: 'Focus area',
      width: 'minmax(112px, 1fr)',
      render: (r) => <span title={focusLabel(r.focusArea)}>{focusShort(r.focusArea)}</span>,
      sortValue: (r) => focusLabel(r.focusArea),
    },
    {
      id: 'owner',
      header: 'Owner',
      width: 'minmax(120px, 1fr)',
      render: (r) => (r.owner ? <span title={r.owner}>{r.owner}</span> : <span className="muted">Unassigned</span>),
      sortValue: (r) => r.owner.toLowerCase() || '\uffff',
    },
    { id: 'due', header: 'Due', width: '136px', render: (r) => <DueCell row={r} today={today} />, sortValue: (r) => r.dueDate ?? '9999-99-99' },
    {
      id: 'timeframe',
      header: 'Timeframe',
      width: '112px',
      render: (r) => TIMEFRAME_LABELS[r.timeframe] ?? r.timeframe,
      sortValue: (r) => Object.keys(TIMEFRAME_LABELS).indexOf(r.timeframe),
    },
    {
      id: 'findings',
      header: 'Findings',
      width: '72px',
      align: 'right',
      render: (r) => (r.findingCount ? r.findingCount : <span className="muted">0</span>),
      sortValue: (r) => r.findingCount,
    },
    {
      id: 'progress',
      header: 'Progress',
      width: '104px',
      render: (r) =>
        r.progressCount ? (
          <span title={`${r.progressCount} progress update${r.progressCount === 1 ? '' : 's'}; last on ${formatDate(r.lastProgressAt?.slice(0, 10))}`}>
            <span className="rec-progress-count">{r.progressCount}</span>
            <span className="muted"> · {shortAgo(r.lastProgressAt)}</span>
          </span>
        ) : (
          <span className="muted">None yet</span>
        ),
      sortValue: (r) => r.lastProgressAt ?? '',
    },
    { id: 'review', header: 'Review', width: '160px', render: (r) => <ReviewPill state={r.reviewState} />, sortValue: (r) => r.reviewState },
    {
      id: 'updated',
      header: 'Updated',
      width: '112px',
      render: (r) => <span title={r.updatedAt}>{formatRelative(r.updatedAt)}</span>,
      sortValue: (r) => r.updatedAt,
    },
  ];
}

/** Every recommendation of an engagement: filter, sort and open; thousands of rows stay instant. */
export function RecommendationsTab({ engagementId }: { engagementId: string }) {
  const ws = useWorkspace();
  const toast = useToast();
  const { session } = useSession(engagementId);
  const rows = useLiveQuery(() => ws.db.recommendations.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const engagementRow = useLiveQuery(() => ws.db.engagements.get(engagementId), [ws, engagementId]);
  const searchRef = useRef<HTMLInputElement>(null);

  const [query, setQuery] = useState('');
  // Filtering 3,000 rows takes a few ms: apply the search in the same render rather than a deferred second one.
  const appliedQuery = query;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [hidden, setHidden] = useHiddenColumns('groundwork:recommendations:hidden-columns', DEFAULT_HIDDEN);
  const today = todayIso();

  const allColumns = useMemo(() => buildColumns(today), [today]);
  const columns = useMemo(() => allColumns.filter((c) => LOCKED_COLUMNS.has(c.id) || !hidden.has(c.id)), [allColumns, hidden]);

  /** Lower-cased text each row is searched by, built once per data change rather than per keystroke. */
  const haystacks = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of rows ?? []) m.set(r.id, `r-${r.number} ${r.number} ${r.title} ${r.owner}`.toLowerCase());
    return m;
  }, [rows]);

  const owners = useMemo(() => {
    const set = new Set<string>();
    let unassigned = false;
    for (const r of rows ?? []) {
      if (r.owner.trim()) set.add(r.owner.trim());
      else unassigned = true;
    }
    return { list: [...set].sort((a, b) => a.localeCompare(b)), unassigned };
  }, [rows]);

  // Sort once per data or sort change; filtering a sorted list keeps its order, so a keystroke never re-sorts 3,000 rows.
  const sorted = useMemo(() => (rows ? sortRows(rows, allColumns, sort) : []), [rows, allColumns, sort]);

  const filtered = useMemo(() => {
    if (!rows) return [];
    const q = appliedQuery.trim().toLowerCase();
    const { statuses, priority, focusArea, owner, overdue } = filters;
    if (!q && !statuses.size && !priority && !focusArea && !owner && !overdue) return sorted;
    return sorted.filter((r) => {
      if (statuses.size && !statuses.has(r.status)) return false;
      if (priority && r.priority !== priority) return false;
      if (focusArea && r.focusArea !== focusArea) return false;
      if (owner && (owner === NO_OWNER ? r.owner.trim() !== '' : r.owner.trim() !== owner)) return false;
      if (overdue && !isOverdue(r, today)) return false;
      if (q && !haystacks.get(r.id)!.includes(q)) return false;
      return true;
    });
  }, [rows, sorted, appliedQuery, filters, haystacks, today]);

  const filtersSet = filters.statuses.size > 0 || filters.priority !== '' || filters.focusArea !== '' || filters.owner !== '' || filters.overdue;
  /** The count follows the deferred search, so it never shows a total the table does not yet show. */
  const countFiltered = appliedQuery.trim() !== '' || filtersSet;
  const filtering =
    query.trim() !== '' || filters.statuses.size > 0 || filters.priority !== '' || filters.focusArea !== '' || filters.owner !== '' || filters.overdue;
  const clearFilters = () => {
    setQuery('');
    setFilters(NO_FILTERS);
  };

  const create = () => {
    if (!session) return;
    try {
      const rec = createDraftRecommendation(session, engagementRow?.focusAreas, rows ?? []);
      navigate(href.recommendation(engagementId, rec.id));
    } catch (err) {
      toast({
        tone: 'error',
        message: err instanceof ValidationError ? `Could not create the recommendation: ${err.messages.join(' ')}` : String((err as Error).message ?? err),
      });
    }
  };
  useCommand('new-recommendation', create);
  useCommand('find', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const statusText =
    filters.statuses.size === 0
      ? 'Status'
      : filters.statuses.size === 1
        ? recStatusLabel([...filters.statuses][0] as RecommendationStatus)
        : `Status · ${filters.statuses.size}`;
  const total = rows?.length ?? 0;

  const header = (
    <div className="rec-head">
      <div className="rec-head-text">
        <h2>Recommendations</h2>
        <p className="muted" aria-live="polite" data-testid="recommendations-count">
          {rows === undefined
            ? 'Loading…'
            : countFiltered
              ? `${countFmt.format(filtered.length)} of ${countFmt.format(total)} recommendations`
              : `${countFmt.format(total)} recommendation${total === 1 ? '' : 's'}`}
        </p>
      </div>
      <span className="spacer" />
      {total > 0 && (
        <>
          <div className="rec-sort">
            <label className="sr-only" htmlFor={`${engagementId}-sort`}>
              Sort by
            </label>
            <select
              id={`${engagementId}-sort`}
              className="select"
              value={sort.column}
              onChange={(e) => setSort({ column: e.target.value, dir: sort.dir })}
              data-testid="recommendations-sort"
            >
              {allColumns
                .filter((c) => c.sortValue)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    Sort by {c.header === 'No.' ? 'number' : c.header.toLowerCase()}
                  </option>
                ))}
            </select>
            <Button
              icon={sort.dir === 'asc' ? 'arrowUp' : 'arrowDown'}
              label={sort.dir === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
              onClick={() => setSort({ column: sort.column, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
            />
          </div>
          <CheckPopover
            label="Columns to show"
            buttonText="Columns"
            icon="columns"
            align="right"
            highlight={false}
            testId="recommendations-columns"
            options={allColumns.map((c) => ({ value: c.id, label: c.header === 'No.' ? 'Number' : c.header, locked: LOCKED_COLUMNS.has(c.id) }))}
            selected={new Set(allColumns.filter((c) => LOCKED_COLUMNS.has(c.id) || !hidden.has(c.id)).map((c) => c.id))}
            onChange={(shown) => setHidden(new Set(allColumns.filter((c) => !shown.has(c.id) && !LOCKED_COLUMNS.has(c.id)).map((c) => c.id)))}
            footer={
              <Button size="sm" variant="ghost" onClick={() => setHidden(new Set(DEFAULT_HIDDEN))}>
                Reset to default
              </Button>
            }
          />
        </>
      )}
      <Button variant="primary" icon="plus" onClick={create} disabled={!session} title="New recommendation (R)" data-testid="new-recommendation">
        New recommendation
      </Button>
    </div>
  );

  if (rows === undefined)
    return (
      <div className="page page-fill rec-page">
        {header}
        <div className="rec-skeleton" aria-busy="true" role="status" aria-label="Loading recommendations">
          <div className="rec-skeleton-head" />
          {Array.from({ length: 10 }, (_, i) => (
            <div className="rec-skeleton-row" key={i}>
              <span className="skeleton" style={{ width: 36 }} />
              <span className="skeleton" style={{ width: `${40 + ((i * 23) % 40)}%` }} />
              <span className="skeleton" style={{ width: 72 }} />
              <span className="skeleton" style={{ width: 56 }} />
              <span className="skeleton" style={{ width: 120 }} />
            </div>
          ))}
        </div>
      </div>
    );

  if (total === 0)
    return (
      <div className="page page-fill rec-page">
        {header}
        <div className="rec-empty card">
          <EmptyState
            icon="lightbulb"
            title="No recommendations yet"
            actions={
              <Button variant="primary" icon="plus" onClick={create} disabled={!session}>
                New recommendation
              </Button>
            }
          >
            A recommendation says what the city should do, who owns it and by when, and links the findings it answers. Start one here or press <kbd>R</kbd>{' '}
            anywhere in this engagement.
          </EmptyState>
        </div>
      </div>
    );

  return (
    <div className="page page-fill rec-page">
      {header}
      <div className="toolbar rec-filters" role="search" aria-label="Filter recommendations">
        <ListSearch
          ref={searchRef}
          value={query}
          onChange={setQuery}
          label="Search recommendations"
          placeholder="Search title, owner, R-number"
          testId="recommendations-search"
          className="rec-search"
        />
        <CheckPopover
          label="Status"
          buttonText={statusText}
          testId="filter-status"
          options={RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: <RecStatusPill status={s} /> }))}
          selected={filters.statuses}
          onChange={(statuses) => setFilters((f) => ({ ...f, statuses }))}
          footer={
            filters.statuses.size > 0 && (
              <Button size="sm" variant="ghost" onClick={() => setFilters((f) => ({ ...f, statuses: new Set() }))}>
                Any status
              </Button>
            )
          }
        />
        <select
          className={`select ${filters.priority ? 'is-active' : ''}`}
          aria-label="Priority"
          value={filters.priority}
          onChange={(e) => setFilters((f) => ({ ...f, priority: e.target.value as Priority | '' }))}
          data-testid="filter-priority"
        >
          <option value="">Any priority</option>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p.charAt(0).toUpperCase() + p.slice(1)} priority
            </option>
          ))}
        </select>
        <select
          className={`select ${filters.focusArea ? 'is-active' : ''}`}
          aria-label="Focus area"
          value={filters.focusArea}
          onChange={(e) => setFilters((f) => ({ ...f, focusArea: e.target.value as FocusArea | '' }))}
          data-testid="filter-focus-area"
        >
          <option value="">Any focus area</option>
          {FOCUS_AREAS.map((a) => (
            <option key={a} value={a}>
              {focusLabel(a)}
            </option>
          ))}
        </select>
        <select
          className={`select rec-owner-select ${filters.owner ? 'is-active' : ''}`}
          aria-label="Owner"
          value={filters.owner}
          onChange={(e) => setFilters((f) => ({ ...f, owner: e.target.value }))}
          data-testid="filter-owner"
        >
          <option value="">Any owner</option>
          {owners.unassigned && <option value={NO_OWNER}>Unassigned</option>}
          {owners.list.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <label className={`checkbox rec-chip ${filters.overdue ? 'is-active' : ''}`}>
          <input
            type="checkbox"
            checked={filters.overdue}
            onChange={(e) => setFilters((f) => ({ ...f, overdue: e.target.checked }))}
            data-testid="filter-overdue"
          />
          Overdue only
        </label>
        {filtering && (
          <Button variant="ghost" icon="x" onClick={clearFilters} data-testid="clear-filters">
            Clear filters
          </Button>
        )}
      </div>
      {filtered.length === 0 ? (
        <div className="rec-empty card">
          <EmptyState
            icon="search"
            title="No recommendations match these filters"
            actions={
              <Button icon="x" onClick={clearFilters}>
                Clear filters
              </Button>
            }
          >
            {countFmt.format(total)} recommendation{total === 1 ? ' is' : 's are'} hidden by the search or filters above. Clear them to see everything, or
            loosen one filter at a time.
          </EmptyState>
        </div>
      ) : (
        <div className="rec-table">
          <DataTable
            label="Recommendations"
            testId="recommendations-table"
            rows={filtered}
            columns={columns}
            rowId={(r) => r.id}
            onOpen={(r) => navigate(href.recommendation(engagementId, r.id))}
            sort={sort}
            onSort={setSort}
          />
        </div>
      )}
      <p className="rec-hint muted">
        <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches · <kbd>R</kbd> new recommendation
      </p>
    </div>
  );
}
