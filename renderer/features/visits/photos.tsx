import { useCallback, useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { createEntity, updateEntity } from '#core/model/write.ts';
import { readEntity } from '#core/model/read.ts';
import type { Attachment } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { photoUrl, storePhoto } from '../../data/photos.ts';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { errorText, SyncedInput } from './shared.tsx';

/** An object URL for a stored photo variant (undefined while loading, null when the bytes are missing). */
export function usePhotoUrl(sha256: string, variant: 'thumb' | 'display' | 'original'): string | null | undefined {
  const ws = useWorkspace();
  const [state, setState] = useState<{ key: string; url: string | null } | null>(null);
  const key = `${sha256}:${variant}`;
  useEffect(() => {
    let live = true;
    photoUrl(ws.db, sha256, variant).then(
      (url) => live && setState({ key, url }),
      () => live && setState({ key, url: null }),
    );
    return () => {
      live = false;
    };
  }, [ws, sha256, variant, key]);
  return state?.key === key ? state.url : undefined;
}

export function PhotoImage({
  attachment,
  variant,
  className = '',
  alt,
}: {
  attachment: Attachment;
  variant: 'thumb' | 'display';
  className?: string;
  alt: string;
}) {
  const url = usePhotoUrl(attachment.sha256, variant);
  if (url === undefined) return <span className={`photo-img photo-img-loading skeleton ${className}`} aria-hidden="true" />;
  if (url === null)
    return (
      <span className={`photo-img photo-img-missing ${className}`} role="img" aria-label={`${alt} (picture not on this computer yet)`}>
        <Icon name="camera" size={20} />
        <span>Not on this computer</span>
      </span>
    );
  return <img className={`photo-img ${className}`} src={url} alt={alt} width={attachment.width} height={attachment.height} draggable={false} />;
}

export const photoAlt = (a: Attachment, index: number) => a.caption.trim() || a.name || `Photo ${index + 1}`;

export type PhotoOwner = { kind: 'visits' | 'findings'; id: string };

const isImage = (f: File) => f.type.startsWith('image/');

/**
 * Store photos (content-addressed, with thumbnails), create an attachment for each and add them to the
 * owner's photo list. Non-pictures and failures are reported one by one; the rest still go in.
 */
export function useAddPhotos(session: EngagementSession | null, owner: PhotoOwner) {
  const ws = useWorkspace();
  const toast = useToast();
  const [busy, setBusy] = useState(0);
  const add = useCallback(
    async (files: File[], questionId?: string): Promise<string[]> => {
      if (!session || !files.length) return [];
      const added: string[] = [];
      const refused = files.filter((f) => !isImage(f));
      for (const f of refused)
        toast({ tone: 'error', message: `“${f.name || 'That file'}” is not a picture (${f.type || 'unknown type'}). Add JPEG, PNG, WebP or HEIC photos.` });
      const images = files.filter(isImage);
      setBusy((n) => n + images.length);
      for (const file of images) {
        const name = file.name && file.name !== 'image.png' ? file.name : `Pasted photo ${new Date().toLocaleString()}`;
        try {
          const p = await storePhoto(ws.db, file, name);
          const att = createEntity(session.doc, session.ctx, 'attachments', {
            sha256: p.sha256,
            name: name.slice(0, 255),
            mime: p.mime,
            size: p.size,
            width: p.width || undefined,
            height: p.height || undefined,
            caption: '',
            visitId: owner.kind === 'visits' ? owner.id : undefined,
            questionId,
            findingId: owner.kind === 'findings' ? owner.id : undefined,
          });
          added.push(att.id);
        } catch (err) {
          toast({ tone: 'error', message: `Could not add “${name}”: ${errorText(err)}` });
        } finally {
          setBusy((n) => n - 1);
        }
      }
      if (added.length) {
        try {
          const current = readEntity(session.doc, owner.kind, owner.id);
          if (!current?.ok) throw new Error('it was deleted or cannot be read.');
          updateEntity(session.doc, session.ctx, owner.kind, owner.id, { photoIds: [...current.value.photoIds.filter((id) => !added.includes(id)), ...added] });
          toast({ message: added.length === 1 ? 'Photo added.' : `${added.length} photos added.` });
        } catch (err) {
          toast({ tone: 'error', message: `The photos were stored but could not be attached: ${errorText(err)}` });
        }
      }
      return added;
    },
    [session, owner.kind, owner.id, ws, toast],
  );
  return { add, busy };
}

function isEditable(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/**
 * Ctrl+V of a picture anywhere on the page outside a text field (or into a photo drop zone, which then
 * decides the question it belongs to) adds it. Pasting text into text fields is left alone.
 */
export function usePastePhotos(add: (files: File[], questionId?: string) => unknown) {
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      const target = e.target instanceof Element ? e.target : null;
      const zone = target?.closest<HTMLElement>('[data-photo-zone]');
      if (!zone && isEditable(target)) return;
      if (!zone && document.querySelector('dialog[open]')) return;
      e.preventDefault();
      void add(files, zone?.dataset.questionId);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [add]);
}

export function filesFromDrag(e: DragEvent): File[] {
  return [...(e.dataTransfer?.files ?? [])];
}

export const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

/**
 * A visible drop target with a picker button: drop, paste (Ctrl+V while it has focus) or choose files.
 * `inputLabel` names the (visually hidden) file input for tests and assistive tech.
 */
export function PhotoDropZone({
  onFiles,
  inputLabel,
  buttonLabel,
  buttonText = 'Add photos',
  busy,
  questionId,
  compact,
  hint,
  testId,
}: {
  onFiles: (files: File[]) => void;
  inputLabel: string;
  buttonLabel?: string;
  buttonText?: string;
  busy: number;
  questionId?: string;
  compact?: boolean;
  hint?: ReactNode;
  testId?: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`photo-drop ${compact ? 'photo-drop-compact' : ''} ${over ? 'is-over' : ''}`}
      data-photo-zone=""
      data-question-id={questionId}
      tabIndex={-1}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.stopPropagation();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        onFiles(filesFromDrag(e));
      }}
      data-testid={testId}
    >
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        className="sr-only"
        tabIndex={-1}
        aria-label={inputLabel}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          onFiles(files);
        }}
      />
      <Button icon="camera" size={compact ? 'sm' : 'md'} onClick={() => input.current?.click()} aria-label={buttonLabel}>
        {buttonText}
      </Button>
      <span className="photo-drop-hint muted">
        {busy > 0 ? (
          <span role="status">
            Adding {busy} photo{busy === 1 ? '' : 's'}…
          </span>
        ) : (
          (hint ?? (
            <>
              or drop pictures here, or paste one with <kbd>Ctrl</kbd>+<kbd>V</kbd>
            </>
          ))
        )}
      </span>
    </div>
  );
}

