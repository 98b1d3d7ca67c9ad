/**
 * Invites and blob refs are in the PostgreSQL every node shares (ADR 0011 addendum): an invite the CLI makes with
 * `--store postgres://…` is redeemed on whichever node the request reaches, once, even when nodes race for it; a
 * blob PUT on one node is held by its engagement for every node — whose GET succeeds once the bytes are on its
 * disk too (a shared blobs volume, simulated here by copying the file), and stays 404 for another engagement.
 */
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mintToken, relayCli } from '../sync/harness.ts';
import { freshDatabase, SERVICES, sayIfSkipped, startCluster, type Cluster } from './harness.ts';

sayIfSkipped();

describe.skipIf(!SERVICES)('scale-out: invites and blob refs are shared by every node', () => {
  let cluster: Cluster;
  let db: { url: string; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await freshDatabase();
    cluster = await startCluster(2, { pgUrl: db.url });
  }, 150_000);
  afterAll(async () => {
    await cluster?.stop();
    await db?.drop();
  }, 60_000);

  const cli = (args: string[]) => relayCli(cluster.secretDir, [...args, '--store', cluster.pgUrl]);
  const lastLine = (s: string) => s.trim().split('\n').pop()!.trim();
  const redeemOn = (i: number, code: string) =>
    fetch(`${cluster.nodes[i]!.http}/api/invites/redeem`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });

  test('an invite made with the CLI against PostgreSQL is redeemed on the other node, once; racing nodes issue one token', async () => {
    await cli(['engagement', 'add', '--id', 'eng-s', '--city', 'Tula', '--state', 'Hidalgo']);
    const code = lastLine(await cli(['user', 'add', '--name', 'Sara Shared', '--role', 'expert', '--engagement', 'eng-s', '--invite']));
    // The CLI ran against node 1's data dir; node 2 has never seen that dir.
    const r = await redeemOn(1, code);
    expect(r.status).toBe(200);
    expect(((await r.json()) as { user: { name: string } }).user.name).toBe('Sara Shared');
    const again = await redeemOn(0, code);
    expect(again.status).toBe(410);
    expect(await again.json()).toMatchObject({ error: 'used' });

    const raced = lastLine(await cli(['user', 'add', '--id', 'u-raced', '--name', 'Rui Raced', '--role', 'viewer', '--engagement', 'eng-s', '--invite']));
    const answers = await Promise.all([0, 1, 0, 1, 0, 1].map((i) => redeemOn(i, raced)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410, 410, 410, 410]);
    const c = new pg.Client({ connectionString: cluster.pgUrl });
    await c.connect();
    try {
      const tokens = await c.query("SELECT jti FROM tokens WHERE user_id = 'u-raced'");
      expect(tokens.rowCount).toBe(1);
      // Only the code's hash is in the database, never the code.
      const invites = await c.query<{ code_hash: string }>('SELECT code_hash FROM invites');
      expect(invites.rowCount).toBe(2);
      expect(JSON.stringify(invites.rows)).not.toContain(raced.replace(/^GW-/, '').replace(/-/g, ''));
    } finally {
      await c.end();
    }
  }, 60_000);

  test('a blob PUT on one node is held by its engagement on every node; the other node serves it once the bytes are on its disk', async () => {
    const token = mintToken(cluster.secretDir, { eng: ['eng-s', 'eng-t'] });
    const bytes = randomBytes(20_000);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const url = (i: number, eng = 'eng-s') => `${cluster.nodes[i]!.http}/blobs/${eng}/${hash}`;
    const auth = { Authorization: `Bearer ${token}` };
    const put = await fetch(url(0), { method: 'PUT', body: new Blob([new Uint8Array(bytes)]), headers: { ...auth, 'Content-Type': 'image/png' } });
    expect(put.status).toBe(201);
    const c = new pg.Client({ connectionString: cluster.pgUrl });
    await c.connect();
    try {
      expect((await c.query('SELECT engagement, sha256 FROM blob_refs')).rows).toEqual([{ engagement: 'eng-s', sha256: hash }]);
    } finally {
      await c.end();
    }
    // Bytes are per node: without a shared volume node 2 cannot serve them (deploy.md says so).
    expect((await fetch(url(1), { headers: auth })).status).toBe(404);
    const dir = join(cluster.nodes[1]!.dataDir, 'blobs', hash.slice(0, 2));
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(cluster.nodes[0]!.dataDir, 'blobs', hash.slice(0, 2), hash), join(dir, hash));
    const get = await fetch(url(1), { headers: auth });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await get.arrayBuffer()).equals(bytes)).toBe(true);
    // Another engagement still does not hold it, on either node.
    expect((await fetch(url(1, 'eng-t'), { headers: auth })).status).toBe(404);
    expect((await fetch(url(0, 'eng-t'), { headers: auth })).status).toBe(404);
    // Re-uploading into the engagement on node 2 finds the shared ref: 200, not 201.
    expect((await fetch(url(1), { method: 'PUT', body: new Blob([new Uint8Array(bytes)]), headers: auth })).status).toBe(200);
  }, 60_000);
});
