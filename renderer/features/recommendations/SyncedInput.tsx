import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

/**
 * A text input that writes on every keystroke but keeps its own value while focused, so the caret never
 * jumps and a value the schema refuses (an empty title) can still be typed through. When not focused it
 * mirrors the stored value (edits from others, undo).
 */
export function SyncedInput({
  value,
  onCommit,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & { value: string; onCommit: (next: string) => void }) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  return (
    <input
      {...rest}
      value={draft}
      onFocus={(e) => {
        focused.current = true;
        rest.onFocus?.(e);
      }}
      onBlur={(e) => {
        focused.current = false;
        setDraft(value);
        rest.onBlur?.(e);
      }}
      onChange={(e) => {
        setDraft(e.target.value);
        onCommit(e.target.value);
      }}
    />
  );
}
