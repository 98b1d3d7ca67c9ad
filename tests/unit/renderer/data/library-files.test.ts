/** Library attachments on this computer and through the relay's network scope: bytes stored once by hash, too-big
 * files refused before reading, uploaded to /blobs/network/<sha>, fetched there by a second device with the hash
 * checked, and a per-file transfer state the file list can show. */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/hash.ts';
import { MAX_LIBRARY_FILE_BYTES } from '#core/knowledge/index.ts';
import { openDb, type GroundworkDb } from '#renderer/data/db.ts';
import {
  fileKind,
  formatBytes,
  LIBRARY_BLOB_SCOPE,
  libraryFileBlob,
  LibraryFileError,
  libraryFileProblem,
  storeLibraryFile,
} from '#renderer/data/library-files.ts';
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
  const db = openDb(`library-files-${process.pid}-${++n}`);
  await db.open();
  dbs.push(db);
  return db;
}

const AUTH: BlobAuth = { httpBase: 'http://relay.test:4444', token: 'gw1.a.b' };

/** A relay whose only scope this user is granted is the network room (a user with no engagements). */
function networkRelay(opts: { corrupt?: boolean } = {}) {
  const stored = new Map<string, { bytes: Uint8Array; type: string }>();
  const calls: string[] = [];
  const fetchImpl = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const key = url.split('/blobs/')[1]!;
    calls.push(`${method} ${key.split('/')[0]}`);
    if (!key.startsWith('network/')) return new Response(JSON.stringify({ error: 'not_granted' }), { status: 403 });
    if (method === 'HEAD') return new Response(null, { status: stored.has(key) ? 200 : 404 });
    if (method === 'PUT') {
      const bytes = new Uint8Array(await new Response(init.body as BodyInit).arrayBuffer());
      if ((await sha256Hex(bytes)) !== key.slice('network/'.length)) return new Response(JSON.stringify({ error: 'hash mismatch' }), { status: 400 });
      stored.set(key, { bytes, type: new Headers(init.headers).get('Content-Type') ?? '' });
      return new Response(null, { status: 201 });
    }
    const hit = stored.get(key);
    if (!hit) return new Response(null, { status: 404 });
    const body = opts.corrupt ? hit.bytes.map((b) => b ^ 1) : hit.bytes;
    return new Response(body as BodyInit, { status: 200, headers: { 'Content-Type': hit.type, 'Content-Length': String(body.length) } });
  };
  return { stored, calls, fetchImpl };
}

const pdfFile = (text: string, name = 'guide.pdf') => new File([new TextEncoder().encode(text)], name, { type: 'application/pdf' });

describe('library files on this computer', () => {
  it('stores the bytes once by SHA-256 and returns what the item lists', async () => {
    const db = await freshDb();
    const a = await storeLibraryFile(db, pdfFile('%PDF-1.4 land bank guide'));
    expect(a).toEqual({ sha256: await sha256Hex(new TextEncoder().encode('%PDF-1.4 land bank guide')), name: 'guide.pdf', mime: 'application/pdf', size: 24 });
    const again = await storeLibraryFile(db, pdfFile('%PDF-1.4 land bank guide', 'copy.pdf'));
    expect(again.sha256).toBe(a.sha256);
    expect(await db.blobs.count()).toBe(1);
    const untyped = await storeLibraryFile(db, new File(['a,b\n1,2'], 'data.csv'));
    expect(untyped.mime).toBe('application/octet-stream');
  });

  it('refuses a file over the limit before reading it, with the sizes in the sentence', async () => {
    const db = await freshDb();
    const huge = {
      name: 'survey.mov',
      size: MAX_LIBRARY_FILE_BYTES + 1,
      type: 'video/quicktime',
      arrayBuffer: () => Promise.reject(new Error('must not be read')),
    } as unknown as File;
    expect(libraryFileProblem(huge)).toBe('"survey.mov" is 50.0 MB; files up to 50 MB can be attached.');
    await expect(storeLibraryFile(db, huge)).rejects.toThrow(LibraryFileError);
    expect(await db.blobs.count()).toBe(0);
    expect(libraryFileProblem({ name: 'ok.pdf', size: MAX_LIBRARY_FILE_BYTES })).toBeNull();
  });

  it('names sizes and kinds the way the file list shows them', () => {
    expect([formatBytes(900), formatBytes(12_345), formatBytes(3.4 * 1024 * 1024), formatBytes(42 * 1024 * 1024)]).toEqual([
      '900 B',
      '12 KB',
      '3.4 MB',
      '42 MB',
    ]);
    expect(fileKind('application/pdf', 'a.pdf')).toBe('PDF');
    expect(fileKind('text/csv', 'a.csv')).toBe('CSV');
    expect(fileKind('application/octet-stream', 'model.xyz')).toBe('XYZ');
  });
});

