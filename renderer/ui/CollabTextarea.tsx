import { useEffect, useLayoutEffect, useRef, useState, type ComponentType, type RefObject, type TextareaHTMLAttributes } from 'react';
import type * as Y from 'yjs';

/**
 * Extras a feature draws next to every shared text field (review: "Comment on selection", the authors view).
 * Registered at start-up, so this kit component imports no feature code.
 */
export type CollabAddon = ComponentType<{ text: Y.Text; textarea: RefObject<HTMLTextAreaElement | null> }>;
let Addon: CollabAddon | null = null;
export function registerCollabAddon(addon: CollabAddon): void {
  Addon = addon;
}

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'defaultValue'> & {
  /** The shared text; edits from others (and undo) flow in while the caret stays where the user left it. */
  text: Y.Text;
  /** Called with the whole new value; the caller turns it into a minimal Y.Text edit in one transaction. */
  onEdit: (next: string) => void;
};

/** Shift a caret position through a Yjs text delta made by someone else. */
function transform(pos: number, delta: Y.YTextEvent['delta']): number {
  let index = 0;
  let out = pos;
  for (const d of delta) {
    if (d.retain) index += d.retain;
    else if (d.insert !== undefined) {
      const len = typeof d.insert === 'string' ? d.insert.length : 1;
      if (index <= out) out += len;
      index += len;
    } else if (d.delete) {
      if (index < out) out = Math.max(index, out - d.delete);
    }
  }
  return out;
}

export function CollabTextarea({ text, onEdit, className = '', ...rest }: Props) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => text.toString());
  const pendingSelection = useRef<[number, number] | null>(null);
  const typing = useRef(false);

  useEffect(() => {
    setValue(text.toString());
    const observer = (event: Y.YTextEvent) => {
      const next = text.toString();
      const el = ref.current;
      if (typing.current) return; // our own keystroke: the textarea already shows it
      if (el && document.activeElement === el) pendingSelection.current = [transform(el.selectionStart, event.delta), transform(el.selectionEnd, event.delta)];
      setValue(next);
    };
    text.observe(observer);
    return () => text.unobserve(observer);
  }, [text]);

  useLayoutEffect(() => {
    const sel = pendingSelection.current;
    if (sel && ref.current) {
      ref.current.setSelectionRange(sel[0], sel[1]);
      pendingSelection.current = null;
    }
  }, [value]);

  return (
    <>
      <textarea
        ref={ref}
        className={`textarea ${className}`}
        value={value}
        onChange={(e) => {
          const next = e.target.value;
          setValue(next);
          typing.current = true;
          try {
            onEdit(next);
          } finally {
            typing.current = false;
          }
        }}
        {...rest}
      />
      {Addon && <Addon text={text} textarea={ref} />}
    </>
  );
}
