import { useState, type ReactNode } from 'react';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogForm } from '../../ui/DialogForm.tsx';

/** What the screen that owns the list gives its entry dialog. */
export interface EntryDialogHandlers<T> {
  /** The entry to edit (a fresh one to add); null closes the dialog. */
  value: T | null;
  onClose: () => void;
  /** Stores the entry; returns the schema's sentences when it refuses it, else null. */
  onSave: (entry: T) => string[] | null;
  onDelete: (entry: T) => string[] | null;
}

/**
 * The schema names a problem by its place in the engagement ("Indicators (item 6, name) is required."); inside the
 * dialog for that one entry, the field is what matters: "Name is required."
 */
export function entrySentence(sentence: string): string {
  const m = /^[A-Z][\w ]* \(item \d+, ([^)]+)\) (.*)$/.exec(sentence);
  if (!m) return sentence;
  const field = m[1]!;
  return `${field.charAt(0).toUpperCase()}${field.slice(1)} ${m[2]}`;
}

/**
 * A dialog that adds or edits one entry of a list kept on the engagement (an indicator, a team member). It edits a
 * copy, so Cancel leaves the list as it was; Save (or Enter in any field) hands the copy to `onSave`, which returns
 * the schema's sentences when it refuses it, shown above the fields; an entry that already has a name can be
 * removed. The Overview's indicator and team dialogs were this same dialog twice with different fields.
 */
export function EntryDialog<T extends { id: string; name: string }>({
  value,
  onClose,
  onSave,
  onDelete,
  title,
  removeLabel,
  saveLabel,
  prepare = (draft) => draft,
  children,
}: EntryDialogHandlers<T> & {
  title: { add: string; edit: string };
  removeLabel: string;
  saveLabel: string;
  /** Tidies the copy before it is saved (empty optional fields become absent). */
  prepare?: (draft: T) => T;
  /** The fields, given the copy and a way to change it. */
  children: (current: T, set: (patch: Partial<T>) => void) => ReactNode;
}) {
  const [draft, setDraft] = useState<T | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const current = draft?.id === value?.id ? draft : value;
  if (value && draft?.id !== value.id) {
    setDraft(value);
    setErrors([]);
  } else if (!value && draft) {
    // Closed (Cancel, Esc, saved): reopening the same entry starts again from what is stored, not the old copy.
    setDraft(null);
    setErrors([]);
  }
  const set = (patch: Partial<T>) => current && setDraft({ ...current, ...patch });
  const save = () => {
    if (!current) return;
    const errs = onSave(prepare(current));
    if (errs) setErrors(errs.map(entrySentence));
    else onClose();
  };
  return (
    <Dialog
      open={Boolean(value)}
      title={value?.name ? title.edit : title.add}
      onClose={onClose}
      footer={
        <>
          {value?.name && (
            <Button
              variant="danger"
              onClick={() => {
                onDelete(value);
                onClose();
              }}
            >
              {removeLabel}
            </Button>
          )}
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={save}>
            {saveLabel}
          </Button>
        </>
      }
    >
      {current && (
        <DialogForm onSubmit={save} errors={errors}>
          {children(current, set)}
        </DialogForm>
      )}
    </Dialog>
  );
}
