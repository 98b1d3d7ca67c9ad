/**
 * GET /api/history/<engagement> on a real relay: the audit log of what real y-websocket clients synced, newest
 * first, paged, with names from the relay's user records; the same access rule as the WebSocket (401 without a
 * valid token, 403 for an engagement the token does not grant, viewers may read); every response matches the
 * schema the app validates with.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RelayHistoryResponse } from '#core/review/relay-history.ts';
import { connectClient, mintToken, relayCli, removeDir, startRelay, synced, waitFor, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  await relayCli(relay.dataDir, ['user', 'add', '--id', 'p-ana', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', '*']);
}, 30_000);
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const get = (path: string, token?: string) => fetch(`${relay.http}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

test('who synced what when: newest first, paged by seq, named, and guarded like the WebSocket', async () => {
  const room = 'eng-hist';
  const ana = connectClient(relay.url, room, mintToken(relay.dataDir, { sub: 'p-ana', name: 'Ana Reyes', role: 'expert', eng: [room] }));
  const ben = connectClient(relay.url, room, mintToken(relay.dataDir, { sub: 'p-ben', name: 'Ben', role: 'expert', eng: [room] }));
  await Promise.all([synced(ana), synced(ben)]);
  const started = Date.now();
  for (let i = 0; i < 6; i++) {
    const c = i % 2 ? ben : ana;
    c.doc.getMap('m').set(`k${i}`, 'x'.repeat(i * 20));
    await waitFor(() => (i % 2 ? ana : ben).doc.getMap('m').has(`k${i}`), `edit ${i} relayed`);
  }

  const viewer = mintToken(relay.dataDir, { sub: 'p-view', role: 'viewer', eng: [room] });
  const res = await get(`/api/history/${room}?limit=4`, viewer);
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  const page1 = RelayHistoryResponse.parse(await res.json());
  expect(page1.engagement).toBe(room);
  expect(page1.rows).toHaveLength(4);
  const seqs = page1.rows.map((r) => r.seq);
  expect([...seqs].sort((x, y) => y - x)).toEqual(seqs);
  expect(page1.rows.map((r) => r.user)).toEqual(['p-ben', 'p-ana', 'p-ben', 'p-ana']);
  // Names come from the relay's user records; a user without one has none (the app falls back to the team list).
  expect(page1.rows.find((r) => r.user === 'p-ana')?.name).toBe('Ana Reyes');
  expect(page1.rows.find((r) => r.user === 'p-ben')?.name).toBeUndefined();
  for (const r of page1.rows) {
    expect(r.at).toBeGreaterThanOrEqual(started - 1000);
    expect(r.size).toBeGreaterThan(0);
  }
  expect(page1.next).toBe(seqs.at(-1));

  const page2 = RelayHistoryResponse.parse(await (await get(`/api/history/${room}?limit=4&before=${page1.next}`, viewer)).json());
  expect(page2.rows.every((r) => r.seq < page1.next!)).toBe(true);
  expect(page2.rows.map((r) => r.user).slice(0, 2)).toEqual(['p-ben', 'p-ana']);
  // Walk to the end: a last page says so.
  let next = page2.next;
  let pages = 2;
  while (next !== null && pages < 20) {
    const p = RelayHistoryResponse.parse(await (await get(`/api/history/${room}?limit=4&before=${next}`, viewer)).json());
    next = p.next;
    pages++;
  }
  expect(next).toBeNull();

  // Access: no token 401, bad token 401, another engagement 403, bad query 400, wrong method 405.
  expect((await get(`/api/history/${room}`)).status).toBe(401);
  expect((await get(`/api/history/${room}`, 'not-a-token')).status).toBe(401);
  expect((await get('/api/history/eng-other', viewer)).status).toBe(403);
  expect((await get(`/api/history/${room}?limit=0`, viewer)).status).toBe(400);
  expect((await get(`/api/history/${room}?limit=501`, viewer)).status).toBe(400);
  expect((await get(`/api/history/${room}?before=abc`, viewer)).status).toBe(400);
  expect((await fetch(`${relay.http}/api/history/${room}`, { method: 'POST', headers: { Authorization: `Bearer ${viewer}` } })).status).toBe(405);
  // An engagement nobody wrote to yet: an empty, final page.
  const all = mintToken(relay.dataDir, { sub: 'p-lead', role: 'lead', eng: ['*'] });
  expect(RelayHistoryResponse.parse(await (await get('/api/history/eng-empty', all)).json())).toEqual({ engagement: 'eng-empty', rows: [], next: null });
  for (const c of [ana, ben]) c.destroy();
});
