/** The network room is a blob scope (ADR 0018): library files live at /blobs/network/<sha256>. Every user granted
 * on the network room may read and (unless a viewer) upload them; a token withheld from the network gets 403; the
 * hash is checked; and the scope is sealed both ways against engagements (404 for a hash held elsewhere). */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { mintToken, rawConnect, removeDir, startRelay, tokenProtocols, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay({ args: ['--max-blob-bytes', String(256 * 1024)] });
});
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const url = (hash: string, scope = 'network') => `${relay.http}/blobs/${scope}/${hash}`;
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
const put = (hash: string, body: Uint8Array, token: string, scope = 'network') =>
  fetch(url(hash, scope), { method: 'PUT', body: new Blob([new Uint8Array(body)]), headers: { 'Content-Type': 'application/pdf', ...auth(token) } });
const get = (hash: string, token: string, scope = 'network', method = 'GET') => fetch(url(hash, scope), { method, headers: auth(token) });

test('a user granted on the network uploads a library file; another network user (different engagements) reads the same bytes', async () => {
  const alice = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const bob = mintToken(relay.dataDir, { eng: ['eng-b'] });
  const nobodyEng = mintToken(relay.dataDir, { eng: [] });
  const bytes = randomBytes(30_000);
  const hash = sha(bytes);
  expect((await put(hash, bytes, alice)).status).toBe(201);
  expect((await put(hash, bytes, alice)).status).toBe(200);
  for (const reader of [bob, nobodyEng]) {
    const r = await get(hash, reader);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await r.arrayBuffer()).equals(bytes)).toBe(true);
  }
});

test('viewers read network files but may not upload; a token withheld from the network gets 403 for both', async () => {
  const expert = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const viewer = mintToken(relay.dataDir, { eng: ['eng-a'], role: 'viewer' });
  const outsider = mintToken(relay.dataDir, { eng: ['eng-a'], net: false });
  const bytes = randomBytes(4000);
  const hash = sha(bytes);
  expect((await put(hash, bytes, expert)).status).toBe(201);
  expect((await get(hash, viewer)).status).toBe(200);
  expect((await put(sha(randomBytes(8)), randomBytes(8), viewer)).status).toBe(403);
  // Not granted on the network: refused before anything is read, whether the blob exists or not.
  const refused = await get(hash, outsider);
  expect(refused.status).toBe(403);
  expect(((await refused.json()) as { error: string }).error).toBe('not_granted');
  expect((await get(hash, outsider, 'network', 'HEAD')).status).toBe(403);
  expect((await get(sha(randomBytes(9)), outsider)).status).toBe(403);
  const other = randomBytes(100);
  expect((await put(sha(other), other, outsider)).status).toBe(403);
  // The same token still works for its own engagement: the refusal is about the network scope only.
  expect((await put(sha(other), other, outsider, 'eng-a')).status).toBe(201);
  // …and its WebSocket to the network room is refused the same way (one rule for the room and its files).
  expect(await rawConnect(`${relay.url}/network`, tokenProtocols(outsider))).toEqual({ status: 403 });
  const ok = await rawConnect(`${relay.url}/network`, tokenProtocols(viewer));
  expect('ws' in ok).toBe(true);
  if ('ws' in ok) ok.ws.terminate();
});

test('a body whose hash does not match its address is refused and nothing is stored in the network scope', async () => {
  const expert = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const bytes = randomBytes(5000);
  const wrong = sha(randomBytes(5000));
  const r = await put(wrong, bytes, expert);
  expect(r.status).toBe(400);
  expect(((await r.json()) as { error: string }).error).toMatch(/SHA-256/);
  expect((await get(wrong, expert)).status).toBe(404);
  const tooBig = randomBytes(256 * 1024 + 1);
  expect((await put(sha(tooBig), tooBig, expert)).status).toBe(400);
});

test('the network scope and engagement scopes do not leak into each other (404 both ways, same as a missing blob)', async () => {
  const expert = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const libraryFile = randomBytes(3000);
  const photo = randomBytes(3000);
  expect((await put(sha(libraryFile), libraryFile, expert)).status).toBe(201);
  expect((await put(sha(photo), photo, expert, 'eng-a')).status).toBe(201);
  // A library file is not readable through an engagement, nor an engagement's photo through the network.
  expect((await get(sha(libraryFile), expert, 'eng-a')).status).toBe(404);
  expect((await get(sha(photo), expert)).status).toBe(404);
  expect((await get(sha(photo), expert, 'network', 'HEAD')).status).toBe(404);
  // Knowing a photo's hash does not pull it into the network without its bytes.
  expect((await put(sha(photo), new Uint8Array(0), expert)).status).toBe(400);
  expect((await get(sha(photo), expert)).status).toBe(404);
});
