import '../../styles/reports.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { REPORT_SECTIONS, REPORT_SECTION_LABELS, DEFAULT_ACCENT, defaultReportOptions, excludedItems, snapshotFromDoc, type Edition, type Paper, type ReportSection, type ReportWarning } from '#core/reports/index.ts';
import type { EngagementSession } from '../../data/session.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { getPlatform } from '../../platform/index.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { Button } from '../../ui/Button.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { collectImages, renderInWorker, type RenderDone } from './render-client.ts';

type Phase = { kind: 'idle' } | { kind: 'working'; stage: 'collecting' | 'building' | 'rendering'; share: number } | { kind: 'ready'; result: RenderDone; url: string } | { kind: 'error'; message: string };

const EXCLUDED_KIND_LABELS = { recommendation: 'Recommendations', finding: 'Findings', visit: 'Visits', photo: 'Photos', field: 'Notes and names', invalid: 'Items that are not valid' } as const;

/**
 * Export an engagement's accountability report: edition, sections, paper and accent; what the public edition
 * leaves out (before anything is rendered); a preview of the PDF rendered in a Web Worker; Save through the
 * platform seam (native dialog in Electron, a download in a browser).
 */
export function ReportDialog({ session, open, onClose }: { session: EngagementSession; open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [edition, setEdition] = useState<Edition>('public');
  const [paper, setPaper] = useState<Paper>('LETTER');
  const [accent, setAccent] = useState(DEFAULT_ACCENT);
  const [photos, setPhotos] = useState(true);
  const [sections, setSections] = useState<Record<ReportSection, boolean>>(() => defaultReportOptions().sections);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  // Read once per opening: the list of left-out items describes the data the export will use.
  const snapshot = useMemo(() => (open ? snapshotFromDoc(session.doc) : null), [open, session]);
  const excluded = useMemo(() => (snapshot ? excludedItems(snapshot) : []), [snapshot]);
  const grouped = useMemo(() => {
    const m = new Map<keyof typeof EXCLUDED_KIND_LABELS, typeof excluded>();
    for (const x of excluded) m.set(x.kind, [...(m.get(x.kind) ?? []), x]);
    return [...m.entries()];
  }, [excluded]);

  // A changed option makes the preview stale.
  useEffect(() => {
    setPhase((p) => {
      if (p.kind === 'ready') URL.revokeObjectURL(p.url);
      return p.kind === 'working' ? p : { kind: 'idle' };
    });
  }, [edition, paper, accent, photos, sections]);
  useEffect(
    () => () => {
      abort.current?.abort();
    },
    [],
  );

  const e = snapshot?.engagement;
  const fileName = e ? `${e.city.replace(/[^A-Za-z0-9]+/g, '-')}-${e.state}-report-${edition}.pdf` : 'report.pdf';

  async function render() {
    if (!snapshot) return;
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setPhase({ kind: 'working', stage: 'collecting', share: 0 });
    try {
      const images = photos ? await collectImages(ws.db, snapshot) : [];
      const options = defaultReportOptions({
        edition,
        paper,
        photos,
        sections,
        generatedAt: new Date(),
        branding: { accent, organisation: 'Groundwork' },
        author: '',
      });
      const result = await renderInWorker(snapshot, images, options, (stage, share) => setPhase({ kind: 'working', stage, share }), ctl.signal);
      const url = URL.createObjectURL(new Blob([result.pdf], { type: 'application/pdf' }));
      setPhase({ kind: 'ready', result, url });
    } catch (err) {
      if ((err as Error).name === 'AbortError') setPhase({ kind: 'idle' });
      else setPhase({ kind: 'error', message: (err as Error).message });
    }
  }

  async function save() {
    if (phase.kind !== 'ready') return;
    const res = await getPlatform().saveFile(fileName, new Uint8Array(phase.result.pdf), 'application/pdf', [{ name: 'PDF document', extensions: ['pdf'] }]);
    if (res.saved) toast({ message: res.path ? `Report saved to ${res.path}` : 'Report downloaded' });
  }

  function close() {
    abort.current?.abort();
    if (phase.kind === 'ready') URL.revokeObjectURL(phase.url);
    setPhase({ kind: 'idle' });
    onClose();
  }

  const working = phase.kind === 'working';
  return (
    <Dialog
      open={open}
      title="Export report"
      onClose={close}
      wide
      footer={
        <>
          <span className="muted report-status" role="status" aria-live="polite">
            {phase.kind === 'working' && (phase.stage === 'collecting' ? 'Gathering photos…' : phase.stage === 'building' ? 'Laying out…' : `Rendering… ${Math.round(phase.share * 100)}%`)}
            {phase.kind === 'ready' && `${phase.result.stats.recommendations} recommendations, ${phase.result.stats.findings} findings, ${phase.result.stats.photos} ${phase.result.stats.photos === 1 ? "photo" : "photos"} · ${(phase.result.pdf.byteLength / 1024 / 1024).toFixed(1)} MB · ${((phase.result.ms.build + phase.result.ms.render) / 1000).toFixed(1)} s`}
          </span>
          <span className="spacer" />
          {working ? (
            <Button onClick={() => abort.current?.abort()}>Cancel</Button>
          ) : (
            <Button onClick={render} variant={phase.kind === 'ready' ? 'secondary' : 'primary'}>
              {phase.kind === 'ready' ? 'Render again' : 'Preview'}
            </Button>
          )}
          <Button variant="primary" icon="download" onClick={save} disabled={phase.kind !== 'ready'}>
            Save PDF…
          </Button>
        </>
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
            <p className="field-hint">{edition === 'public' ? 'Approved items only, for the city’s website.' : 'Everything, including drafts and notes. Not for publication.'}</p>
          </fieldset>
          <fieldset className="field">
            <legend className="field-label">Sections</legend>
            {REPORT_SECTIONS.map((s) => (
              <label key={s} className="checkbox">
                <input type="checkbox" checked={sections[s]} disabled={working} onChange={(ev) => setSections({ ...sections, [s]: ev.target.checked })} />
                {REPORT_SECTION_LABELS[s]}
              </label>
            ))}
            <label className="checkbox">
              <input type="checkbox" checked={photos} disabled={working} onChange={(ev) => setPhotos(ev.target.checked)} />
              Photos with findings
            </label>
          </fieldset>
          <div className="row" style={{ gap: 16 }}>
            <label className="field">
              <span className="field-label">Paper</span>
              <select className="select" value={paper} disabled={working} onChange={(ev) => setPaper(ev.target.value as Paper)}>
                <option value="LETTER">US Letter</option>
                <option value="A4">A4</option>
              </select>
            </label>
            <label className="field">
              <span className="field-label">Accent colour</span>
              <input type="color" className="report-color" value={accent} disabled={working} onChange={(ev) => setAccent(ev.target.value)} />
            </label>
          </div>
        </div>
        <div className="report-side">
          {edition === 'public' && (
            <section aria-labelledby="report-excluded">
              <h3 id="report-excluded" className="section-title">
                Left out of the public edition ({excluded.length})
              </h3>
              {excluded.length === 0 ? (
                <p className="muted">Nothing: every item is approved and nothing is marked confidential.</p>
              ) : (
                <div className="report-excluded">
                  {grouped.map(([kind, items]) => (
                    <details key={kind} open={items.length <= 6}>
                      <summary>
                        {EXCLUDED_KIND_LABELS[kind]} <span className="muted">({items.length})</span>
                      </summary>
                      <ul>
                        {items.map((x) => (
                          <li key={`${x.kind}:${x.id}`}>
                            <span>{x.label}</span> <span className="muted">— {x.reason}</span>
                          </li>
                        ))}
                      </ul>
                    </details>
                  ))}
                </div>
              )}
            </section>
          )}
          {phase.kind === 'working' && <progress className="report-progress" max={1} value={phase.stage === 'rendering' ? phase.share : undefined} aria-label="Rendering the report" />}
          {phase.kind === 'error' && (
            <div className="banner banner-error" role="alert">
              The report could not be rendered: {phase.message}
            </div>
          )}
          {phase.kind === 'ready' && phase.result.warnings.length > 0 && <Warnings warnings={phase.result.warnings} />}
          {phase.kind === 'ready' && <iframe className="report-preview" title="Report preview" src={phase.url} />}
          {phase.kind === 'idle' && <p className="muted">Choose the options, then Preview. The report is rendered on this computer; nothing is sent anywhere.</p>}
        </div>
      </div>
    </Dialog>
  );
}

function Warnings({ warnings }: { warnings: ReportWarning[] }) {
  return (
    <div className="banner banner-warn" role="status">
      <div>
        <strong>{warnings.length === 1 ? 'One photo was replaced by a placeholder' : `${warnings.length} photos were replaced by placeholders`}</strong>
        <ul>
          {warnings.slice(0, 5).map((w) => (
            <li key={w.subject}>{w.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}
