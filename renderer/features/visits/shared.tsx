import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react';
import * as Y from 'yjs';
import { ValidationError } from '#core/errors.ts';
import { collection, type Collection } from '#core/model/layout.ts';
import { readAll, type EntityOf } from '#core/model/read.ts';
import { FOCUS_AREA_LABELS, type FocusArea } from '#core/schemas/index.ts';
import type { EngagementSession } from '../../data/session.ts';
import { CollabTextarea } from '../../ui/CollabTextarea.tsx';

/** A readable sentence for anything a write can throw. */
export function errorText(err: unknown): string {
  if (err instanceof ValidationError) return err.messages.join(' ');
  return String((err as Error)?.message ?? err);
}

export const focusLabel = (f: FocusArea | string) => FOCUS_AREA_LABELS[f as FocusArea] ?? f;

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Every valid entity of a collection, live (re-read whenever anything in it changes). */
export function useCollectionItems<C extends Collection>(session: EngagementSession | null, name: C): EntityOf<C>[] {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!session) return;
    const root = collection(session.doc, name);
    const on = () => setVersion((v) => v + 1);
    root.observeDeep(on);
    return () => root.unobserveDeep(on);
  }, [session, name]);
  return useMemo(() => {
    void version;
    return session ? readAll(session.doc, name).items : [];
  }, [session, name, version]);
}

export { SyncedInput } from '../../ui/SyncedInput.tsx';

/**
 * A prose field bound to its Y.Text once it exists. Until then (an answer nobody has typed yet) it is a
 * plain textarea, so merely looking at a visit never writes to the document; the first keystroke creates
 * the shared text and the collaborative editor takes over with the caret where it was.
 */
export function LazyCollabTextarea({
  text,
  value,
  onEdit,
  className = '',
  ...rest
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange' | 'defaultValue'> & {
  text: Y.Text | undefined;
  value: string;
  onEdit: (next: string) => void;
}) {
  const handOver = useRef(false);
  if (text)
    return (
      <CollabTextarea
        text={text}
        onEdit={onEdit}
        className={className}
        {...rest}
        autoFocus={handOver.current}
        onFocus={(e) => {
          if (handOver.current) {
            handOver.current = false;
            const end = e.currentTarget.value.length;
            e.currentTarget.setSelectionRange(end, end);
          }
          rest.onFocus?.(e);
        }}
      />
    );
  return (
    <textarea
      {...rest}
      className={`textarea ${className}`}
      value={value}
      onChange={(e) => {
        handOver.current = document.activeElement === e.currentTarget;
        onEdit(e.target.value);
      }}
    />
  );
}

/** The Y.Text stored at `map[key]`, if it is one (read only: never creates it). */
export function existingText(map: unknown, key: string): Y.Text | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  const v = map.get(key);
  return v instanceof Y.Text ? v : undefined;
}

export interface SegmentOption<T> {
  value: T;
  label: string;
}

/**
 * A segmented single choice that behaves as a radio group: one tab stop, arrow keys move and choose,
 * Space/Enter choose, Home/End jump. Labelled by the question (or a label) it answers.
 */
export function SegmentedRadio<T extends string | number>({
  options,
  value,
  onChange,
  labelledBy,
  label,
  describedBy,
  testId,
  className = '',
  invalid,
}: {
  options: SegmentOption<T>[];
  value: T | undefined | null;
  onChange: (v: T) => void;
  labelledBy?: string;
  label?: string;
  describedBy?: string;
  testId?: string;
  className?: string;
  invalid?: boolean;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const selected = options.findIndex((o) => o.value === value);
  const tabStop = selected >= 0 ? selected : 0;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = refs.current.findIndex((el) => el === document.activeElement);
    const from = current >= 0 ? current : tabStop;
    const last = options.length - 1;
    const to = { ArrowRight: from + 1, ArrowDown: from + 1, ArrowLeft: from - 1, ArrowUp: from - 1, Home: 0, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const i = to > last ? 0 : to < 0 ? last : to;
    refs.current[i]?.focus();
    onChange(options[i]!.value);
  };
  return (
    <div
      role="radiogroup"
      aria-labelledby={labelledBy}
      aria-label={labelledBy ? undefined : label}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
      className={`segmented ${className}`}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      {options.map((o, i) => (
        <button
          key={String(o.value)}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          tabIndex={i === tabStop ? 0 : -1}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
