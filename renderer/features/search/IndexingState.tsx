import type { SearchStatus } from '../../data/search-index.ts';

/**
 * What the search box shows while the index loads at startup (ADR 0010): progress in words and a bar, the promise
 * that the query typed now runs when it is ready, and skeleton rows shaped like the results that will come.
 */
export function IndexingState({ status, query, rows = 4 }: { status: SearchStatus; query: string; rows?: number }) {
  const { loaded, total } = status;
  const q = query.trim();
  return (
    <div className="search-indexing" data-testid="search-indexing">
      <div className="search-indexing-head" role="status">
        <strong>Indexing this computer’s items…</strong>
        <span className="muted">{total ? `${loaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}` : 'counting'}</span>
      </div>
      <div
        className="search-indexing-bar"
        role="progressbar"
        aria-label="Search index"
        aria-valuemin={0}
        aria-valuemax={total || 1}
        aria-valuenow={total ? loaded : undefined}
      >
        <span className={total ? undefined : 'is-indeterminate'} style={total ? { width: `${(loaded / total) * 100}%` } : undefined} />
      </div>
      <p className="muted search-indexing-note">
        {q ? `“${q}” runs as soon as the index is ready.` : 'You can type now: results appear when the index is ready.'}
      </p>
      {q && (
        <div className="search-indexing-skeleton" aria-hidden="true">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="search-indexing-row">
              <span className="skeleton" style={{ width: 64 }} />
              <span className="stack" style={{ gap: 6, flex: 1 }}>
                <span className="skeleton" style={{ width: `${45 + ((i * 19) % 35)}%` }} />
                <span className="skeleton" style={{ width: `${70 - ((i * 13) % 25)}%` }} />
              </span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
