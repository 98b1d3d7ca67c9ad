/**
 * Three relay nodes sharing one PostgreSQL and one Redis. Clients spread over the nodes make random concurrent
 * edits — and a third of them join (so their node loads the room) while the others are already writing. Every
 * client converges to the same document holding every edit; the store holds every edit exactly once (no id
 * range in two audit rows: only the node that received an update stored it); presence crosses nodes; each node
 * reports itself on /healthz and labels its /metrics.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connectClient, metric, mintToken, rng, sleep, synced, waitFor, Y, type Client } from '../sync/harness.ts';
import { duplicateClocks, freshDatabase, health, readStoredRoom, SERVICES, sayIfSkipped, startCluster, type Cluster } from './harness.ts';

sayIfSkipped();

describe.skipIf(!SERVICES)('scale-out: three nodes, one PostgreSQL, one Redis', () => {
  let cluster: Cluster;
  let db: { url: string; drop: () => Promise<void> };
  const clients: Client[] = [];
  beforeAll(async () => {
    db = await freshDatabase();
    cluster = await startCluster(3, { pgUrl: db.url });
  }, 150_000);
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await cluster?.stop();
    await db?.drop();
  }, 60_000);

  const ROOM = 'eng-scale';
  const PER_NODE = 3;

  /** Map keys sorted (a Y.Map's iteration order depends on arrival order); types named (a doc read from the store
   * has not declared them yet); hashed to keep failures readable. */
  const fingerprint = (doc: Y.Doc) =>
    createHash('sha256')
      .update(JSON.stringify({ edits: doc.getMap('edits').toJSON(), order: doc.getArray('order').toJSON(), notes: doc.getText('notes').toString() }, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v)))
      .digest('hex');

  function missing(doc: Y.Doc, edits: string[]): string[] {
    const map = doc.getMap('edits');
    const text = doc.getText('notes').toString();
    const list = new Set(doc.getArray<string>('order').toArray());
    return edits.filter((e) => !map.has(e) || !list.has(e) || !text.includes(`[${e}]`));
  }

  test('random concurrent edits over three nodes converge, every edit stored exactly once', async () => {
    const nodes = cluster.nodes.map((n) => n!);
    const token = mintToken(cluster.secretDir, { eng: [ROOM] });
    // Nodes 1 and 2 first; node 3's clients join mid-run, so node 3 loads the room while updates are flowing.
    for (const node of nodes.slice(0, 2)) for (let i = 0; i < PER_NODE; i++) clients.push(connectClient(node.url, ROOM, token));
    await Promise.all(clients.map((c) => synced(c)));

    const edits: string[] = [];
    const random = rng(8);
    let writing = true;
    const writer = async (c: Client, id: number) => {
      for (let n = 0; writing; n++) {
        const key = `c${id}.${n}`;
        edits.push(key);
        c.doc.transact(() => {
          c.doc.getMap('edits').set(key, { by: id, n });
          c.doc.getArray<string>('order').insert(Math.floor(random() * (c.doc.getArray('order').length + 1)), [key]);
          const t = c.doc.getText('notes');
          // At either end: a random offset could split another edit's marker and hide it from the check.
          t.insert(random() < 0.5 ? 0 : t.length, `[${key}]`);
        });
        await sleep(Math.floor(random() * 8));
      }
    };
    const writers = clients.map((c, i) => writer(c, i));
    await waitFor(() => edits.length > 120, "first edits");
    const late: Client[] = [];
    for (let i = 0; i < PER_NODE; i++) late.push(connectClient(nodes[2]!.url, ROOM, token));
    clients.push(...late);
    await Promise.all(late.map((c) => synced(c)));
    writers.push(...late.map((c, i) => writer(c, 2 * PER_NODE + i)));
    await waitFor(() => edits.length > 500, 'edits from every node', 20_000);
    writing = false;
    await Promise.all(writers);

    await waitFor(() => clients.every((c) => missing(c.doc, edits).length === 0), 'every edit on every client', 30_000);
    const reference = fingerprint(clients[0]!.doc);
    expect(clients.map((c) => fingerprint(c.doc))).toEqual(clients.map(() => reference));

    await waitFor(async () => missing((await readStoredRoom(cluster.pgUrl, ROOM)).doc, edits).length === 0, 'every edit in PostgreSQL', 10_000);
    const stored = await readStoredRoom(cluster.pgUrl, ROOM);
    expect(fingerprint(stored.doc)).toBe(reference);
    expect(duplicateClocks(stored.rows)).toBe(0);
    // Each node stored what its own clients sent (the audit log names the user; the three nodes all wrote).
    const storedPerNode = await Promise.all(nodes.map((n) => metric(n.http, 'groundwork_relay_updates_total', 'stored')));
    for (const s of storedPerNode) expect(s).toBeGreaterThan(0);
    expect(storedPerNode.reduce((a, b) => a + b, 0)).toBe(stored.rows.length);
  });

  test('presence set on one node is seen by clients on the other two, and its removal too', async () => {
    const token = mintToken(cluster.secretDir, { eng: [ROOM] });
    const [a, b, c] = cluster.nodes.map((n) => connectClient(n!.url, ROOM, token));
    clients.push(a!, b!, c!);
    await Promise.all([a, b, c].map((x) => synced(x!)));
    a!.provider.awareness.setLocalStateField('user', { id: 'u-ana', name: 'Ana', color: '#c33' });
    const sees = (x: Client, id: number) => (x.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name === 'Ana';
    await waitFor(() => sees(b!, a!.doc.clientID) && sees(c!, a!.doc.clientID), 'presence on node 2 and node 3');
    a!.provider.awareness.setLocalState(null);
    await waitFor(() => !b!.provider.awareness.getStates().has(a!.doc.clientID) && !c!.provider.awareness.getStates().has(a!.doc.clientID), 'presence removed everywhere');
  });

  test('each node reports its id, store and Redis on /healthz and labels /metrics with it', async () => {
    const seen = new Set<string>();
    for (const n of cluster.nodes) {
      const h = await health(n!.http);
      expect(h).toMatchObject({ ok: true, store: 'postgres', storeOk: true, redis: 'ready' });
      seen.add(h.node);
      const text = await (await fetch(`${n!.http}/metrics`)).text();
      expect(text).toContain(`groundwork_relay_redis_up{node="${h.node}"} 1`);
      expect(text).toMatch(new RegExp(`groundwork_relay_fanout_messages_total\\{direction="in",kind="update",node="${h.node}"\\} [1-9]`));
    }
    expect(seen).toEqual(new Set(['node1', 'node2', 'node3']));
  });
});
