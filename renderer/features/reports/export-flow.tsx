import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExcludedItem, Paper, ReportWarning } from '#core/reports/index.ts';
import { getPlatform } from '../../platform/index.ts';
import { Button } from '../../ui/Button.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import type { RenderDone } from './render-client.ts';

/**
 * The export flow both report dialogs share (engagement report and portfolio report): render in the worker with
 * progress and cancel, preview, save through the platform seam (native dialog in Electron, a download in a browser).
 */
export type ExportPhase =
  | { kind: 'idle' }
  | { kind: 'working'; stage: 'collecting' | 'building' | 'rendering'; share: number }
  | { kind: 'ready'; result: RenderDone; url: string }
  | { kind: 'error'; message: string };

export type Renderer = (onProgress: (stage: 'building' | 'rendering', share: number) => void, signal: AbortSignal, collecting: () => void) => Promise<RenderDone>;

export function useExportFlow(staleWhen: unknown[]) {
  const toast = useToast();
  const [phase, setPhase] = useState<ExportPhase>({ kind: 'idle' });
  const abort = useRef<AbortController | null>(null);

  // A changed option makes the preview stale.
  useEffect(() => {
    setPhase((p) => {
      if (p.kind === 'ready') URL.revokeObjectURL(p.url);
      return p.kind === 'working' ? p : { kind: 'idle' };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's option values are the dependencies
  }, staleWhen);
  useEffect(
    () => () => {
      abort.current?.abort();
    },
    [],
  );

  async function run(render: Renderer) {
    abort.current?.abort();
    const ctl = new AbortController();
    abort.current = ctl;
    setPhase({ kind: 'working', stage: 'building', share: 0 });
    try {
      const result = await render(
        (stage, share) => setPhase({ kind: 'working', stage, share }),
        ctl.signal,
        () => setPhase({ kind: 'working', stage: 'collecting', share: 0 }),
      );
      const url = URL.createObjectURL(new Blob([result.pdf], { type: 'application/pdf' }));
      setPhase({ kind: 'ready', result, url });
    } catch (err) {
      if ((err as Error).name === 'AbortError') setPhase({ kind: 'idle' });
      else setPhase({ kind: 'error', message: (err as Error).message });
    }
  }

  async function save(fileName: string) {
    if (phase.kind !== 'ready') return;
    const res = await getPlatform().saveFile(fileName, new Uint8Array(phase.result.pdf), 'application/pdf', [{ name: 'PDF document', extensions: ['pdf'] }]);
    if (res.saved) toast({ message: res.path ? `Report saved to ${res.path}` : 'Report downloaded' });
  }

  function reset() {
    abort.current?.abort();
    if (phase.kind === 'ready') URL.revokeObjectURL(phase.url);
    setPhase({ kind: 'idle' });
  }

  return { phase, run, save, reset, cancel: () => abort.current?.abort(), working: phase.kind === 'working' };
}

export function ExportFooter({ phase, summary, onRender, onCancel, onSave, canRender = true }: { phase: ExportPhase; summary: (r: RenderDone) => string; onRender: () => void; onCancel: () => void; onSave: () => void; canRender?: boolean }) {
  return (
    <>
      <span className="muted report-status" role="status" aria-live="polite">
        {phase.kind === 'working' && (phase.stage === 'collecting' ? 'Gathering data…' : phase.stage === 'building' ? 'Laying out…' : `Rendering… ${Math.round(phase.share * 100)}%`)}
        {phase.kind === 'ready' && `${summary(phase.result)} · ${(phase.result.pdf.byteLength / 1024 / 1024).toFixed(1)} MB · ${((phase.result.ms.build + phase.result.ms.render) / 1000).toFixed(1)} s`}
      </span>
      <span className="spacer" />
      {phase.kind === 'working' ? (
        <Button onClick={onCancel}>Cancel</Button>
      ) : (
        <Button onClick={onRender} variant={phase.kind === 'ready' ? 'secondary' : 'primary'} disabled={!canRender}>
          {phase.kind === 'ready' ? 'Render again' : 'Preview'}
        </Button>
      )}
      <Button variant="primary" icon="download" onClick={onSave} disabled={phase.kind !== 'ready'}>
        Save PDF…
      </Button>
    </>
  );
}

/** Progress, errors, photo warnings and the preview: the right-hand column under the list of left-out items. */
export function ExportOutput({ phase, idleHint }: { phase: ExportPhase; idleHint: ReactNode }) {
  return (
    <>
      {phase.kind === 'working' && <progress className="report-progress" max={1} value={phase.stage === 'rendering' ? phase.share : undefined} aria-label="Rendering the report" />}
      {phase.kind === 'error' && (
        <div className="banner banner-error" role="alert">
          The report could not be rendered: {phase.message}
        </div>
      )}
      {phase.kind === 'ready' && phase.result.warnings.length > 0 && <Warnings warnings={phase.result.warnings} />}
      {phase.kind === 'ready' && <iframe className="report-preview" title="Report preview" src={phase.url} />}
      {phase.kind === 'idle' && <p className="muted">{idleHint}</p>}
    </>
  );
}

const EXCLUDED_KIND_LABELS = { recommendation: 'Recommendations', finding: 'Findings', visit: 'Visits', photo: 'Photos', field: 'Notes and names', invalid: 'Items that are not valid' } as const;

/** What the public edition leaves out, grouped (by kind, or by whatever `groupOf` says — the portfolio groups by city). */
export function ExcludedList({ items, groupOf, empty }: { items: ExcludedItem[]; groupOf?: (x: ExcludedItem) => string; empty: ReactNode }) {
  const groups = new Map<string, ExcludedItem[]>();
  for (const x of items) {
    const g = groupOf ? groupOf(x) : EXCLUDED_KIND_LABELS[x.kind];
    groups.set(g, [...(groups.get(g) ?? []), x]);
  }
  return (
    <section aria-labelledby="report-excluded" data-testid="report-excluded">
      <h3 id="report-excluded" className="section-title">
        Left out of the public edition ({items.length})
      </h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="report-excluded">
          {[...groups.entries()].map(([group, list]) => (
            <details key={group} open={list.length <= 6}>
              <summary>
                {group} <span className="muted">({list.length})</span>
              </summary>
              <ul>
                {list.map((x) => (
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
  );
}

function Warnings({ warnings }: { warnings: ReportWarning[] }) {
  return (
    <div className="banner banner-warn" role="status">
      <div>
        <strong>{warnings.length === 1 ? 'One image was replaced by a placeholder' : `${warnings.length} images were replaced by placeholders`}</strong>
        <ul>
          {warnings.slice(0, 5).map((w) => (
            <li key={w.subject}>{w.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Paper size and accent colour: the layout choices both report dialogs offer. */
export function PaperAndAccent({ paper, accent, disabled, onPaper, onAccent }: { paper: Paper; accent: string; disabled: boolean; onPaper: (p: Paper) => void; onAccent: (c: string) => void }) {
  return (
    <div className="row" style={{ gap: 16 }}>
      <label className="field">
        <span className="field-label">Paper</span>
        <select className="select" value={paper} disabled={disabled} onChange={(ev) => onPaper(ev.target.value as Paper)}>
          <option value="LETTER">US Letter</option>
          <option value="A4">A4</option>
        </select>
      </label>
      <label className="field">
        <span className="field-label">Accent colour</span>
        <input type="color" className="report-color" value={accent} disabled={disabled} onChange={(ev) => onAccent(ev.target.value)} />
      </label>
    </div>
  );
}
