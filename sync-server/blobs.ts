/**
 * Attachments, addressed by SHA-256 and scoped per engagement: `/blobs/<engagementId>/<sha256>`. The network room
 * (`network`: 311 requests and the resource library, issue 7) is a scope too — `/blobs/network/<sha256>` holds the
 * library's attached files — and its access rule is the room's own (`canRead`: every signed-in user granted on the
 * network; viewers read but never upload). ADR 0018.
 * Bytes live once on disk (`<data>/blobs/aa/<sha256>`, `aa` = the hash's first two hex digits) however many
 * engagements hold them; which engagement may see which blob is the (engagement, sha256) `blob_refs` table in the
 * relay's Store (the SQLite file, or the PostgreSQL several nodes share — the bytes stay on each node's disk, so
 * nodes need a shared blobs volume, see docs/deploy.md). A user reads a blob only through an engagement granted to
 * them that holds it, so knowing a hash from another engagement gets a 404.
 *
 * An upload streams to a temp file while hashing; only bytes whose hash and size check out are renamed into
 * place, so a half-written or forged blob is never served. A PUT into an engagement that does not hold the blob
 * yet must send the bytes even when they are already on disk (proof of possession: knowing a hash is not enough
 * to pull someone else's photo into your engagement).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync, statSync, renameSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { canRead, type Claims } from './auth/tokens.ts';
import type { Metrics } from './metrics.ts';
import type { Store } from './store/store.ts';

export const SHA256_RE = /^[0-9a-f]{64}$/;
const ENGAGEMENT_RE = /^[A-Za-z0-9_.:-]{1,128}$/;

export class BlobStore {
  private readonly tmp: string;
  constructor(
    readonly dir: string,
    private readonly store: Store,
  ) {
    this.tmp = join(dir, 'tmp');
    mkdirSync(this.tmp, { recursive: true });
  }

  /** Whether `engagement` holds this blob (and its bytes are on this node's disk). */
  async holds(engagement: string, sha: string): Promise<boolean> {
    return this.has(sha) && (await this.store.hasBlobRef(engagement, sha));
  }

  addRef(engagement: string, sha: string, user: string): Promise<boolean> {
    return this.store.addBlobRef({ engagement, sha256: sha, user, at: Date.now() });
  }

  pathOf(sha: string): string {
    return join(this.dir, sha.slice(0, 2), sha);
  }

  has(sha: string): boolean {
    return existsSync(this.pathOf(sha));
  }

  /** Streams `body` to disk; resolves 'created' | 'exists' or a refusal sentence. */
  async put(sha: string, body: NodeJS.ReadableStream, maxBytes: number): Promise<{ ok: true; created: boolean; size: number } | { ok: false; reason: string }> {
    const tmpFile = join(this.tmp, `${sha}.${randomBytes(6).toString('hex')}`);
    const hash = createHash('sha256');
    let size = 0;
    let tooBig = false;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        size += chunk.length;
        if (size > maxBytes) {
          tooBig = true;
          cb(new Error('too big'));
          return;
        }
        hash.update(chunk);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, createWriteStream(tmpFile));
    } catch (err) {
      rmSync(tmpFile, { force: true });
      if (tooBig) return { ok: false, reason: `blob is larger than ${maxBytes} bytes` };
      throw err;
    }
    const actual = hash.digest('hex');
    if (actual !== sha) {
      rmSync(tmpFile, { force: true });
      return { ok: false, reason: `body's SHA-256 is ${actual}, not ${sha}` };
    }
    const dest = this.pathOf(sha);
    if (existsSync(dest)) {
      rmSync(tmpFile, { force: true });
      return { ok: true, created: false, size };
    }
    mkdirSync(join(this.dir, sha.slice(0, 2)), { recursive: true });
    renameSync(tmpFile, dest);
    return { ok: true, created: true, size };
  }
}

export interface BlobContext {
  blobs: BlobStore;
  store: Store;
  metrics: Metrics;
  maxBlobBytes: number;
  json: (res: ServerResponse, status: number, body: unknown) => void;
}

/** `rest` = the path after `/blobs/`: `<engagementId>/<sha256>`. */
export async function handleBlob(req: IncomingMessage, res: ServerResponse, rest: string, claims: Claims, ctx: BlobContext): Promise<void> {
  const { blobs, json } = ctx;
  const slash = rest.indexOf('/');
  if (slash < 0) {
    req.resume();
    return json(res, 404, { error: 'blobs are addressed per engagement: /blobs/<engagementId>/<sha256>' });
  }
  const engagement = rest.slice(0, slash);
  const sha = rest.slice(slash + 1);
  if (!ENGAGEMENT_RE.test(engagement)) return json(res, 400, { error: 'bad engagement id in the blob address' });
  if (!SHA256_RE.test(sha)) return json(res, 400, { error: 'blob address must be 64 lowercase hex digits (SHA-256)' });
  if (!canRead(claims, engagement)) {
    ctx.metrics.refusals.inc({ reason: 'blob_not_granted' });
    req.resume();
    return json(res, 403, { error: 'not_granted' });
  }
  if (req.method === 'PUT') {
    if (claims.role === 'viewer') {
      ctx.metrics.refusals.inc({ reason: 'blob_viewer' });
      req.resume();
      return json(res, 403, { error: 'viewers may not upload' });
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > ctx.maxBlobBytes) {
      ctx.metrics.refusals.inc({ reason: 'blob_too_large' });
      res.setHeader('Connection', 'close');
      json(res, 400, { error: `blob is larger than ${ctx.maxBlobBytes} bytes` });
      req.destroy();
      return;
    }
    if (await blobs.holds(engagement, sha)) {
      // Already in this engagement: no need to read (or trust) the body.
      req.resume();
      return json(res, 200, { sha256: sha, created: false });
    }
    const r = await blobs.put(sha, req, ctx.maxBlobBytes);
    if (!r.ok) {
      ctx.metrics.refusals.inc({ reason: r.reason.startsWith('blob is larger') ? 'blob_too_large' : 'blob_hash_mismatch' });
      res.setHeader('Connection', 'close');
      return json(res, 400, { error: r.reason });
    }
    const type = String(req.headers['content-type'] ?? 'application/octet-stream').slice(0, 200);
    await ctx.store.recordBlob({ sha256: sha, size: r.size, contentType: type, user: claims.sub, at: Date.now() });
    await blobs.addRef(engagement, sha, claims.sub);
    // 201 = new to this engagement (the bytes may have been on disk already, stored once).
    return json(res, 201, { sha256: sha, size: r.size, created: true });
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    const file = blobs.pathOf(sha);
    // Same answer whether the blob is nowhere or only in another engagement: nothing leaks across engagements.
    if (!(await blobs.holds(engagement, sha))) return json(res, 404, { error: 'no such blob in this engagement' });
    const meta = await ctx.store.getBlob(sha);
    const size = statSync(file).size;
    res.writeHead(200, {
      'Content-Type': meta?.contentType ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': 'private, max-age=31536000, immutable',
      ETag: `"${sha}"`,
    });
    if (req.method === 'HEAD') return void res.end();
    ctx.metrics.bytesOut.inc({ kind: 'blob' }, size);
    await pipeline(createReadStream(file), res);
    return;
  }
  res.setHeader('Allow', 'GET, HEAD, PUT, OPTIONS');
  return json(res, 405, { error: 'method not allowed' });
}
