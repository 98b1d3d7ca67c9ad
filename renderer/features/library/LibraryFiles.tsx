import { useRef, useState, type DragEvent, type MutableRefObject } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { ValidationError } from '#core/errors.ts';
import {
  attachLibraryFile,
  MAX_LIBRARY_FILE_BYTES,
  removeLibraryFile,
  type LibraryFile,
  type LibraryItem,
  type NewLibraryFile,
} from '#core/knowledge/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { fileKind, formatBytes, LIBRARY_BLOB_SCOPE, libraryFileBlob, libraryFileProblem, storeLibraryFile } from '../../data/library-files.ts';
import { getPlatform } from '../../platform/index.ts';
import { markKey, type FileTransfer } from '../../sync/blobs.ts';
import { httpBase } from '../../sync/relay.ts';
import { Button } from '../../ui/Button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { formatRelative } from '../../ui/format.ts';
import { useSync } from '../sync/hooks.ts';
import { useProgrammePeople } from '../requests/people.ts';
import type { NetworkHandle } from '../requests/network.ts';

const MAX_MB = MAX_LIBRARY_FILE_BYTES / (1024 * 1024);

type Tone = 'green' | 'amber' | 'red' | 'blue' | 'grey';
interface FileStatus {
  tone: Tone;
  text: string;
  /** Longer explanation (tooltip and screen readers). */
  hint: string;
  /** 0–1, or null for "moving, size unknown"; undefined = no bar. */
  progress?: number | null;
}

interface StatusInput {
  local: boolean;
  uploaded: boolean;
  signedIn: boolean;
  online: boolean;
  viewer: boolean;
  transfer: FileTransfer | undefined;
}

/** What the file's status line says: always colour AND words (a colour-blind reader loses nothing). */
export function fileStatus({ local, uploaded, signedIn, online, viewer, transfer }: StatusInput): FileStatus {
  if (transfer?.phase === 'uploading')
    return { tone: 'blue', text: 'Uploading…', hint: 'Sending the file to the relay so everyone on the network can open it.', progress: null };
  if (transfer?.phase === 'downloading') {
    const p = transfer.bytesTotal ? transfer.bytesDone / transfer.bytesTotal : null;
    return { tone: 'blue', text: p === null ? 'Downloading…' : `Downloading ${Math.floor(p * 100)}%`, hint: 'Fetching the file from the relay.', progress: p };
  }
  if (transfer?.phase === 'failed')
    return { tone: 'red', text: 'Upload failed', hint: `The relay refused the file: ${transfer.message ?? 'unknown reason'}. It stays on this computer.` };
  if (local && uploaded) return { tone: 'green', text: 'Synced', hint: 'On this computer and on the relay.' };
  if (local && (!signedIn || viewer))
    return {
      tone: 'grey',
      text: 'This computer only',
      hint: viewer ? 'Your role is read-only, so your files are not uploaded.' : 'Sign in to a relay (Settings → Sync) to share it with the network.',
    };
  if (local && !online) return { tone: 'amber', text: 'Waiting — offline', hint: 'Uploads when this computer is back online.' };
  if (local) return { tone: 'amber', text: 'Waiting to upload', hint: 'Queued: the next sync pass uploads it.' };
  if (!signedIn || !online)
    return {
      tone: 'amber',
      text: 'Not downloaded',
      hint: !signedIn ? 'Added on another computer. Sign in to a relay to download it.' : 'Added on another computer. Download it when you are back online.',
    };
  return { tone: 'grey', text: 'On the relay', hint: 'Added on another computer; downloads when you open it.' };
}

/**
 * A library item's attached files: attach (button, or drop files anywhere on the item), list with type, size, who
 * and when, download, remove with undo. Bytes are kept on this computer by SHA-256 and synced through the relay's
 * network blob scope (ADR 0018); each row says where its bytes are.
 */
