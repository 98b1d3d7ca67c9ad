import { useDeferredValue, useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { FOCUS_AREAS, FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import { SEARCH_KINDS, useSearch, useSearchStatus, type SearchFilters, type SearchHit, type SearchKind } from '../../data/search-index.ts';
import { IndexingState } from './IndexingState.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useProgrammePeople } from '../requests/people.ts';
import { KIND_PLURALS, statusLabel } from './labels.ts';
import { SearchResults } from './SearchResults.tsx';

const LIMIT = 200;

/** The full search page (#/search?q=): the same index as Ctrl+K, with every filter, and the query in the address. */
export function SearchPage({ initialQuery }: { initialQuery: string }) {
  const ws = useWorkspace();
  const { name } = useProgrammePeople();
  const [query, setQuery] = useState(initialQuery);
  const [kinds, setKinds] = useState<SearchKind[]>([]);
  const [city, setCity] = useState('');
  const [focusArea, setFocusArea] = useState('');
  const [status, setStatus] = useState('');
  const [author, setAuthor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [active, setActive] = useState(0);
  const q = useDeferredValue(query);
  const listId = useId();
  const inputId = useId();
  useCommand('find', () => document.getElementById(inputId)?.focus());

  // Keep the address in step, so Back and a copied link come back to the same search.
  useEffect(() => {
    const next = href.search(q.trim());
    if (window.location.hash !== next) window.history.replaceState(null, '', next);
  }, [q]);

  const filters: SearchFilters = { kinds, city: city || undefined, focusArea: focusArea || undefined, status: status || undefined, author: author || undefined, from: from || undefined, to: to || undefined };
  const hits = useSearch(ws.search, q, filters, LIMIT);
  // The choices offered in each filter come from what the words alone find (only real options, with counts).
  const broad = useSearch(ws.search, q, { kinds }, LIMIT);
  const index = useSearchStatus(ws.search);
  const loading = index.state === 'loading';
  const facets = useMemo(() => {
    const count = (pick: (h: SearchHit) => string[]) => {
      const m = new Map<string, number>();
      for (const h of broad) for (const v of pick(h)) if (v) m.set(v, (m.get(v) ?? 0) + 1);
      return [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    };
    return { city: count((h) => [h.city]), status: count((h) => [h.status]), author: count((h) => [h.author]) };
  }, [broad]);
  const kindCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const h of hits) m.set(h.kind, (m.get(h.kind) ?? 0) + 1);
    return m;
  }, [hits]);
  useEffect(() => setActive(0), [q, kinds, city, focusArea, status, author, from, to]);

  const filtering = Boolean(kinds.length || city || focusArea || status || author || from || to);
  const clear = () => {
    setKinds([]);
    setCity('');
    setFocusArea('');
    setStatus('');
    setAuthor('');
    setFrom('');
    setTo('');
  };
  const open = (h: SearchHit | undefined) => h && navigate(h.href);
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(hits[active]);
    } else if (e.key === 'Escape' && query) {
      e.preventDefault();
      setQuery('');
    }
  };

  return (
    <div className="page search-page" style={{ maxWidth: 1100 }}>
      <div className="page-header">
        <div>
          <h1>Search</h1>
          <p className="subtitle">Everything on this computer — engagements, visits, findings, recommendations, comments, 311 requests and the library. Works offline.</p>
        </div>
      </div>
      <div className="search-box">
        <Icon name="search" size={16} />
        <input
          id={inputId}
          autoFocus
          type="search"
          role="combobox"
          className="search-box-field"
          aria-label="Search everything"
          aria-expanded={hits.length > 0}
          aria-controls={listId}
          aria-activedescendant={hits.length ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          placeholder="Type what you remember: a city, a word from a note, a program…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          data-testid="search-page-input"
        />
      </div>
      <div className="search-kinds" role="group" aria-label="Kinds of item">
        {SEARCH_KINDS.map((k) => (
          <button key={k} type="button" className="chip" aria-pressed={kinds.includes(k)} onClick={() => setKinds((ks) => (ks.includes(k) ? ks.filter((x) => x !== k) : [...ks, k]))}>
            {KIND_PLURALS[k]}
            {q.trim() && kindCounts.get(k) ? <span className="chip-count">{kindCounts.get(k)}</span> : null}
          </button>
        ))}
      </div>
      <div className="toolbar search-filters" role="group" aria-label="Filters">
        <select className="select select-sm" aria-label="City" value={city} onChange={(e) => setCity(e.target.value)}>
          <option value="">Any city</option>
          {facets.city.map(([c, n]) => (
            <option key={c} value={c}>
              {c} ({n})
            </option>
          ))}
          {city && !facets.city.some(([c]) => c === city) && <option value={city}>{city}</option>}
        </select>
        <select className="select select-sm" aria-label="Focus area" value={focusArea} onChange={(e) => setFocusArea(e.target.value)}>
          <option value="">Any focus area</option>
          {FOCUS_AREAS.map((f) => (
            <option key={f} value={f}>
              {FOCUS_AREA_LABELS[f]}
            </option>
          ))}
        </select>
        <select className="select select-sm" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {facets.status.map(([s, n]) => (
            <option key={s} value={s}>
              {statusLabel(s)} ({n})
            </option>
          ))}
          {status && !facets.status.some(([s]) => s === status) && <option value={status}>{statusLabel(status)}</option>}
        </select>
        <select className="select select-sm" aria-label="Author" value={author} onChange={(e) => setAuthor(e.target.value)}>
          <option value="">Anyone</option>
          {facets.author.map(([a, n]) => (
            <option key={a} value={a}>
              {name(a)} ({n})
            </option>
          ))}
          {author && !facets.author.some(([a]) => a === author) && <option value={author}>{name(author)}</option>}
        </select>
        <label className="row search-date">
          <span className="muted">From</span>
          <input className="input input-sm" type="date" value={from} onChange={(e) => setFrom(e.target.value)} aria-label="From date" />
        </label>
        <label className="row search-date">
          <span className="muted">to</span>
          <input className="input input-sm" type="date" value={to} onChange={(e) => setTo(e.target.value)} aria-label="To date" />
        </label>
        {filtering && (
          <Button size="sm" variant="ghost" onClick={clear}>
            Clear filters
          </Button>
        )}
        <span className="spacer" />
        <span className="muted" role="status">
          {q.trim() && !loading ? `${hits.length}${hits.length === LIMIT ? '+' : ''} result${hits.length === 1 ? '' : 's'}` : ''}
        </span>
      </div>
      {loading ? (
        <div className="card">
          <IndexingState status={index} query={q} rows={6} />
        </div>
      ) : !q.trim() ? (
        <div className="card">
          <EmptyState icon="search" title="Search the whole programme">
            Words match from their start and small typos are forgiven. Press <kbd>Ctrl K</kbd> anywhere for quick search; here you can narrow by kind, city, focus area, status, author and date.
          </EmptyState>
        </div>
      ) : hits.length === 0 ? (
        <div className="card">
          <EmptyState icon="search" title={`Nothing matches “${q.trim()}”`} actions={filtering ? <Button onClick={clear}>Clear filters</Button> : undefined}>
            {filtering ? 'The filters may be too narrow.' : 'Try fewer words or another spelling. Only what is on this computer is searched.'}
          </EmptyState>
        </div>
      ) : (
        <div className="card search-card">
          <SearchResults id={listId} hits={hits} active={active} onActive={setActive} onOpen={open} personName={name} />
        </div>
      )}
    </div>
  );
}
