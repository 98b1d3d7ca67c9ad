import { useMemo, useSyncExternalStore } from 'react';
import MiniSearch, { type SearchResult } from 'minisearch';
import { href } from '../app/router.tsx';
import type { GroundworkDb } from './db.ts';
import type { SearchDoc, SearchKind } from './search-docs.ts';

export { SEARCH_KINDS, type SearchDoc, type SearchKind } from './search-docs.ts';

/** One change to the index, as the projector (engagement items) and the network store (requests, library) emit it. */
export type SearchChange = { op: 'put'; doc: SearchDoc } | { op: 'delete'; key: string };

export interface SearchFilters {
  kinds?: readonly SearchKind[];
  /** "Port Alder" or "Port Alder, MA" (case-insensitive, from the start). */
  city?: string;
  focusArea?: string;
  status?: string;
  /** Person id (engagement items, requests) or the author's name (library). */
  author?: string;
  /** Inclusive YYYY-MM-DD bounds on the item's date. */
  from?: string;
  to?: string;
  engagementId?: string;
}

export interface SearchHit {
  key: string;
  kind: SearchKind;
  id: string;
  engagementId?: string;
  title: string;
  /** The start of the item's text, to show under the title. */
  snippet: string;
  /** Which indexed words matched, per field: highlight these in the title and snippet. */
  matches: { field: string; terms: string[] }[];
  /** Every indexed word that matched (prefix and typo matches included), for highlighting. */
  terms: string[];
  href: string;
  score: number;
  city: string;
  date: string;
  status: string;
  author: string;
  focusAreas: string[];
}

const FIELDS = ['title', 'text', 'city', 'tags', 'author'] as const;
// Not "id": MiniSearch spreads stored fields over the result, whose `id` is the document key.
const STORED = ['kind', 'itemId', 'engagementId', 'title', 'city', 'focusAreas', 'status', 'author', 'date', 'excerpt', 'target'] as const;
const EXCERPT = 160;

type Stored = Record<(typeof STORED)[number], string | undefined>;

