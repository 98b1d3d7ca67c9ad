import { useDeferredValue, useRef, useState, type ReactNode, type RefObject } from 'react';
import { FOCUS_AREAS, FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { Button } from '../../ui/Button.tsx';

/**
 * The filter bar above the table of a list screen (Engagements, 311 requests, Library). The three screens had the same
 * search box, dropdowns, "Clear filters" button and live count written out three times; they live here once so the
 * screens keep one look, one set of labels and one behaviour. Each screen still owns its filters' state and how rows
 * match, because those differ.
 */

export interface ListSearchState {
  query: string;
  setQuery: (next: string) => void;
  /** The query as the list should filter by it: deferred, so typing stays smooth over thousands of rows. */
  deferred: string;
  ref: RefObject<HTMLInputElement | null>;
}

/** The search text of a list screen; the global "find" shortcut (/, Ctrl+F) focuses its box whenever the screen shows. */
export function useListSearch(): ListSearchState {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const ref = useRef<HTMLInputElement>(null);
  useCommand('find', () => ref.current?.focus());
  return { query, setQuery, deferred, ref };
}

/** "12 engagements" when nothing is hidden, else "3 of 12 engagements". */
export function shownOf(shown: number, total: number, noun: string): string {
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun}`;
}

export function FilterBar({
  search,
  searchLabel,
  placeholder,
  searchWidth,
  searchTestId,
  filtering,
  onClear,
  count,
  children,
}: {
  search: ListSearchState;
  searchLabel: string;
  placeholder: string;
  searchWidth: number;
  searchTestId?: string;
  /** Whether any filter differs from the screen's default; only then is "Clear filters" offered. */
  filtering: boolean;
  onClear: () => void;
  /** How many rows show, announced politely as it changes. */
  count: ReactNode;
  /** The screen's own filters, between the search box and "Clear filters". */
  children: ReactNode;
}) {
  return (
    <div className="toolbar" role="search">
      <input
        ref={search.ref}
        className="input search-input"
        style={{ width: searchWidth }}
        type="search"
        placeholder={placeholder}
        aria-label={searchLabel}
        value={search.query}
        onChange={(e) => search.setQuery(e.target.value)}
        data-testid={searchTestId}
      />
      {children}
      {filtering && (
        <Button variant="ghost" onClick={onClear}>
          Clear filters
        </Button>
      )}
      <span className="spacer" />
      <span className="muted" role="status">
        {count}
      </span>
    </div>
  );
}

/** A dropdown filter: an "all" choice (empty value) and then one option a value. */
export function FilterSelect<V extends string>({
  label,
  all,
  value,
  onChange,
  values,
  labelOf,
}: {
  label: string;
  all: string;
  value: string;
  onChange: (next: string) => void;
  values: readonly V[];
  labelOf: (v: V) => ReactNode;
}) {
  return (
    <select className="select" aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{all}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {labelOf(v)}
        </option>
      ))}
    </select>
  );
}

/** The focus-area filter, the same on every list screen. */
export function FocusAreaFilter({ value, onChange }: { value: string; onChange: (next: string) => void }) {
  return (
    <FilterSelect
      label="Filter by focus area"
      all="All focus areas"
      value={value}
      onChange={onChange}
      values={FOCUS_AREAS}
      labelOf={(f) => FOCUS_AREA_LABELS[f]}
    />
  );
}

export function FilterCheckbox({ checked, onChange, children }: { checked: boolean; onChange: (next: boolean) => void; children: ReactNode }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {children}
    </label>
  );
}
