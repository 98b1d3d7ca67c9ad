// `npm run bench:scale`: the relay as 1, 2 and 3 nodes on PostgreSQL + Redis, side by side with the single
// SQLite node (the default), in one run, with ratios against the SQLite node. Nodes are child processes on
// loopback; clients live in this process. Needs GW_TEST_PG_URL and GW_TEST_REDIS_URL
// (`eval "$(sudo scripts/test-services.sh start)"`). Nothing asserts: it reports. Scale with BENCH_SCALE=0.5 etc.
//
// Workloads
//   fan-out latency   20 rooms × 6 clients spread over the nodes; one writer per room; each other client times
//                     each edit's arrival (p50/p99, and p50 for receivers on another node than the writer).
//   relayed updates/s (spread)   1 room, 30 writers spread over the nodes, one observer per node: edits/s until every
//                     observer has every edit — each edit is stored once and crosses Redis to every other node.
//   relayed updates/s (by room)  12 rooms, each room's clients all on one node (what routing by engagement at the
//                     load balancer gives): no cross-node traffic, the nodes share only PostgreSQL.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import pg from 'pg';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { loadOrCreateSecret, nowSeconds, signToken } from '../../sync-server/auth/tokens.ts';
import { relayCommand } from './relay-command.mjs';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (x) => Math.max(1, Math.round(x * SCALE));
const PG_URL = process.env.GW_TEST_PG_URL;
const REDIS_URL = process.env.GW_TEST_REDIS_URL;
if (!PG_URL || !REDIS_URL) {
  console.log('bench:scale needs PostgreSQL and Redis: run `eval "$(sudo scripts/test-services.sh start)"` first (sets GW_TEST_PG_URL, GW_TEST_REDIS_URL).');
  process.exit(0);
}
process.setMaxListeners(0);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length - 1) * q))] : NaN;
};
async function waitFor(cond, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await sleep(5);
  }
}
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

function startNode(dataDir, extra) {
  return freePort().then(async (port) => {
    const relay = relayCommand();
    const proc = spawn(process.execPath, [...relay.nodeArgs, relay.script, 'serve', '--port', String(port), '--data', dataDir, '--quiet', '--max-connections-per-ip', '1000000', '--max-buffered-bytes', String(64 * 1024 * 1024), ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      let out = '';
      proc.stdout.on('data', (d) => {
        out += d;
        if (/"listening"/.test(out)) resolve();
      });
      proc.once('exit', (c) => reject(new Error(`node exited ${c}: ${out}`)));
    });
    proc.stdout.resume();
    return { url: `ws://127.0.0.1:${port}`, proc };
  });
}

/** A deployment: `nodes` relay processes on one store (sqlite: one node, its own file). */
async function startDeployment(kind, nodes) {
  const dirs = [];
  const dir0 = mkdtempSync(path.join(tmpdir(), 'gw-bench-scale-'));
  dirs.push(dir0);
  const secret = loadOrCreateSecret(dir0);
  let db = null;
  let extra = [];
  if (kind === 'postgres') {
    db = `gwb_${Math.random().toString(36).slice(2, 10)}`;
    await adminQuery(`CREATE DATABASE ${db}`);
    const u = new URL(PG_URL);
    u.pathname = `/${db}`;
    extra = ['--store', u.toString(), '--redis', REDIS_URL, '--redis-prefix', `bench-${db}`];
  }
  const procs = [];
  for (let i = 0; i < nodes; i++) {
    let dir = dir0;
    if (i > 0) {
      dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-scale-'));
      dirs.push(dir);
      copyFileSync(path.join(dir0, 'secret.key'), path.join(dir, 'secret.key'));
    }
    procs.push(await startNode(dir, [...extra, '--node-id', `bench${i + 1}`]));
  }
  const token = signToken({ sub: 'bench', name: 'Bench', role: 'expert', eng: ['*'], iat: nowSeconds(), exp: nowSeconds() + 86400, jti: 'bench' }, secret);
  return {
    urls: procs.map((p) => p.url),
    protocols: ['groundwork', `token.${token}`],
    stop: async () => {
      await Promise.all(
        procs.map((p) => {
          const exited = new Promise((r) => p.proc.once('exit', r));
          p.proc.kill('SIGTERM');
          return exited;
        }),
      );
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
      if (db) await adminQuery(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    },
  };
}

function provider(dep, node, room) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(dep.urls[node % dep.urls.length], room, doc, { WebSocketPolyfill: WebSocket, protocols: dep.protocols, disableBc: true, maxBackoffTime: 500 });
  return { doc, p, node: node % dep.urls.length, destroy: () => (p.destroy(), doc.destroy()) };
}
const allSynced = (cs) => waitFor(() => cs.every((c) => c.p.synced), 'synced');

