import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Dialog } from '../../ui/Dialog.tsx';
import { Button } from '../../ui/Button.tsx';
import { Icon } from '../../ui/icons.tsx';

export interface PickItem {
  id: string;
  title: string;
  /** Pills and facts shown under the title (kind, focus area, date…). */
  meta: ReactNode;
  /** Extra words the search matches besides the title. */
  search: string;
}

const MAX_SHOWN = 200;

/**
 * A searchable checklist in a dialog: ticking an item links it at once (no separate save), so what the
 * dialog shows is always what is stored.
 */
export function LinkPickerDialog({
  open,
  title,
  noun,
  items,
  linked,
  onToggle,
  onClose,
  testId,
}: {
  open: boolean;
  title: string;
  noun: string;
  items: PickItem[] | undefined;
  linked: ReadonlySet<string>;
  onToggle: (id: string, link: boolean) => void;
  onClose: () => void;
  testId?: string;
}) {
  const [query, setQuery] = useState('');
  const q = useDeferredValue(query).trim().toLowerCase();
  const shown = useMemo(() => {
    const all = items ?? [];
    const hits = q ? all.filter((i) => `${i.title} ${i.search}`.toLowerCase().includes(q)) : all;
    // Linked first, so what is already chosen is easy to review and undo.
    return [...hits].sort((a, b) => Number(linked.has(b.id)) - Number(linked.has(a.id)));
  }, [items, q, linked]);

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      wide
      footer={
        <>
          <span className="muted picker-count">
            {linked.size} {noun}
            {linked.size === 1 ? '' : 's'} linked
          </span>
          <span className="spacer" />
          <Button variant="primary" onClick={onClose} data-testid={testId ? `${testId}-done` : undefined}>
            Done
          </Button>
        </>
      }
    >
      <div className="picker" data-testid={testId}>
        <div className="rec-search picker-search">
          <Icon name="search" size={14} />
          <input
            type="search"
            className="input"
            aria-label={`Search ${noun}s`}
            placeholder={`Search ${noun}s by title, focus area or kind`}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoFocus
          />
        </div>
        {items === undefined ? (
          <div className="stack" aria-busy="true" role="status" aria-label={`Loading ${noun}s`}>
            {[0, 1, 2, 3].map((i) => (
              <span key={i} className="skeleton" style={{ height: 40 }} />
            ))}
          </div>
        ) : items.length === 0 ? (
          <p className="muted picker-empty">This engagement has no {noun}s yet. Record them first, then link them here as evidence.</p>
        ) : shown.length === 0 ? (
          <p className="muted picker-empty">
            No {noun}s match “{query}”.
          </p>
        ) : (
          <ul className="picker-list" aria-label={`${noun[0]!.toUpperCase()}${noun.slice(1)}s`}>
            {shown.slice(0, MAX_SHOWN).map((i) => (
              <li key={i.id}>
                <label className={`picker-item ${linked.has(i.id) ? 'is-linked' : ''}`}>
                  <input type="checkbox" checked={linked.has(i.id)} onChange={(e) => onToggle(i.id, e.target.checked)} />
                  <span className="picker-item-text">
                    <span className="picker-item-title">{i.title}</span>
                    <span className="picker-item-meta">{i.meta}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {shown.length > MAX_SHOWN && (
          <p className="muted picker-empty">
            Showing the first {MAX_SHOWN} of {shown.length}. Type to narrow the list.
          </p>
        )}
      </div>
    </Dialog>
  );
}
