import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { REVIEW_STATES, type ReviewState } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { href, navigate } from '../../app/router.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { VisitRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { formatDate } from '../../ui/format.ts';
import { ListSearch } from '../../ui/ListSearch.tsx';
import { ReviewPill } from '../../ui/pills.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { NewVisitDialog } from './NewVisitDialog.tsx';

const REVIEW_LABELS: Record<ReviewState, string> = { draft: 'Draft', submitted: 'Submitted', 'changes-requested': 'Changes requested', approved: 'Approved' };

function Progress({ row }: { row: VisitRow }) {
  const pct = row.questionCount ? Math.round((row.answeredCount / row.questionCount) * 100) : 0;
  return (
    <span className="visit-progress" title={`${row.answeredCount} of ${row.questionCount} questions answered`}>
      <span className="visit-progress-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} className={pct === 100 ? 'is-done' : ''} />
      </span>
      <span className="visit-progress-text">
        {row.answeredCount}/{row.questionCount}
      </span>
    </span>
  );
}

const COLUMNS: Column<VisitRow>[] = [
  { id: 'date', header: 'Date', width: '112px', render: (r) => <span className="nowrap">{formatDate(r.date)}</span>, sortValue: (r) => r.date },
  {
    id: 'title',
    header: 'Title',
    width: 'minmax(220px, 2.4fr)',
    render: (r) => (
      <span className="visit-title-cell">
        <span className="title">{r.title}</span>
        {r.confidential && <span className="tag">Confidential</span>}
      </span>
    ),
    sortValue: (r) => r.title.toLowerCase(),
  },
  {
    id: 'template',
    header: 'Template',
    width: 'minmax(160px, 1.4fr)',
    render: (r) => <span title={r.templateName}>{r.templateName}</span>,
    sortValue: (r) => r.templateName.toLowerCase(),
  },
  {
    id: 'address',
    header: 'Address',
    width: 'minmax(140px, 1.2fr)',
    render: (r) => (r.address ? <span title={r.address}>{r.address}</span> : <span className="muted">—</span>),
    sortValue: (r) => r.address.toLowerCase() || '\uffff',
  },
  {
    id: 'progress',
    header: 'Answered',
    width: '132px',
    render: (r) => <Progress row={r} />,
    sortValue: (r) => (r.questionCount ? r.answeredCount / r.questionCount : 0),
  },
  {
    id: 'photos',
    header: 'Photos',
    width: '72px',
    align: 'right',
    render: (r) => (r.photoCount ? <span>{r.photoCount}</span> : <span className="muted">0</span>),
    sortValue: (r) => r.photoCount,
  },
  {
    id: 'review',
    header: 'Review',
    width: '156px',
    render: (r) => <ReviewPill state={r.reviewState} />,
    sortValue: (r) => REVIEW_STATES.indexOf(r.reviewState),
  },
];