describe('library files through the relay (network blob scope)', () => {
  it('uploads to /blobs/network/<sha> and a second device downloads the same bytes, stored after the hash check', async () => {
    const relay = networkRelay();
    const mine = await freshDb();
    const file = await storeLibraryFile(mine, pdfFile('%PDF-1.4 financing models'));
    let changes = 0;
    const up = new BlobSync(
      mine,
      () => AUTH,
      relay.fetchImpl as never,
      () => changes++,
    );
    await up.enqueue(LIBRARY_BLOB_SCOPE, [file.sha256]);
    expect(relay.calls).toEqual(['HEAD network', 'PUT network']);
    expect(relay.stored.has(`network/${file.sha256}`)).toBe(true);
    expect(await up.isUploaded(LIBRARY_BLOB_SCOPE, file.sha256, AUTH.httpBase)).toBe(true);
    expect(up.transferOf(LIBRARY_BLOB_SCOPE, file.sha256)).toBeUndefined();
    expect(changes).toBeGreaterThan(0);

    const theirs = await freshDb();
    const seen: string[] = [];
    const down: BlobSync = new BlobSync(
      theirs,
      () => AUTH,
      relay.fetchImpl as never,
      () => {
        const t = down.transferOf(LIBRARY_BLOB_SCOPE, file.sha256);
        seen.push(t ? `${t.phase} ${t.bytesDone}/${t.bytesTotal}` : 'idle');
      },
    );
    const blob = await libraryFileBlob(theirs, file.sha256, (sha, scope) => down.fetchMissing(sha, scope));
    expect(new TextDecoder().decode(new Uint8Array(await blob!.arrayBuffer()))).toBe('%PDF-1.4 financing models');
    // Shown as downloading from the first moment, with the byte count once the relay names it, then idle.
    expect(seen[0]).toBe('downloading 0/0');
    expect(seen).toContain(`downloading 25/25`);
    expect(seen.at(-1)).toBe('idle');
    expect((await theirs.blobs.get(file.sha256))?.mime).toBe('application/pdf');
    expect(down.transferOf(LIBRARY_BLOB_SCOPE, file.sha256)).toBeUndefined();
    // Now local: no second request.
    const calls = relay.calls.length;
    await libraryFileBlob(theirs, file.sha256, () => Promise.reject(new Error('should not fetch')));
    expect(relay.calls.length).toBe(calls);
  });

  it('refuses bytes that do not match their hash, and stores nothing', async () => {
    const relay = networkRelay({ corrupt: true });
    const mine = await freshDb();
    const file = await storeLibraryFile(mine, pdfFile('%PDF-1.4 tampered on the way'));
    await new BlobSync(
      mine,
      () => AUTH,
      relay.fetchImpl as never,
      () => undefined,
    ).enqueue(LIBRARY_BLOB_SCOPE, [file.sha256]);
    const theirs = await freshDb();
    const down = new BlobSync(
      theirs,
      () => AUTH,
      relay.fetchImpl as never,
      () => undefined,
    );
    expect(await libraryFileBlob(theirs, file.sha256, (sha, scope) => down.fetchMissing(sha, scope))).toBeNull();
    expect(await theirs.blobs.count()).toBe(0);
  });

  it('marks a refused upload as failed with the relay’s reason, for the file’s status line', async () => {
    const relay = networkRelay();
    const mine = await freshDb();
    const file = await storeLibraryFile(mine, pdfFile('%PDF-1.4 wrong scope'));
    const sync = new BlobSync(
      mine,
      () => AUTH,
      relay.fetchImpl as never,
      () => undefined,
    );
    await sync.enqueue('eng-x', [file.sha256]);
    expect(sync.transferOf('eng-x', file.sha256)).toMatchObject({ phase: 'failed' });
    expect(sync.transferOf(LIBRARY_BLOB_SCOPE, file.sha256)).toBeUndefined();
  });
});
