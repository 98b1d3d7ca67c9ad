import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { applyLibraryImport, importLibraryFiles, type AppliedImport, type ImportFile } from '#core/knowledge/import.ts';
import {
  createLibraryItem,
  createLibraryItems,
  createRequest,
  editLibraryBody,
  editRequestMemo,
  libraryMap,
  linkRequestLibrary,
  moveRequest,
  NETWORK_DOC_ID,
  publishRequest,
  readLibrary,
  readLibraryItem,
  readRequest,
  readRequests,
  requestsMap,
  setArchived,
  setFeatured,
  unlinkRequestLibrary,
  updateLibraryItem,
  updateRequest,
  type LibraryPatch,
  type NetworkQuarantined,
  type PublishOptions,
  type RequestPatch,
} from '#core/knowledge/network-model.ts';
import type { LibraryItem, LibraryItemInput, MemoSection, NewRequest, Request, RequestStatus } from '#core/knowledge/schemas.ts';
import { SAMPLE_REQUESTS, STARTER_LIBRARY } from '#core/knowledge/starter-library.ts';
import type { WriteContext } from '#core/model/write.ts';
import type { PersonRole } from '#core/schemas/index.ts';
import type { GroundworkDb, LibraryRow, RequestRow } from './db.ts';
import { DocPersistence } from './persistence.ts';
import { libraryDoc, requestDoc, searchKey } from './search-docs.ts';
import { searchIndexOf, type SearchChange } from './search-index.ts';

export { NETWORK_DOC_ID };
const SEEDED_KEY = 'network.seeded';

