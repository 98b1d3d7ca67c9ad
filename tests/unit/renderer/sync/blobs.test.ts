import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/hash.ts';
import { openDb, type GroundworkDb } from '#renderer/data/db.ts';
import { BlobSync, type BlobAuth } from '#renderer/sync/blobs.ts';

let n = 0;
const dbs: GroundworkDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function freshDb(): Promise<GroundworkDb> {
  const db = openDb(`blobs-test-${process.pid}-${++n}`);
  await db.open();
  dbs.push(db);
  return db;
}

const AUTH: BlobAuth = { httpBase: 'http://relay.test:4444', token: 'gw1.a.b' };

const ENG = 'eng-a';
/** A tiny in-memory relay behind a mocked fetch: HEAD/PUT/GET /blobs/<engagement>/<sha> with Bearer auth, grants and hash checks.
 * `stored` is keyed `<engagement>/<sha>` (the relay scopes blobs per engagement). */
function mockRelay(opts: { token?: string; role?: 'expert' | 'viewer'; down?: boolean; granted?: string[] } = {}) {
  const scoped = new Map<string, { bytes: Uint8Array; type: string }>();
  const calls: string[] = [];
  const fetchImpl = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    calls.push(`${method} ${url.replace(AUTH.httpBase, '')}`);
    if (opts.down) throw new TypeError('Failed to fetch');
    const auth = new Headers(init.headers).get('Authorization');
    if (auth !== `Bearer ${opts.token ?? AUTH.token}`) return new Response(JSON.stringify({ error: 'bad_signature' }), { status: 401 });
    const key = url.split('/blobs/')[1]!;
    const [eng, sha] = key.split('/') as [string, string];
    if (!(opts.granted ?? [ENG, 'eng-b']).includes(eng)) return new Response(JSON.stringify({ error: 'not_granted' }), { status: 403 });
    const stored = { has: (_: string) => scoped.has(key), get: (_: string) => scoped.get(key), set: (_: string, v: { bytes: Uint8Array; type: string }) => scoped.set(key, v) };
    if (method === 'HEAD') return new Response(null, { status: stored.has(sha) ? 200 : 404 });
    if (method === 'PUT') {
      if (opts.role === 'viewer') return new Response(null, { status: 403 });
      if (stored.has(sha)) return new Response(null, { status: 200 });
      const bytes = new Uint8Array(await new Response(init.body as BodyInit).arrayBuffer());
      if ((await sha256Hex(bytes)) !== sha) return new Response(JSON.stringify({ error: 'hash mismatch' }), { status: 400 });
      stored.set(sha, { bytes, type: new Headers(init.headers).get('Content-Type') ?? '' });
      return new Response(null, { status: 201 });
    }
    const hit = stored.get(sha);
    if (!hit) return new Response(null, { status: 404 });
    return new Response(hit.bytes as BodyInit, { status: 200, headers: { 'Content-Type': hit.type, 'Content-Length': String(hit.bytes.length) } });
  };
  return { stored: { has: (sha: string, eng = ENG) => scoped.has(`${eng}/${sha}`), get: (sha: string, eng = ENG) => scoped.get(`${eng}/${sha}`), set: (sha: string, v: { bytes: Uint8Array; type: string }, eng = ENG) => scoped.set(`${eng}/${sha}`, v) }, calls, fetchImpl };
}

async function addBlob(db: GroundworkDb, text: string, mime = 'image/jpeg'): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const sha = await sha256Hex(bytes);
  await db.blobs.put({ sha256: sha, blob: new Blob([bytes], { type: mime }), mime, size: bytes.length, createdAt: new Date().toISOString() });
  return sha;
}

