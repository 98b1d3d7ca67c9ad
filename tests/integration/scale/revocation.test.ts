/**
 * Revoking a user with the CLI (`user revoke --store postgres://… --redis redis://…`, another process) closes
 * that user's sockets on every node at once with 4401 — through Redis: the nodes' own revocation poll is set to
 * ten minutes here, so only the fan-out message can explain a close within seconds. Other users stay connected.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, mintToken, relayCli, synced, waitFor, type Client } from '../sync/harness.ts';
import { freshDatabase, SERVICES, sayIfSkipped, startCluster, type Cluster } from './harness.ts';

sayIfSkipped();

describe.skipIf(!SERVICES)('scale-out: revocation reaches every node', () => {
  let cluster: Cluster;
  let db: { url: string; drop: () => Promise<void> };
  const clients: Client[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
    cluster = await startCluster(3, { pgUrl: db.url, args: ['--revocation-poll-ms', '600000'] });
  }, 150_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
    await db?.drop();
  }, 60_000);

  test('user revoke closes the user’s sockets on all three nodes with 4401 within seconds (poll set to 10 min); others stay', async () => {
    const cli = (args: string[]) => relayCli(cluster.secretDir, [...args, '--store', cluster.pgUrl, '--redis', cluster.redisUrl, '--redis-prefix', cluster.prefix]);
    // The account and its token id live in PostgreSQL, so every node knows them.
    const added = (await cli(['user', 'add', '--name', 'Rosa Revoked', '--role', 'expert', '--engagement', '*'])).trim().split('\n');
    const token = added.at(-1)!;
    const userId = /^user (\S+)/.exec(added[0]!)![1]!;

    const targets = cluster.nodes.map((n) => connectClient(n!.url, 'eng-rev', token));
    const others = cluster.nodes.map((n) => connectClient(n!.url, 'eng-rev', mintToken(cluster.secretDir, { eng: ['eng-rev'] })));
    clients.push(...targets, ...others);
    await Promise.all(clients.map((c) => synced(c)));
    const closes = new Map<Client, number>();
    for (const t of targets) t.provider.on('connection-close', (e: CloseEvent | null) => e && !closes.has(t) && closes.set(t, e.code));

    // Timed from the CLI's exit (its own start-up is not the relay's latency).
    await cli(['user', 'revoke', '--user', userId]);
    await waitFor(() => closes.size === 3, 'the revoked user’s socket closed on every node', 5_000);
    expect([...closes.values()]).toEqual([4401, 4401, 4401]);
    for (const t of targets) expect(t.provider.shouldConnect).toBe(false);
    // Everyone else is still connected and still syncing across nodes.
    expect(others.every((o) => o.provider.wsconnected)).toBe(true);
    others[0]!.doc.getMap('m').set('still-here', true);
    await waitFor(() => others.every((o) => o.doc.getMap('m').get('still-here') === true), 'others keep syncing across nodes');
  });
});
