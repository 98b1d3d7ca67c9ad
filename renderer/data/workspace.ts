import * as Y from 'yjs';
import { packBundle, unpackBundle } from '#core/bundle/index.ts';
import { initEngagementDoc, type WriteContext } from '#core/model/write.ts';
import { collection } from '#core/model/layout.ts';
import { newId } from '#core/ids.ts';
import type { Engagement, Person } from '#core/schemas/index.ts';
import { INDEX_TABLES, openDb, type GroundworkDb } from './db.ts';
import { DocPersistence } from './persistence.ts';
import { EngagementSession, engagementDocId } from './session.ts';
import { TemplateStore } from './templates.ts';
import { NetworkStore } from './network.ts';
import { attachSearchIndex, SearchIndex } from './search-index.ts';
import { SyncManager } from '../sync/manager.ts';

export interface LocalUser {
  id: string;
  name: string;
  role: Person['role'];
}

export const DEFAULT_USER: LocalUser = { id: 'you', name: 'You', role: 'expert' };

export type NewEngagementInput = Omit<Engagement, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>;

/**
 * The app's data service: which engagements exist on this device, opening them as sessions (one live
 * Y.Doc each, shared by every screen that shows it), creating, importing and exporting them.
 */
export class Workspace {
  readonly db: GroundworkDb;
  user: LocalUser;
  /** Programme-wide templates (their own Y.Doc). */
  readonly templates: TemplateStore;
  /** Relay sync (renderer/sync): providers, background pool, presence, photos. */
  readonly sync: SyncManager;
  /** Search over everything on this device (renderer/data/search-index.ts), fed by the projectors. */
  readonly search: SearchIndex;
  /** 311 requests and the resource library: the programme-wide "network" doc (renderer/data/network.ts). */
  readonly network: NetworkStore;
  private sessions = new Map<string, Promise<EngagementSession>>();
  private closing = new Map<string, Promise<void>>();

  constructor(db: GroundworkDb, user: LocalUser) {
    this.db = db;
    this.user = user;
    this.templates = new TemplateStore(db);
    this.search = new SearchIndex();
    attachSearchIndex(db, this.search);
    this.network = new NetworkStore(db, () => ({ ctx: this.ctx, role: this.user.role }));
    this.sync = new SyncManager(this);
  }

  static async start(dbName = 'groundwork'): Promise<Workspace> {
    const db = openDb(dbName);
    await db.open();
    const user = ((await db.settings.get('user'))?.value as LocalUser | undefined) ?? DEFAULT_USER;
    const ws = new Workspace(db, user);
    await ws.templates.whenReady();
    // Search: engagement items from their stored documents (in the background: ~7 s at 50,000 items, and the app
    // must not wait for it — the search UI says "indexing…" until it is ready), requests and library from the network doc.
    void ws.search.load(db).catch((err: unknown) => console.warn('The search index could not load', err));
    await ws.network.rebuild();
    const params = typeof location === 'undefined' ? null : new URLSearchParams(location.search);
    await ws.network.seedIfFirstRun({ empty: params?.get('empty') === '1' });
    await ws.repairIndex();
    await ws.sync.start().catch((err: unknown) => console.warn('Sync could not start', err));
    return ws;
  }

  get ctx(): WriteContext {
    return { author: this.user.id };
  }

  async setUser(user: LocalUser): Promise<void> {
    this.user = user;
    await this.db.settings.put({ key: 'user', value: user });
    for (const p of this.sessions.values()) (await p).ctx.author = user.id;
  }

  /** Every engagement doc stored on this device. */
  async engagementIds(): Promise<string[]> {
    const keys = (await this.db.updates.orderBy('docId').uniqueKeys()) as string[];
    return keys.filter((k) => k.startsWith('eng:')).map((k) => k.slice(4));
  }

  /** The index is derived data: if a doc has no summary row (first run after an upgrade, a crash), rebuild it. */
  private async repairIndex(): Promise<void> {
    const ids = await this.engagementIds();
    const indexed = new Set((await this.db.engagements.toCollection().primaryKeys()) as string[]);
    // Databases from before search (Dexie version 3) have rows but no search documents yet.
    const searchable = new Set((await this.db.searchDocs.where('kind').equals('engagement').toArray()).map((d) => d.engagementId));
    for (const id of ids) if (!indexed.has(id) || !searchable.has(id)) await (await this.open(id, { rebuildIndex: true })).settle();
  }

  open(engagementId: string, opts: { rebuildIndex?: boolean } = {}): Promise<EngagementSession> {
    let p = this.sessions.get(engagementId);
    if (!p) {
      const closing = this.closing.get(engagementId);
      p = closing ? closing.then(() => EngagementSession.open(this.db, engagementId, this.ctx, opts)) : EngagementSession.open(this.db, engagementId, this.ctx, opts);
      this.sessions.set(engagementId, p);
      p.catch(() => this.sessions.delete(engagementId));
    }
    return p;
  }

  hasSession(engagementId: string): boolean {
    return this.sessions.has(engagementId);
  }

  /** Close a session nothing shows any more (background sync); a later open() waits for it and loads it again. */
  async closeSession(engagementId: string): Promise<void> {
    const p = this.sessions.get(engagementId);
    if (!p) return;
    this.sessions.delete(engagementId);
    const done = p.then((s) => s.close()).finally(() => this.closing.delete(engagementId));
    this.closing.set(engagementId, done);
    await done;
  }

