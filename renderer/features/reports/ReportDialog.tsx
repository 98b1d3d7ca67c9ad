import '../../styles/reports.css';
import { useMemo, useState } from 'react';
import { REPORT_SECTIONS, REPORT_SECTION_LABELS, DEFAULT_ACCENT, defaultReportOptions, excludedItems, snapshotFromDoc, type Edition, type Paper, type ReportSection } from '#core/reports/index.ts';
import type { EngagementSession } from '../../data/session.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { collectImages, renderInWorker } from './render-client.ts';
import { ExcludedList, ExportFooter, ExportOutput, PaperAndAccent, useExportFlow } from './export-flow.tsx';
import { reportLibrary } from '../library/report-basis.ts';

/**
 * Export an engagement's accountability report: edition, sections, paper and accent; what the public edition
 * leaves out (before anything is rendered); a preview of the PDF rendered in a Web Worker; Save through the
 * platform seam (native dialog in Electron, a download in a browser).
 */
export function ReportDialog({ session, open, onClose }: { session: EngagementSession; open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const [edition, setEdition] = useState<Edition>('public');
  const [paper, setPaper] = useState<Paper>('LETTER');
  const [accent, setAccent] = useState(DEFAULT_ACCENT);
  const [photos, setPhotos] = useState(true);
  const [sections, setSections] = useState<Record<ReportSection, boolean>>(() => defaultReportOptions().sections);
  const flow = useExportFlow([edition, paper, accent, photos, sections]);
  const { phase, working } = flow;

  // Read once per opening: the list of left-out items describes the data the export will use.
  const snapshot = useMemo(() => (open ? snapshotFromDoc(session.doc) : null), [open, session]);
  const excluded = useMemo(() => (snapshot ? excludedItems(snapshot) : []), [snapshot]);

  const e = snapshot?.engagement;
  const fileName = e ? `${e.city.replace(/[^A-Za-z0-9]+/g, '-')}-${e.state}-report-${edition}.pdf` : 'report.pdf';

  function render() {
    if (!snapshot) return;
    void flow.run(async (onProgress, signal, collecting) => {
      collecting();
      const images = photos ? await collectImages(ws.db, snapshot) : [];
      const options = defaultReportOptions({ edition, paper, photos, sections, generatedAt: new Date(), branding: { accent, organisation: 'Groundwork' }, author: '' });
      // Issue 7: titles of library items linked as recommendations' basis (printed in the internal edition).
      return renderInWorker({ ...snapshot, library: await reportLibrary(ws.db, snapshot) }, images, options, onProgress, signal);
    });
  }

  function close() {
    flow.reset();
    onClose();
  }

  return (
    <Dialog
      open={open}
      title="Export report"
      onClose={close}
      wide
      footer={
        <ExportFooter
          phase={phase}
          summary={(r) => `${r.stats.recommendations} recommendations, ${r.stats.findings ?? 0} findings, ${r.stats.photos ?? 0} ${r.stats.photos === 1 ? 'photo' : 'photos'}`}
          onRender={render}
          onCancel={flow.cancel}
          onSave={() => void flow.save(fileName)}
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
          <PaperAndAccent paper={paper} accent={accent} disabled={working} onPaper={setPaper} onAccent={setAccent} />
        </div>
        <div className="report-side">
          {edition === 'public' && <ExcludedList items={excluded} empty="Nothing: every item is approved and nothing is marked confidential." />}
          <ExportOutput phase={phase} idleHint="Choose the options, then Preview. The report is rendered on this computer; nothing is sent anywhere." />
        </div>
      </div>
    </Dialog>
  );
}
