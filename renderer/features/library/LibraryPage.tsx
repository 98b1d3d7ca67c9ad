import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { LIBRARY_KINDS } from '#core/knowledge/schemas.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { LibraryRow } from '../../data/db.ts';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { formatDate } from '../../ui/format.ts';
import { FeaturedMark, KindBadge, kindLabel } from './format.tsx';
import { ImportDialog } from './ImportDialog.tsx';
import { LibraryItemDialog } from './LibraryItemDialog.tsx';
import { FilterBar, FilterCheckbox, FilterSelect, FocusAreaFilter, useListSearch } from '../common/FilterBar.tsx';
import { ListBody, ListPage } from '../common/ListPage.tsx';
import { FocusAreaTags } from '../common/FocusAreaTags.tsx';

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
    render: (r) => <FocusAreaTags areas={r.focusAreas} />,
  },
  { id: 'tags', header: 'Tags', width: 'minmax(120px, 1.2fr)', render: (r) => <span className="muted ellipsis" title={r.tags.join(', ')}>{r.tags.join(', ')}</span> },
];

/** The resource library: curated guides, case studies, memos, templates, datasets and links for every city. */
export function LibraryPage() {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.library.toArray(), [ws]);
  const search = useListSearch();
  const [kind, setKind] = useState('');
  const [focus, setFocus] = useState('');
  const [archived, setArchived] = useState(false);
  const [sort, setSort] = useState<SortState>({ column: 'date', dir: 'desc' });
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const { deferred } = search;
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
  const filtering = Boolean(search.query || kind || focus);
  const clear = () => {
    search.setQuery('');
    setKind('');
    setFocus('');
  };

  const empty = (
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
  );
  const noMatch = (
    <EmptyState icon="search" title="Nothing in the library matches" actions={<Button onClick={clear}>Clear filters</Button>}>
      {archived ? 'Try another word or kind.' : 'Try another word, or tick “Show archived” — archived items are hidden.'}
    </EmptyState>
  );

  return (
    <ListPage
      title="Library"
      subtitle="What the network knows: guides, case studies, published 311 answers, templates and datasets. Link them from recommendations and findings as their basis."
      actions={
        <>
          <Button icon="upload" onClick={() => setImporting(true)} data-testid="import-library">
            Import…
          </Button>
          <Button variant="primary" icon="plus" onClick={() => setAdding(true)} data-testid="new-library-item">
            Add item
          </Button>
        </>
      }
    >
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
        <FilterBar search={search} searchLabel="Filter the library" placeholder="Filter by title, author, tag…" searchWidth={280} searchTestId="library-filter" filtering={filtering} onClear={clear} count={<>{visible.length} of {rows.length} items</>}>
          <FilterSelect label="Filter by kind" all="All kinds" value={kind} onChange={setKind} values={LIBRARY_KINDS} labelOf={kindLabel} />
          <FocusAreaFilter value={focus} onChange={setFocus} />
          <FilterCheckbox checked={archived} onChange={setArchived}>
            Show archived ({archivedCount})
          </FilterCheckbox>
        </FilterBar>
      )}
      <ListBody total={rows?.length} shown={visible.length} loadingLabel="Loading the library" minHeight={240} empty={empty} noMatch={noMatch}>
        <DataTable label="Library items" rows={visible} columns={columns} rowId={(r) => r.id} onOpen={(r) => navigate(href.libraryItem(r.id))} sort={sort} onSort={setSort} testId="library-table" />
      </ListBody>
      <LibraryItemDialog open={adding} onClose={() => setAdding(false)} />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </ListPage>
  );
}
