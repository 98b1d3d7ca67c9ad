import { sha256Hex } from '#core/hash.ts';
import type { GroundworkDb } from '../data/db.ts';
import { relayFetch, type FetchLike } from './relay.ts';

/** Progress of attachment transfers, for the sidebar and Settings → Sync. */
export interface TransferProgress {
  upload: { done: number; total: number; bytesDone: number; bytesTotal: number; failed: number; message: string | null };
  download: { active: number; done: number; failed: number; bytesDone: number; bytesTotal: number };
}

export const EMPTY_PROGRESS: TransferProgress = {
  upload: { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, failed: 0, message: null },
  download: { active: 0, done: 0, failed: 0, bytesDone: 0, bytesTotal: 0 },
};

export interface BlobAuth {
  httpBase: string;
  token: string;
}

const markKey = (sha: string) => `sync.blob:${sha}`;

/**
 * Photos travel beside the documents: a document only names a photo by its SHA-256, the bytes go to the relay's
 * /blobs endpoint. Uploads: blobs referenced by shared engagements that the relay does not have (HEAD, then PUT),
 * remembered per relay in settings so they are not checked again. Downloads: on demand, when a photo is shown
 * and its bytes are not on this computer; the hash is checked before anything is stored.
 */
export class BlobSync {
  private readonly db: GroundworkDb;
  private readonly auth: () => BlobAuth | null;
  private readonly fetchImpl: FetchLike;
  private readonly onChange: () => void;
  private queue: string[] = [];
  private queued = new Set<string>();
  private running: Promise<void> | null = null;
  private downloads = new Map<string, Promise<Blob | null>>();
  /** Uploading is pointless for this session (viewer role, or the token stopped working). */
  private blocked: string | null = null;
  progress: TransferProgress = EMPTY_PROGRESS;

  constructor(db: GroundworkDb, auth: () => BlobAuth | null, fetchImpl: FetchLike, onChange: () => void) {
    this.db = db;
    this.auth = auth;
    this.fetchImpl = fetchImpl;
    this.onChange = onChange;
  }

  private set(p: Partial<TransferProgress['upload']> | null, d: Partial<TransferProgress['download']> | null) {
    this.progress = { upload: p ? { ...this.progress.upload, ...p } : this.progress.upload, download: d ? { ...this.progress.download, ...d } : this.progress.download };
    this.onChange();
  }

  /** A new sign-in (other relay or token): check everything again. */
  reset(): void {
    this.blocked = null;
    this.queue = [];
    this.queued.clear();
    this.progress = EMPTY_PROGRESS;
    this.onChange();
  }

  async isUploaded(sha: string, base: string): Promise<boolean> {
    const row = await this.db.settings.get(markKey(sha));
    return (row?.value as { relay?: string } | undefined)?.relay === base;
  }

  /** Queue these blobs for upload (those already known to be on the relay are skipped). Resolves when the queue is drained. */
  enqueue(shas: Iterable<string>): Promise<void> {
    let added = 0;
    for (const sha of shas) {
      if (!/^[0-9a-f]{64}$/.test(sha) || this.queued.has(sha)) continue;
      this.queued.add(sha);
      this.queue.push(sha);
      added++;
    }
    if (added) this.set({ total: this.progress.upload.total + added }, null);
    return this.drain();
  }

  drain(): Promise<void> {
    if (!this.running && this.queue.length) {
      this.running = this.run().finally(() => {
        this.running = null;
      });
    }
    return this.running ?? Promise.resolve();
  }

  private async run(): Promise<void> {
    while (this.queue.length) {
      const auth = this.auth();
      if (!auth || this.blocked) return;
      const sha = this.queue[0]!;
      const outcome = await this.uploadOne(sha, auth);
      if (outcome === 'retry-later') return; // unreachable: keep the queue, try on the next pass
      this.queue.shift();
      this.queued.delete(sha);
      if (outcome === 'failed') this.set({ failed: this.progress.upload.failed + 1 }, null);
    }
  }

