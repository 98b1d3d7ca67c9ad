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

/** One file moving right now (or that failed), for a per-file status line (library attachments). */
export interface FileTransfer {
  phase: 'uploading' | 'downloading' | 'failed';
  bytesDone: number;
  bytesTotal: number;
  message?: string;
}

export interface BlobAuth {
  httpBase: string;
  token: string;
}

/** Uploaded marks are per (engagement, blob): the relay scopes blobs per engagement (and the network room). */
export const markKey = (engagementId: string, sha: string) => `sync.blob:${engagementId}:${sha}`;
const SHA_RE = /^[0-9a-f]{64}$/;

/**
 * Photos travel beside the documents: a document only names a photo by its SHA-256, the bytes go to the relay's
 * /blobs/<engagementId>/<sha256> endpoint (blobs are scoped per engagement there: a photo is readable only
 * through an engagement that holds it). Uploads: blobs referenced by shared engagements that the relay does not
 * have in that engagement (HEAD, then PUT), remembered per relay in settings so they are not checked again.
 * Downloads: on demand, when a photo is shown and its bytes are not on this computer — through the engagements
 * known to reference it (learnt when they are queued) or the engagement on screen; the hash is checked before
 * anything is stored.
 */
export class BlobSync {
  private readonly db: GroundworkDb;
  private readonly auth: () => BlobAuth | null;
  private readonly fetchImpl: FetchLike;
  private readonly onChange: () => void;
  /** `<engagementId>/<sha256>` pairs. */
  private queue: string[] = [];
  private queued = new Set<string>();
  /** Which engagements reference a blob (for downloads), learnt from enqueue(). */
  private readonly scopes = new Map<string, string[]>();
  /** The engagement on screen: where a photo being shown most likely lives. */
  private readonly foreground: () => string | null;
  private running: Promise<void> | null = null;
  private downloads = new Map<string, Promise<Blob | null>>();
  /** Uploading is pointless for this session (viewer role, or the token stopped working). */
  private blocked: string | null = null;
  progress: TransferProgress = EMPTY_PROGRESS;
  /** Per `<scope>/<sha256>`: what is moving now or failed last (cleared once done). */
  private readonly files = new Map<string, FileTransfer>();

  constructor(db: GroundworkDb, auth: () => BlobAuth | null, fetchImpl: FetchLike, onChange: () => void, foreground: () => string | null = () => null) {
    this.db = db;
    this.foreground = foreground;
    this.auth = auth;
    this.fetchImpl = fetchImpl;
    this.onChange = onChange;
  }

  /** The transfer of one blob in one scope (uploads), or of the blob at all (downloads); undefined when idle. */
  transferOf(scope: string, sha: string): FileTransfer | undefined {
    return this.files.get(`${scope}/${sha}`) ?? this.files.get(`*/${sha}`);
  }

