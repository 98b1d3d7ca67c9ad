import { useEffect, useState } from 'react';
import { FOCUS_AREAS, FOCUS_AREA_LABELS, type FocusArea } from '#core/schemas/index.ts';
import { LIBRARY_KINDS, type LibraryItem, type LibraryKind } from '#core/knowledge/schemas.ts';
import { createLibraryItem, updateLibraryItem } from '#core/knowledge/network-model.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { todayIso } from '../../ui/format.ts';
import { useNetwork } from '../requests/network.ts';
import { kindLabel } from './format.tsx';
import { DialogForm } from '../../ui/DialogForm.tsx';

interface Draft {
  kind: LibraryKind;
  title: string;
  author: string;
  date: string;
  focusAreas: FocusArea[];
  tags: string;
  summary: string;
  url: string;
  body: string;
}

const fromItem = (i: LibraryItem): Draft => ({ kind: i.kind, title: i.title, author: i.author, date: i.date, focusAreas: i.focusAreas, tags: i.tags.join(', '), summary: i.summary, url: i.url ?? '', body: '' });

/** Add a library item, or edit an item's details (its body is edited in place on the item page). */
export function LibraryItemDialog({ open, onClose, item }: { open: boolean; onClose: () => void; item?: LibraryItem }) {
  const ws = useWorkspace();
  const net = useNetwork();
  const toast = useToast();
  const blank = (): Draft => ({ kind: 'guide', title: '', author: ws.user.name, date: todayIso(), focusAreas: [], tags: '', summary: '', url: '', body: '' });
  const [draft, setDraft] = useState<Draft>(() => (item ? fromItem(item) : blank()));
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    if (open) {
      setDraft(item ? fromItem(item) : blank());
      setErrors([]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset only when the dialog opens
  }, [open]);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const fieldError = (name: string) => errors.filter((e) => e.toLowerCase().startsWith(name.toLowerCase())).join(' ') || null;

  const submit = () => {
    if (!net) return;
    const tags = [...new Set(draft.tags.split(',').map((t) => t.trim()).filter(Boolean))];
    const fields = { kind: draft.kind, title: draft.title, author: draft.author, date: draft.date, focusAreas: draft.focusAreas, tags, summary: draft.summary.trim(), url: draft.url.trim() || undefined };
    try {
      if (item) {
        updateLibraryItem(net.doc, net.ctx, item.id, fields);
        toast({ message: 'Library item updated.', action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined });
        onClose();
      } else {
        const created = createLibraryItem(net.doc, net.ctx, { ...fields, body: draft.body, files: [], featured: false, archived: false });
        toast({ message: `“${created.title}” added to the library.` });
        onClose();
        navigate(href.libraryItem(created.id));
      }
    } catch (err) {
      setErrors(err instanceof ValidationError ? err.messages : [String((err as Error)?.message ?? err)]);
    }
  };

  return (
    <Dialog
      open={open}
      title={item ? 'Edit library item' : 'Add to the library'}
      onClose={onClose}
      wide
      footer={
        <>
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={submit} disabled={!net} data-testid="save-library-item">
            {item ? 'Save changes' : 'Add item'}
          </Button>
        </>
      }
    >
      <DialogForm onSubmit={submit} errors={errors}>
        <div className="grid-3" style={{ gridTemplateColumns: '160px 1fr' }}>
          <Field label="Kind">
            {(p) => (
              <select {...p} className="select" value={draft.kind} onChange={(e) => set('kind', e.target.value as LibraryKind)}>
                {LIBRARY_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {kindLabel(k)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Title" required error={fieldError('Title')}>
            {(p) => <input {...p} className="input" value={draft.title} onChange={(e) => set('title', e.target.value)} autoFocus />}
          </Field>
        </div>
        <div className="grid-3" style={{ gridTemplateColumns: '1fr 160px' }}>
          <Field label="Author" required error={fieldError('Author')}>
            {(p) => <input {...p} className="input" value={draft.author} onChange={(e) => set('author', e.target.value)} />}
          </Field>
          <Field label="Date" required error={fieldError('Date')}>
            {(p) => <input {...p} className="input" type="date" value={draft.date} onChange={(e) => set('date', e.target.value)} />}
          </Field>
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend className="field-label">Focus areas</legend>
          <div className="chip-checks">
            {FOCUS_AREAS.map((f) => (
              <label key={f} className="checkbox chip-check">
                <input type="checkbox" checked={draft.focusAreas.includes(f)} onChange={(e) => set('focusAreas', e.target.checked ? [...draft.focusAreas, f] : draft.focusAreas.filter((x) => x !== f))} />
                {FOCUS_AREA_LABELS[f]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid-2">
          <Field label="Tags" hint="Separated by commas" error={fieldError('Tags')}>
            {(p) => <input {...p} className="input" value={draft.tags} onChange={(e) => set('tags', e.target.value)} placeholder="land bank, vacancy" />}
          </Field>
          <Field label="Web address" hint={draft.kind === 'link' ? 'Required for a link' : 'Optional'} error={fieldError('Url')}>
            {(p) => <input {...p} className="input" type="url" value={draft.url} onChange={(e) => set('url', e.target.value)} placeholder="https://" />}
          </Field>
        </div>
        <Field label="Summary" hint="Two or three sentences: what it is and when it helps" error={fieldError('Summary')}>
          {(p) => <textarea {...p} className="textarea" rows={3} value={draft.summary} onChange={(e) => set('summary', e.target.value)} />}
        </Field>
        {!item && (
          <Field label="Body" hint="Markdown is fine; you can keep writing on the item's page">
            {(p) => <textarea {...p} className="textarea" rows={6} value={draft.body} onChange={(e) => set('body', e.target.value)} />}
          </Field>
        )}
      </DialogForm>
    </Dialog>
  );
}