  private async uploadOne(sha: string, auth: BlobAuth): Promise<'done' | 'failed' | 'retry-later'> {
    const { httpBase, token } = auth;
    if (await this.isUploaded(sha, httpBase)) {
      this.set({ done: this.progress.upload.done + 1 }, null);
      return 'done';
    }
    const row = await this.db.blobs.get(sha);
    if (!row) {
      // Not on this computer (yet): nothing to upload. Someone else's photo we never downloaded.
      this.set({ done: this.progress.upload.done + 1 }, null);
      return 'done';
    }
    const url = `${httpBase}/blobs/${sha}`;
    const headers = { Authorization: `Bearer ${token}` };
    try {
      const head = await relayFetch(this.fetchImpl, url, { method: 'HEAD', headers });
      if (head.status === 401) return this.block('The relay no longer accepts your sign-in; photos are not uploaded. Sign in again.');
      if (head.ok) {
        await this.mark(sha, httpBase);
        this.set({ done: this.progress.upload.done + 1 }, null);
        return 'done';
      }
      this.set({ bytesTotal: this.progress.upload.bytesTotal + row.size, message: null }, null);
      const put = await relayFetch(this.fetchImpl, url, { method: 'PUT', headers: { ...headers, 'Content-Type': row.mime || 'application/octet-stream' }, body: row.blob }, 120_000);
      if (put.status === 401) return this.block('The relay no longer accepts your sign-in; photos are not uploaded. Sign in again.');
      if (put.status === 403) return this.block('Your role on the relay is read-only, so your photos are not uploaded.');
      if (put.ok) {
        await this.mark(sha, httpBase);
        this.set({ done: this.progress.upload.done + 1, bytesDone: this.progress.upload.bytesDone + row.size }, null);
        return 'done';
      }
      this.set({ message: `A photo could not be uploaded (HTTP ${put.status}).` }, null);
      return 'failed';
    } catch {
      this.set({ message: 'The relay cannot be reached; photos are uploaded when it is.' }, null);
      return 'retry-later';
    }
  }

  private block(message: string): 'retry-later' {
    this.blocked = message;
    this.set({ message }, null);
    return 'retry-later';
  }

  private async mark(sha: string, base: string) {
    await this.db.settings.put({ key: markKey(sha), value: { relay: base, at: new Date().toISOString() } });
  }

  /**
   * The bytes of a photo this computer does not have, from the relay (null when signed out, missing there, or
   * unreachable). Concurrent requests for one photo share one download. The bytes are stored once verified.
   */
  fetchMissing(sha: string): Promise<Blob | null> {
    const existing = this.downloads.get(sha);
    if (existing) return existing;
    const p = this.download(sha).finally(() => this.downloads.delete(sha));
    this.downloads.set(sha, p);
    return p;
  }

  private async download(sha: string): Promise<Blob | null> {
    const auth = this.auth();
    if (!auth || !/^[0-9a-f]{64}$/.test(sha)) return null;
    this.set(null, { active: this.progress.download.active + 1 });
    let ok = false;
    try {
      const res = await relayFetch(this.fetchImpl, `${auth.httpBase}/blobs/${sha}`, { headers: { Authorization: `Bearer ${auth.token}` } }, 120_000);
      if (!res.ok) return null;
      const mime = res.headers.get('Content-Type') ?? 'application/octet-stream';
      const length = Number(res.headers.get('Content-Length') ?? 0);
      if (length > 0) this.set(null, { bytesTotal: this.progress.download.bytesTotal + length });
      const bytes = await this.readBody(res, length);
      if ((await sha256Hex(bytes)) !== sha) return null;
      const blob = new Blob([bytes as BlobPart], { type: mime });
      await this.db.transaction('rw', this.db.blobs, this.db.settings, async () => {
        if (!(await this.db.blobs.get(sha))) await this.db.blobs.put({ sha256: sha, blob, mime, size: bytes.length, createdAt: new Date().toISOString() });
        await this.db.settings.put({ key: markKey(sha), value: { relay: auth.httpBase, at: new Date().toISOString() } });
      });
      ok = true;
      return blob;
    } catch {
      return null;
    } finally {
      const d = this.progress.download;
      this.set(null, { active: d.active - 1, done: d.done + (ok ? 1 : 0), failed: d.failed + (ok ? 0 : 1) });
    }
  }

  private async readBody(res: Response, length: number): Promise<Uint8Array> {
    const reader = res.body?.getReader();
    if (!reader) return new Uint8Array(await res.arrayBuffer());
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      this.set(null, { bytesDone: this.progress.download.bytesDone + value.length });
    }
    if (length && size !== length) throw new Error('truncated');
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
