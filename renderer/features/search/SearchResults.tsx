import { useEffect, useRef } from 'react';
import type { SearchHit } from '../../data/search-index.ts';
import { Icon } from '../../ui/icons.tsx';
import { formatDate } from '../../ui/format.ts';
import { highlight, windowAround } from './highlight.tsx';
import { KIND_ICONS, KIND_LABELS, statusLabel } from './labels.ts';

/**
 * Results as a listbox driven from the search box (combobox pattern): ↑ ↓ move the active option, Enter opens it,
 * a click opens it too. Matched words are marked in the title and the excerpt.
 */
export function SearchResults({ id, hits, active, onActive, onOpen, personName }: { id: string; hits: SearchHit[]; active: number; onActive: (i: number) => void; onOpen: (h: SearchHit) => void; personName: (id: string) => string }) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <ul ref={listRef} id={id} className="search-results" role="listbox" aria-label="Search results" data-testid="search-results">
      {hits.map((h, i) => {
        const excerpt = windowAround(h.snippet, h.terms);
        return (
          <li
            key={h.key}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === active}
            data-index={i}
            data-kind={h.kind}
            className="search-hit"
            onMouseMove={() => i !== active && onActive(i)}
            onClick={() => onOpen(h)}
          >
            <span className="search-hit-kind">
              <Icon name={KIND_ICONS[h.kind]} size={14} />
              {KIND_LABELS[h.kind]}
            </span>
            <span className="search-hit-main">
              <span className="search-hit-title">{highlight(h.title, h.terms)}</span>
              {excerpt && <span className="search-hit-snippet">{highlight(excerpt, h.terms)}</span>}
            </span>
            <span className="search-hit-meta">
              {h.city && <span>{highlight(h.city, h.terms)}</span>}
              {h.status && <span>{statusLabel(h.status)}</span>}
              {h.author && <span>{personName(h.author)}</span>}
              {h.date && <span className="nowrap">{formatDate(h.date)}</span>}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
