import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Icon } from './icons.tsx';

export interface Column<T> {
  id: string;
  header: string;
  /** CSS grid track, e.g. '80px' or 'minmax(240px, 3fr)'. */
  width: string;
  render: (row: T) => ReactNode;
  sortValue?: (row: T) => string | number;
  align?: 'left' | 'right';
}

export interface SortState {
  column: string;
  dir: 'asc' | 'desc';
}

const ROW_HEIGHT = 36;

/**
 * A dense, virtualised table: sticky header, sortable columns, and full keyboard use (arrows, Home/End,
 * PageUp/PageDown, Enter opens). Only the rows on screen are rendered, so 3,000+ rows stay instant.
 */
export function DataTable<T>({ label, rows, columns, rowId, onOpen, sort, onSort, selectedId, height = '100%', testId }: { label: string; rows: T[]; columns: Column<T>[]; rowId: (r: T) => string; onOpen: (r: T) => void; sort?: SortState; onSort?: (s: SortState) => void; selectedId?: string; height?: string | number; testId?: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const [active, setActive] = useState(() => Math.max(0, selectedId ? rows.findIndex((r) => rowId(r) === selectedId) : 0));
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const cols = columns.map((c) => c.width).join(' ');
  const clamped = Math.min(active, Math.max(0, rows.length - 1));

  useEffect(() => {
    if (active !== clamped) setActive(clamped);
  }, [active, clamped]);

  const move = (to: number) => {
    const i = Math.max(0, Math.min(rows.length - 1, to));
    setActive(i);
    virtualizer.scrollToIndex(i, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!rows.length) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(clamped + 1),
      ArrowUp: () => move(clamped - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      PageDown: () => move(clamped + page),
      PageUp: () => move(clamped - page),
      Enter: () => rows[clamped] && onOpen(rows[clamped]),
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };
  const toggleSort = (c: Column<T>) => {
    if (!c.sortValue || !onSort) return;
    onSort({ column: c.id, dir: sort?.column === c.id && sort.dir === 'asc' ? 'desc' : 'asc' });
  };

  return (
    <div
      ref={scrollRef}
      className="table-wrap"
      style={{ height }}
      tabIndex={0}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={rows.length ? `${baseId}-r${clamped}` : undefined}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      <div className="dtable" style={{ ['--cols' as string]: cols }}>
        <div className="dtable-head" role="row" aria-rowindex={1}>
          {columns.map((c) => (
            <div key={c.id} className="dtable-th" role="columnheader" aria-sort={sort?.column === c.id ? (sort.dir === 'asc' ? 'ascending' : 'descending') : c.sortValue ? 'none' : undefined} style={c.align === 'right' ? { justifyContent: 'flex-end' } : undefined}>
              {c.sortValue && onSort ? (
                <button type="button" tabIndex={-1} onClick={() => toggleSort(c)}>
                  {c.header}
                  {sort?.column === c.id && <Icon name={sort.dir === 'asc' ? 'arrowUp' : 'arrowDown'} size={12} />}
                </button>
              ) : (
                c.header
              )}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {virtualizer.getVirtualItems().map((v) => {
            const row = rows[v.index]!;
            const id = rowId(row);
            return (
              <div
                key={id}
                id={`${baseId}-r${v.index}`}
                className="dtable-row"
                role="row"
                aria-rowindex={v.index + 2}
                aria-selected={v.index === clamped}
                data-row-id={id}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
                onClick={() => {
                  setActive(v.index);
                  onOpen(row);
                }}
              >
                {columns.map((c) => (
                  <div key={c.id} role="gridcell" className={`dtable-td ${c.align === 'right' ? 'num' : ''}`}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

export function sortRows<T>(rows: T[], columns: Column<T>[], sort?: SortState): T[] {
  const col = sort && columns.find((c) => c.id === sort.column);
  if (!col?.sortValue) return rows;
  const get = col.sortValue;
  const dir = sort!.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}
