import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { REVIEW_STATES, type ReviewState } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { href, navigate } from '../../app/router.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { VisitRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import type { Column } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { formatDate } from '../../ui/format.ts';
import { ReviewPill } from '../../ui/pills.tsx';
import { NewVisitDialog } from './NewVisitDialog.tsx';
import { FilteredListTab, useTabFilters } from '../common/FilteredListTab.tsx';
import { titleColumn } from '../common/titleColumn.tsx';

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
  titleColumn('minmax(220px, 2.4fr)'),
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
  const filters = useTabFilters({ template: '', review: '' as ReviewState | '' });
  const { template, review } = filters.values;
  const [creating, setCreating] = useState(false);

  useCommand('new-visit', () => setCreating(true));

  const templates = useMemo(() => [...new Set((rows ?? []).map((r) => r.templateName))].sort((a, b) => a.localeCompare(b)), [rows]);
  const filtered = useMemo(() => {
    const q = filters.deferred.trim().toLowerCase();
    const out = (rows ?? []).filter((r) => {
      if (template && r.templateName !== template) return false;
      if (review && r.reviewState !== review) return false;
      if (q && !`${r.title} ${r.address} ${r.templateName} ${r.date}`.toLowerCase().includes(q)) return false;
      return true;
    });
    // Ties (same day) keep the most recently changed first: the table's sort is stable.
    return [...out].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
  }, [rows, filters.deferred, template, review]);

  const total = rows?.length ?? 0;
  const counts = useMemo(() => {
    const c: Partial<Record<ReviewState, number>> = {};
    for (const r of rows ?? []) c[r.reviewState] = (c[r.reviewState] ?? 0) + 1;
    return c;
  }, [rows]);

  const newButton = (
    <Button variant="primary" icon="plus" onClick={() => setCreating(true)} title="New visit (V)" data-testid="new-visit">
      New visit
    </Button>
  );

  return (
    <FilteredListTab
      title="Site visits"
      countTestId="visits-count"
      count={
        rows === undefined
          ? 'Loading…'
          : total === 0
            ? 'Assessments made on site with a template'
            : filters.filtering
              ? `${filtered.length} of ${total} visits`
              : `${total} visit${total === 1 ? '' : 's'}${counts.draft ? ` · ${counts.draft} draft` : ''}${counts.submitted ? ` · ${counts.submitted} waiting for review` : ''}`
      }
      action={newButton}
      rows={rows}
      loadingLabel="Loading visits"
      empty={
        <EmptyState icon="clipboard" title="Log your first site visit" actions={newButton}>
          A visit records one assessment on site — a downtown walk, a meeting with the finance director — using a template: answers, location, who was there,
          observations and photos. Press <kbd>V</kbd> to start one. It is saved on this computer as you go, even with no connection.
        </EmptyState>
      }
      filterLabel="Filter visits"
      state={filters}
      search={{ label: 'Search visits', placeholder: 'Search title, address or template', testId: 'visits-search' }}
      filters={[
        { key: 'template', label: 'Template', anyLabel: 'Any template', options: templates.map((t) => ({ value: t, label: t })), testId: 'filter-template' },
        {
          key: 'review',
          label: 'Review state',
          anyLabel: 'Any review state',
          options: REVIEW_STATES.map((s) => ({ value: s, label: `${REVIEW_LABELS[s]}${counts[s] ? ` (${counts[s]})` : ''}` })),
          testId: 'filter-review',
        },
      ]}
      noMatch={{ title: 'No visits match', noun: 'visit', advice: 'try part of the address or title.' }}
      table={{
        label: 'Site visits',
        testId: 'visits-table',
        rows: filtered,
        columns: COLUMNS,
        initialSort: { column: 'date', dir: 'desc' },
        onOpen: (r) => navigate(href.visit(engagementId, r.id)),
      }}
      newKey={{ key: 'V', label: 'new visit' }}
    >
      <NewVisitDialog engagementId={engagementId} open={creating} onClose={() => setCreating(false)} />
    </FilteredListTab>
  );
}
