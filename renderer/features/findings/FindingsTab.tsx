import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FINDING_KINDS, FOCUS_AREAS, REVIEW_STATES, SEVERITIES, type Finding, type FocusArea } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { href, navigate } from '../../app/router.tsx';
import { useSession, useWorkspace } from '../../app/workspace-context.tsx';
import type { FindingRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import type { Column } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { formatRelative } from '../../ui/format.ts';
import { FindingKindPill, ReviewPill } from '../../ui/pills.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { errorText, focusLabel } from '../visits/shared.tsx';
import { createDraftFinding, SEVERITY_LABELS, SEVERITY_ORDER, SeverityPill } from './shared.tsx';
import { FilteredListTab, useTabFilters } from '../common/FilteredListTab.tsx';
import { titleColumn } from '../common/titleColumn.tsx';

const KIND_OPTIONS = FINDING_KINDS.map((k) => ({ value: k, label: k === 'need' ? 'Needs only' : 'Strengths only' }));
const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: `${SEVERITY_LABELS[s]} severity` }));

function buildColumns(visitTitles: Map<string, string>): Column<FindingRow>[] {
  return [
    titleColumn('minmax(260px, 3fr)'),
    { id: 'kind', header: 'Kind', width: '100px', render: (r) => <FindingKindPill kind={r.kind} />, sortValue: (r) => r.kind },
    {
      id: 'focusArea',
      header: 'Focus area',
      width: 'minmax(150px, 1.3fr)',
      render: (r) => <span title={focusLabel(r.focusArea)}>{focusLabel(r.focusArea)}</span>,
      sortValue: (r) => focusLabel(r.focusArea),
    },
    {
      id: 'severity',
      header: 'Severity',
      width: '100px',
      render: (r) => <SeverityPill severity={r.severity} />,
      sortValue: (r) => SEVERITY_ORDER[r.severity] ?? 9,
    },
    {
      id: 'visit',
      header: 'Visit',
      width: 'minmax(140px, 1.3fr)',
      render: (r) => {
        const t = r.visitId ? visitTitles.get(r.visitId) : undefined;
        return t ? <span title={t}>{t}</span> : <span className="muted">{r.visitId ? 'Visit not found' : '—'}</span>;
      },
      sortValue: (r) => (r.visitId ? (visitTitles.get(r.visitId) ?? '').toLowerCase() : '\uffff'),
    },
    {
      id: 'review',
      header: 'Review',
      width: '156px',
      render: (r) => <ReviewPill state={r.reviewState} />,
      sortValue: (r) => REVIEW_STATES.indexOf(r.reviewState),
    },
    {
      id: 'updated',
      header: 'Updated',
      width: '112px',
      render: (r) => <span title={r.updatedAt}>{formatRelative(r.updatedAt)}</span>,
      sortValue: (r) => r.updatedAt,
    },
  ];
}

/** Needs and strengths found in this engagement, each with its evidence. */
export function FindingsTab({ engagementId }: { engagementId: string }) {
  const ws = useWorkspace();
  const toast = useToast();
  const { session } = useSession(engagementId);
  const rows = useLiveQuery(() => ws.db.findings.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const visits = useLiveQuery(() => ws.db.visits.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const engagementRow = useLiveQuery(() => ws.db.engagements.get(engagementId), [ws, engagementId]);
  const filters = useTabFilters({ kind: '' as Finding['kind'] | '', focusArea: '' as FocusArea | '', severity: '' as Finding['severity'] | '' });
  const { kind, focusArea, severity } = filters.values;

  const visitTitles = useMemo(() => new Map((visits ?? []).map((v) => [v.id, v.title])), [visits]);
  const columns = useMemo(() => buildColumns(visitTitles), [visitTitles]);

  const create = () => {
    if (!session) return;
    try {
      const f = createDraftFinding(session, engagementRow?.focusAreas);
      navigate(href.finding(engagementId, f.id));
    } catch (err) {
      toast({ tone: 'error', message: `Could not create the finding: ${errorText(err)}` });
    }
  };
  useCommand('new-finding', create);

  const filtered = useMemo(() => {
    const q = filters.deferred.trim().toLowerCase();
    return (rows ?? []).filter((r) => {
      if (kind && r.kind !== kind) return false;
      if (focusArea && r.focusArea !== focusArea) return false;
      if (severity && r.severity !== severity) return false;
      if (q && !`${r.title} ${focusLabel(r.focusArea)} ${r.visitId ? (visitTitles.get(r.visitId) ?? '') : ''}`.toLowerCase().includes(q)) return false;
      return true;
    });
  }, [rows, filters.deferred, kind, focusArea, severity, visitTitles]);

  const total = rows?.length ?? 0;
  const needs = (rows ?? []).filter((r) => r.kind === 'need').length;
  const areas = engagementRow?.focusAreas?.length
    ? [...engagementRow.focusAreas, ...FOCUS_AREAS.filter((a) => !engagementRow.focusAreas.includes(a) && rows?.some((r) => r.focusArea === a))]
    : FOCUS_AREAS;
  const newButton = (
    <Button variant="primary" icon="plus" onClick={create} disabled={!session} title="New finding (F)" data-testid="new-finding">
      New finding
    </Button>
  );

  return (
    <FilteredListTab
      title="Findings"
      countTestId="findings-count"
      count={
        rows === undefined
          ? 'Loading…'
          : total === 0
            ? 'Needs and strengths, each with its evidence'
            : filters.filtering
              ? `${filtered.length} of ${total} findings`
              : `${total} finding${total === 1 ? '' : 's'} · ${needs} need${needs === 1 ? '' : 's'}, ${total - needs} strength${total - needs === 1 ? '' : 's'}`
      }
      action={newButton}
      rows={rows}
      loadingLabel="Loading findings"
      empty={
        <EmptyState
          icon="flag"
          title="No findings yet"
          actions={
            <>
              {newButton}
              <Button onClick={() => navigate(href.engagement(engagementId, 'visits'))}>Go to visits</Button>
            </>
          }
        >
          A finding is one need or strength of the city, tied to a focus area, with its evidence: a visit’s answers, photos, indicators and interview notes. The
          quickest way is “Make a finding” on an answered question in a visit; or press <kbd>F</kbd> to start a blank one.
        </EmptyState>
      }
      filterLabel="Filter findings"
      state={filters}
      search={{ label: 'Search findings', placeholder: 'Search title, focus area or visit', testId: 'findings-search' }}
      filters={[
        { key: 'kind', label: 'Kind', anyLabel: 'Needs and strengths', options: KIND_OPTIONS, testId: 'filter-kind' },
        {
          key: 'focusArea',
          label: 'Focus area',
          anyLabel: 'Any focus area',
          options: areas.map((a) => ({ value: a, label: focusLabel(a) })),
          testId: 'filter-focus-area',
        },
        { key: 'severity', label: 'Severity', anyLabel: 'Any severity', options: SEVERITY_OPTIONS, testId: 'filter-severity' },
      ]}
      noMatch={{ title: 'No findings match', noun: 'finding', advice: 'loosen one filter at a time.' }}
      table={{
        label: 'Findings',
        testId: 'findings-table',
        rows: filtered,
        columns,
        initialSort: { column: 'updated', dir: 'desc' },
        onOpen: (r) => navigate(href.finding(engagementId, r.id)),
      }}
      newKey={{ key: 'F', label: 'new finding' }}
    />
  );
}
