import * as Y from 'yjs';
import { mergeUpdates } from '#core/model/merge-updates.ts';
import type { GroundworkDb } from './db.ts';

export type SaveState = { kind: 'saved'; at: Date } | { kind: 'saving'; pending: number } | { kind: 'error'; message: string; pending: number };

/** Compact a document's log into one row once it grows past this many updates (on load, never while typing). */
const COMPACT_AFTER = 200;

function describeWriteError(err: unknown): string {
  const name = (err as { name?: string })?.name ?? '';
  if (name === 'QuotaExceededError' || /quota/i.test(String(err))) {
    return 'The disk is full: your latest changes are kept in memory and will be saved as soon as there is room. Free some space and keep this window open.';
  }
  return `Your latest changes could not be saved to this computer (${String((err as Error)?.message ?? err)}). They are kept in memory and retried.`;
}

/**
 * Persists one Y.Doc as an append-only log of updates in IndexedDB. Every update is written in its own
 * IndexedDB transaction as it happens; a failed write (full disk) keeps the update queued in memory and
 * retries, and the save state says so — nothing typed is dropped.
 */
export class DocPersistence {
  readonly docId: string;
  private readonly db: GroundworkDb;
  private readonly doc: Y.Doc;
  private queue: Uint8Array[] = [];
  private flushing: Promise<void> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private listeners = new Set<(s: SaveState) => void>();
  private destroyed = false;
  state: SaveState = { kind: 'saved', at: new Date() };

  private constructor(db: GroundworkDb, docId: string, doc: Y.Doc) {
    this.db = db;
    this.docId = docId;
    this.doc = doc;
  }

  /** Load the stored log into `doc` (compacting it if long), then persist every later update. */
  static async attach(db: GroundworkDb, docId: string, doc: Y.Doc): Promise<DocPersistence> {
    const p = new DocPersistence(db, docId, doc);
    const rows = await db.updates.where('docId').equals(docId).toArray();
    if (rows.length) {
      const merged = rows.length === 1 ? rows[0]!.update : mergeUpdates(rows.map((r) => r.update));
      Y.applyUpdate(doc, merged, p);
      if (rows.length > COMPACT_AFTER) await p.compact(rows.map((r) => r.seq!), merged);
    }
    doc.on('update', p.onUpdate);
    return p;
  }

  static async exists(db: GroundworkDb, docId: string): Promise<boolean> {
    return (await db.updates.where('docId').equals(docId).count()) > 0;
  }

  private async compact(seqs: number[], merged: Uint8Array): Promise<void> {
    await this.db.transaction('rw', this.db.updates, async () => {
      await this.db.updates.bulkDelete(seqs);
      await this.db.updates.add({ docId: this.docId, update: merged });
    });
  }

  private onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this) return; // what we loaded is already stored
    this.queue.push(update);
    this.setState({ kind: 'saving', pending: this.queue.length });
    void this.flush();
  };

  /** Resolves once everything queued so far is on disk (or has failed and is waiting to retry). */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => (this.queue.length && !this.retryTimer ? this.flush() : undefined));
    if (!this.queue.length) return Promise.resolve();
    this.flushing = (async () => {
      while (this.queue.length && !this.destroyed) {
        const batch = this.queue.slice();
        try {
          const update = batch.length === 1 ? batch[0]! : mergeUpdates(batch);
          await this.db.updates.add({ docId: this.docId, update });
          this.queue.splice(0, batch.length);
        } catch (err) {
          this.setState({ kind: 'error', message: describeWriteError(err), pending: this.queue.length });
          this.scheduleRetry();
          return;
        }
      }
      this.setState({ kind: 'saved', at: new Date() });
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private scheduleRetry() {
    if (this.retryTimer || this.destroyed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, 2000);
  }

  get pending(): number {
    return this.queue.length;
  }

  private setState(s: SaveState) {
    this.state = s;
    for (const l of this.listeners) l(s);
  }

  subscribe(listener: (s: SaveState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async destroy(): Promise<void> {
    this.doc.off('update', this.onUpdate);
    await this.flush();
    this.destroyed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }
}
