import '../../styles/reports.css';
import { useEffect, useMemo, useState } from 'react';
import { DEFAULT_ACCENT, defaultPortfolioOptions, excludedItems, snapshotFromDoc, type Edition, type ExcludedItem, type Paper, type ReportSnapshot } from '#core/reports/index.ts';
import type { EngagementRow } from '../../data/db.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { Workspace } from '../../data/workspace.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { SkeletonBlock } from '../../ui/Skeleton.tsx';
import { renderPortfolioInWorker } from '../reports/render-client.ts';
import { ExcludedList, ExportFooter, ExportOutput, PaperAndAccent, useExportFlow } from '../reports/export-flow.tsx';

/** Read each engagement's document through the validating accessors; sessions opened only for this are closed again. */
async function loadSnapshots(ws: Workspace, ids: string[]): Promise<ReportSnapshot[]> {
  const out: ReportSnapshot[] = [];
  for (const id of ids) {
    const wasOpen = ws.hasSession(id);
    const session = await ws.open(id);
    try {
      out.push(snapshotFromDoc(session.doc));
    } finally {
      if (!wasOpen) void ws.closeSession(id);
    }
  }
  return out;
}

/**
 * Export the portfolio report: the same flow as an engagement's report (edition, what the public edition leaves
 * out, preview rendered in the Web Worker with progress, save through the platform seam), over the chosen cities.
 */
export function PortfolioReportDialog({ engagements, open, onClose }: { engagements: EngagementRow[]; open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const sorted = useMemo(() => [...engagements].sort((a, b) => a.city.localeCompare(b.city)), [engagements]);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(engagements.map((e) => e.id)));
  const [edition, setEdition] = useState<Edition>('public');
  const [paper, setPaper] = useState<Paper>('LETTER');
  const [accent, setAccent] = useState(DEFAULT_ACCENT);
  const [snapshots, setSnapshots] = useState<ReportSnapshot[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const flow = useExportFlow([edition, paper, accent, chosen]);
  const { phase, working } = flow;

  // Read every engagement once per opening: the left-out list and the export use the same data.
  useEffect(() => {
    if (!open) return;
    let live = true;
    setSnapshots(null);
    loadSnapshots(
      ws,
      engagements.map((e) => e.id),
    ).then(
      (s) => live && setSnapshots(s),
      (err: Error) => live && setLoadError(err.message),
    );
    return () => {
      live = false;
    };
  }, [open, ws, engagements]);

  const included = useMemo(
    () => (snapshots ?? []).filter((s) => chosen.has(s.engagement.id)).sort((a, b) => a.engagement.city.localeCompare(b.engagement.city) || a.engagement.state.localeCompare(b.engagement.state)),
    [snapshots, chosen],
  );
  // The portfolio prints recommendations only: what it leaves out is the recommendations the filter drops.
  const excluded = useMemo(() => {
    const out: (ExcludedItem & { city: string })[] = [];
    for (const s of included) for (const x of excludedItems(s)) if (x.kind === 'recommendation') out.push({ ...x, city: `${s.engagement.city}, ${s.engagement.state}` });
    return out;
  }, [included]);
  const cityOf = useMemo(() => new Map(excluded.map((x) => [`${x.kind}:${x.id}`, x.city])), [excluded]);

  function render() {
    if (!included.length) return;
    void flow.run((onProgress, signal) =>
      renderPortfolioInWorker(included, defaultPortfolioOptions({ edition, paper, generatedAt: new Date(), branding: { accent, organisation: 'Groundwork' } }), onProgress, signal),
    );
  }

  function close() {
    flow.reset();
    onClose();
  }

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  return (
    <Dialog
      open={open}
      title="Export portfolio report"
      onClose={close}
      wide
      footer={
        <ExportFooter
          phase={phase}
          summary={(r) => `${r.stats.engagements ?? 0} cities, ${r.stats.recommendations} recommendations, ${r.stats.overdue ?? 0} overdue`}
          onRender={render}
          onCancel={flow.cancel}
          onSave={() => void flow.save(`portfolio-report-${edition}.pdf`)}
          canRender={Boolean(snapshots && included.length)}
        />
      }
    >
      <div className="report-dialog">
        <div className="report-options">
          <fieldset className="field">
            <legend className="field-label">Edition</legend>
            <div className="segmented" role="group" aria-label="Edition">
              {(['public', 'internal'] as const).map((ed) => (
                <button key={ed} type="button" aria-pressed={edition === ed} onClick={() => setEdition(ed)} disabled={working}>
                  {ed === 'public' ? 'Public' : 'Internal'}
                </button>
              ))}
            </div>
            <p className="field-hint">{edition === 'public' ? 'Approved recommendations only.' : 'Every recommendation, drafts included. For programme staff.'}</p>
          </fieldset>
          <fieldset className="field">
            <legend className="field-label">Cities ({chosen.size} of {sorted.length})</legend>
            <div className="pf-cities">
              {sorted.map((e) => (
                <label key={e.id} className="checkbox">
                  <input type="checkbox" checked={chosen.has(e.id)} disabled={working} onChange={(ev) => toggle(e.id, ev.target.checked)} />
                  {e.city}, {e.state}
                </label>
              ))}
            </div>
          </fieldset>
          <PaperAndAccent paper={paper} accent={accent} disabled={working} onPaper={setPaper} onAccent={setAccent} />
        </div>
        <div className="report-side">
          {loadError ? (
            <div className="banner banner-error" role="alert">
              The engagements could not be read: {loadError}
            </div>
          ) : !snapshots ? (
            <div aria-busy="true" aria-label="Reading the engagements">
              <SkeletonBlock height={120} />
            </div>
          ) : (
            edition === 'public' && (
              <ExcludedList items={excluded} groupOf={(x) => cityOf.get(`${x.kind}:${x.id}`) ?? ''} empty="Nothing: every recommendation of these cities is approved and none is confidential." />
            )
          )}
          <ExportOutput
            phase={phase}
            idleHint={chosen.size ? 'Choose the options, then Preview. The report is rendered on this computer; nothing is sent anywhere.' : 'Choose at least one city.'}
          />
        </div>
      </div>
    </Dialog>
  );
}
