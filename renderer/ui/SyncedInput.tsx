import { forwardRef, useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

/**
 * A text input that writes on every keystroke. It keeps its own draft so the caret never jumps and a value the
 * schema refuses (an empty title) can still be typed through; any stored value it did not write itself (undo,
 * redo, a colleague's edit) replaces the draft at once, even while the field has focus.
 */
export const SyncedInput = forwardRef<HTMLInputElement, Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & { value: string; onCommit: (next: string) => void }>(function SyncedInput({ value, onCommit, ...rest }, ref) {
  const [draft, setDraft] = useState(value);
  const written = useRef<string | null>(null);
  useEffect(() => {
    if (value !== written.current) setDraft(value);
    written.current = null;
  }, [value]);
  return (
    <input
      {...rest}
      ref={ref}
      value={draft}
      onBlur={(e) => {
        setDraft(value);
        rest.onBlur?.(e);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        written.current = e.target.value;
        onCommit(e.target.value);
      }}
    />
  );
});