/** Thumbnails with editable captions; each opens a larger view. */
export function PhotoGrid({
  photos,
  session,
  onRemove,
  tagFor,
  removeLabel = 'Remove photo',
  testId,
}: {
  photos: Attachment[];
  session: EngagementSession;
  onRemove?: (a: Attachment) => void;
  tagFor?: (a: Attachment) => string | undefined;
  removeLabel?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState<number | null>(null);
  const toast = useToast();
  const setCaption = (a: Attachment, caption: string) => {
    try {
      updateEntity(session.doc, session.ctx, 'attachments', a.id, { caption });
    } catch (err) {
      toast({ tone: 'error', message: errorText(err) });
    }
  };
  const current = open !== null ? photos[Math.min(open, photos.length - 1)] : undefined;
  return (
    <>
      <ul className="photo-grid" data-testid={testId}>
        {photos.map((a, i) => {
          const tag = tagFor?.(a);
          return (
            <li key={a.id} className="photo-tile" data-attachment-id={a.id}>
              <button type="button" className="photo-open" onClick={() => setOpen(i)} aria-label={`Open photo ${i + 1}: ${photoAlt(a, i)}`}>
                <PhotoImage attachment={a} variant="thumb" alt="" />
                {tag && <span className="photo-tag">{tag}</span>}
              </button>
              <div className="photo-tile-foot">
                <SyncedInput
                  className="input input-sm photo-caption"
                  value={a.caption}
                  placeholder="Add a caption"
                  aria-label={`Caption for photo ${i + 1}`}
                  onCommit={(v) => setCaption(a, v)}
                />
                {onRemove && <Button size="sm" variant="ghost" icon="trash" label={`${removeLabel} ${i + 1}`} onClick={() => onRemove(a)} />}
              </div>
            </li>
          );
        })}
      </ul>
      <Dialog open={current !== undefined} title={current ? photoAlt(current, open ?? 0) : 'Photo'} onClose={() => setOpen(null)} wide>
        {current && open !== null && (
          <div
            className="photo-viewer"
            onKeyDown={(e) => {
              if ((e.target as HTMLElement).tagName === 'INPUT') return;
              if (e.key === 'ArrowRight' && open < photos.length - 1) setOpen(open + 1);
              if (e.key === 'ArrowLeft' && open > 0) setOpen(open - 1);
            }}
          >
            <div className="photo-viewer-stage">
              <PhotoImage attachment={current} variant="display" alt={photoAlt(current, open)} />
            </div>
            <div className="photo-viewer-bar">
              <Button icon="chevronRight" className="flip-x" label="Previous photo" disabled={open === 0} onClick={() => setOpen(open - 1)} />
              <span className="muted nowrap">
                {open + 1} of {photos.length}
              </span>
              <Button icon="chevronRight" label="Next photo" disabled={open >= photos.length - 1} onClick={() => setOpen(open + 1)} />
              <SyncedInput
                key={current.id}
                className="input grow"
                value={current.caption}
                placeholder="Add a caption"
                aria-label="Caption"
                onCommit={(v) => setCaption(current, v)}
              />
              {onRemove && (
                <Button
                  variant="danger"
                  icon="trash"
                  onClick={() => {
                    onRemove(current);
                    if (photos.length <= 1) setOpen(null);
                  }}
                >
                  Remove
                </Button>
              )}
            </div>
            <p className="muted photo-viewer-meta">
              {current.name || 'Unnamed photo'}
              {current.width && current.height ? ` · ${current.width} × ${current.height}` : ''} · {formatBytes(current.size)}
            </p>
          </div>
        )}
      </Dialog>
    </>
  );
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
