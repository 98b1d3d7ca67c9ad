/**
 * Redis dies mid-run and comes back. While it is gone each node keeps serving its own clients (and storing their
 * edits in PostgreSQL); when it is back every node re-subscribes and re-exchanges state vectors for every loaded
 * room, so clients on different nodes converge again with every edit, and PostgreSQL holds every edit.
 * The test runs its own redis-server so it can kill and restart it.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, metric, mintToken, keepWriting, missingWrites, sleep, synced, waitFor, type Client } from '../sync/harness.ts';
import { freshDatabase, health, privateRedis, readStoredRoom, SERVICES, sayIfSkipped, startCluster, type Cluster } from './harness.ts';

sayIfSkipped();

describe.skipIf(!SERVICES)('scale-out: Redis restarted mid-run', () => {
  let cluster: Cluster;
  let db: { url: string; drop: () => Promise<void> };
  let redis: Awaited<ReturnType<typeof privateRedis>>;
  const clients: Client[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
    redis = await privateRedis();
    cluster = await startCluster(3, { pgUrl: db.url, redisUrl: redis.url });
  }, 150_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
    await redis?.stop();
    await db?.drop();
  }, 60_000);

  const ROOM = 'eng-redis';

  test('edits made on different nodes while Redis is down reach everyone once it is back', async () => {
    const token = mintToken(cluster.secretDir, { eng: [ROOM] });
    for (const n of cluster.nodes) for (let i = 0; i < 2; i++) clients.push(connectClient(n!.url, ROOM, token));
    await Promise.all(clients.map((c) => synced(c)));

    const { edits, stop: stopWriting } = keepWriting(clients, (n) => 4 + (n % 5));
    await waitFor(() => edits.length > 150, 'clients writing');

    await redis.stop();
    await waitFor(async () => (await Promise.all(cluster.nodes.map((n) => health(n!.http)))).every((h) => h.redis !== 'ready' && h.ok), 'every node notices Redis is gone (and stays up)');
    const beforeOutage = edits.length;
    await waitFor(() => edits.length > beforeOutage + 150, 'clients writing during the outage');
    // Divergence while Redis is down: a client on node 1 does not see what a client on node 3 wrote since.
    const lateOn3 = edits.filter((k) => k.startsWith('c4.')).at(-1)!;
    expect(clients[0]!.doc.getMap('edits').has(lateOn3)).toBe(false);

    await redis.start();
    await waitFor(async () => (await Promise.all(cluster.nodes.map((n) => health(n!.http)))).every((h) => h.redis === 'ready'), 'every node reconnected to Redis', 15_000);
    await sleep(200);
    await stopWriting();

    await waitFor(() => clients.every((c) => missingWrites(c.doc, edits).length === 0), 'every edit on every client', 20_000);
    await waitFor(async () => missingWrites((await readStoredRoom(cluster.pgUrl, ROOM)).doc, edits).length === 0, 'every edit in PostgreSQL', 10_000);
    for (const n of cluster.nodes) expect(await metric(n!.http, 'groundwork_relay_fanout_resyncs_total')).toBeGreaterThanOrEqual(1);
  });
});
