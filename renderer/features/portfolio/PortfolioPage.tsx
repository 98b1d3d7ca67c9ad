import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS, RECOMMENDATION_STATUSES, type FocusArea, type RecommendationStatus } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { PriorityPill, RecStatusPill, recStatusLabel } from '../../ui/pills.tsx';
import { formatDate, todayIso } from '../../ui/format.ts';
import { buildMatrix, isOverdueRow, matchesCell, type CellKey, type MatrixRow } from './matrix.ts';
import { PortfolioReportDialog } from './PortfolioReportDialog.tsx';

const DRILL_LIMIT = 200;

/**
 * The lead's portfolio: where every recommendation stands, city by city, for every engagement on this computer.
 * Counts come from the index tables (live); a count opens the recommendations behind it. The portfolio report
 * (PDF) is exported from here.
 */
export function PortfolioPage() {
  const ws = useWorkspace();
  const engagements = useLiveQuery(() => ws.db.engagements.toArray(), []);
  const recs = useLiveQuery(() => ws.db.recommendations.toArray(), []);
  const [focusArea, setFocusArea] = useState<FocusArea | ''>('');
  const [status, setStatus] = useState<RecommendationStatus | ''>('');
  const [cell, setCell] = useState<{ engagementId: string; key: CellKey } | null>(null);
  const [exporting, setExporting] = useState(false);
  const today = todayIso();

  const rows = useMemo(() => (engagements && recs ? buildMatrix(engagements, recs, { focusArea, status }, today) : undefined), [engagements, recs, focusArea, status, today]);
  const statuses = status ? [status] : RECOMMENDATION_STATUSES;
  const totals = useMemo(() => {
    const t = { counts: Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<RecommendationStatus, number>, total: 0, overdue: 0 };
    for (const r of rows ?? []) {
      for (const s of RECOMMENDATION_STATUSES) t.counts[s] += r.counts[s];
      t.total += r.total;
      t.overdue += r.overdue;
    }
    return t;
  }, [rows]);
  const filtering = Boolean(focusArea || status);

  const selectedRow = cell && rows?.find((r) => r.engagement.id === cell.engagementId);
  const drill = useMemo(() => {
    if (!cell || !recs) return [];
    return recs
      .filter((r) => r.engagementId === cell.engagementId && (!focusArea || r.focusArea === focusArea) && (!status || r.status === status) && matchesCell(r, cell.key, today))
      .sort((a, b) => a.number - b.number);
  }, [cell, recs, focusArea, status, today]);

  const open = (engagementId: string, key: CellKey) => setCell((c) => (c && c.engagementId === engagementId && c.key === key ? null : { engagementId, key }));
  const cellLabel = (key: CellKey) => (key === 'all' ? 'All' : key === 'overdue' ? 'Overdue' : recStatusLabel(key));

  return (
    <div className="page pf-page" style={{ maxWidth: 'none' }}>
      <div className="page-header">
        <div>
          <h1>Portfolio</h1>
          <p className="subtitle">Where every recommendation stands, city by city — for every engagement on this computer.</p>
        </div>
        <span className="spacer" />
        {rows && rows.length > 0 && (
          <Button variant="primary" icon="download" onClick={() => setExporting(true)} data-testid="export-portfolio">
            Export portfolio report…
          </Button>
        )}
      </div>

      {!rows ? (
        <div className="table-wrap">
          <SkeletonRows rows={5} label="Loading the portfolio" />
        </div>
      ) : engagements!.length === 0 ? (
        <div className="card">
          <EmptyState
            icon="chart"
            title="No engagements on this computer yet"
            actions={
              <>
                <Button variant="primary" onClick={() => navigate(href.engagements())}>
                  Go to engagements
                </Button>
                <Button onClick={() => navigate(href.settings())}>Import a bundle or load sample data</Button>
              </>
            }
          >
            The portfolio counts the recommendations of every engagement stored here, by city and status. Create an engagement, import a bundle from a colleague, or sync with your team’s relay to see it fill in.
          </EmptyState>
        </div>
      ) : (
        <>
          <dl className="pf-figures" aria-label="Portfolio totals">
            <Figure value={rows.length} label={rows.length === 1 ? 'city' : 'cities'} />
            <Figure value={totals.total} label="recommendations" />
            <Figure value={totals.counts.implemented} label="implemented" tone="green" />
            <Figure value={totals.counts.accepted + totals.counts['in-progress']} label="accepted or in progress" />
            <Figure value={totals.overdue} label="overdue" tone={totals.overdue ? 'red' : undefined} />
          </dl>

          <div className="toolbar" role="search" aria-label="Filter the portfolio">
            <select className="select" aria-label="Filter by focus area" value={focusArea} onChange={(e) => setFocusArea(e.target.value as FocusArea | '')}>
              <option value="">All focus areas</option>
              {FOCUS_AREAS.map((f) => (
                <option key={f} value={f}>
                  {FOCUS_AREA_LABELS[f]}
                </option>
              ))}
            </select>
            <select className="select" aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value as RecommendationStatus | '')}>
              <option value="">All statuses</option>
              {RECOMMENDATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {recStatusLabel(s)}
                </option>
              ))}
            </select>
            {filtering && (
              <Button
                variant="ghost"
                onClick={() => {
                  setFocusArea('');
                  setStatus('');
                }}
              >
                Clear filters
              </Button>
            )}
            <span className="spacer" />
            <span className="muted" role="status">
              {filtering ? `${totals.total} matching recommendations in ${rows.filter((r) => r.total).length} cities` : `${totals.total} recommendations in ${rows.length} cities`} · overdue as of {formatDate(today)}
            </span>
          </div>

          {rows.length === 0 ? (
            <div className="card">
              <EmptyState icon="search" title="No city works on this focus area">
                Choose another focus area or clear the filters.
              </EmptyState>
            </div>
          ) : (
            <div className="table-wrap pf-wrap">
              <table className="pf-matrix" data-testid="portfolio-matrix">
                <caption className="sr-only">Recommendations by city and status. Select a count to list those recommendations.</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pf-city">
                      City
                    </th>
                    <th scope="col" className="pf-dist">
                      Distribution
                    </th>
                    {statuses.map((s) => (
                      <th key={s} scope="col" className="num">
                        <span className={`pf-swatch pf-${s}`} aria-hidden="true" />
                        {recStatusLabel(s)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      Total
                    </th>
                    <th scope="col" className="num">
                      Overdue
                    </th>
                    <th scope="col">Last activity</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <MatrixLine key={r.engagement.id} row={r} statuses={statuses} selected={cell?.engagementId === r.engagement.id ? cell.key : null} onOpen={open} />
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" className="pf-city">
                      All cities
                    </th>
                    <td />
                    {statuses.map((s) => (
                      <td key={s} className="num">
                        {totals.counts[s] || <span className="pf-zero">–</span>}
                      </td>
                    ))}
                    <td className="num">{totals.total}</td>
                    <td className={`num ${totals.overdue ? 'pf-late' : ''}`}>{totals.overdue || <span className="pf-zero">–</span>}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}

          {cell && selectedRow && (
            <section className="card pf-drill" aria-labelledby="pf-drill-title" data-testid="portfolio-drill">
              <div className="card-header">
                <h2 id="pf-drill-title" className="pf-drill-title">
                  {selectedRow.engagement.city}, {selectedRow.engagement.state} · {cellLabel(cell.key)}
                  {focusArea && <span className="muted"> · {FOCUS_AREA_LABELS[focusArea]}</span>} <span className="muted">({drill.length})</span>
                </h2>
                <span className="spacer" />
                <a className="btn btn-sm" href={href.engagement(cell.engagementId, 'recommendations')}>
                  All recommendations of {selectedRow.engagement.city}
                </a>
                <Button size="sm" variant="ghost" icon="x" label="Close the list" onClick={() => setCell(null)} />
              </div>
              {drill.length === 0 ? (
                <p className="muted pf-drill-empty">No recommendations here.</p>
              ) : (
                <table className="pf-list">
                  <thead>
                    <tr>
                      <th scope="col">No.</th>
                      <th scope="col">Recommendation</th>
                      <th scope="col">Priority</th>
                      <th scope="col">Owner</th>
                      <th scope="col">Due</th>
                      <th scope="col">Status</th>
                    </tr>
                  </thead>
                  <tbody>
                    {drill.slice(0, DRILL_LIMIT).map((r) => (
                      <tr key={r.id}>
                        <td className="pf-no">R-{r.number}</td>
                        <td>
                          <a href={href.recommendation(r.engagementId, r.id)}>{r.title}</a>
                        </td>
                        <td>
                          <PriorityPill priority={r.priority} />
                        </td>
                        <td>{r.owner || <span className="muted">—</span>}</td>
                        <td className={isOverdueRow(r, today) ? 'pf-late' : undefined}>
                          {r.dueDate ? formatDate(r.dueDate) : <span className="muted">—</span>}
                          {isOverdueRow(r, today) && <span className="pf-late-tag"> · overdue</span>}
                        </td>
                        <td>
                          <RecStatusPill status={r.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {drill.length > DRILL_LIMIT && (
                <p className="muted pf-drill-empty">
                  Showing the first {DRILL_LIMIT} of {drill.length}. <a href={href.engagement(cell.engagementId, 'recommendations')}>Open the full list</a> to filter further.
                </p>
              )}
            </section>
          )}
        </>
      )}
      {exporting && engagements && <PortfolioReportDialog engagements={engagements} open={exporting} onClose={() => setExporting(false)} />}
    </div>
  );
}

function Figure({ value, label, tone }: { value: number; label: string; tone?: 'green' | 'red' | undefined }) {
  return (
    <div className="pf-figure">
      <dt>{label}</dt>
      <dd className={tone ? `pf-${tone}` : undefined}>{value.toLocaleString('en-US')}</dd>
    </div>
  );
}

function MatrixLine({ row, statuses, selected, onOpen }: { row: MatrixRow; statuses: readonly RecommendationStatus[]; selected: CellKey | null; onOpen: (id: string, key: CellKey) => void }) {
  const e = row.engagement;
  const name = `${e.city}, ${e.state}`;
  const count = (key: CellKey, n: number, what: string, late = false) =>
    n ? (
      <button type="button" className={`pf-count ${late ? 'pf-late' : ''}`} aria-pressed={selected === key} aria-label={`${name}: ${n} ${what} — list them`} onClick={() => onOpen(e.id, key)}>
        {n}
      </button>
    ) : (
      <span className="pf-zero" aria-label={`${name}: none ${what}`}>
        –
      </span>
    );
  return (
    <tr className={selected ? 'is-selected' : undefined}>
      <th scope="row" className="pf-city">
        <a href={href.engagement(e.id, 'recommendations')}>{name}</a>
        <span className="pf-sub">{e.status === 'pre-assessment' ? 'Pre-assessment' : e.status.charAt(0).toUpperCase() + e.status.slice(1)}</span>
      </th>
      <td className="pf-dist">
        <span className="pf-bar" aria-hidden="true">
          {row.total > 0 && statuses.map((s) => (row.counts[s] ? <span key={s} className={`pf-seg pf-${s}`} style={{ flexGrow: row.counts[s] }} /> : null))}
        </span>
      </td>
      {statuses.map((s) => (
        <td key={s} className="num">
          {count(s, row.counts[s], recStatusLabel(s).toLowerCase())}
        </td>
      ))}
      <td className="num">{count('all', row.total, row.total === 1 ? 'recommendation' : 'recommendations')}</td>
      <td className="num">{count('overdue', row.overdue, 'overdue', true)}</td>
      <td className="pf-when">{row.lastActivity ? formatDate(row.lastActivity.slice(0, 10)) : <span className="muted">—</span>}</td>
    </tr>
  );
}