function extractField(doc: SearchDoc, field: string): string {
  if (field === 'excerpt') return doc.text.length > EXCERPT ? `${doc.text.slice(0, EXCERPT)}…` : doc.text;
  if (field === 'focusAreas') return doc.focusAreas.join(' ');
  if (field === 'itemId') return doc.id;
  const v = (doc as unknown as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : '';
}

const OPTIONS = {
  idField: 'key',
  fields: [...FIELDS],
  storeFields: [...STORED],
  extractField: extractField as (doc: unknown, field: string) => string,
  searchOptions: {
    boost: { title: 3, city: 2, tags: 1.5, author: 1.2 },
    // Typo tolerance grows with the word: none under 5 letters (too many false friends: "land" ~ "lane", "hand"),
    // then 1 edit, and 2 from 8 letters. Only the last word is a prefix: it is the one still being typed. Both
    // expansions multiply the posting lists a query merges, so they are what keeps p95 inside 20 ms at 50,000 items.
    fuzzy: (term: string) => (term.length < 5 ? false : term.length < 8 ? 1 : 2),
    prefix: (term: string, i: number, terms: string[]) => i === terms.length - 1 && term.length >= 2,
    combineWith: 'AND' as const,
    maxFuzzy: 2,
  },
};

/** Where a result opens: the item itself, or for a comment, the item it is about. */
export function hitHref(kind: SearchKind, id: string, engagementId: string | undefined, target?: string): string {
  const e = engagementId ?? '';
  switch (kind) {
    case 'engagement':
      return href.engagement(id);
    case 'visit':
      return href.visit(e, id);
    case 'finding':
      return href.finding(e, id);
    case 'recommendation':
      return href.recommendation(e, id);
    case 'comment': {
      const [collection, targetId] = (target ?? '').split(':');
      if (collection === 'visits' && targetId) return href.visit(e, targetId);
      if (collection === 'findings' && targetId) return href.finding(e, targetId);
      if (collection === 'recommendations' && targetId) return href.recommendation(e, targetId);
      return href.engagement(e);
    }
    case 'request':
      return href.request(id);
    case 'library':
      return href.libraryItem(id);
  }
}

/** Where the startup load is: the app renders at once and the index fills behind it (ADR 0010, "Startup"). */
export interface SearchStatus {
  state: 'loading' | 'ready';
  /** Stored documents added so far, of `total`. */
  loaded: number;
  total: number;
}

const READY: SearchStatus = { state: 'ready', loaded: 0, total: 0 };

/**
 * The workbench's search (ADR 0010): a MiniSearch inverted index over every item on this device, kept current by
 * `apply()` with the projector's per-item changes (add, replace, discard) — never rebuilt on a change. At startup
 * it is filled once from the Dexie `searchDocs` rows (engagement items) and the network doc (requests, library).
 */
export class SearchIndex {
  private mini = new MiniSearch<SearchDoc>(OPTIONS);
  /** Keys per engagement, so an engagement deleted or re-projected leaves nothing behind. */
  private byEngagement = new Map<string, Set<string>>();
  private listeners = new Set<() => void>();
  private notifyScheduled = false;
  /** Bumped on every applied batch: hooks re-run their query when it moves. */
  version = 0;
  /** Ready unless a startup load is running (a fresh index is empty and complete). */
  status: SearchStatus = READY;
  private loading: Promise<number> | null = null;
  /** Keys discarded and engagements removed while the startup load runs: its older snapshot must not bring them back. */
  private gone: Set<string> | null = null;
  private goneEngagements: Set<string> | null = null;

  get ready(): boolean {
    return this.status.state === 'ready';
  }

  /** Resolves once the startup load (if any) is complete. */
  async whenReady(): Promise<void> {
    await this.loading;
  }

  get size(): number {
    return this.mini.documentCount;
  }

  has(key: string): boolean {
    return this.mini.has(key);
  }

  apply(changes: readonly SearchChange[]): void {
    if (!changes.length) return;
    for (const c of changes) {
      if (c.op === 'put') {
        if (this.mini.has(c.doc.key)) this.mini.replace(c.doc);
        else this.mini.add(c.doc);
        if (c.doc.engagementId && c.doc.kind !== 'request') this.track(c.doc.engagementId, c.doc.key);
      } else {
        this.gone?.add(c.key);
        if (this.mini.has(c.key)) {
          this.mini.discard(c.key);
          this.untrack(c.key);
        }
      }
    }
    this.changed();
  }

  /** Fill from scratch (startup): one addAll, much faster than adding one by one. */
  addAll(docs: readonly SearchDoc[]): void {
    const fresh = docs.filter((d) => !this.mini.has(d.key));
    this.mini.addAll(fresh);
    for (const d of fresh) if (d.engagementId && d.kind !== 'request') this.track(d.engagementId, d.key);
    this.changed();
  }

  /**
   * Load every engagement item's search document stored by the projector, in chunks that yield to the event loop
   * (50,000 items take seconds on a slow laptop: the window stays responsive, and changes applied meanwhile win).
   */
  load(db: GroundworkDb, chunk = 2000): Promise<number> {
    this.loading ??= this.loadRows(db, chunk).finally(() => {
      this.gone = this.goneEngagements = null;
      this.status = { state: 'ready', loaded: this.status.loaded, total: this.status.total };
      this.changed();
    });
    return this.loading;
  }

  private async loadRows(db: GroundworkDb, chunk: number): Promise<number> {
    // Set before the first await: a search made while the rows are read already knows the index is not complete.
    this.status = { state: 'loading', loaded: 0, total: 0 };
    this.gone = new Set();
    this.goneEngagements = new Set();
    this.changed();
    const total = await db.searchDocs.count();
    this.status = { state: 'loading', loaded: 0, total };
    this.changed();
    const rows = (await db.searchDocs.toArray()) as SearchDoc[];
    for (let i = 0; i < rows.length; i += chunk) {
      const gone = this.gone!;
      const goneEng = this.goneEngagements!;
      const part = rows.slice(i, i + chunk);
      this.addAll(gone.size || goneEng.size ? part.filter((d) => !gone.has(d.key) && !(d.engagementId && d.kind !== 'request' && goneEng.has(d.engagementId))) : part);
      this.status = { state: 'loading', loaded: Math.min(rows.length, i + chunk), total: Math.max(total, rows.length) };
      this.changed();
      if (i + chunk < rows.length) await new Promise((r) => setTimeout(r, 0));
    }
    this.status = { state: 'loading', loaded: rows.length, total: rows.length };
    return rows.length;
  }

  removeEngagement(engagementId: string): void {
    this.goneEngagements?.add(engagementId);
    const keys = this.byEngagement.get(engagementId);
    if (!keys) return;
    this.byEngagement.delete(engagementId);
    for (const k of keys) if (this.mini.has(k)) this.mini.discard(k);
    this.changed();
  }

  /** Drop every engagement item (local data cleared); requests and library stay. */
  clearEngagements(): void {
    for (const id of [...this.byEngagement.keys()]) this.removeEngagement(id);
  }

  private track(engagementId: string, key: string) {
    let set = this.byEngagement.get(engagementId);
    if (!set) this.byEngagement.set(engagementId, (set = new Set()));
    set.add(key);
  }

  private untrack(key: string) {
    const [, engagementId] = key.split(':');
    if (engagementId) this.byEngagement.get(engagementId)?.delete(key);
  }

  search(query: string, filters: SearchFilters = {}, limit = 50): SearchHit[] {
    const q = query.trim();
    if (!q) return [];
    const kinds = filters.kinds?.length ? new Set<string>(filters.kinds) : null;
    const city = filters.city?.trim().toLowerCase();
    const filter = (r: SearchResult) => {
      const s = r as unknown as Stored;
      if (kinds && !kinds.has(s.kind ?? '')) return false;
      if (city && !(s.city ?? '').toLowerCase().startsWith(city)) return false;
      if (filters.focusArea && !(s.focusAreas ?? '').split(' ').includes(filters.focusArea)) return false;
      if (filters.status && s.status !== filters.status) return false;
      if (filters.author && s.author !== filters.author) return false;
      if (filters.engagementId && s.engagementId !== filters.engagementId) return false;
      if (filters.from && (s.date ?? '') < filters.from) return false;
      if (filters.to && (s.date ?? '').slice(0, 10) > filters.to) return false;
      return true;
    };
    const results = this.mini.search(q, { filter });
    const out: SearchHit[] = [];
    for (const r of results.slice(0, limit)) {
      const s = r as unknown as Stored;
      const byField = new Map<string, string[]>();
      for (const [term, fields] of Object.entries(r.match)) for (const f of fields) byField.set(f, [...(byField.get(f) ?? []), term]);
      const kind = s.kind as SearchKind;
      out.push({
        key: String(r.id),
        kind,
        id: s.itemId ?? '',
        engagementId: s.engagementId || undefined,
        title: s.title ?? '',
        snippet: s.excerpt ?? '',
        matches: [...byField].map(([field, terms]) => ({ field, terms })),
        terms: r.terms,
        href: hitHref(kind, s.itemId ?? '', s.engagementId, s.target),
        score: r.score,
        city: s.city ?? '',
        date: s.date ?? '',
        status: s.status ?? '',
        author: s.author ?? '',
        focusAreas: (s.focusAreas ?? '').split(' ').filter(Boolean),
      });
    }
    return out;
  }

  /** Completions for the search box ("hous" → "housing code"). */
  suggest(query: string, limit = 6): string[] {
    if (!query.trim()) return [];
    return this.mini
      .autoSuggest(query, { prefix: true, fuzzy: 0.2 })
      .slice(0, limit)
      .map((s) => s.suggestion);
  }

  /** A serialisable snapshot (MiniSearch JSON), e.g. to start faster next time. */
  toJSON(): unknown {
    return { mini: this.mini.toJSON(), byEngagement: [...this.byEngagement].map(([k, v]) => [k, [...v]]) };
  }

  static fromJSON(json: string): SearchIndex {
    const data = JSON.parse(json) as { mini: unknown; byEngagement: [string, string[]][] };
    const index = new SearchIndex();
    index.mini = MiniSearch.loadJSON<SearchDoc>(JSON.stringify(data.mini), OPTIONS);
    index.byEngagement = new Map(data.byEngagement.map(([k, v]) => [k, new Set(v)]));
    return index;
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  private changed() {
    this.version++;
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    queueMicrotask(() => {
      this.notifyScheduled = false;
      for (const l of this.listeners) l();
    });
  }
}

// ——— which index a database feeds (the projector finds it through its db, so sessions need no new argument) ———

const indexes = new WeakMap<GroundworkDb, SearchIndex>();

export function attachSearchIndex(db: GroundworkDb, index: SearchIndex): void {
  indexes.set(db, index);
}

export function searchIndexOf(db: GroundworkDb): SearchIndex | undefined {
  return indexes.get(db);
}

const NO_HITS: SearchHit[] = [];

/**
 * Live results: re-runs when the query, the filters or the index change. While the startup load runs it returns no
 * hits (a half-filled index would show half the answers); the query typed meanwhile runs the moment it is ready.
 */
export function useSearch(index: SearchIndex, query: string, filters: SearchFilters = {}, limit = 50): SearchHit[] {
  const version = useSyncExternalStore(index.subscribe, () => index.version);
  const ready = useSyncExternalStore(index.subscribe, () => index.ready);
  const key = JSON.stringify(filters);
  // Chunks landing during the load move `version` too: no point re-running a query that returns nothing yet.
  const current = ready ? version : -1;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `filters` (a fresh object each render).
  return useMemo(() => (ready ? index.search(query, filters, limit) : NO_HITS), [index, query, key, limit, ready, current]);
}

/** The startup load's progress, for an "indexing… N of M" state in the search UI. */
export function useSearchStatus(index: SearchIndex): SearchStatus {
  return useSyncExternalStore(index.subscribe, () => index.status);
}
