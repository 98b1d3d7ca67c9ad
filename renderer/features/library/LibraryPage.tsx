import { useDeferredValue, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { LIBRARY_KINDS } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import type { LibraryRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { formatDate } from '../../ui/format.ts';
import { focusShort } from '../recommendations/format.ts';
import { FeaturedMark, KindBadge, kindLabel } from './format.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { LibraryItemDialog } from './LibraryItemDialog.tsx';

const columns: Column<LibraryRow>[] = [
  { id: 'featured', header: '★', width: '36px', sortValue: (r) => (r.featured ? 0 : 1), render: (r) => <FeaturedMark featured={r.featured} /> },
  { id: 'kind', header: 'Kind', width: '120px', sortValue: (r) => kindLabel(r.kind), render: (r) => <KindBadge kind={r.kind} /> },
  {
    id: 'title',
    header: 'Title',
    width: 'minmax(260px, 3fr)',
    sortValue: (r) => r.title.toLowerCase(),
    render: (r) => (
      <span className="row" style={{ gap: 8, minWidth: 0 }}>
        <span className="title ellipsis">{r.title}</span>
        {r.archived && <span className="pill">Archived</span>}
        {r.sourceRequestId && <span className="pill pill-green">311 answer</span>}
      </span>
    ),
  },
  { id: 'author', header: 'Author', width: 'minmax(120px, 1fr)', sortValue: (r) => r.author, render: (r) => <span className="ellipsis">{r.author}</span> },
  { id: 'date', header: 'Date', width: '104px', sortValue: (r) => r.date, render: (r) => formatDate(r.date) },
  {
    id: 'focus',
    header: 'Focus areas',
    width: 'minmax(140px, 1.3fr)',
    render: (r) => (
      <span className="tags" style={{ flexWrap: 'nowrap', overflow: 'hidden' }} title={r.focusAreas.map((f) => FOCUS_AREA_LABELS[f]).join(', ')}>
        {r.focusAreas.map((f) => (
          <span key={f} className="tag">
            {focusShort(f)}
          </span>
        ))}
      </span>
    ),
  },
  { id: 'tags', header: 'Tags', width: 'minmax(120px, 1.2fr)', render: (r) => <span className="muted ellipsis" title={r.tags.join(', ')}>{r.tags.join(', ')}</span> },
];

/** The resource library: curated guides, case studies, memos, templates, datasets and links for every city. */
export function LibraryPage() {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.library.toArray(), [ws]);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const [kind, setKind] = useState('');
  const [focus, setFocus] = useState('');
  const [archived, setArchived] = useState(false);
  const [sort, setSort] = useState<SortState>({ column: 'date', dir: 'desc' });
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  useCommand('find', () => searchRef.current?.focus());

  const visible = useMemo(() => {
    if (!rows) return [];
    const words = deferred.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const filtered = rows.filter((r) => {
      if (!archived && r.archived) return false;
      if (kind && r.kind !== kind) return false;
      if (focus && !r.focusAreas.includes(focus as (typeof FOCUS_AREAS)[number])) return false;
      if (!words.length) return true;
      const hay = `${r.title} ${r.author} ${r.summary} ${r.tags.join(' ')} ${kindLabel(r.kind)} ${r.focusAreas.map((f) => FOCUS_AREA_LABELS[f]).join(' ')}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
    return sortRows(filtered, columns, sort);
  }, [rows, deferred, kind, focus, archived, sort]);
  const featured = useMemo(() => (rows ?? []).filter((r) => r.featured && !r.archived).sort((a, b) => b.date.localeCompare(a.date)), [rows]);
  const archivedCount = rows?.filter((r) => r.archived).length ?? 0;
  const filtering = Boolean(query || kind || focus);
  const clear = () => {
    setQuery('');
    setKind('');
    setFocus('');
  };

  return (
    <div className="page page-fill" style={{ maxWidth: 'none' }}>
      <div className="page-header">
        <div>
          <h1>Library</h1>
          <p className="subtitle">What the network knows: guides, case studies, published 311 answers, templates and datasets. Link them from recommendations and findings as their basis.</p>
        </div>
        <span className="spacer" />
        <Button icon="upload" onClick={() => setImporting(true)} data-testid="import-library">
          Import…
        </Button>
        <Button variant="primary" icon="plus" onClick={() => setAdding(true)} data-testid="new-library-item">
          Add item
        </Button>
      </div>
      {featured.length > 0 && !filtering && (
        <section className="featured" aria-labelledby="lib-featured">
          <h2 id="lib-featured" className="section-title">
            Featured
          </h2>
          <ul className="featured-list">
            {featured.slice(0, 4).map((r) => (
              <li key={r.id}>
                <a className="featured-card" href={href.libraryItem(r.id)}>
                  <span className="row" style={{ gap: 8 }}>
                    <KindBadge kind={r.kind} />
                    <span className="spacer" />
                    <FeaturedMark featured />
                  </span>
                  <strong className="featured-title">{r.title}</strong>
                  <span className="featured-summary muted">{r.summary || `${r.author} · ${formatDate(r.date)}`}</span>
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      {rows && rows.length > 0 && (
        <div className="toolbar" role="search">
          <input ref={searchRef} className="input search-input" style={{ width: 280 }} type="search" placeholder="Filter by title, author, tag…" aria-label="Filter the library" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="library-filter" />
          <select className="select" aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {LIBRARY_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
          <select className="select" aria-label="Filter by focus area" value={focus} onChange={(e) => setFocus(e.target.value)}>
            <option value="">All focus areas</option>
            {FOCUS_AREAS.map((f) => (
              <option key={f} value={f}>
                {FOCUS_AREA_LABELS[f]}
              </option>
            ))}
          </select>
          <label className="checkbox">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Show archived ({archivedCount})
          </label>
          {filtering && (
            <Button variant="ghost" onClick={clear}>
              Clear filters
            </Button>
          )}
          <span className="spacer" />
          <span className="muted" role="status">
            {visible.length} of {rows.length} items
          </span>
        </div>
      )}
      <div style={{ flex: 1, minHeight: 240 }}>
        {!rows ? (
          <div className="table-wrap">
            <SkeletonRows rows={6} label="Loading the library" />
          </div>
        ) : rows.length === 0 ? (
          <div className="card">
            <EmptyState
              icon="file"
              title="The library is empty"
              actions={
                <>
                  <Button variant="primary" icon="plus" onClick={() => setAdding(true)}>
                    Add an item
                  </Button>
                  <Button icon="upload" onClick={() => setImporting(true)}>
                    Import Markdown, JSON or CSV
                  </Button>
                </>
              }
            >
              Add the guides and case studies your experts reach for, or import a folder of Markdown files. Published 311 answers land here too.
            </EmptyState>
          </div>
        ) : visible.length === 0 ? (
          <div className="card">
            <EmptyState icon="search" title="Nothing in the library matches" actions={<Button onClick={clear}>Clear filters</Button>}>
              {archived ? 'Try another word or kind.' : 'Try another word, or tick “Show archived” — archived items are hidden.'}
            </EmptyState>
          </div>
        ) : (
          <DataTable label="Library items" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.libraryItem(r.id))} sort={sort} onSort={setSort} testId="library-table" />
        )}
      </div>
      <LibraryItemDialog open={adding} onClose={() => setAdding(false)} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
