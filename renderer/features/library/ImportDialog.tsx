import { useRef, useState } from 'react';
import { applyLibraryImport, importLibraryFiles, MAX_IMPORT_FILE_CHARS, type ImportFile, type ImportResult } from '#core/knowledge/import.ts';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { formatDate } from '../../ui/format.ts';
import { useNetwork } from '../requests/network.ts';
import { KindBadge } from './format.tsx';

const READABLE = /\.(md|markdown|json|csv)$/i;

type Phase = { kind: 'pick' } | { kind: 'reading' } | { kind: 'preview'; result: ImportResult; fileCount: number } | { kind: 'done'; written: number; skipped: ImportResult['skipped']; refused: boolean };

/** Read the chosen files in the browser (nothing is uploaded anywhere) into name + text pairs. */
async function readFiles(list: FileList | null): Promise<{ files: ImportFile[]; early: ImportResult['skipped'] }> {
  const files: ImportFile[] = [];
  const early: ImportResult['skipped'] = [];
  for (const f of Array.from(list ?? [])) {
    const name = f.webkitRelativePath || f.name;
    if (f.name.startsWith('.')) continue; // .DS_Store and friends are not the user's files
    if (!READABLE.test(f.name)) files.push({ name, text: '' });
    else if (f.size > MAX_IMPORT_FILE_CHARS * 4) early.push({ name, reason: `Is ${(f.size / 1e6).toFixed(1)} MB; the limit is ${(MAX_IMPORT_FILE_CHARS / 1e6).toFixed(0)} MB per file.` });
    else files.push({ name, text: await f.text() });
  }
  return { files, early };
}