function rawClient(dep, node, room) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${dep.urls[node % dep.urls.length]}/${room}`, dep.protocols);
    ws.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      ws.send(encoding.toUint8Array(e));
      resolve({ ws });
    });
    ws.on('error', reject);
  });
}
const updateMessage = (u) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, u);
  return encoding.toUint8Array(e);
};

async function fanoutLatency(dep) {
  const ROOMS = n(20);
  const PER = 6;
  const ROUNDS = 20;
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(Array.from({ length: PER }, (_, i) => provider(dep, r + i, `fan-${r}`)));
  await allSynced(rooms.flat());
  const all = [];
  const cross = [];
  for (const clients of rooms) {
    const writerNode = clients[0].node;
    for (const c of clients.slice(1))
      c.doc.getMap('m').observe((e) => {
        const now = performance.now();
        for (const k of e.keysChanged) {
          const ms = now - c.doc.getMap('m').get(k);
          all.push(ms);
          if (c.node !== writerNode) cross.push(ms);
        }
      });
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const clients of rooms) clients[0].doc.getMap('m').set(`r${round}`, performance.now());
    await sleep(50);
  }
  await waitFor(() => all.length >= ROOMS * (PER - 1) * ROUNDS, 'fan-out delivered');
  for (const c of rooms.flat()) c.destroy();
  return { p50: quantile(all, 0.5), p99: quantile(all, 0.99), crossP50: cross.length ? quantile(cross, 0.5) : NaN };
}

/** `rooms` rooms × `writers` raw writers each sending `each` edits; observers: one per node per room (spread) or one per room (by-room). */
async function throughput(dep, { rooms, writers, each, placement }) {
  const nodes = dep.urls.length;
  const nodeOf = (room, i) => (placement === 'spread' ? i % nodes : room % nodes);
  const observers = [];
  for (let r = 0; r < rooms; r++) {
    const targets = placement === 'spread' ? [...Array(nodes).keys()] : [r % nodes];
    for (const node of targets) observers.push({ room: r, c: provider(dep, node, `sat-${r}`) });
  }
  await allSynced(observers.map((o) => o.c));
  const ws = [];
  for (let r = 0; r < rooms; r++) for (let i = 0; i < writers; i++) ws.push({ room: r, client: await rawClient(dep, nodeOf(r, i), `sat-${r}`) });
  const queues = ws.map(() => {
    const d = new Y.Doc();
    const out = [];
    d.on('update', (u) => out.push(updateMessage(u)));
    for (let i = 0; i < each; i++) d.getMap('m').set(`${d.clientID}.${i}`, i);
    return out;
  });
  const perRoom = writers * each;
  await sleep(200);
  const t0 = performance.now();
  for (let i = 0; i < each; i += 10) {
    ws.forEach((w, k) => {
      for (const m of queues[k].slice(i, i + 10)) w.client.ws.send(m);
    });
    await new Promise((r) => setImmediate(r));
  }
  await waitFor(() => observers.every((o) => o.c.doc.getMap('m').size >= perRoom), 'every edit at every observer', 300_000);
  const seconds = (performance.now() - t0) / 1000;
  for (const w of ws) w.client.ws.close();
  for (const o of observers) o.c.destroy();
  return (rooms * perRoom) / seconds;
}

const configs = [
  { label: 'SQLite ×1', kind: 'sqlite', nodes: 1 },
  { label: 'PG+Redis ×1', kind: 'postgres', nodes: 1 },
  { label: 'PG+Redis ×2', kind: 'postgres', nodes: 2 },
  { label: 'PG+Redis ×3', kind: 'postgres', nodes: 3 },
];
const results = {};
for (const cfg of configs) {
  process.stdout.write(`${cfg.label}: start… `);
  const dep = await startDeployment(cfg.kind, cfg.nodes);
  try {
    await sleep(500);
    process.stdout.write('fan-out… ');
    const f = await fanoutLatency(dep);
    process.stdout.write('spread… ');
    const spread = await throughput(dep, { rooms: 1, writers: 30, each: n(100), placement: 'spread' });
    process.stdout.write('by-room… ');
    const byRoom = await throughput(dep, { rooms: 12, writers: 5, each: n(100), placement: 'by-room' });
    results[cfg.label] = {
      'fan-out p50 (ms)': f.p50,
      'fan-out p99 (ms)': f.p99,
      'fan-out p50, receiver on another node (ms)': f.crossP50,
      'relayed updates/s, 1 room, 30 writers spread over nodes': spread,
      'relayed updates/s, 12 rooms, routed by room': byRoom,
    };
    console.log('done');
  } finally {
    await dep.stop();
  }
}

const base = results['SQLite ×1'];
const labels = configs.map((c) => c.label);
console.log(`\nscale ${SCALE} · Node ${process.version} · ${cpus().length} CPU(s) (${cpus()[0]?.model ?? '?'}) · ${new Date().toISOString()}\n`);
console.log(`| figure | ${labels.join(' | ')} | ${labels.slice(1).map((l) => `${l} / SQLite`).join(' | ')} |`);
console.log(`| --- | ${labels.map(() => '---:').join(' | ')} | ${labels.slice(1).map(() => '---:').join(' | ')} |`);
for (const k of Object.keys(base)) {
  const vals = labels.map((l) => results[l][k]);
  const ratios = labels.slice(1).map((l) => (Number.isFinite(results[l][k]) && base[k] ? (results[l][k] / base[k]).toFixed(2) : '–'));
  console.log(`| ${k} | ${vals.map((v) => (Number.isFinite(v) ? v.toFixed(1) : '–')).join(' | ')} | ${ratios.join(' | ')} |`);
}
console.log(`
What this can and cannot show. Every node, PostgreSQL, Redis and all the clients share this machine's ${cpus().length} core(s),
so adding a node adds no CPU: it adds processes competing for the same cores, plus a Redis hop for receivers on
another node and another copy of each busy room in memory. Here, more nodes cannot raise throughput, and the
latency figures move with whatever else the machine is doing. What the run does show is that the scale-out path
works under load and what it costs on one machine: PostgreSQL over the network instead of an in-process SQLite file
(the ×1 column), and the extra hop through Redis (the "another node" line). Whether three nodes carry three times
the load needs nodes on separate machines, with PostgreSQL, Redis and the clients elsewhere — a measurement of a
real deployment, which this benchmark cannot make.`);
process.exit(0);