  private setFile(key: string, t: FileTransfer | null) {
    if (t) this.files.set(key, t);
    else this.files.delete(key);
    this.onChange();
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

  async isUploaded(engagementId: string, sha: string, base: string): Promise<boolean> {
    const row = await this.db.settings.get(markKey(engagementId, sha));
    return (row?.value as { relay?: string } | undefined)?.relay === base;
  }

  /** Remember that `engagementId` references these blobs (downloads go through it). */
  private learn(engagementId: string, sha: string): void {
    const list = this.scopes.get(sha);
    if (!list) this.scopes.set(sha, [engagementId]);
    else if (!list.includes(engagementId)) list.push(engagementId);
  }

  /** Queue an engagement's blobs for upload (those already known to be on the relay are skipped). Resolves when the queue is drained. */
  enqueue(engagementId: string, shas: Iterable<string>): Promise<void> {
    let added = 0;
    for (const sha of shas) {
      if (!SHA_RE.test(sha)) continue;
      this.learn(engagementId, sha);
      const key = `${engagementId}/${sha}`;
      if (this.queued.has(key)) continue;
      this.queued.add(key);
      this.queue.push(key);
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
      const key = this.queue[0]!;
      const slash = key.lastIndexOf('/');
      const outcome = await this.uploadOne(key.slice(0, slash), key.slice(slash + 1), auth);
      if (outcome === 'retry-later') return; // unreachable: keep the queue, try on the next pass
      this.queue.shift();
      this.queued.delete(key);
      if (outcome === 'failed') this.set({ failed: this.progress.upload.failed + 1 }, null);
    }
  }

  private async uploadOne(engagementId: string, sha: string, auth: BlobAuth): Promise<'done' | 'failed' | 'retry-later'> {
    const { httpBase, token } = auth;
    if (await this.isUploaded(engagementId, sha, httpBase)) {
      this.set({ done: this.progress.upload.done + 1 }, null);
      return 'done';
    }
    const row = await this.db.blobs.get(sha);
    if (!row) {
      // Not on this computer (yet): nothing to upload. Someone else's photo we never downloaded.
      this.set({ done: this.progress.upload.done + 1 }, null);
      return 'done';
    }
    const url = blobUrl(httpBase, engagementId, sha);
    const headers = { Authorization: `Bearer ${token}` };
    try {
      const head = await relayFetch(this.fetchImpl, url, { method: 'HEAD', headers });
      if (head.status === 401) return this.block('The relay no longer accepts your sign-in; photos are not uploaded. Sign in again.');
      if (head.ok) {
        await this.mark(engagementId, sha, httpBase);
        this.set({ done: this.progress.upload.done + 1 }, null);
        return 'done';
      }
      this.set({ bytesTotal: this.progress.upload.bytesTotal + row.size, message: null }, null);
      // fetch() reports no upload progress: the file shows "uploading" until the relay answers.
      this.setFile(`${engagementId}/${sha}`, { phase: 'uploading', bytesDone: 0, bytesTotal: row.size });
      const put = await relayFetch(this.fetchImpl, url, { method: 'PUT', headers: { ...headers, 'Content-Type': row.mime || 'application/octet-stream' }, body: row.blob }, 120_000);
      if (put.status === 401) return this.block('The relay no longer accepts your sign-in; photos are not uploaded. Sign in again.');
      if (put.status === 403) {
        // Read-only role: nothing of ours will upload. Not granted (this engagement only): skip it.
        const body = (await put.json().catch(() => null)) as { error?: string } | null;
        if (body?.error !== 'not_granted') return this.block('Your role on the relay is read-only, so your photos are not uploaded.');
        this.set({ message: 'A photo belongs to an engagement the relay does not share with you; it was not uploaded.' }, null);
        this.setFile(`${engagementId}/${sha}`, { phase: 'failed', bytesDone: 0, bytesTotal: row.size, message: 'The relay does not share this place with you.' });
        return 'failed';
      }
      if (put.ok) {
        await this.mark(engagementId, sha, httpBase);
        this.setFile(`${engagementId}/${sha}`, null);
        this.set({ done: this.progress.upload.done + 1, bytesDone: this.progress.upload.bytesDone + row.size }, null);
        return 'done';
      }
      this.set({ message: `A photo could not be uploaded (HTTP ${put.status}).` }, null);
      const reason = (await put.json().catch(() => null)) as { error?: string } | null;
      this.setFile(`${engagementId}/${sha}`, { phase: 'failed', bytesDone: 0, bytesTotal: row.size, message: reason?.error ?? `HTTP ${put.status}` });
      return 'failed';
    } catch {
      this.set({ message: 'The relay cannot be reached; photos are uploaded when it is.' }, null);
      if (this.files.get(`${engagementId}/${sha}`)?.phase === 'uploading') this.setFile(`${engagementId}/${sha}`, null);
      return 'retry-later';
    }
  }

  private block(message: string): 'retry-later' {
    this.blocked = message;
    for (const [k, t] of this.files) if (t.phase === 'uploading') this.files.delete(k);
    this.set({ message }, null);
    return 'retry-later';
  }

  private async mark(engagementId: string, sha: string, base: string) {
    await this.db.settings.put({ key: markKey(engagementId, sha), value: { relay: base, at: new Date().toISOString() } });
  }

  /**
   * The bytes of a photo this computer does not have, from the relay (null when signed out, missing there, or
   * unreachable). Concurrent requests for one photo share one download. The bytes are stored once verified.
   */
  fetchMissing(sha: string, engagementId?: string): Promise<Blob | null> {
    const existing = this.downloads.get(sha);
    if (existing) return existing;
    const p = this.download(sha, engagementId).finally(() => this.downloads.delete(sha));
    this.downloads.set(sha, p);
    return p;
  }

  private async download(sha: string, engagementId?: string): Promise<Blob | null> {
    const auth = this.auth();
    if (!auth || !SHA_RE.test(sha)) return null;
    // Where to ask: the engagement named, those known to reference it, then the one on screen.
    const fg = this.foreground();
    const candidates = [...new Set([engagementId, ...(this.scopes.get(sha) ?? []), fg].filter((e): e is string => !!e))];
    if (!candidates.length) return null;
    this.files.set(`*/${sha}`, { phase: 'downloading', bytesDone: 0, bytesTotal: 0 });
    this.set(null, { active: this.progress.download.active + 1 });
    let ok = false;
    try {
      let res: Response | null = null;
      let scope = '';
      for (const eng of candidates) {
        res = await relayFetch(this.fetchImpl, blobUrl(auth.httpBase, eng, sha), { headers: { Authorization: `Bearer ${auth.token}` } }, 120_000);
        scope = eng;
        if (res.ok) break;
        await res.body?.cancel().catch(() => undefined);
      }
      if (!res?.ok) return null;
      const mime = res.headers.get('Content-Type') ?? 'application/octet-stream';
      const length = Number(res.headers.get('Content-Length') ?? 0);
      if (length > 0) this.set(null, { bytesTotal: this.progress.download.bytesTotal + length });
      this.setFile(`*/${sha}`, { phase: 'downloading', bytesDone: 0, bytesTotal: length });
      const bytes = await this.readBody(res, length, sha);
      if ((await sha256Hex(bytes)) !== sha) return null;
      const blob = new Blob([bytes as BlobPart], { type: mime });
      await this.db.transaction('rw', this.db.blobs, this.db.settings, async () => {
        if (!(await this.db.blobs.get(sha))) await this.db.blobs.put({ sha256: sha, blob, mime, size: bytes.length, createdAt: new Date().toISOString() });
        await this.db.settings.put({ key: markKey(scope, sha), value: { relay: auth.httpBase, at: new Date().toISOString() } });
      });
      ok = true;
      return blob;
    } catch {
      return null;
    } finally {
      this.files.delete(`*/${sha}`);
      const d = this.progress.download;
      this.set(null, { active: d.active - 1, done: d.done + (ok ? 1 : 0), failed: d.failed + (ok ? 0 : 1) });
    }
  }

  private async readBody(res: Response, length: number, sha?: string): Promise<Uint8Array> {
    const reader = res.body?.getReader();
    if (!reader) return new Uint8Array(await res.arrayBuffer());
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (sha) this.files.set(`*/${sha}`, { phase: 'downloading', bytesDone: size, bytesTotal: length });
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

/** The relay's address of a blob within an engagement. */
export const blobUrl = (base: string, engagementId: string, sha: string) => `${base}/blobs/${encodeURIComponent(engagementId)}/${sha}`;
