import { useDeferredValue, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import { SEARCH_KINDS, useSearch, useSearchStatus, type SearchHit, type SearchKind } from '../../data/search-index.ts';
import { IndexingState } from './IndexingState.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useProgrammePeople } from '../requests/people.ts';
import { KIND_PLURALS } from './labels.ts';
import { SearchResults } from './SearchResults.tsx';

/**
 * The command-palette search (Ctrl+K / ⌘K from anywhere): one box over everything on this computer — engagements,
 * visits, findings, recommendations, comments, 311 requests and the library — typo-tolerant, prefix-matching,
 * offline. ↑ ↓ choose, Enter opens where the match is, Shift+Enter opens the full search page with filters.
 */
export function GlobalSearch() {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useCommand('global-search', () => setOpen(true));
  useLayoutEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  useEffect(() => {
    const close = () => setOpen(false);
    window.addEventListener('hashchange', close);
    return () => window.removeEventListener('hashchange', close);
  }, []);
  return (
    <dialog
      ref={ref}
      className="palette"
      aria-label="Search everything"
      onCancel={(e) => {
        e.preventDefault();
        setOpen(false);
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) setOpen(false); // a click on the backdrop
      }}
      data-testid="global-search"
    >
      {open && <Palette onClose={() => setOpen(false)} />}
    </dialog>
  );
}

function Palette({ onClose }: { onClose: () => void }) {
  const ws = useWorkspace();
  const { name } = useProgrammePeople();
  const [query, setQuery] = useState('');
  const [kinds, setKinds] = useState<SearchKind[]>([]);
  const [active, setActive] = useState(0);
  const q = useDeferredValue(query);
  const hits = useSearch(ws.search, q, { kinds }, 30);
  const index = useSearchStatus(ws.search);
  const loading = index.state === 'loading';
  const listId = useId();
  useEffect(() => setActive(0), [q, kinds]);

  const open = (h: SearchHit | undefined) => {
    if (!h) return;
    onClose();
    navigate(h.href);
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Escape') {
      // One press closes (a search field would otherwise spend the first Escape clearing itself).
      e.preventDefault();
      onClose();
    } else if (e.key === 'Enter' && e.shiftKey) {
      e.preventDefault();
      onClose();
      navigate(href.search(query));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(hits[active]);
    }
  };
  const toggle = (k: SearchKind) => setKinds((ks) => (ks.includes(k) ? ks.filter((x) => x !== k) : [...ks, k]));

  return (
    <div className="palette-body">
      <div className="palette-input">
        <Icon name="search" size={16} />
        <input
          autoFocus
          className="palette-field"
          type="search"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={hits.length ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          aria-label="Search everything"
          placeholder="Search cities, visits, findings, recommendations, requests, the library…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          data-testid="global-search-input"
        />
        <kbd>Esc</kbd>
      </div>
      <div className="palette-kinds" role="group" aria-label="Only show">
        {SEARCH_KINDS.map((k) => (
          <button key={k} type="button" className="chip" aria-pressed={kinds.includes(k)} onClick={() => toggle(k)}>
            {KIND_PLURALS[k]}
          </button>
        ))}
      </div>
      <div className="palette-results">
        {loading ? (
          <IndexingState status={index} query={q} rows={3} />
        ) : !q.trim() ? (
          <p className="palette-empty muted">Type a few letters. Typos are forgiven and words match from their start: “hous” finds housing, “vacnt” finds vacant.</p>
        ) : hits.length === 0 ? (
          <p className="palette-empty muted" role="status">
            Nothing on this computer matches “{q}”{kinds.length ? ' in the chosen kinds' : ''}. Try fewer words, or another spelling.
          </p>
        ) : (
          <SearchResults id={listId} hits={hits} active={active} onActive={setActive} onOpen={open} personName={name} />
        )}
      </div>
      <div className="palette-foot muted">
        <span>
          <kbd>↑</kbd> <kbd>↓</kbd> choose
        </span>
        <span>
          <kbd>Enter</kbd> open
        </span>
        <span>
          <kbd>Shift</kbd>+<kbd>Enter</kbd> all results with filters
        </span>
        <span className="spacer" />
        <span role="status">{loading ? '' : q.trim() ? `${hits.length}${hits.length === 30 ? '+' : ''} results` : ''}</span>
      </div>
    </div>
  );
}

/** The search button in the top bar: says what Ctrl+K does. */
export function SearchTrigger({ onOpen }: { onOpen: () => void }) {
  return (
    <button type="button" className="search-trigger" onClick={onOpen} aria-keyshortcuts="Control+K" data-testid="open-global-search">
      <Icon name="search" size={14} />
      <span>Search everything</span>
      <kbd>Ctrl K</kbd>
    </button>
  );
}