export function LibraryFiles({
  net,
  item,
  canEdit,
  dropping,
  attachRef,
}: {
  net: NetworkHandle;
  item: LibraryItem;
  canEdit: boolean;
  dropping: boolean;
  attachRef?: MutableRefObject<((files: File[]) => void) | null>;
}) {
  const ws = useWorkspace();
  const toast = useToast();
  const snap = useSync();
  const { name: personName } = useProgrammePeople();
  const input = useRef<HTMLInputElement>(null);
  const [adding, setAdding] = useState<{ key: string; name: string; size: number }[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const shas = item.files.map((f) => f.sha256);
  const shaKey = shas.join(',');
  const local = useLiveQuery(async () => new Set((await ws.db.blobs.where('sha256').anyOf(shas).primaryKeys()) as string[]), [ws, shaKey]);
  const relay = httpBase(snap.url);
  const uploaded = useLiveQuery(async () => {
    const rows = await ws.db.settings.bulkGet(shas.map((s) => markKey(LIBRARY_BLOB_SCOPE, s)));
    return new Set(rows.flatMap((r, i) => ((r?.value as { relay?: string } | undefined)?.relay === relay ? [shas[i]!] : [])));
  }, [ws, shaKey, relay]);
  const signedIn = snap.account.kind === 'signed-in';
  const viewer = ws.user.role === 'viewer' || (snap.account.kind === 'signed-in' && snap.account.me.user.role === 'viewer');

  const attach = async (files: File[]) => {
    if (!canEdit || !files.length) return;
    const refused: string[] = [];
    const added: NewLibraryFile[] = [];
    const ok = files.filter((f) => {
      const problem = libraryFileProblem(f);
      if (problem) refused.push(problem);
      return !problem;
    });
    const pending = ok.map((f, i) => ({ key: `${Date.now()}-${i}-${f.name}`, name: f.name, size: f.size }));
    setAdding((a) => [...a, ...pending]);
    for (const [i, file] of ok.entries()) {
      try {
        const meta = await storeLibraryFile(ws.db, file);
        attachLibraryFile(net.doc, net.ctx, item.id, meta);
        added.push(meta);
      } catch (err) {
        refused.push(err instanceof ValidationError ? err.messages.join(' ') : err instanceof Error ? err.message : String(err));
      } finally {
        setAdding((a) => a.filter((p) => p.key !== pending[i]!.key));
      }
    }
    setProblems(refused);
    if (added.length) {
      // Signed out: the sync's next pass after signing in picks them up (it lists every library file).
      if (signedIn && !viewer)
        void ws.sync.blobs.enqueue(
          LIBRARY_BLOB_SCOPE,
          added.map((f) => f.sha256),
        );
      // Undo takes the attached files off the item again (a change of its own: the attaches spanned awaits, so they
      // are not one undo step); the bytes stay on this computer, as after any removal.
      const undoAttach = () => {
        for (const f of added) {
          try {
            removeLibraryFile(net.doc, net.ctx, item.id, f.sha256);
          } catch {
            // Someone already removed it: nothing left to undo for that file.
          }
        }
      };
      toast({ message: added.length === 1 ? `Attached “${added[0]!.name}”.` : `Attached ${added.length} files.`, action: { label: 'Undo', run: undoAttach } });
    }
  };

  // Files dropped anywhere on the item's page (ItemView owns the drop handlers) arrive here.
  if (attachRef) attachRef.current = (files) => void attach(files);

  const download = async (f: LibraryFile) => {
    setBusy(f.sha256);
    try {
      const blob = await libraryFileBlob(ws.db, f.sha256, (sha, scope) => ws.sync.blobs.fetchMissing(sha, scope));
      if (!blob) {
        const why = !signedIn
          ? 'Sign in to a relay (Settings → Sync) to download it.'
          : !snap.online
            ? 'You are offline; try again when you are back online.'
            : 'The relay does not have it yet: the person who attached it has not synced since.';
        toast({ tone: 'error', message: `“${f.name}” is not on this computer. ${why}` });
        return;
      }
      await getPlatform().saveFile(f.name, blob, f.mime);
    } catch (err) {
      toast({ tone: 'error', message: `“${f.name}” could not be saved: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const remove = (f: LibraryFile) => {
    try {
      // Its own undo step: Undo in the toast brings back this file and nothing typed just before.
      net.undo.stopCapturing();
      removeLibraryFile(net.doc, net.ctx, item.id, f.sha256);
      net.undo.stopCapturing();
      toast({ message: `Removed “${f.name}”.`, action: { label: 'Undo', run: () => net.undo.undo() } });
    } catch (err) {
      toast({ tone: 'error', message: err instanceof ValidationError ? err.messages.join(' ') : String(err) });
    }
  };

  const empty = !item.files.length && !adding.length;
  return (
    <section className={`card library-files${dropping ? ' is-drop-target' : ''}`} aria-labelledby="li-files" data-testid="library-files">
      <div className="card-header">
        <h2 id="li-files">Files</h2>
        {item.files.length > 0 && <span className="muted count">{item.files.length}</span>}
        <span className="spacer" />
        {canEdit && (
          <>
            <span className="muted files-limit">Up to {MAX_MB} MB each</span>
            <Button size="sm" icon="upload" onClick={() => input.current?.click()} data-testid="attach-files">
              Attach files
            </Button>
            <input
              ref={input}
              type="file"
              multiple
              className="sr-only"
              tabIndex={-1}
              aria-label="Attach files to this library item"
              data-testid="library-file-input"
              onChange={(e) => {
                const files = [...(e.target.files ?? [])];
                e.target.value = '';
                void attach(files);
              }}
            />
          </>
        )}
      </div>
      {problems.length > 0 && (
        <div className="banner banner-error files-problems" role="alert">
          <Icon name="alert" />
          <div className="stack" style={{ gap: 2, flex: 1 }}>
            {problems.map((p, i) => (
              <span key={i}>{p}</span>
            ))}
          </div>
          <Button size="sm" variant="ghost" icon="x" label="Dismiss" onClick={() => setProblems([])} />
        </div>
      )}
      {dropping && canEdit && (
        <div className="files-drop-overlay" aria-hidden="true">
          <Icon name="upload" size={20} />
          Drop to attach to “{item.title}”
        </div>
      )}
      {empty ? (
        <div className="files-empty">
          <Icon name="file" size={20} />
          <div>
            <strong>No files yet.</strong>{' '}
            {canEdit ? (
              <>Attach a PDF, a spreadsheet or slides with Attach files, or drop them anywhere on this page. They sync to everyone on the network.</>
            ) : (
              <>Files attached by curators appear here.</>
            )}
          </div>
        </div>
      ) : (
        <ul className="file-list" aria-label="Attached files">
          {adding.map((p) => (
            <li key={p.key} className="file-row is-adding" aria-busy="true">
              <Icon name="file" className="file-icon" />
              <div className="file-main">
                <span className="file-name">{p.name}</span>
                <span className="file-meta">{formatBytes(p.size)} · adding to this computer…</span>
              </div>
              <span className="pill pill-blue">Adding…</span>
              <div className="file-bar" aria-hidden="true">
                <span className="file-bar-fill is-indeterminate" />
              </div>
            </li>
          ))}
          {item.files.map((f) => {
            const status = fileStatus({
              local: local?.has(f.sha256) ?? false,
              uploaded: uploaded?.has(f.sha256) ?? false,
              signedIn,
              online: snap.online,
              viewer,
              transfer: ws.sync.blobs.transferOf(LIBRARY_BLOB_SCOPE, f.sha256),
            });
            const statusId = `file-status-${f.sha256.slice(0, 12)}`;
            return (
              <li key={f.sha256} className="file-row" data-testid="library-file" data-sha={f.sha256}>
                <Icon name="file" className="file-icon" />
                <div className="file-main">
                  <span className="file-name" title={f.name}>
                    {f.name}
                  </span>
                  <span className="file-meta">
                    {fileKind(f.mime, f.name)} · {formatBytes(f.size)}
                    {f.addedBy && (
                      <>
                        {' '}
                        · added by{' '}
                        {personName(f.addedBy) !== f.addedBy ? (
                          personName(f.addedBy)
                        ) : (
                          // Someone on no team this computer knows (another city's expert): their id means nothing here.
                          <span title={f.addedBy}>another member</span>
                        )}
                      </>
                    )}
                    {f.addedAt && <> {formatRelative(f.addedAt)}</>}
                  </span>
                </div>
                <span id={statusId} className={`pill pill-${status.tone} file-status`} title={status.hint} data-testid="file-status">
                  {status.text}
                  <span className="sr-only">: {status.hint}</span>
                </span>
                <div className="file-actions">
                  <Button
                    size="sm"
                    icon="download"
                    onClick={() => void download(f)}
                    disabled={busy === f.sha256}
                    aria-describedby={statusId}
                    aria-label={`Download ${f.name}`}
                    data-testid="download-file"
                  >
                    {busy === f.sha256 ? 'Getting…' : 'Download'}
                  </Button>
                  {canEdit && <Button size="sm" variant="ghost" icon="trash" label={`Remove ${f.name}`} onClick={() => remove(f)} data-testid="remove-file" />}
                </div>
                {status.progress !== undefined && (
                  <div
                    className="file-bar"
                    role="progressbar"
                    aria-label={`${f.name}: ${status.text}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={status.progress === null ? undefined : Math.round(status.progress * 100)}
                  >
                    <span
                      className={`file-bar-fill${status.progress === null ? ' is-indeterminate' : ''}`}
                      style={status.progress === null ? undefined : { width: `${status.progress * 100}%` }}
                    />
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** Drag-and-drop of files anywhere on an item's page: a counter, because dragenter/leave fire for every child. */
export function useFileDrop(enabled: boolean, onFiles: (files: File[]) => void) {
  const depth = useRef(0);
  const [over, setOver] = useState(false);
  const hasFiles = (e: DragEvent) => [...e.dataTransfer.types].includes('Files');
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!enabled || !hasFiles(e)) return;
        depth.current++;
        setOver(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!enabled || !hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      },
      onDragLeave: (e: DragEvent) => {
        if (!enabled || !hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (!depth.current) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!enabled || !hasFiles(e)) return;
        // Taken here: the window's guard (renderer/platform/window-drop.ts) sees defaultPrevented and leaves it.
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        onFiles([...e.dataTransfer.files]);
      },
    },
  };
}