/**
 * Import library items from Markdown files with front matter, or JSON / CSV lists: pick files or a whole folder,
 * see what will be added and what is skipped and why, then add every accepted item in one go (one transaction).
 */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const net = useNetwork();
  const toast = useToast();
  const [phase, setPhase] = useState<Phase>({ kind: 'pick' });
  const filesRef = useRef<HTMLInputElement>(null);
  const folderRef = useRef<HTMLInputElement>(null);

  const close = () => {
    setPhase({ kind: 'pick' });
    onClose();
  };
  const onPicked = async (list: FileList | null) => {
    if (!list?.length) return;
    setPhase({ kind: 'reading' });
    const { files, early } = await readFiles(list);
    const result = importLibraryFiles(files);
    result.skipped.unshift(...early);
    setPhase({ kind: 'preview', result, fileCount: files.length + early.length });
  };
  const apply = () => {
    if (!net || phase.kind !== 'preview') return;
    const r = applyLibraryImport(net.doc, net.ctx, phase.result);
    setPhase({ kind: 'done', written: r.written.length, skipped: r.skipped, refused: r.refused });
    if (r.written.length) toast({ message: `${r.written.length} item${r.written.length === 1 ? '' : 's'} added to the library.`, action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined });
  };

  const preview = phase.kind === 'preview' ? phase.result : null;
  return (
    <Dialog
      open={open}
      title="Import into the library"
      onClose={close}
      wide
      footer={
        <>
          {phase.kind === 'preview' && (
            <Button variant="ghost" onClick={() => setPhase({ kind: 'pick' })}>
              Choose other files
            </Button>
          )}
          <span className="spacer" />
          <Button onClick={close}>{phase.kind === 'done' ? 'Close' : 'Cancel'}</Button>
          {phase.kind === 'preview' && (
            <Button variant="primary" icon="upload" disabled={!preview?.items.length || !net} onClick={apply} data-testid="import-apply">
              {preview?.items.length ? `Import ${preview.items.length} item${preview.items.length === 1 ? '' : 's'}` : 'Nothing to import'}
            </Button>
          )}
          {phase.kind === 'done' && phase.written > 0 && (
            <Button
              variant="primary"
              onClick={() => {
                close();
                navigate(href.library());
              }}
            >
              Show the library
            </Button>
          )}
        </>
      }
    >
      {phase.kind === 'pick' || phase.kind === 'reading' ? (
        <div className="stack" style={{ gap: 16 }}>
          <p className="muted" style={{ margin: 0 }}>
            Markdown files (one item each, with a front-matter block: <code>title</code>, <code>kind</code>, <code>author</code>, <code>date</code>, <code>focusAreas</code>, <code>tags</code>), or a JSON or CSV list with the same fields. The files are read on this computer; nothing is added until you confirm.
          </p>
          <div className="import-drop">
            <Icon name="upload" size={24} />
            <div className="row" style={{ gap: 8 }}>
              <Button variant="primary" onClick={() => filesRef.current?.click()} disabled={phase.kind === 'reading'} data-testid="import-pick-files">
                Choose files…
              </Button>
              <Button onClick={() => folderRef.current?.click()} disabled={phase.kind === 'reading'} data-testid="import-pick-folder">
                Choose a folder…
              </Button>
            </div>
            <span className="muted" role="status">
              {phase.kind === 'reading' ? 'Reading the files…' : '.md, .json or .csv — pick several at once'}
            </span>
          </div>
          <input ref={filesRef} type="file" multiple accept=".md,.markdown,.json,.csv,text/markdown,application/json,text/csv" hidden onChange={(e) => void onPicked(e.target.files)} data-testid="import-files" aria-label="Files to import" />
          <input
            ref={(el) => {
              folderRef.current = el;
              // React does not know the (non-standard, widely supported) folder attributes.
              if (el) el.setAttribute('webkitdirectory', '');
            }}
            type="file"
            multiple
            hidden
            onChange={(e) => void onPicked(e.target.files)}
            data-testid="import-folder"
            aria-label="Folder to import"
          />
        </div>
      ) : phase.kind === 'preview' ? (
        <div className="stack import-report" style={{ gap: 16 }} data-testid="import-report">
          <div className="import-summary" role="status">
            <span className="pill pill-green">{phase.result.items.length} ready to import</span>
            <span className={`pill ${phase.result.skipped.length ? 'pill-amber' : ''}`}>{phase.result.skipped.length} skipped</span>
            <span className="muted">from {phase.fileCount} file{phase.fileCount === 1 ? '' : 's'}</span>
          </div>
          {phase.result.skipped.length > 0 && (
            <section aria-labelledby="imp-skipped">
              <h3 id="imp-skipped" className="section-title">
                Skipped — fix these files and import them again
              </h3>
              <table className="simple-table import-table" data-testid="import-skipped">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.result.skipped.map((s, i) => (
                    <tr key={`${s.name}-${s.row ?? ''}-${i}`}>
                      <td className="mono">
                        {s.name}
                        {s.row ? <span className="muted"> · row {s.row}</span> : null}
                      </td>
                      <td>{s.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {phase.result.items.length > 0 && (
            <section aria-labelledby="imp-ok">
              <h3 id="imp-ok" className="section-title">
                Will be added
              </h3>
              <table className="simple-table import-table" data-testid="import-accepted">
                <thead>
                  <tr>
                    <th scope="col">Kind</th>
                    <th scope="col">Title</th>
                    <th scope="col">Author</th>
                    <th scope="col">Date</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.result.items.map((item, i) => (
                    <tr key={`${item.title}-${i}`}>
                      <td>
                        <KindBadge kind={item.kind} />
                      </td>
                      <td>{item.title}</td>
                      <td>{item.author}</td>
                      <td className="nowrap">{formatDate(item.date)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </div>
      ) : (
        <div className="stack" style={{ gap: 12 }} role="status" data-testid="import-done">
          {phase.refused ? (
            <div className="banner banner-error">Nothing was imported: {phase.skipped.at(-1)?.reason}</div>
          ) : (
            <div className="banner banner-info">
              {phase.written} item{phase.written === 1 ? '' : 's'} added to the library in one step{phase.skipped.length ? `; ${phase.skipped.length} skipped as listed before` : ''}. Undo takes the whole import back.
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
