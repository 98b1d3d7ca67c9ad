// `npm run bench:sync`: the same workloads against our relay (sync-server, SQLite, auth on) and the reference
// @y/websocket-server@0.1.1 (in memory, no auth), each in its own child process, clients in this process.
// Prints each figure and the ratio ours/reference. Nothing asserts: it reports. Scale with BENCH_SCALE=0.5 etc.
// Run with tsx's loader (the script imports the relay's token module to mint tokens).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { loadOrCreateSecret, nowSeconds, signToken } from '../../sync-server/auth/tokens.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (x) => Math.max(1, Math.round(x * SCALE));
process.setMaxListeners(0);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length - 1) * q))] : NaN;
};
async function waitFor(cond, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timeout: ${what}`);
    await sleep(10);
  }
}
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

async function startServer(kind) {
  const port = await freePort();
  let proc;
  let dataDir = null;
  if (kind === 'ours') {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
    proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/cli.ts', 'serve', '--port', String(port), '--data', dataDir, '--quiet', '--max-connections-per-ip', '1000000', '--max-buffered-bytes', String(64 * 1024 * 1024)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  } else {
    proc = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  }
  await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      if (/listening|running at/.test(out)) resolve();
    });
    proc.once('exit', (c) => reject(new Error(`${kind} exited ${c}: ${out}`)));
  });
  proc.stdout.resume();
  const token = dataDir ? signToken({ sub: 'bench', name: 'Bench', role: 'expert', eng: ['*'], iat: nowSeconds(), exp: nowSeconds() + 86400, jti: 'bench' }, loadOrCreateSecret(dataDir)) : null;
  return {
    kind,
    url: `ws://127.0.0.1:${port}`,
    pid: proc.pid,
    protocols: token ? ['groundwork', `token.${token}`] : [],
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function provider(server, room, doc = new Y.Doc()) {
  const p = new WebsocketProvider(server.url, room, doc, { WebSocketPolyfill: WebSocket, protocols: server.protocols, disableBc: true, maxBackoffTime: 500 });
  return { doc, p, destroy: () => (p.destroy(), doc.destroy()) };
}
const allSynced = (cs) => waitFor(() => cs.every((c) => c.p.synced), 'synced');

/** A raw y-websocket client: handshake (sync step 1), then only counts what it receives. */
function rawClient(server, room) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}/${room}`, server.protocols);
    const c = { ws, received: 0 };
    ws.on('message', () => c.received++);
    ws.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
      ws.send(encoding.toUint8Array(e));
      resolve(c);
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

// 1. Fan-out latency: 50 rooms × 10 clients; one writer per room, the other 9 time each edit's arrival.
async function fanout(server) {
  const ROOMS = n(50);
  const PER = 10;
  const ROUNDS = 20;
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(Array.from({ length: PER }, () => provider(server, `fan-${r}`)));
  await allSynced(rooms.flat());
  const samples = [];
  for (const clients of rooms)
    for (const c of clients.slice(1))
      c.doc.getMap('m').observe((e) => {
        const now = performance.now();
        for (const k of e.keysChanged) samples.push(now - c.doc.getMap('m').get(k));
      });
  for (let round = 0; round < ROUNDS; round++) {
    for (const clients of rooms) clients[0].doc.getMap('m').set(`r${round}`, performance.now());
    await sleep(50);
  }
  await waitFor(() => samples.length >= ROOMS * (PER - 1) * ROUNDS, 'fan-out delivered');
  for (const c of rooms.flat()) c.destroy();
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

// 2. Memory per idle connection (2,000 sockets over 100 rooms), and after everyone leaves.
async function memory(server) {
  const CONNS = n(2000);
  await sleep(300);
  const base = rssMiB(server.pid);
  const clients = [];
  for (let i = 0; i < CONNS; i += 100) clients.push(...(await Promise.all(Array.from({ length: Math.min(100, CONNS - i) }, (_, j) => rawClient(server, `idle-${(i + j) % 100}`)))));
  await waitFor(() => clients.every((c) => c.received > 0), 'idle handshakes');
  await sleep(1000);
  const loaded = rssMiB(server.pid);
  for (const c of clients) c.ws.close();
  await sleep(3500);
  const after = rssMiB(server.pid);
  return { perConnKiB: ((loaded - base) * 1024) / CONNS, afterLeaveMiB: after - base };
}

// 3. Catch-up: a fresh client on a 20,000-update document (room unloaded first where the server unloads).
async function catchup(server) {
  const UPDATES = n(20000);
  const room = 'catchup';
  const w = await rawClient(server, room);
  const src = new Y.Doc();
  const msgs = [];
  src.on('update', (u) => msgs.push(updateMessage(u)));
  const text = src.getText('t');
  for (let i = 0; i < UPDATES; i++) text.insert(text.length, i % 10 === 0 ? '\n' : 'x');
  for (let i = 0; i < msgs.length; i += 200) {
    for (const m of msgs.slice(i, i + 200)) w.ws.send(m);
    await sleep(1);
  }
  const check = provider(server, room);
  await waitFor(() => check.doc.getText('t').length === UPDATES, 'writer done', 120_000);
  check.destroy();
  w.ws.close();
  await sleep(2500);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const c = provider(server, room);
    await waitFor(() => c.p.synced && c.doc.getText('t').length === UPDATES, 'fresh client caught up');
    times.push(performance.now() - t0);
    c.destroy();
    await sleep(2500);
  }
  return { ms: quantile(times, 0.5) };
}

// 4. Saturation: 1 room × 50 clients all writing; edits/s until one observer has every edit.
async function saturation(server) {
  const WRITERS = 50;
  const EACH = n(200);
  const room = 'saturation';
  const observer = provider(server, room);
  await allSynced([observer]);
  const writers = await Promise.all(Array.from({ length: WRITERS }, () => rawClient(server, room)));
  const queues = writers.map(() => {
    const d = new Y.Doc();
    const out = [];
    d.on('update', (u) => out.push(updateMessage(u)));
    for (let i = 0; i < EACH; i++) d.getMap(`w${d.clientID}`).set(`k${i}`, i);
    return out;
  });
  const total = WRITERS * EACH;
  let seen = 0;
  observer.doc.on('update', () => {
    let s = 0;
    observer.doc.share.forEach((t) => (s += t instanceof Y.Map || t._map ? t._map.size : 0));
    seen = s;
  });
  const t0 = performance.now();
  for (let i = 0; i < EACH; i += 10) {
    writers.forEach((w, k) => {
      for (const m of queues[k].slice(i, i + 10)) w.ws.send(m);
    });
    await new Promise((r) => setImmediate(r));
  }
  await waitFor(() => seen >= total, 'all edits at the observer', 180_000);
  const seconds = (performance.now() - t0) / 1000;
  for (const w of writers) w.ws.close();
  observer.destroy();
  return { editsPerSec: total / seconds };
}

const results = {};
for (const kind of ['ours', 'reference']) {
  const server = await startServer(kind);
  try {
    process.stdout.write(`${kind}: fan-out… `);
    const f = await fanout(server);
    process.stdout.write('memory… ');
    const m = await memory(server);
    process.stdout.write('catch-up… ');
    const c = await catchup(server);
    process.stdout.write('saturation… ');
    const s = await saturation(server);
    results[kind] = { 'fan-out p50 (ms)': f.p50, 'fan-out p99 (ms)': f.p99, 'memory per idle connection (KiB)': m.perConnKiB, 'memory after all leave (MiB over baseline)': m.afterLeaveMiB, 'catch-up, 20k-update doc (ms)': c.ms, 'relayed edits/s, 1 room × 50 writers': s.editsPerSec };
    console.log('done');
  } finally {
    await server.stop();
  }
}

const lowerIsBetter = (k) => !k.includes('edits/s');
console.log(`\nscale ${SCALE} · Node ${process.version} · ${new Date().toISOString()}\n`);
console.log('| figure | ours (relay, SQLite, auth) | @y/websocket-server 0.1.1 (memory) | ours/ref | better |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const k of Object.keys(results.ours)) {
  const a = results.ours[k];
  const b = results.reference[k];
  const ratio = b === 0 ? NaN : a / b;
  const better = lowerIsBetter(k) ? (a <= b ? 'ours' : 'reference') : a >= b ? 'ours' : 'reference';
  console.log(`| ${k} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${ratio.toFixed(2)} | ${better} |`);
}
process.exit(0);
