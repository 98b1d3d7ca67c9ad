import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FINDING_KINDS, FOCUS_AREAS, REVIEW_STATES, SEVERITIES, type FocusArea } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { href, navigate } from '../../app/router.tsx';
import { useSession, useWorkspace } from '../../app/workspace-context.tsx';
import type { FindingRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { formatRelative } from '../../ui/format.ts';
import { ListSearch } from '../../ui/ListSearch.tsx';
import { FindingKindPill, ReviewPill } from '../../ui/pills.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { errorText, focusLabel } from '../visits/shared.tsx';
import { createDraftFinding, SEVERITY_LABELS, SEVERITY_ORDER, SeverityPill } from './shared.tsx';

function buildColumns(visitTitles: Map<string, string>): Column<FindingRow>[] {
  return [
    {
      id: 'title',
      header: 'Title',
      width: 'minmax(260px, 3fr)',
      render: (r) => (
        <span className="visit-title-cell">
          <span className="title">{r.title}</span>
          {r.confidential && <span className="tag">Confidential</span>}
        </span>
      ),
      sortValue: (r) => r.title.toLowerCase(),
    },
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
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [kind, setKind] = useState<'' | 'need' | 'strength'>('');
  const [focusArea, setFocusArea] = useState<FocusArea | ''>('');
  const [severity, setSeverity] = useState('');
  const [sort, setSort] = useState<SortState>({ column: 'updated', dir: 'desc' });
  const searchRef = useRef<HTMLInputElement>(null);

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
  useCommand('find', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });

  const filtered = useMemo(() => {
    const q = deferred.trim().toLowerCase();
    const out = (rows ?? []).filter((r) => {
      if (kind && r.kind !== kind) return false;
      if (focusArea && r.focusArea !== focusArea) return false;
      if (severity && r.severity !== severity) return false;
      if (q && !`${r.title} ${focusLabel(r.focusArea)} ${r.visitId ? (visitTitles.get(r.visitId) ?? '') : ''}`.toLowerCase().includes(q)) return false;
      return true;
    });
    return sortRows(out, columns, sort);
  }, [rows, deferred, kind, focusArea, severity, columns, sort, visitTitles]);

  const total = rows?.length ?? 0;
  const needs = (rows ?? []).filter((r) => r.kind === 'need').length;
  const filtering = query.trim() !== '' || kind !== '' || focusArea !== '' || severity !== '';
  const clear = () => {
    setQuery('');
    setKind('');
    setFocusArea('');
    setSeverity('');
  };
  const areas = engagementRow?.focusAreas?.length
    ? [...engagementRow.focusAreas, ...FOCUS_AREAS.filter((a) => !engagementRow.focusAreas.includes(a) && rows?.some((r) => r.focusArea === a))]
    : FOCUS_AREAS;

  return (
    <div className="page page-fill list-page">
      <div className="page-header list-head">
        <div>
          <h2>Findings</h2>
          <p className="muted" aria-live="polite" data-testid="findings-count">
            {rows === undefined
              ? 'Loading…'
              : total === 0
                ? 'Needs and strengths, each with its evidence'
                : filtering
                  ? `${filtered.length} of ${total} findings`
                  : `${total} finding${total === 1 ? '' : 's'} · ${needs} need${needs === 1 ? '' : 's'}, ${total - needs} strength${total - needs === 1 ? '' : 's'}`}
          </p>
        </div>
        <span className="spacer" />
        {total > 0 && (
          <Button variant="primary" icon="plus" onClick={create} disabled={!session} title="New finding (F)" data-testid="new-finding">
            New finding
          </Button>
        )}
      </div>
      {rows === undefined ? (
        <div className="card">
          <SkeletonRows rows={8} label="Loading findings" />
        </div>
      ) : total === 0 ? (
        <div className="card">
          <EmptyState
            icon="flag"
            title="No findings yet"
            actions={
              <>
                <Button variant="primary" icon="plus" onClick={create} disabled={!session} title="New finding (F)" data-testid="new-finding">
                  New finding
                </Button>
                <Button onClick={() => navigate(href.engagement(engagementId, 'visits'))}>Go to visits</Button>
              </>
            }
          >
            A finding is one need or strength of the city, tied to a focus area, with its evidence: a visit’s answers, photos, indicators and interview notes.
            The quickest way is “Make a finding” on an answered question in a visit; or press <kbd>F</kbd> to start a blank one.
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label="Filter findings">
            <ListSearch
              ref={searchRef}
              value={query}
              onChange={setQuery}
              label="Search findings"
              placeholder="Search title, focus area or visit"
              testId="findings-search"
              tableTestId="findings-table"
            />
            <select
              className={`select ${kind ? 'is-active' : ''}`}
              aria-label="Kind"
              value={kind}
              onChange={(e) => setKind(e.target.value as '' | 'need' | 'strength')}
              data-testid="filter-kind"
            >
              <option value="">Needs and strengths</option>
              {FINDING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k === 'need' ? 'Needs only' : 'Strengths only'}
                </option>
              ))}
            </select>
            <select
              className={`select ${focusArea ? 'is-active' : ''}`}
              aria-label="Focus area"
              value={focusArea}
              onChange={(e) => setFocusArea(e.target.value as FocusArea | '')}
              data-testid="filter-focus-area"
            >
              <option value="">Any focus area</option>
              {areas.map((a) => (
                <option key={a} value={a}>
                  {focusLabel(a)}
                </option>
              ))}
            </select>
            <select
              className={`select ${severity ? 'is-active' : ''}`}
              aria-label="Severity"
              value={severity}
              onChange={(e) => setSeverity(e.target.value)}
              data-testid="filter-severity"
            >
              <option value="">Any severity</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {SEVERITY_LABELS[s]} severity
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
              <EmptyState icon="search" title="No findings match" actions={<Button onClick={clear}>Clear filters</Button>}>
                {total} finding{total === 1 ? ' is' : 's are'} hidden by the search or filters. Clear them, or loosen one filter at a time.
              </EmptyState>
            </div>
          ) : (
            <div className="list-table">
              <DataTable
                label="Findings"
                testId="findings-table"
                rows={filtered}
                columns={columns}
                rowId={(r) => r.id}
                onOpen={(r) => navigate(href.finding(engagementId, r.id))}
                sort={sort}
                onSort={setSort}
              />
            </div>
          )}
          <p className="muted list-hint">
            <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches · <kbd>F</kbd> new finding
          </p>
        </>
      )}
    </div>
  );
}
