/**
 * Scale-out harness: relay nodes as real processes (the sync harness's `startRelay` with `--store postgres://…
 * --redis redis://…`), one fresh PostgreSQL database per test file, a channel prefix per test file on the shared
 * Redis (or a private redis-server the test can stop and start), a TCP load balancer in front of the nodes, and
 * readers that check the store row by row.
 *
 * Needs GW_TEST_PG_URL and GW_TEST_REDIS_URL (`eval "$(scripts/test-services.sh start)"`); without them the
 * scale tests are skipped with one line saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { loadOrCreateSecret } from '#sync-server/auth/tokens.ts';
import { RELAY_BIN, tempDataDir, removeDir, waitFor, type RelayProcess } from '../sync/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * A relay node process, as the sync harness starts one, with a start-up allowance for a busy CI machine (three
 * nodes per test file, several files at once).
 */
export async function startNode(dataDir: string, args: string[], port = 0, startTimeoutMs = 60_000): Promise<RelayProcess> {
  const proc = spawn(process.execPath, [RELAY_BIN, 'serve', '--port', String(port), '--data', dataDir, '--quiet', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const listening = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`relay node did not start within ${startTimeoutMs} ms:\n${out}`));
    }, startTimeoutMs);
    proc.stdout!.on('data', (d: string) => {
      out += d;
      const m = /"msg":"listening".*?"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay node exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    port: listening,
    url: `ws://127.0.0.1:${listening}`,
    http: `http://127.0.0.1:${listening}`,
    dataDir,
    proc,
    output: () => out,
    stop: async () => {
      proc.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export const PG_URL = process.env.GW_TEST_PG_URL ?? '';
export const REDIS_URL = process.env.GW_TEST_REDIS_URL ?? '';
export const REDIS_SERVER = process.env.GW_TEST_REDIS_SERVER || 'redis-server';
export const SERVICES = Boolean(PG_URL && REDIS_URL);
export const SKIP_LINE = 'scale-out tests skipped: GW_TEST_PG_URL / GW_TEST_REDIS_URL not set — run `eval "$(sudo scripts/test-services.sh start)"` first';

export function sayIfSkipped(): void {
  if (!SERVICES) console.log(SKIP_LINE);
}

const rand = () => Math.random().toString(36).slice(2, 10);

/** A fresh database on the test cluster; `drop()` removes it (and any connection still open to it). */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gwt_${rand()}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface Cluster {
  nodes: (RelayProcess | null)[];
  /** The data dir holding the shared secret (mint tokens and run the CLI against it). */
  secretDir: string;
  pgUrl: string;
  redisUrl: string;
  prefix: string;
  args: string[];
  start(i: number, port?: number): Promise<RelayProcess>;
  stop(): Promise<void>;
}

/** `n` relay nodes on loopback sharing one PostgreSQL database and one Redis (own channel prefix). */
export async function startCluster(n: number, opts: { pgUrl: string; redisUrl?: string; args?: string[] }): Promise<Cluster> {
  const secretDir = tempDataDir();
  loadOrCreateSecret(secretDir);
  const dirs: string[] = [secretDir];
  const prefix = `gwt-${rand()}`;
  const redisUrl = opts.redisUrl ?? REDIS_URL;
  const args = ['--store', opts.pgUrl, '--redis', redisUrl, '--redis-prefix', prefix, ...(opts.args ?? [])];
  const cluster: Cluster = {
    nodes: [],
    secretDir,
    pgUrl: opts.pgUrl,
    redisUrl,
    prefix,
    args,
    async start(i, port) {
      // Every node signs and checks tokens with the same secret (deploy.md: the same secret.key on each node).
      const dataDir = i === 0 ? secretDir : tempDataDir();
      if (i !== 0) {
        copyFileSync(join(secretDir, 'secret.key'), join(dataDir, 'secret.key'));
        dirs.push(dataDir);
      }
      const node = await startNode(dataDir, [...args, '--node-id', `node${i + 1}`], port);
      cluster.nodes[i] = node;
      return node;
    },
    async stop() {
      await Promise.all(
        cluster.nodes.map(async (nd) => {
          if (!nd || nd.proc.exitCode !== null || nd.proc.signalCode !== null) return;
          // SIGTERM flushes and exits; a node stuck on a dropped database gets SIGKILL after 15 s.
          const hard = setTimeout(() => nd.proc.kill('SIGKILL'), 15_000);
          await nd.stop();
          clearTimeout(hard);
        }),
      );
      for (const d of dirs) removeDir(d);
    },
  };
  // The first start applies the migrations; the others then start together and find them done.
  try {
    await cluster.start(0);
    await Promise.all(Array.from({ length: n - 1 }, (_, i) => cluster.start(i + 1)));
  } catch (err) {
    // afterAll never sees a cluster that failed to start: stop what did start here.
    await cluster.stop();
    throw err;
  }
  return cluster;
}

/**
 * A plain TCP load balancer (what HAProxy in `mode tcp` does): each new connection goes to the next backend
 * in turn; a backend that refuses is skipped. A killed node's clients therefore reconnect to another node.
 */
export async function startBalancer(backends: () => number[]): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  let next = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const ports = backends();
    const first = next++;
    const tryBackend = (attempt: number) => {
      if (attempt >= ports.length) return client.destroy();
      const port = ports[(first + attempt) % ports.length]!;
      const upstream = tcpConnect(port, '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        sockets.add(upstream);
        upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
        client.on('close', () => upstream.destroy());
        upstream.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.once('error', () => {
        if (!connected) tryBackend(attempt + 1);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A redis-server of the test's own, so the test can stop and restart it. */
export async function privateRedis(): Promise<{ url: string; start: () => Promise<void>; stop: () => Promise<void> }> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn(REDIS_SERVER, ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    await waitFor(() => /Ready to accept connections/.test(out), `redis-server ready on ${port}:\n${out}`, 10_000);
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

export interface StoredRow {
  seq: number;
  user: string;
  at: number;
  bytes: Uint8Array;
}

/** Everything the store holds for a room: the doc it loads to (snapshot + later updates) and every audit row. */
export async function readStoredRoom(pgUrl: string, room: string): Promise<{ doc: Y.Doc; rows: StoredRow[]; snapshots: number }> {
  const c = new pg.Client({ connectionString: pgUrl });
  await c.connect();
  try {
    const snap = (await c.query<{ upto_seq: string; bytes: Buffer }>('SELECT upto_seq, bytes FROM snapshots WHERE room = $1', [room])).rows[0];
    const all = (await c.query<{ seq: string; user_id: string; at: string; bytes: Buffer }>('SELECT seq, user_id, at, bytes FROM updates WHERE room = $1 ORDER BY seq', [room])).rows;
    const rows = all.map((r) => ({ seq: Number(r.seq), user: r.user_id, at: Number(r.at), bytes: new Uint8Array(r.bytes) }));
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, snap.bytes);
    for (const r of rows) if (r.seq > Number(snap?.upto_seq ?? 0)) Y.applyUpdate(doc, r.bytes);
    return { doc, rows, snapshots: snap ? 1 : 0 };
  } finally {
    await c.end();
  }
}

/**
 * Counts items stored more than once: every insertion a client made is an id range (client, clock…clock+len);
 * "stored once" means no two audit rows carry an overlapping range. Returns the number of overlapping clocks.
 */
export function duplicateClocks(rows: StoredRow[]): number {
  const seen = new Map<number, [number, number][]>();
  let dup = 0;
  for (const r of rows) {
    for (const s of Y.decodeUpdate(r.bytes).structs) {
      if (s.constructor.name === 'Skip') continue;
      const ranges = seen.get(s.id.client) ?? [];
      const a = s.id.clock;
      const b = a + s.length;
      for (const [x, y] of ranges) dup += Math.max(0, Math.min(b, y) - Math.max(a, x));
      ranges.push([a, b]);
      seen.set(s.id.client, ranges);
    }
  }
  return dup;
}

export async function health(http: string): Promise<{ ok: boolean; node: string; storeOk: boolean; redis: string; store: string }> {
  return (await (await fetch(`${http}/healthz`)).json()) as { ok: boolean; node: string; storeOk: boolean; redis: string; store: string };
}
