/** Attachments by SHA-256, scoped per engagement: a body that does not match its address is refused; a good one
 * round-trips; a user of engagement A cannot read a blob only held by B, even knowing its hash. */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mintToken, removeDir, startRelay, type RelayProcess } from './harness.ts';

const MAX_BLOB = 64 * 1024;
let relay: RelayProcess;
let expert: string;
let viewer: string;
beforeAll(async () => {
  relay = await startRelay({ args: ['--max-blob-bytes', String(MAX_BLOB)] });
  expert = mintToken(relay.dataDir, { eng: ['eng-a'] });
  viewer = mintToken(relay.dataDir, { eng: ['eng-a'], role: 'viewer' });
});
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const url = (hash: string, eng = 'eng-a') => `${relay.http}/blobs/${eng}/${hash}`;
const put = (hash: string, body: Uint8Array, token: string | null, type = 'image/jpeg', eng = 'eng-a') =>
  fetch(url(hash, eng), { method: 'PUT', body: new Blob([new Uint8Array(body)]), headers: { 'Content-Type': type, ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
const bearer = (t: string) => ({ headers: { Authorization: `Bearer ${t}` } });

test('a blob whose bytes do not match its hash is refused and not stored', async () => {
  const bytes = randomBytes(5000);
  const wrong = sha(randomBytes(10));
  const r = await put(wrong, bytes, expert);
  expect(r.status).toBe(400);
  expect(((await r.json()) as { error: string }).error).toMatch(/SHA-256/);
  expect((await fetch(url(wrong), bearer(expert))).status).toBe(404);
  expect(existsSync(join(relay.dataDir, 'blobs', wrong.slice(0, 2), wrong))).toBe(false);
  // One flipped byte is enough.
  const good = randomBytes(3000);
  const tampered = Buffer.from(good);
  tampered[1500] = tampered[1500]! ^ 1;
  expect((await put(sha(good), tampered, expert)).status).toBe(400);
});

test('a good blob round-trips: 201, then 200 on re-upload, HEAD and GET with its type and bytes', async () => {
  const bytes = randomBytes(40_000);
  const hash = sha(bytes);
  expect((await put(hash, bytes, expert)).status).toBe(201);
  expect((await put(hash, bytes, expert)).status).toBe(200);
  expect(existsSync(join(relay.dataDir, 'blobs', hash.slice(0, 2), hash))).toBe(true);
  const head = await fetch(url(hash), { method: 'HEAD', ...bearer(viewer) });
  expect(head.status).toBe(200);
  expect(head.headers.get('content-length')).toBe('40000');
  const get = await fetch(url(hash), bearer(viewer));
  expect(get.status).toBe(200);
  expect(get.headers.get('content-type')).toBe('image/jpeg');
  expect(get.headers.get('access-control-allow-origin')).toBe('*');
  expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
});

test('auth, roles, size limit, address format and CORS preflight', async () => {
  const bytes = randomBytes(100);
  const hash = sha(bytes);
  expect((await put(hash, bytes, null)).status).toBe(401);
  expect((await put(hash, bytes, viewer)).status).toBe(403);
  expect((await fetch(url(hash))).status).toBe(401);
  expect((await fetch(url(hash), bearer(expert))).status).toBe(404);
  const big = randomBytes(MAX_BLOB + 1);
  expect((await put(sha(big), big, expert)).status).toBe(400);
  expect((await fetch(url('not-a-hash'), bearer(expert))).status).toBe(400);
  // The old unscoped address is gone: it says where blobs live now.
  const legacy = await fetch(`${relay.http}/blobs/${hash}`, bearer(expert));
  expect(legacy.status).toBe(404);
  expect(((await legacy.json()) as { error: string }).error).toMatch(/engagementId/);
  const pre = await fetch(url(hash), { method: 'OPTIONS', headers: { Origin: 'http://127.0.0.1:4173', 'Access-Control-Request-Method': 'PUT' } });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
});

test('blobs are scoped per engagement: a user of A cannot fetch, probe or link a blob only held by B', async () => {
  const userA = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const userB = mintToken(relay.dataDir, { eng: ['eng-b'] });
  const both = mintToken(relay.dataDir, { eng: ['eng-a', 'eng-b'] });
  const bytes = randomBytes(2000);
  const hash = sha(bytes);
  expect((await put(hash, bytes, userB, 'image/png', 'eng-b')).status).toBe(201);
  expect((await fetch(url(hash, 'eng-b'), bearer(userB))).status).toBe(200);
  // A asks through its own engagement: 404, same answer as a blob that exists nowhere.
  expect((await fetch(url(hash, 'eng-a'), bearer(userA))).status).toBe(404);
  expect((await fetch(url(hash, 'eng-a'), { method: 'HEAD', ...bearer(userA) })).status).toBe(404);
  // …and through B's: 403, not granted (reads and writes alike).
  expect((await fetch(url(hash, 'eng-b'), bearer(userA))).status).toBe(403);
  expect((await put(hash, bytes, userA, 'image/png', 'eng-b')).status).toBe(403);
  // Knowing the hash is not enough to pull it into A: without the bytes the PUT fails the hash check.
  expect((await put(hash, new Uint8Array(0), userA, 'image/png', 'eng-a')).status).toBe(400);
  expect((await fetch(url(hash, 'eng-a'), bearer(userA))).status).toBe(404);
  // Someone who has the bytes adds it to A: then A may read it. On disk it is still one file.
  expect((await put(hash, bytes, both, 'image/png', 'eng-a')).status).toBe(201);
  const got = await fetch(url(hash, 'eng-a'), bearer(userA));
  expect(got.status).toBe(200);
  expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
  expect(existsSync(join(relay.dataDir, 'blobs', hash.slice(0, 2), hash))).toBe(true);
  // Re-upload into an engagement that holds it: 200 without reading the body.
  expect((await put(hash, bytes, userA, 'image/png', 'eng-a')).status).toBe(200);
});