  async createEngagement(input: NewEngagementInput & { id?: string }): Promise<string> {
    const id = input.id ?? newId('e');
    const doc = new Y.Doc();
    initEngagementDoc(doc, this.ctx, { ...input, id });
    const persistence = await DocPersistence.attach(this.db, engagementDocId(id), new Y.Doc());
    await this.db.updates.add({ docId: engagementDocId(id), update: Y.encodeStateAsUpdate(doc) });
    await persistence.destroy();
    const session = await this.open(id, { rebuildIndex: true });
    await session.settle();
    return id;
  }

  async deleteEngagement(engagementId: string): Promise<void> {
    this.sync.forget(engagementId);
    const p = this.sessions.get(engagementId);
    if (p) {
      await (await p).close();
      this.sessions.delete(engagementId);
    }
    const { db } = this;
    await db.transaction('rw', [db.updates, db.engagements, db.visits, db.findings, db.recommendations, db.quarantine, db.searchDocs], async () => {
      await db.updates.where('docId').equals(engagementDocId(engagementId)).delete();
      await db.engagements.delete(engagementId);
      for (const t of [db.visits, db.findings, db.recommendations, db.quarantine, db.searchDocs]) await t.where('engagementId').equals(engagementId).delete();
    });
    this.search.removeEngagement(engagementId);
  }

  /** A zip with the engagement's document, a readable JSON copy and every photo it references. */
  async exportBundle(engagementId: string, appVersion: string): Promise<{ name: string; bytes: Uint8Array }> {
    const session = await this.open(engagementId);
    await session.settle();
    const attachments = new Map<string, Uint8Array>();
    const shas = new Set<string>();
    collection(session.doc, 'attachments').forEach((m) => {
      const sha = m.get('sha256');
      if (typeof sha === 'string') shas.add(sha);
    });
    for (const sha of shas) {
      const row = await this.db.blobs.get(sha);
      if (row) attachments.set(sha, new Uint8Array(await row.blob.arrayBuffer()));
    }
    const bytes = await packBundle({ doc: session.doc, attachments, exportedBy: this.user.id, appVersion, now: new Date() });
    const summary = await this.db.engagements.get(engagementId);
    const slug = `${summary?.city ?? 'engagement'}-${summary?.state ?? ''}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { name: `groundwork-${slug}-${new Date().toISOString().slice(0, 10)}.zip`, bytes };
  }

  /**
   * Import a bundle. Everything is checked before anything is written: a malformed, truncated or foreign
   * file changes nothing. An engagement that already exists here is merged (the CRDT keeps both sides).
   */
  async importBundle(bytes: Uint8Array): Promise<{ engagementId: string; merged: boolean; photos: number }> {
    const result = await unpackBundle(bytes);
    if (!result.ok) throw new ImportError(result.error);
    const { engagementId, update, attachments } = result;
    const exists = await DocPersistence.exists(this.db, engagementDocId(engagementId));
    const { db } = this;
    // Photos keep the media type their metadata names, so they display and export as they were.
    const mimes = new Map<string, string>();
    const probe = new Y.Doc();
    Y.applyUpdate(probe, update);
    collection(probe, 'attachments').forEach((m) => mimes.set(String(m.get('sha256')), String(m.get('mime') ?? 'application/octet-stream')));
    probe.destroy();
    const blobs = [...attachments].map(([sha256, data]) => {
      const mime = mimes.get(sha256) ?? 'application/octet-stream';
      return { sha256, blob: new Blob([data as BlobPart], { type: mime }), mime, size: data.length, createdAt: new Date().toISOString() };
    });
    const putBlobs = async () => {
      for (const b of blobs) if (!(await db.blobs.get(b.sha256))) await db.blobs.put(b);
    };
    if (exists) {
      const session = await this.open(engagementId);
      await db.transaction('rw', db.blobs, putBlobs);
      Y.applyUpdate(session.doc, update, 'import');
      await session.settle();
    } else {
      await db.transaction('rw', db.blobs, db.updates, async () => {
        await putBlobs();
        await db.updates.add({ docId: engagementDocId(engagementId), update });
      });
      await (await this.open(engagementId, { rebuildIndex: true })).settle();
    }
    return { engagementId, merged: exists, photos: blobs.length };
  }

  /** Remove every engagement, photo and index row from this device (settings and templates are kept). */
  async clearAll(): Promise<void> {
    this.sync.forget();
    for (const p of this.sessions.values()) await (await p).close().catch(() => undefined);
    this.sessions.clear();
    const { db } = this;
    await db.transaction('rw', [db.updates, db.blobs, db.thumbs, ...INDEX_TABLES.map((t) => db.table(t))], async () => {
      await Promise.all([db.updates.where('docId').startsWith('eng:').delete(), db.blobs.clear(), db.thumbs.clear(), ...INDEX_TABLES.map((t) => db.table(t).clear())]);
    });
    this.search.clearEngagements();
  }

  async closeAll(): Promise<void> {
    await this.network.settle();
    for (const p of this.sessions.values()) await (await p).close().catch(() => undefined);
    this.sessions.clear();
  }
}

export class ImportError extends Error {}