/** The engagement's site visits, newest first: search, filter, open with Enter. */
export function VisitsTab({ engagementId }: { engagementId: string }) {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.visits.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [template, setTemplate] = useState('');
  const [review, setReview] = useState<ReviewState | ''>('');
  const [sort, setSort] = useState<SortState>({ column: 'date', dir: 'desc' });
  const [creating, setCreating] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  useCommand('new-visit', () => setCreating(true));
  useCommand('find', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const templates = useMemo(() => [...new Set((rows ?? []).map((r) => r.templateName))].sort((a, b) => a.localeCompare(b)), [rows]);
  const filtered = useMemo(() => {
    const q = deferred.trim().toLowerCase();
    const out = (rows ?? []).filter((r) => {
      if (template && r.templateName !== template) return false;
      if (review && r.reviewState !== review) return false;
      if (q && !`${r.title} ${r.address} ${r.templateName} ${r.date}`.toLowerCase().includes(q)) return false;
      return true;
    });
    // Ties (same day) keep the most recently changed first.
    const byUpdated = [...out].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
    return sortRows(byUpdated, COLUMNS, sort);
  }, [rows, deferred, template, review, sort]);

  const total = rows?.length ?? 0;
  const filtering = query.trim() !== '' || template !== '' || review !== '';
  const clear = () => {
    setQuery('');
    setTemplate('');
    setReview('');
  };
  const counts = useMemo(() => {
    const c: Partial<Record<ReviewState, number>> = {};
    for (const r of rows ?? []) c[r.reviewState] = (c[r.reviewState] ?? 0) + 1;
    return c;
  }, [rows]);

  const header = (
    <div className="page-header list-head">
      <div>
        <h2>Site visits</h2>
        <p className="muted" aria-live="polite" data-testid="visits-count">
          {rows === undefined
            ? 'Loading…'
            : total === 0
              ? 'Assessments made on site with a template'
              : filtering
                ? `${filtered.length} of ${total} visits`
                : `${total} visit${total === 1 ? '' : 's'}${counts.draft ? ` · ${counts.draft} draft` : ''}${counts.submitted ? ` · ${counts.submitted} waiting for review` : ''}`}
        </p>
      </div>
      <span className="spacer" />
      {total > 0 && (
        <Button variant="primary" icon="plus" onClick={() => setCreating(true)} title="New visit (V)" data-testid="new-visit">
          New visit
        </Button>
      )}
    </div>
  );

  return (
    <div className="page page-fill list-page">
      {header}
      {rows === undefined ? (
        <div className="card">
          <SkeletonRows rows={8} label="Loading visits" />
        </div>
      ) : total === 0 ? (
        <div className="card">
          <EmptyState
            icon="clipboard"
            title="Log your first site visit"
            actions={
              <Button variant="primary" icon="plus" onClick={() => setCreating(true)} title="New visit (V)" data-testid="new-visit">
                New visit
              </Button>
            }
          >
            A visit records one assessment on site — a downtown walk, a meeting with the finance director — using a template: answers, location, who was there,
            observations and photos. Press <kbd>V</kbd> to start one. It is saved on this computer as you go, even with no connection.
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter visits">
            <ListSearch
              ref={searchRef}
              value={query}
              onChange={setQuery}
              label="Search visits"
              placeholder="Search title, address or template"
              testId="visits-search"
              tableTestId="visits-table"
            />
            <select
              className={`select ${template ? 'is-active' : ''}`}
              aria-label="Template"
              value={template}
              onChange={(e) => setTemplate(e.target.value)}
              data-testid="filter-template"
            >
              <option value="">Any template</option>
              {templates.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <select
              className={`select ${review ? 'is-active' : ''}`}
              aria-label="Review state"
              value={review}
              onChange={(e) => setReview(e.target.value as ReviewState | '')}
              data-testid="filter-review"
            >
              <option value="">Any review state</option>
              {REVIEW_STATES.map((s) => (
                <option key={s} value={s}>
                  {REVIEW_LABELS[s]}
                  {counts[s] ? ` (${counts[s]})` : ''}
                </option>
              ))}
            </select>
            {filtering && (
              <Button variant="ghost" icon="x" onClick={clear}>
                Clear filters
              </Button>
            )}
          </div>
          {filtered.length === 0 ? (
            <div className="card">
              <EmptyState icon="search" title="No visits match" actions={<Button onClick={clear}>Clear filters</Button>}>
                {total} visit{total === 1 ? ' is' : 's are'} hidden by the search or filters. Clear them, or try part of the address or title.
              </EmptyState>
            </div>
          ) : (
            <div className="list-table">
              <DataTable
                label="Site visits"
                testId="visits-table"
                rows={filtered}
                columns={COLUMNS}
                rowId={(r) => r.id}
                onOpen={(r) => navigate(href.visit(engagementId, r.id))}
                sort={sort}
                onSort={setSort}
              />
            </div>
          )}
          <p className="muted list-hint">
            <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches · <kbd>V</kbd> new visit
          </p>
        </>
      )}
      <NewVisitDialog engagementId={engagementId} open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