describe('photo upload and download', () => {
  it('uploads blobs the relay lacks (HEAD then PUT with Bearer), tracks progress, and never checks them again', async () => {
    const db = await freshDb();
    const relay = mockRelay();
    const a = await addBlob(db, 'photo A bytes');
    const b = await addBlob(db, 'photo B, somewhat longer bytes');
    relay.stored.set(b, { bytes: new TextEncoder().encode('photo B, somewhat longer bytes'), type: 'image/jpeg' });
    let changes = 0;
    const sync = new BlobSync(db, () => AUTH, relay.fetchImpl, () => changes++);
    await sync.enqueue(ENG, [a, b]);
    expect(relay.calls).toEqual([`HEAD /blobs/${ENG}/${a}`, `PUT /blobs/${ENG}/${a}`, `HEAD /blobs/${ENG}/${b}`]);
    expect(relay.stored.get(a)?.type).toBe('image/jpeg');
    expect(sync.progress.upload).toMatchObject({ done: 2, total: 2, failed: 0, bytesDone: 13, bytesTotal: 13 });
    expect(changes).toBeGreaterThan(0);
    relay.calls.length = 0;
    const again = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined);
    await again.enqueue(ENG, [a, b]);
    expect(relay.calls).toEqual([]); // remembered per relay in settings
    expect(await again.isUploaded(ENG, a, 'http://other-relay:4444')).toBe(false);
    // The same photo in another engagement is uploaded there too (blobs are scoped per engagement on the relay).
    await again.enqueue('eng-b', [a]);
    expect(relay.calls).toEqual([`HEAD /blobs/eng-b/${a}`, `PUT /blobs/eng-b/${a}`]);
    expect(relay.stored.has(a, 'eng-b')).toBe(true);
  });

  it('keeps the queue when the relay is unreachable and finishes on the next drain', async () => {
    const db = await freshDb();
    const a = await addBlob(db, 'offline photo');
    const down = mockRelay({ down: true });
    let fetchImpl = down.fetchImpl;
    const sync = new BlobSync(db, () => AUTH, (u, i) => fetchImpl(u, i), () => undefined);
    await sync.enqueue(ENG, [a]);
    expect(sync.progress.upload).toMatchObject({ done: 0, total: 1 });
    expect(sync.progress.upload.message).toMatch(/cannot be reached/);
    const up = mockRelay();
    fetchImpl = up.fetchImpl;
    await sync.drain();
    expect(up.stored.has(a)).toBe(true);
    expect(sync.progress.upload).toMatchObject({ done: 1, total: 1 });
  });

  it('stops uploading for a viewer (403) or a token the relay refuses (401), with a message', async () => {
    const db = await freshDb();
    const a = await addBlob(db, 'viewer photo');
    const viewer = new BlobSync(db, () => AUTH, mockRelay({ role: 'viewer' }).fetchImpl, () => undefined);
    await viewer.enqueue(ENG, [a]);
    expect(viewer.progress.upload.message).toMatch(/read-only/);
    const refused = new BlobSync(db, () => AUTH, mockRelay({ token: 'gw1.other.token' }).fetchImpl, () => undefined);
    await refused.enqueue(ENG, [a]);
    expect(refused.progress.upload.message).toMatch(/Sign in again/);
  });

  it('skips hashes that are not SHA-256 and blobs not on this computer', async () => {
    const db = await freshDb();
    const relay = mockRelay();
    const sync = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined);
    await sync.enqueue(ENG, ['not-a-hash', 'f'.repeat(64)]);
    expect(relay.calls).toEqual([]);
    expect(sync.progress.upload).toMatchObject({ done: 1, total: 1 });
  });

  it('downloads a missing photo once, verifies its hash, stores it with its type, and reports progress', async () => {
    const db = await freshDb();
    const relay = mockRelay();
    const bytes = new TextEncoder().encode('someone else took this photo');
    const sha = await sha256Hex(bytes);
    relay.stored.set(sha, { bytes, type: 'image/png' });
    const sync = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined, () => ENG);
    const [x, y] = await Promise.all([sync.fetchMissing(sha), sync.fetchMissing(sha)]);
    expect(relay.calls.filter((c) => c.startsWith('GET'))).toHaveLength(1);
    expect(x).toBe(y);
    expect(new Uint8Array(await x!.arrayBuffer())).toEqual(bytes);
    const row = await db.blobs.get(sha);
    expect(row).toMatchObject({ mime: 'image/png', size: bytes.length });
    expect(sync.progress.download).toMatchObject({ active: 0, done: 1, failed: 0, bytesDone: bytes.length, bytesTotal: bytes.length });
    expect(await sync.isUploaded(ENG, sha, AUTH.httpBase)).toBe(true); // no need to upload it back
  });

  it('refuses bytes whose hash does not match, and returns null when missing, signed out or unreachable', async () => {
    const db = await freshDb();
    const relay = mockRelay();
    const sha = 'a'.repeat(64);
    relay.stored.set(sha, { bytes: new TextEncoder().encode('tampered'), type: 'image/jpeg' });
    const sync = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined, () => ENG);
    expect(await sync.fetchMissing(sha)).toBeNull();
    expect(await db.blobs.get(sha)).toBeUndefined();
    expect(sync.progress.download.failed).toBe(1);
    expect(await sync.fetchMissing('b'.repeat(64))).toBeNull();
    expect(await new BlobSync(db, () => null, relay.fetchImpl, () => undefined).fetchMissing(sha)).toBeNull();
    expect(await new BlobSync(db, () => AUTH, mockRelay({ down: true }).fetchImpl, () => undefined, () => ENG).fetchMissing(sha)).toBeNull();
  });

  it('downloads through the engagements known to reference a photo, not only the one on screen', async () => {
    const db = await freshDb();
    const relay = mockRelay();
    const bytes = new TextEncoder().encode('photo only in engagement B');
    const sha = await sha256Hex(bytes);
    relay.stored.set(sha, { bytes, type: 'image/jpeg' }, 'eng-b');
    const sync = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined, () => ENG);
    // Learnt from engagement B's queue (its bytes are not on this computer, so nothing uploads).
    await sync.enqueue('eng-b', [sha]);
    const blob = await sync.fetchMissing(sha);
    expect(blob).not.toBeNull();
    expect(relay.calls.filter((c) => c.startsWith('GET'))).toEqual([`GET /blobs/eng-b/${sha}`]);
    // Nothing known and nothing on screen: no request at all.
    const blind = new BlobSync(db, () => AUTH, relay.fetchImpl, () => undefined);
    expect(await blind.fetchMissing('c'.repeat(64))).toBeNull();
  });
});