export function requestRow(r: Request): RequestRow {
  return {
    id: r.id,
    city: r.city,
    state: r.state,
    officialName: r.official.name,
    focusArea: r.focusArea,
    topic: r.topic,
    urgency: r.urgency,
    status: r.status,
    assignee: r.assignee,
    due: r.due,
    engagementId: r.engagementId,
    libraryCount: r.libraryIds.length,
    publishedItemId: r.publishedItemId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

export function libraryRow(i: LibraryItem): LibraryRow {
  return {
    id: i.id,
    kind: i.kind,
    title: i.title,
    author: i.author,
    date: i.date,
    focusAreas: [...i.focusAreas],
    tags: [...i.tags],
    summary: i.summary,
    featured: i.featured,
    archived: i.archived,
    fileCount: i.files.length,
    sourceRequestId: i.sourceRequestId,
    updatedAt: i.updatedAt,
  };
}

/** Which request and library ids a transaction touched (the entity's own key, or the entity above a nested edit). */
function changedIds(doc: Y.Doc, tr: Y.Transaction): { requests: Set<string>; library: Set<string> } {
  const roots = new Map<object, 'requests' | 'library'>([
    [requestsMap(doc), 'requests'],
    [libraryMap(doc), 'library'],
  ]);
  const out = { requests: new Set<string>(), library: new Set<string>() };
  for (const [type, keys] of tr.changed) {
    const root = roots.get(type);
    if (root) {
      for (const k of keys) if (k !== null) out[root].add(k);
      continue;
    }
    let t: { _item: Y.Item | null } = type;
    while (t._item) {
      const parent = t._item.parent as unknown as { _item: Y.Item | null };
      const name = roots.get(parent);
      if (name) {
        if (t._item.parentSub) out[name].add(t._item.parentSub);
        break;
      }
      t = parent;
    }
  }
  return out;
}

export interface NetworkSnapshot {
  requests: Request[];
  library: LibraryItem[];
  quarantined: NetworkQuarantined[];
}

/**
 * The programme-wide "network" doc (311 requests and the resource library): loaded from and persisted to the local
 * log like the programme doc, synced by the SyncManager in room "network", projected into the Dexie `requests` and
 * `library` tables, and fed to the search index item by item. Write methods stamp the signed-in person.
 */
export class NetworkStore {
  readonly doc = new Y.Doc({ gc: true });
  private readonly db: GroundworkDb;
  private readonly who: () => { ctx: WriteContext; role: PersonRole };
  private persistence: DocPersistence | null = null;
  private ready: Promise<void>;
  private dirty = { requests: new Set<string>(), library: new Set<string>() };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> = Promise.resolve();
  private snapshot: NetworkSnapshot | null = null;
  private listeners = new Set<() => void>();

  constructor(db: GroundworkDb, who: () => { ctx: WriteContext; role: PersonRole }) {
    this.db = db;
    this.who = who;
    this.ready = DocPersistence.attach(db, NETWORK_DOC_ID, this.doc).then((p) => {
      this.persistence = p;
      this.doc.on('afterTransaction', this.onTransaction);
    });
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private onTransaction = (tr: Y.Transaction) => {
    if (!tr.changed.size) return;
    const c = changedIds(this.doc, tr);
    if (!c.requests.size && !c.library.size) return;
    for (const id of c.requests) this.dirty.requests.add(id);
    for (const id of c.library) this.dirty.library.add(id);
    this.snapshot = null;
    for (const l of this.listeners) l();
    if (!this.timer) this.timer = setTimeout(() => void this.runNext(), 30);
  };

  private runNext(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.dirty;
    this.dirty = { requests: new Set(), library: new Set() };
    this.running = this.running.then(() => this.project(batch)).catch((err) => console.error('Network projection failed', err));
    return this.running;
  }

  /** Rewrite the rows and search documents of the touched items. */
  private async project(batch: { requests: Set<string>; library: Set<string> }): Promise<void> {
    const { db, doc } = this;
    const search: SearchChange[] = [];
    const reqPuts: RequestRow[] = [];
    const reqDeletes: string[] = [];
    const libPuts: LibraryRow[] = [];
    const libDeletes: string[] = [];
    for (const id of batch.requests) {
      const r = readRequest(doc, id);
      if (r) {
        reqPuts.push(requestRow(r));
        search.push({ op: 'put', doc: requestDoc(r) });
      } else {
        reqDeletes.push(id);
        search.push({ op: 'delete', key: searchKey('request', id) });
      }
    }
    for (const id of batch.library) {
      const i = readLibraryItem(doc, id);
      if (i) {
        libPuts.push(libraryRow(i));
        search.push({ op: 'put', doc: libraryDoc(i) });
      } else {
        libDeletes.push(id);
        search.push({ op: 'delete', key: searchKey('library', id) });
      }
    }
    await db.transaction('rw', db.requests, db.library, async () => {
      await Promise.all([
        reqPuts.length && db.requests.bulkPut(reqPuts),
        reqDeletes.length && db.requests.bulkDelete(reqDeletes),
        libPuts.length && db.library.bulkPut(libPuts),
        libDeletes.length && db.library.bulkDelete(libDeletes),
      ]);
    });
    searchIndexOf(db)?.apply(search);
  }

  /** Everything from the doc: rows replaced, and every item handed to the search index (startup). */
  async rebuild(): Promise<void> {
    await this.ready;
    const { db } = this;
    const requests = readRequests(this.doc).items;
    const library = readLibrary(this.doc).items;
    await db.transaction('rw', db.requests, db.library, async () => {
      await db.requests.clear();
      await db.library.clear();
      await db.requests.bulkPut(requests.map(requestRow));
      await db.library.bulkPut(library.map(libraryRow));
    });
    searchIndexOf(db)?.addAll([...requests.map(requestDoc), ...library.map(libraryDoc)]);
  }

  /**
   * First run on this device: the starter library and a few sample requests, unless the user started empty.
   * Starter items have fixed ids, so two devices seeding offline converge on one copy when they sync.
   */
  async seedIfFirstRun(opts: { empty?: boolean } = {}): Promise<boolean> {
    await this.ready;
    if (await this.db.settings.get(SEEDED_KEY)) return false;
    if (opts.empty) {
      await this.db.settings.put({ key: SEEDED_KEY, value: 'skipped' });
      return false;
    }
    this.seedStarter({ requests: true });
    await this.db.settings.put({ key: SEEDED_KEY, value: new Date().toISOString() });
    return true;
  }

  /** Add the starter library (and optionally the sample requests) where missing; returns how many were added. */
  seedStarter(opts: { requests?: boolean } = {}): number {
    const ctx: WriteContext = { author: 'groundwork' };
    const items = STARTER_LIBRARY.filter((i) => !libraryMap(this.doc).has(i.id));
    if (items.length) createLibraryItems(this.doc, ctx, items);
    let n = items.length;
    if (opts.requests) {
      for (const r of SAMPLE_REQUESTS) {
        if (requestsMap(this.doc).has(r.request.id)) continue;
        createRequest(this.doc, ctx, r.request);
        for (const step of r.steps) {
          if (step.assignee) updateRequest(this.doc, ctx, r.request.id, { assignee: step.assignee, due: step.due });
          if (step.memo) for (const [s, text] of Object.entries(step.memo)) editRequestMemo(this.doc, ctx, r.request.id, s as MemoSection, text);
          if (step.to) moveRequest(this.doc, ctx, r.request.id, step.to, 'lead', { authorName: step.authorName });
        }
        n++;
      }
    }
    return n;
  }

  // ——— reading (hooks below) ———

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  /** Requests and library items, validated; the same object until the doc changes (for useSyncExternalStore). */
  getSnapshot = (): NetworkSnapshot => {
    if (!this.snapshot) {
      const r = readRequests(this.doc);
      const l = readLibrary(this.doc);
      this.snapshot = { requests: r.items, library: l.items, quarantined: [...r.quarantined, ...l.quarantined] };
    }
    return this.snapshot;
  };

  request(id: string): Request | undefined {
    return this.getSnapshot().requests.find((r) => r.id === id);
  }

  libraryItem(id: string): LibraryItem | undefined {
    return this.getSnapshot().library.find((i) => i.id === id);
  }

  // ——— writing, as the signed-in person ———

  private get ctx(): WriteContext {
    return this.who().ctx;
  }

  createRequest(input: NewRequest): Request {
    return createRequest(this.doc, this.ctx, input);
  }
  updateRequest(id: string, patch: RequestPatch): Request {
    return updateRequest(this.doc, this.ctx, id, patch);
  }
  /** Throws RequestFlowError (a readable `message`) when the role or the request's state does not allow the move. */
  moveRequest(id: string, to: RequestStatus, opts: PublishOptions = {}): Request {
    return moveRequest(this.doc, this.ctx, id, to, this.who().role, opts);
  }
  editMemo(id: string, section: MemoSection, next: string): void {
    editRequestMemo(this.doc, this.ctx, id, section, next);
  }
  publish(id: string, opts: PublishOptions = {}): { request: Request; item: LibraryItem } {
    return publishRequest(this.doc, this.ctx, id, this.who().role, opts);
  }
  linkToRequest(requestId: string, libraryId: string): Request {
    return linkRequestLibrary(this.doc, this.ctx, requestId, libraryId);
  }
  unlinkFromRequest(requestId: string, libraryId: string): Request {
    return unlinkRequestLibrary(this.doc, this.ctx, requestId, libraryId);
  }
  createLibraryItem(input: LibraryItemInput): LibraryItem {
    return createLibraryItem(this.doc, this.ctx, input);
  }
  updateLibraryItem(id: string, patch: LibraryPatch): LibraryItem {
    return updateLibraryItem(this.doc, this.ctx, id, patch);
  }
  editLibraryBody(id: string, next: string): void {
    editLibraryBody(this.doc, this.ctx, id, next);
  }
  setFeatured(id: string, featured: boolean): LibraryItem {
    return setFeatured(this.doc, this.ctx, id, featured);
  }
  setArchived(id: string, archived: boolean): LibraryItem {
    return setArchived(this.doc, this.ctx, id, archived);
  }

  /** Parse, validate and write an import in one transaction; with allOrNothing, any problem writes nothing. */
  importLibrary(files: readonly ImportFile[], opts: { allOrNothing?: boolean } = {}): AppliedImport {
    return applyLibraryImport(this.doc, this.ctx, importLibraryFiles(files), opts);
  }

  /** Wait until every change is stored and projected (tests, closing the window). */
  async settle(): Promise<void> {
    await this.ready;
    await this.persistence?.flush();
    if (this.timer || this.dirty.requests.size || this.dirty.library.size) await this.runNext();
    await this.running;
  }

  async destroy(): Promise<void> {
    await this.settle();
    this.doc.off('afterTransaction', this.onTransaction);
    await this.persistence?.destroy();
  }
}

/** Requests, library items and any malformed entries, live. */
export function useNetwork(store: NetworkStore): NetworkSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

export function useRequests(store: NetworkStore): Request[] {
  return useNetwork(store).requests;
}

export function useLibrary(store: NetworkStore): LibraryItem[] {
  return useNetwork(store).library;
}

export function useRequest(store: NetworkStore, id: string): Request | undefined {
  return useNetwork(store).requests.find((r) => r.id === id);
}

export function useLibraryItem(store: NetworkStore, id: string): LibraryItem | undefined {
  return useNetwork(store).library.find((i) => i.id === id);
}
