import { useDeferredValue, useMemo, useRef, useState, type ReactNode } from 'react';
import { useCommand } from '../../app/commands.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ListSearch } from '../../ui/ListSearch.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';

export interface TabFilters<F extends Record<string, string>> {
  query: string;
  setQuery: (next: string) => void;
  /** The query to filter by: deferred, so typing stays smooth over long lists. */
  deferred: string;
  /** Each filter's value; '' means "any". */
  values: F;
  set: <K extends keyof F>(key: K, value: F[K]) => void;
  /** Whether the search or any filter hides rows; only then is "Clear filters" offered. */
  filtering: boolean;
  clear: () => void;
}

/** The search text and drop-down filters of a list tab, all starting (and cleared back to) empty. */
export function useTabFilters<F extends Record<string, string>>(empty: F): TabFilters<F> {
  const [initial] = useState(empty);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [values, setValues] = useState(initial);
  return {
    query,
    setQuery,
    deferred,
    values,
    set: (key, value) => setValues((v) => ({ ...v, [key]: value })),
    filtering: query.trim() !== '' || Object.values(values).some((v) => v !== ''),
    clear: () => {
      setQuery('');
      setValues(initial);
    },
  };
}

/**
 * The frame of an engagement tab that lists its items (visits, findings): a heading with a live count and the
 * "New" button, a skeleton while the rows load, the tab's own empty state, then a search box with filters, the
 * sortable table (or a "nothing matches" state that clears the filters) and the keyboard hints. The visits and
 * findings tabs had this same frame twice; each tab keeps its own rows, filters, columns and sentences.
 * The global "find" shortcut puts the keyboard in the search box.
 */
export function FilteredListTab<R extends { id: string }, F extends Record<string, string>>({
  title,
  countTestId,
  count,
  action,
  rows,
  loadingLabel,
  empty,
  filterLabel,
  search,
  state,
  filters,
  noMatch,
  table,
  newKey,
  children,
}: {
  title: string;
  countTestId: string;
  /** The line under the heading: loading, what the list holds, or how many rows the filters leave. */
  count: string;
  /** Shown in the heading once there is at least one row (the empty state offers its own). */
  action: ReactNode;
  /** All rows, undefined while they load. */
  rows: R[] | undefined;
  loadingLabel: string;
  /** The empty state (an EmptyState) shown when there are no rows at all. */
  empty: ReactNode;
  /** The accessible name of the filter toolbar, e.g. "Filter visits". */
  filterLabel: string;
  search: { label: string; placeholder: string; testId: string };
  /** The search text and filter values, from `useTabFilters`. */
  state: TabFilters<F>;
  /** The tab's drop-down filters, after the search box, in this order. */
  filters: readonly TabFilter<F>[];
  /** What to say when the filters hide every row; `noun` is singular ("visit"), `advice` ends the sentence. */
  noMatch: { title: string; noun: string; advice: string };
  /** The rows the filters let through, in the tab's own order; the table sorts them by the column chosen (`initialSort` first). */
  table: { label: string; testId: string; rows: R[]; columns: Column<R>[]; initialSort: SortState; onOpen: (r: R) => void };
  /** The "new item" shortcut named in the hints, e.g. { key: 'V', label: 'new visit' }. */
  newKey: { key: string; label: string };
  /** Anything that belongs to the tab but not the list (a dialog). */
  children?: ReactNode;
}) {
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('find', () => {
    searchRef.current?.focus();
    searchRef.current?.select();
  });
  const [sort, setSort] = useState<SortState>(table.initialSort);
  const sorted = useMemo(() => sortRows(table.rows, table.columns, sort), [table.rows, table.columns, sort]);
  const total = rows?.length ?? 0;
  return (
    <div className="page page-fill list-page">
      <div className="page-header list-head">
        <div>
          <h2>{title}</h2>
          <p className="muted" aria-live="polite" data-testid={countTestId}>
            {count}
          </p>
        </div>
        <span className="spacer" />
        {total > 0 && action}
      </div>
      {rows === undefined ? (
        <div className="card">
          <SkeletonRows rows={8} label={loadingLabel} />
        </div>
      ) : total === 0 ? (
        <div className="card">{empty}</div>
      ) : (
        <>
          <div className="toolbar" role="search" aria-label={filterLabel}>
            <ListSearch ref={searchRef} value={state.query} onChange={state.setQuery} {...search} tableTestId={table.testId} />
            {filters.map((filter) => (
              <FilterSelect key={filter.key} filter={filter} state={state} />
            ))}
            {state.filtering && (
              <Button variant="ghost" icon="x" onClick={state.clear}>
                Clear filters
              </Button>
            )}
          </div>
          {table.rows.length === 0 ? (
            <div className="card">
              <EmptyState icon="search" title={noMatch.title} actions={<Button onClick={state.clear}>Clear filters</Button>}>
                {`${total} ${noMatch.noun}${total === 1 ? ' is' : 's are'} hidden by the search or filters. Clear them, or ${noMatch.advice}`}
              </EmptyState>
            </div>
          ) : (
            <div className="list-table">
              <DataTable
                label={table.label}
                testId={table.testId}
                rows={sorted}
                columns={table.columns}
                rowId={(r) => r.id}
                onOpen={table.onOpen}
                sort={sort}
                onSort={setSort}
              />
            </div>
          )}
          <p className="muted list-hint">
            <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches · <kbd>{newKey.key}</kbd> {newKey.label}
          </p>
        </>
      )}
      {children}
    </div>
  );
}

/** One drop-down filter of a tab's toolbar: `key` names its value in `useTabFilters`; the first choice, '', means "any". */
export interface TabFilter<F> {
  key: keyof F & string;
  label: string;
  anyLabel: string;
  options: readonly { value: string; label: string }[];
  testId: string;
}

/** A filter drop-down; a chosen filter is highlighted (`is-active`) so a hidden row is never a mystery. */
function FilterSelect<F extends Record<string, string>>({ filter, state }: { filter: TabFilter<F>; state: TabFilters<F> }) {
  const value = state.values[filter.key];
  return (
    <select
      className={`select ${value ? 'is-active' : ''}`}
      aria-label={filter.label}
      value={value}
      onChange={(e) => state.set(filter.key, e.target.value as F[keyof F & string])}
      data-testid={filter.testId}
    >
      <option value="">{filter.anyLabel}</option>
      {filter.options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
