// `npm run bench:sync`: the same workloads against our relay (sync-server, SQLite, auth on), the reference
// @y/websocket-server@0.1.1 (in memory, no auth) and Hocuspocus 3.4.4 (@hocuspocus/server, in memory, and with
// persistence: @hocuspocus/extension-database writing to better-sqlite3 — its own SQLite extension needs the
// native `sqlite3` module, which is not installed, so extension-database + better-sqlite3 is the equivalent).
// Each server runs in its own child process; the clients run here.
// Clients: where a figure is what an app would see (fan-out, catch-up, offline edits), every server is driven
// by its own provider — y-websocket's WebsocketProvider for ours and the reference (the app's client),
// @hocuspocus/provider's HocuspocusProvider for Hocuspocus. Idle sockets (memory) and the flood writers of the
// saturation run use one minimal raw client (y-protocols sync + each server's framing) so the load is the same.
// Timed waits resolve on the document's own events (not by polling), so short figures are not rounded up.
// Prints each figure and one table with ratios against the best peer. Nothing asserts: it reports.
// Scale with BENCH_SCALE=0.5 etc.; BENCH_SERVERS=ours,reference,…,floor picks servers; BENCH_PHASES=… picks figures;
// BENCH_FANOUT_RUNS (24), BENCH_FANOUT_WARMUPS (2), BENCH_MEMORY_RUNS (3), BENCH_SATURATION_RUNS (5) and BENCH_RUNS
// (31) set the repetitions;
// BENCH_FANOUT_PROCS (2) the fan-out client processes (see fanout()); BENCH_VERBOSE=1 prints per-run detail.
// BENCH_OURS_BASE=<another checkout> (a git worktree of the base commit, with node_modules) adds `ours-base`: the
// relay of that checkout, measured interleaved with ours in the same run — an A/B of a change that drift between
// separate runs of the bench would hide. Never a peer; a closing line gives ours ÷ ours-base per figure.
// BENCH_ROLE=lead gives our relay's bench token the lead role (the review guard then skips its check) — to see
// what the guard costs; the figures of record use an expert, as the issue's experts are.
// Run with tsx's loader (the script imports the relay's token module to mint tokens).
// This process runs with a 64 MiB young generation (`npm run bench:sync` passes --max-semi-space-size=64; the
// servers keep their own settings). It hosts every client — up to 2,000 of them — and with V8's default young
// generation a collection of the earlier clients' garbage landed inside about half of the timed catch-up runs,
// copying the fresh client's 20,000 new items for 10–35 ms on whichever server's turn it was (traced per run with
// a GC observer: 10–18 ms without one, 30–50 ms with). The catch-up medians then flipped between 0.6 and 2.0 from
// one bench run to the next on the same code. A real fresh client is a fresh app, not one sharing its heap with
// 500 others; with the larger young generation such a collection lands in about one run in ten, on every server.
import { fork, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { relayCommand } from './relay-command.mjs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket, WebSocketServer } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { loadOrCreateSecret, nowSeconds, signToken } from '../../sync-server/auth/tokens.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const n = (x) => Math.max(1, Math.round(x * SCALE));
process.setMaxListeners(0);

// ——— Hocuspocus server child: `sync.bench.mjs --serve-hocuspocus memory|sqlite PORT DIR` ———
if (process.argv[2] === '--serve-hocuspocus') {
  const [, , , mode, port, dir] = process.argv;
  const { Server } = await import('@hocuspocus/server');
  const extensions = [];
  if (mode === 'sqlite') {
    const { Database } = await import('@hocuspocus/extension-database');
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(path.join(dir, 'hocuspocus.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)');
    const get = db.prepare('SELECT data FROM documents WHERE name = ?');
    const put = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data');
    extensions.push(new Database({ fetch: async ({ documentName }) => get.get(documentName)?.data ?? null, store: async ({ documentName, state }) => void put.run(documentName, state) }));
  }
  const server = new Server({ port: Number(port), address: '127.0.0.1', quiet: true, extensions });
  await server.listen();
  process.on('SIGTERM', () => void server.destroy().then(() => process.exit(0)));
  console.log('listening');
  await new Promise(() => undefined);
}

// ——— The fan-out floor child: `sync.bench.mjs --serve-floor PORT` ———
// Not a peer: a relay that keeps no document, stores nothing and checks nothing. It answers a sync step 1 with an
// empty step 2 and forwards each update's (and presence message's) bytes as received to the room's other sockets —
// the clients get the messages any relay sends them (but for the presence of those already in a room, which a
// joiner is not sent), with no server work behind them — so its fan-out figures are
// what this bench's clients measure when a server costs next to nothing: the part of a fan-out figure no server can
// take away (the clients' own process decoding and applying 450 updates a round). It runs in the fan-out phase only
// (it has nothing to catch up on) and is never counted as the best peer.
if (process.argv[2] === '--serve-floor') {
  const step2 = encoding.createEncoder();
  encoding.writeVarUint(step2, 0);
  syncProtocol.writeSyncStep2(step2, new Y.Doc());
  const reply = encoding.toUint8Array(step2);
  const rooms = new Map();
  const wss = new WebSocketServer({ port: Number(process.argv[3]), host: '127.0.0.1', perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const name = req.url ?? '/';
    const room = rooms.get(name) ?? rooms.set(name, new Set()).get(name);
    room.add(ws);
    ws.on('close', () => (room.delete(ws), room.size || rooms.delete(name)));
    ws.on('message', (data) => {
      const d = decoding.createDecoder(data);
      const type = decoding.readVarUint(d); // 0: sync, 1: presence
      const kind = type === 0 ? decoding.readVarUint(d) : null;
      if (kind === syncProtocol.messageYjsSyncStep1) ws.send(reply);
      else if (type === 1 || kind === syncProtocol.messageYjsUpdate) for (const p of room) if (p !== ws) p.send(data);
    });
  });
  process.on('SIGTERM', () => process.exit(0));
  wss.on('listening', () => console.log('listening'));
  await new Promise(() => undefined);
}

// ——— Fan-out client process: `sync.bench.mjs --fanout-worker` (forked by fanout(), which says why) ———
// Holds its share of the fan-out rooms — each room's writer and its nine readers, so every latency is measured on
// one clock — and sets the writers' values when told a round starts.
if (process.argv[2] === '--fanout-worker') {
  let rooms = [];
  let byRound = [];
  let count = 0;
  process.on('message', async (m) => {
    if (m.type === 'setup') {
      count = 0;
      byRound = Array.from({ length: m.rounds }, () => []);
      rooms = m.rooms.map((name) => Array.from({ length: m.per }, () => providerClient(m.server, name)));
      await Promise.all(rooms.flat().map((c) => c.synced));
      for (const clients of rooms)
        for (const c of clients.slice(1))
          c.doc.getMap('m').observe((e) => {
            const now = performance.now();
            for (const k of e.keysChanged) {
              byRound[Number(k.slice(1))]?.push(now - c.doc.getMap('m').get(k));
              count++;
            }
          });
      process.send({ type: 'ready' });
    } else if (m.type === 'round') {
      for (const clients of rooms) clients[0].doc.getMap('m').set(`r${m.round}`, performance.now());
    } else if (m.type === 'finish') {
      const deadline = Date.now() + 60_000;
      while (count < m.expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      for (const c of rooms.flat()) c.destroy();
      rooms = [];
      process.send({ type: 'samples', byRound, complete: count >= m.expected });
    }
  });
  await new Promise(() => undefined);
}

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
/** Resolves as soon as `cond()` holds, checked after every transaction of `doc` (a timed wait: no polling lag). */
function untilDoc(doc, cond, what, timeoutMs = 120_000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!cond()) return;
      doc.off('afterTransaction', check);
      clearTimeout(timer);
      resolve(performance.now());
    };
    const timer = setTimeout(() => {
      doc.off('afterTransaction', check);
      reject(new Error(`timeout: ${what}`));
    }, timeoutMs);
    doc.on('afterTransaction', check);
    check();
  });
}
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
/** CPU time (user + system, ms) a process has used so far. */
const cpuMs = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
};
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const SERVERS = {
  ours: 'ours (relay, SQLite, auth)',
  reference: '@y/websocket-server 0.1.1 (memory)',
  'hocuspocus-memory': 'Hocuspocus 3.4.4 (memory)',
  'hocuspocus-sqlite': 'Hocuspocus 3.4.4 (extension-database + better-sqlite3)',
  floor: 'bare forwarder (fan-out floor, not a peer)',
};
/** Not a peer (see --serve-floor): measured in the fan-out phase only, never the best peer. */
const FLOOR = 'floor';
/** Our relay at BENCH_OURS_BASE (see the top): not a peer either. */
const OURS_BASE = 'ours-base';
const OURS_BASE_DIR = process.env.BENCH_OURS_BASE ? path.resolve(process.env.BENCH_OURS_BASE) : null;
if (OURS_BASE_DIR) SERVERS[OURS_BASE] = `ours at ${OURS_BASE_DIR} (A/B, not a peer)`;

/**
 * BENCH_SERVER_LOG=<dir> keeps each server's stdout in <dir>/<kind>.log, with a line at the start and end of every
 * fan-out run: what a tracing flag prints (BENCH_OURS_NODE_ARGS='--trace-deopt', '--trace-gc', …) can then be read
 * run by run, beside the run's CPU per round (BENCH_VERBOSE).
 */
function serverLog(kind, text) {
  if (process.env.BENCH_SERVER_LOG) appendFileSync(path.join(process.env.BENCH_SERVER_LOG, `${kind}.log`), text);
}

async function startServer(kind) {
  const port = await freePort();
  let proc;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
  const ours = kind === 'ours' || kind === OURS_BASE;
  if (ours) {
    // BENCH_OURS_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' profiles the relay (written when it stops); with
    // BENCH_OURS_BASE, the base relay gets BENCH_OURS_BASE_NODE_ARGS if set (A/B of a node flag: same code, two
    // flag sets). They come after `npm run relay`'s own flags, so a flag given here wins.
    const own = kind === OURS_BASE ? (process.env.BENCH_OURS_BASE_NODE_ARGS ?? process.env.BENCH_OURS_NODE_ARGS) : process.env.BENCH_OURS_NODE_ARGS;
    const nodeArgs = (own ?? '').split(' ').filter(Boolean);
    // The base of an A/B runs as its own checkout's `npm run relay` does (before ADR 0020: cli.ts through tsx).
    const relay = relayCommand(kind === OURS_BASE ? OURS_BASE_DIR : undefined);
    proc = spawn(process.execPath, [...relay.nodeArgs, ...nodeArgs, relay.script, 'serve', '--port', String(port), '--data', dataDir, '--quiet', '--max-connections-per-ip', '1000000', '--max-buffered-bytes', String(64 * 1024 * 1024)], { cwd: kind === OURS_BASE ? OURS_BASE_DIR : ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  } else if (kind === FLOOR) {
    proc = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve-floor', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  } else if (kind === 'reference') {
    proc = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], { cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) }, stdio: ['ignore', 'pipe', 'inherit'] });
  } else {
    proc = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--serve-hocuspocus', kind === 'hocuspocus-sqlite' ? 'sqlite' : 'memory', String(port), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  }
  await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      serverLog(kind, d);
      if (out === null) return; // started: the rest is only logged (if asked), never kept
      out += d;
      if (/listening|running at/.test(out)) {
        out = null;
        resolve();
      }
    });
    proc.once('exit', (c) => reject(new Error(`${kind} exited ${c}: ${out ?? ''}`)));
  });
  proc.stdout.resume();
  const token = ours ? signToken({ sub: 'bench', name: 'Bench', role: process.env.BENCH_ROLE ?? 'expert', eng: ['*'], iat: nowSeconds(), exp: nowSeconds() + 86400, jti: 'bench' }, loadOrCreateSecret(dataDir)) : null;
  return {
    kind,
    ours,
    hocus: kind.startsWith('hocuspocus'),
    // Hocuspocus in memory unloads (and forgets) a document when its last client leaves.
    forgetsOnLeave: kind === 'hocuspocus-memory',
    url: `ws://127.0.0.1:${port}`,
    pid: proc.pid,
    protocols: token ? ['groundwork', `token.${token}`] : [],
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000).then(() => proc.kill('SIGKILL'))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ——— one minimal client for every server ———
const MSG_SYNC = 0;
const MSG_SYNC_REPLY = 4; // Hocuspocus answers a step 1 with this type
const MSG_SYNC_STATUS = 8; // Hocuspocus: "your update was applied"

/** Writes the framing of `server` for `room` (Hocuspocus: the document name first). */
function frame(server, room, write) {
  const e = encoding.createEncoder();
  if (server.hocus) encoding.writeVarString(e, room);
  write(e);
  return encoding.toUint8Array(e);
}
const authMessage = (server, room) =>
  frame(server, room, (e) => {
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, 'bench');
  });
const step1Message = (server, room, doc) =>
  frame(server, room, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    syncProtocol.writeSyncStep1(e, doc);
  });
const updateMessage = (server, room, u) =>
  frame(server, room, (e) => {
    encoding.writeVarUint(e, MSG_SYNC);
    syncProtocol.writeUpdate(e, u);
  });

/**
 * A document kept in sync with one room: handshake (auth for Hocuspocus, sync step 1), answers the server's
 * step 1, applies step 2 / updates, sends local updates. `onStep2` / `onAck` let the ack figure watch replies.
 */
class Client {
  constructor(server, room, doc = new Y.Doc(), opts = {}) {
    this.server = server;
    this.room = room;
    this.doc = doc;
    this.synced = false;
    this.acks = 0;
    this.onStep2 = null;
    this.onAck = null;
    this.apply = opts.apply ?? true;
    this.ws = new WebSocket(`${server.url}/${room}`, server.protocols, { perMessageDeflate: false });
    this.ws.binaryType = 'nodebuffer';
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('open', resolve);
      this.ws.on('error', reject);
    });
    this.ws.on('open', () => {
      if (server.hocus) this.ws.send(authMessage(server, room));
      this.ws.send(step1Message(server, room, doc));
    });
    this.ws.on('message', (data) => this.receive(data));
    this.onUpdate = (u, origin) => {
      if (origin !== this && this.ws.readyState === 1) this.ws.send(updateMessage(server, room, u));
    };
    doc.on('update', this.onUpdate);
  }
  receive(data) {
    const d = decoding.createDecoder(data);
    if (this.server.hocus) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === MSG_SYNC || type === MSG_SYNC_REPLY) {
      const kind = decoding.peekVarUint(d);
      if (!this.apply && kind !== syncProtocol.messageYjsSyncStep1) {
        if (kind === syncProtocol.messageYjsSyncStep2) {
          this.synced = true;
          this.onStep2?.();
        }
        return;
      }
      const reply = encoding.createEncoder();
      if (this.server.hocus) encoding.writeVarString(reply, this.room);
      encoding.writeVarUint(reply, MSG_SYNC);
      const headerLen = encoding.length(reply);
      syncProtocol.readSyncMessage(d, reply, this.doc, this);
      if (encoding.length(reply) > headerLen) this.ws.send(encoding.toUint8Array(reply));
      if (kind === syncProtocol.messageYjsSyncStep2) {
        this.synced = true;
        this.onStep2?.();
      }
    } else if (type === MSG_SYNC_STATUS) {
      this.acks++;
      this.onAck?.();
    }
  }
  destroy() {
    this.doc.off('update', this.onUpdate);
    this.ws.close();
  }
}
const allSynced = (cs) => waitFor(() => cs.every((c) => c.synced), 'synced');

/**
 * The server's own provider on `doc`: y-websocket's WebsocketProvider for ours (token in the subprotocols, as
 * the app does) and the reference; HocuspocusProvider over its own HocuspocusProviderWebsocket (one socket per
 * client, like one app per user) for Hocuspocus. `synced` resolves on the provider's own "synced" event.
 */
function providerClient(server, room, doc = new Y.Doc()) {
  if (server.hocus) {
    const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc, token: 'bench' });
    const synced = new Promise((resolve) => provider.on('synced', ({ state }) => state && resolve()));
    provider.attach();
    return {
      doc,
      synced,
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(server.url, room, doc, { WebSocketPolyfill: WebSocket, protocols: server.protocols, disableBc: true });
  const synced = new Promise((resolve) => provider.on('sync', (s) => s && resolve()));
  return { doc, synced, destroy: () => provider.destroy() };
}

/** A raw client: handshake only, then counts what it receives (idle connections, flood writers). */
function rawClient(server, room) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${server.url}/${room}`, server.protocols, { perMessageDeflate: false });
    const c = { ws, received: 0 };
    ws.on('message', () => c.received++);
    ws.on('open', () => {
      if (server.hocus) ws.send(authMessage(server, room));
      ws.send(step1Message(server, room, new Y.Doc()));
      resolve(c);
    });
    ws.on('error', reject);
  });
}

// 1. Fan-out latency: 50 rooms × 10 clients (each server's own provider); one writer per room, the other 9 time
// each edit's arrival. Timing starts once the clients have settled (every provider synced, then FANOUT_SETTLE_MS
// for the presence each one announces on connect to reach the other nine): the figure is an edit's trip, not
// the tail of 500 connections being set up. Returns the raw samples (see fanoutRounds for how runs are pooled).
//
// The clients run in FANOUT_PROCS processes (default 2; the rooms dealt out between them, a room's writer and readers
// in one process). With all 500 in one process that process was the bottleneck: a bare forwarder (the floor column)
// scored within 1.4 ms of every server, so the figure could not tell servers apart. With two, the floor fell from
// ~9 to ~6.3 ms p50 and the servers separated (ADR 0013, session 10 addendum). BENCH_FANOUT_PROCS=1 is the old way.
const FANOUT_SETTLE_MS = 1000;
const FANOUT_PROCS = Number(process.env.BENCH_FANOUT_PROCS ?? 2);
let fanoutWorkers = null;
const fanoutProcs = () =>
  (fanoutWorkers ??= Array.from({ length: FANOUT_PROCS }, () => {
    const w = fork(import.meta.filename, ['--fanout-worker'], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    w.on('error', () => undefined); // a send to a process that died: `ask` reports it (exit, or not connected)
    return w;
  }));
const stopFanoutProcs = () => {
  for (const w of fanoutWorkers ?? []) w.kill();
  fanoutWorkers = null;
};
/** Sends `msg` to a client process and resolves with its first reply of `type`; rejects if the process exits or
 * does not answer in two minutes (the server's attempt() then reports the run as failed instead of hanging). */
const ask = (w, msg, type) =>
  new Promise((resolve, reject) => {
    if (!w.connected) return reject(new Error(`fan-out client process is gone (before its ${type} reply)`));
    const done = () => {
      w.off('message', on);
      w.off('exit', exited);
      clearTimeout(timer);
    };
    const on = (m) => {
      if (m.type !== type) return;
      done();
      resolve(m);
    };
    const exited = (code) => {
      done();
      reject(new Error(`fan-out client process exited (${code}) before its ${type} reply`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timeout: fan-out client process's ${type} reply`));
    }, 120_000);
    w.on('message', on);
    w.once('exit', exited);
    w.send(msg);
  });
async function fanout(server, opts = {}) {
  try {
    return await fanoutRun(server, opts);
  } catch (err) {
    stopFanoutProcs(); // a failed run leaves its clients in an unknown state: the next run starts fresh processes
    throw err;
  }
}
async function fanoutRun(server, { rooms: ROOMS = n(50), rounds: ROUNDS = 20, tag = 'fan' } = {}) {
  const PER = 10;
  const procs = fanoutProcs();
  const names = Array.from({ length: ROOMS }, (_, r) => `${tag}-${r}`);
  const mine = (i) => names.filter((_, r) => r % procs.length === i);
  const target = { url: server.url, protocols: server.protocols, hocus: server.hocus };
  await Promise.all(procs.map((w, i) => ask(w, { type: 'setup', server: target, rooms: mine(i), per: PER, rounds: ROUNDS }, 'ready')));
  await sleep(FANOUT_SETTLE_MS);
  const cpu0 = { server: cpuMs(server.pid), bench: procs.reduce((t, w) => t + cpuMs(w.pid), 0) };
  for (let round = 0; round < ROUNDS; round++) {
    for (const w of procs) w.send({ type: 'round', round });
    await sleep(50);
  }
  const replies = await Promise.all(procs.map((w, i) => ask(w, { type: 'finish', expected: mine(i).length * (PER - 1) * ROUNDS }, 'samples')));
  if (!replies.every((r) => r.complete)) throw new Error('timeout: fan-out delivered');
  const cpu = { server: cpuMs(server.pid) - cpu0.server, bench: procs.reduce((t, w) => t + cpuMs(w.pid), 0) - cpu0.bench };
  const byRound = Array.from({ length: ROUNDS }, (_, i) => replies.flatMap((r) => r.byRound[i]));
  const samples = byRound.flat();
  if (process.env.BENCH_VERBOSE) console.log(`  ${server.kind} ${tag} CPU per round: server ${(cpu.server / ROUNDS).toFixed(1)} ms, clients ${(cpu.bench / ROUNDS).toFixed(1)} ms (${procs.length} processes); run p50/p99 ${quantile(samples, 0.5).toFixed(1)}/${quantile(samples, 0.99).toFixed(1)} ms; per round p50/max (ms): ${byRound.map((xs) => `${quantile(xs, 0.5).toFixed(0)}/${quantile(xs, 1).toFixed(0)}`).join(' ')}`);
  return samples;
}

// Fan-out is measured FANOUT_RUNS times per server after FANOUT_WARMUPS full-size warm-up runs each (not counted), the
// servers taking turns and the order rotating each time (run 1: A B C, run 2: B C A, …): whichever server went
// first used to pay for this process's own warm-up at 500 connections (its first rounds 2–4× slower, whichever
// server it was). p50/p99 are over every counted run's samples. 24 counted runs: the p50 ratio's bootstrap interval
// (pairedFanout) was about ±10 % wide with 8–10 runs, ±8 % with 20 and ±10 % with 24 in a full bench (ADR 0013,
// sessions 13 and 16). Five runs of 20–30 gave ours ÷ reference p50 ratios of 0.92–0.98: a difference of that size
// needs the longer runs to show at all. The phase then takes about 12 minutes with all five servers.
const FANOUT_RUNS = Number(process.env.BENCH_FANOUT_RUNS ?? 24);
// Two warm-up runs, not one: every server's first counted run was its most expensive (server CPU per round in the
// first vs the last counted run, two bench runs: ours 23–27 → 13–15 ms, Hocuspocus in memory 17–26 → 10–11, with
// SQLite 20–25 → 13–17, the reference 16–19 → 9–10): still warming up after one run (JIT tiers, heap sizing — not
// traced further). With two, the counted runs' CPU per round was flat (ours 12.5–15.5 ms, the reference 10.5–16.5).
const FANOUT_WARMUPS = Number(process.env.BENCH_FANOUT_WARMUPS ?? 2);
async function fanoutRounds(servers) {
  const samples = new Map(servers.map(([kind]) => [kind, []]));
  const byRun = new Map(servers.map(([kind]) => [kind, []])); // counted run i → that run's samples (null: failed)
  const n = servers.length;
  for (let run = 1 - FANOUT_WARMUPS; run <= FANOUT_RUNS; run++) {
    const order = servers.map((_, i) => servers[(((i + run) % n) + n) % n]);
    for (const [kind, server] of order) {
      const which = run > 0 ? `run ${run}` : `warm-up ${run + FANOUT_WARMUPS}`;
      process.stdout.write(`${kind}: fan-out ${which}… `);
      serverLog(kind, `\n### fan-out ${which} starts\n`);
      const got = await attempt(kind, 'fanout', () => fanout(server, { tag: `fan${run}` }));
      serverLog(kind, `\n### fan-out run ends\n`);
      if (got && run > 0) samples.get(kind).push(...got);
      if (run > 0) byRun.get(kind).push(got ?? null);
      console.log('done');
      await sleep(2500); // the rooms just left unload (2 s grace) before the next server's run
    }
  }
  stopFanoutProcs();
  const figures = new Map([...samples].map(([kind, xs]) => [kind, { p50: quantile(xs, 0.5), p99: quantile(xs, 0.99) }]));
  return { figures, byRun };
}

const BOOTSTRAP = 400;
/** Draws run indices below `count` for a bootstrap, from a fixed seed. */
function runPicker(count) {
  let seed = 12345;
  // The generator's high bits: its low bits cycle with a short period (mod 4 they repeat every 4 draws, so each
  // resample of 4 runs came out the same 4 runs).
  return () => Math.floor(((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * count);
}

/**
 * How sure the fan-out ratio is. The servers take turns run by run, so run i of ours and run i of a peer met the
 * same machine at about the same time: the ratio of their p50s is one paired observation. Printed: each run's
 * ratio, and a 95 % bootstrap interval (BOOTSTRAP resamples of the runs, with replacement, pairs kept together) of
 * the pooled figure's ratio — what the table's ratio would have been with another draw of runs. An interval that
 * straddles 1 means this run cannot tell the two apart (ADR 0013, session 13). Seeded: the same samples print the
 * same interval.
 */
function pairedFanout(byRun, a, b, q) {
  const runs = byRun.get(a).map((xs, i) => [xs, byRun.get(b)[i]]).filter(([x, y]) => x && y);
  if (runs.length < 3) return null;
  const perRun = runs.map(([x, y]) => quantile(x, q) / quantile(y, q));
  // Each run as a histogram (bins of 10 µs, or coarser past 500 ms): a resample's pooled quantile is then a sum of
  // histograms, not a sort of ~100,000 samples (which took 36 s for 400 resamples).
  const max = Math.max(...runs.flat().map((xs) => xs.reduce((m, v) => (v > m ? v : m), 0)));
  const width = Math.max(0.01, max / 50_000);
  const bins = Math.ceil(max / width) + 1;
  const histogram = (xs) => {
    const h = new Uint32Array(bins);
    for (const v of xs) h[Math.min(bins - 1, Math.floor(v / width))]++;
    return h;
  };
  const hists = runs.map(([x, y]) => [histogram(x), histogram(y)]);
  const pooled = new Float64Array(bins);
  const pooledQuantile = (parts) => {
    pooled.fill(0);
    let total = 0;
    for (const h of parts)
      for (let i = 0; i < bins; i++) {
        pooled[i] += h[i];
        total += h[i];
      }
    const rank = Math.floor((total - 1) * q); // the same rank as quantile()
    for (let i = 0, seen = 0; i < bins; i++) if ((seen += pooled[i]) > rank) return (i + 0.5) * width;
    return NaN;
  };
  const pick = runPicker(runs.length);
  const ratios = [];
  for (let r = 0; r < BOOTSTRAP; r++) {
    const draw = runs.map(() => hists[pick()]);
    ratios.push(pooledQuantile(draw.map(([x]) => x)) / pooledQuantile(draw.map(([, y]) => y)));
  }
  return { perRun, low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}

/**
 * The same for catch-up and offline edits, whose figure is the median of RUNS single timings per server: run i of
 * each server came in the same round (interleaved), so the pairs are resampled together and the ratio of the two
 * medians taken each time.
 */
function pairedMedian(times, a, b) {
  const pairs = times.get(a).map((x, i) => [x, times.get(b)[i]]);
  if (pairs.length < 3) return null;
  const pick = runPicker(pairs.length);
  const ratios = [];
  for (let r = 0; r < BOOTSTRAP; r++) {
    const draw = pairs.map(() => pairs[pick()]);
    ratios.push(quantile(draw.map(([x]) => x), 0.5) / quantile(draw.map(([, y]) => y), 0.5));
  }
  const wins = pairs.filter(([x, y]) => x < y).length;
  return { wins, runs: pairs.length, low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}

// 2. Memory per idle connection (2,000 sockets over 100 rooms), and after everyone leaves.
async function memory(server) {
  const CONNS = n(2000);
  await sleep(1500);
  const base = rssMiB(server.pid);
  const clients = [];
  for (let i = 0; i < CONNS; i += 100) clients.push(...(await Promise.all(Array.from({ length: Math.min(100, CONNS - i) }, (_, j) => rawClient(server, `idle-${(i + j) % 100}`)))));
  await waitFor(() => clients.every((c) => c.received > 0), 'idle handshakes');
  await sleep(1500);
  const loaded = rssMiB(server.pid);
  for (const c of clients) c.ws.close();
  await sleep(4000);
  const after = rssMiB(server.pid);
  return { perConnKiB: ((loaded - base) * 1024) / CONNS, afterLeaveMiB: after - base, rss: { base, loaded, after } };
}

/**
 * The 20,000 updates of the catch-up document, as a person makes them: typing (runs of characters, a new line
 * now and then) at places spread over the text, some deletions, and form fields set again and again — so the
 * document holds thousands of items and deletions, not one merged run of text.
 */
function catchupEdits(count) {
  const src = new Y.Doc();
  const out = [];
  src.on('update', (u) => out.push(u));
  const text = src.getText('t');
  const fields = src.getMap('fields');
  let seed = 42;
  const rnd = (k) => ((seed = (seed * 1103515245 + 12345) >>> 0) % k);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const r = rnd(100);
    if (r < 10) fields.set(`f${rnd(200)}`, `value ${i}`);
    else if (r < 15 && text.length > 10) text.delete(rnd(text.length - 5), 1 + rnd(4));
    else {
      // Mostly keep typing where the cursor is; sometimes move it.
      if (r < 22) at = rnd(text.length + 1);
      at = Math.min(at, text.length);
      text.insert(at, i % 12 === 0 ? '\n' : 'x');
      at++;
    }
  }
  return { updates: out, textLength: text.length, fields: fields.size };
}

// Catch-up and offline edits are short, single figures: on a shared machine a burst of someone else's work
// could land on one server's runs only. So their runs are interleaved — every server is prepared, then run 1 on
// each server, run 2 on each, … with the order rotating from run to run (the first after a pause is not always
// the same server) — and the median of RUNS is reported, after WARM_RUNS uncounted runs on each (the first
// offline runs took 50–140 ms on every server while this process's own code warmed up, later ones ~10 ms).
// 21, not 11: single runs of these ~10 ms figures spread 10–70 ms on this shared machine (mostly the client's own
// apply of what arrives, timed in this process), and with 11 the median still moved by a third between bench runs.
// 31, not 21: traced per run, the slow runs (20–40 ms against 6–9) are this process's own collections landing in
// the window (a scavenge as the author connects, an incremental-marking step), in clusters; with 21 runs whether a
// server's median fell among them was close to a coin toss. Fan-out: 5 counted runs, not 3, for the same reason.
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const WARM_RUNS = 4;

// 3. Catch-up: a fresh client (its own provider) on a 20,000-update document — time from creating it until its
// document equals the stored one. Each server is given the same 20,000 updates, one message each. Before every
// run the room is left empty long enough for it to unload (ours: 2 s grace; Hocuspocus: 2 s store debounce)
// where the server unloads and keeps it; Hocuspocus in memory would forget it, so a holder client keeps it
// loaded there.
async function prepareCatchup(server) {
  const UPDATES = n(20000);
  const room = 'catchup';
  const w = await rawClient(server, room);
  const { updates, textLength, fields } = catchupEdits(UPDATES);
  const msgs = updates.map((u) => updateMessage(server, room, u));
  for (let i = 0; i < msgs.length; i += 200) {
    for (const m of msgs.slice(i, i + 200)) w.ws.send(m);
    await sleep(1);
  }
  const complete = (doc) => doc.getText('t').length === textLength && doc.getMap('fields').size === fields;
  const check = providerClient(server, room);
  await untilDoc(check.doc, () => complete(check.doc), 'writer done');
  const holder = server.forgetsOnLeave ? check : (check.destroy(), null);
  w.ws.close();
  return {
    pause: 3000,
    once: async () => {
      const doc = new Y.Doc();
      const t0 = performance.now();
      const c = providerClient(server, room, doc);
      const t1 = await untilDoc(doc, () => complete(doc), 'fresh client caught up');
      c.destroy();
      return t1 - t0;
    },
    done: () => holder?.destroy(),
  };
}

// 4. 2,000 offline edits reaching a peer: the peer is connected; an author who edited offline (2,000 separate
// transactions) connects; time from its connect until the peer has every edit. Both use the server's provider
// (so the edits travel as the provider sends them: y-websocket and Hocuspocus both answer the server's sync
// step 1 with one update holding everything the server lacks). Each run has its own room: with one room for all
// runs the author of run k also downloaded the k × 2,000 edits of the runs before (the catch-up figure's work),
// which made later runs 2–3× slower than the first and the figure mostly about the bench process.
async function prepareOffline(server) {
  const EDITS = n(2000);
  let run = 0;
  return {
    pause: 300,
    once: async () => {
      const room = `offline-${run++}`;
      const peer = providerClient(server, room);
      await peer.synced;
      const doc = new Y.Doc();
      const m = doc.getMap('edits');
      for (let i = 0; i < EDITS; i++) m.set(`k${i}`, i);
      const arrived = untilDoc(peer.doc, () => peer.doc.getMap('edits').size === EDITS, 'offline edits at the peer');
      const t0 = performance.now();
      const author = providerClient(server, room, doc);
      const ms = (await arrived) - t0;
      author.destroy();
      peer.destroy();
      return ms;
    },
    done: () => undefined,
  };
}

/**
 * Before each timed run of catch-up and offline edits, this process empties its own young generation (npm run
 * bench:sync passes --expose-gc). Traced run by run (ADR 0013), the slow runs of these figures — 15–40 ms against
 * 5–9, on every server alike and in clusters — were this process's own collections landing in the window: a
 * scavenge as the author connects, an incremental-marking step. They belong to the bench, not to the server being
 * timed. With the minor collection first, each server's slowest offline run (of 31) was 10–16 ms in one run,
 * against 17–41 and 25–49 ms in two runs without it. A full collection (gc()) instead made every server's runs
 * 12–49 ms: it threw away this process's optimised code, which every run then recompiled — the same "weak objects"
 * discard as the relay's idle gaps.
 */
async function settleHeap() {
  if (!globalThis.gc) return;
  globalThis.gc({ type: 'minor' });
  await sleep(20);
}

/** Prepares `prepare` on every server, then runs it RUNS times round-robin; each server's times, run by run (the
 * figure is their median). */
async function interleaved(name, servers, prepare) {
  process.stdout.write(`${name} (interleaved)… `);
  const ready = new Map();
  for (const [kind, server] of servers) ready.set(kind, await prepare(server));
  const pause = Math.max(...[...ready.values()].map((r) => r.pause));
  const times = new Map([...ready.keys()].map((k) => [k, []]));
  const entries = [...ready];
  for (let i = -WARM_RUNS; i < RUNS; i++) {
    await sleep(pause);
    for (let k = 0; k < entries.length; k++) {
      const [kind, r] = entries[(i + WARM_RUNS + k) % entries.length];
      await settleHeap();
      const ms = await r.once();
      if (i >= 0) times.get(kind).push(ms);
    }
  }
  for (const r of ready.values()) r.done();
  console.log('done');
  if (process.env.BENCH_VERBOSE) for (const [kind, ts] of times) console.log(`  ${kind}: ${ts.map((t) => t.toFixed(1)).join(' ')}`);
  return times;
}

// 5. Saturation: 1 room × 50 writers (45 raw floods + 5 full clients that measure), edits/s until an observer
// has every edit, and acknowledgement latency at that load:
//   ours — a sync step 1 sent right after a batch is answered (step 2) only once everything before it is stored
//          in SQLite: time from the batch's last update to that answer (what the app's pending counter uses);
//   Hocuspocus — its SyncStatus message for the batch's last update (sent once applied in memory; its
//          persistence is debounced, so this is not "stored");
//   reference — no acknowledgement exists: time until the observer (a second client) has the batch's last edit.
// Echo latency (batch's last edit → observer) is measured for every server.
async function saturation(server, run) {
  const RAW = 45;
  const FULL = 5;
  const EACH = n(200);
  const BATCH = 10;
  const room = `saturation-${run}`;
  const observer = new Client(server, room);
  await allSynced([observer]);
  const raws = await Promise.all(Array.from({ length: RAW }, () => rawClient(server, room)));
  const fulls = Array.from({ length: FULL }, () => new Client(server, room));
  await allSynced(fulls);
  const queues = raws.map(() => {
    const d = new Y.Doc();
    const out = [];
    d.on('update', (u) => out.push(updateMessage(server, room, u)));
    for (let i = 0; i < EACH; i++) d.getMap(`w${d.clientID}`).set(`k${i}`, i);
    return out;
  });
  const total = (RAW + FULL) * EACH;
  let seen = 0;
  const acks = [];
  const echoes = [];
  const echoWaits = []; // { map, key, t0 }
  observer.doc.on('afterTransaction', () => {
    let s = 0;
    observer.doc.share.forEach((t) => (s += t._map ? t._map.size : 0));
    seen = s;
    const now = performance.now();
    for (let i = echoWaits.length - 1; i >= 0; i--) {
      const w = echoWaits[i];
      if (observer.doc.getMap(w.map).has(w.key)) {
        echoes.push(now - w.t0);
        if (server.kind === 'reference') acks.push(now - w.t0);
        echoWaits.splice(i, 1);
      }
    }
  });
  for (const f of fulls) {
    f.probes = [];
    f.sent = 0;
    f.ackWaits = [];
    f.onStep2 = () => {
      const t0 = f.probes.shift();
      if (t0 !== undefined && server.ours) acks.push(performance.now() - t0);
    };
    f.onAck = () => {
      while (f.ackWaits.length && f.ackWaits[0].upto <= f.acks) acks.push(performance.now() - f.ackWaits.shift().t0);
    };
  }
  const t0 = performance.now();
  for (let i = 0; i < EACH; i += BATCH) {
    raws.forEach((w, k) => {
      for (const m of queues[k].slice(i, i + BATCH)) w.ws.send(m);
    });
    for (const f of fulls) {
      const map = `w${f.doc.clientID}`;
      for (let j = i; j < Math.min(EACH, i + BATCH); j++) f.doc.getMap(map).set(`k${j}`, j);
      f.sent += Math.min(BATCH, EACH - i);
      const now = performance.now();
      echoWaits.push({ map, key: `k${Math.min(EACH, i + BATCH) - 1}`, t0: now });
      if (server.ours) {
        f.ws.send(step1Message(server, room, f.doc));
        f.probes.push(now);
      } else if (server.hocus) f.ackWaits.push({ upto: f.sent + 1 /* the handshake's step 2 is acked too */, t0: now });
    }
    await new Promise((r) => setImmediate(r));
  }
  await waitFor(() => seen >= total, 'all edits at the observer', 180_000);
  const seconds = (performance.now() - t0) / 1000;
  await waitFor(() => fulls.every((f) => (f.probes?.length ?? 0) === 0 && (f.ackWaits?.length ?? 0) === 0), 'acks in', 30_000).catch(() => undefined);
  for (const w of raws) w.ws.close();
  for (const f of fulls) f.destroy();
  observer.destroy();
  return { editsPerSec: total / seconds, acks, echoes };
}

// Saturation runs SATURATION_RUNS times per server, the servers taking turns in a rotating order, each run in a room
// of its own. One run per server used to be the figure, and ours' edits/s came out anywhere from 4,095 to 9,240 in
// three full runs of the same relay (the reference's within ±5 %): a single run of a second or two is at the mercy of
// whatever else the two cores do in it. edits/s is the median of the runs; ack and echo latency are quantiles of
// every run's samples together, as fan-out's are.
const SATURATION_RUNS = Number(process.env.BENCH_SATURATION_RUNS ?? 5);
async function saturationRounds(servers) {
  const entries = [...servers];
  const runs = new Map(entries.map(([kind]) => [kind, []]));
  for (let run = 0; run < SATURATION_RUNS; run++)
    for (let k = 0; k < entries.length; k++) {
      const [kind, server] = entries[(run + k) % entries.length];
      if (failed.has(kind)) continue;
      process.stdout.write(`${kind}: saturation run ${run + 1}… `);
      const got = await attempt(kind, 'saturation', () => saturation(server, run));
      if (got) runs.get(kind).push(got);
      console.log('done');
    }
  const figures = new Map();
  for (const [kind, list] of runs) {
    if (!list.length) continue;
    const acks = list.flatMap((r) => r.acks);
    const echoes = list.flatMap((r) => r.echoes);
    if (process.env.BENCH_VERBOSE) console.log(`  ${kind} saturation edits/s run by run: ${list.map((r) => r.editsPerSec.toFixed(0)).join(' ')}`);
    figures.set(kind, { editsPerSec: quantile(list.map((r) => r.editsPerSec), 0.5), ackP50: quantile(acks, 0.5), ackP99: quantile(acks, 0.99), echoP50: quantile(echoes, 0.5), echoP99: quantile(echoes, 0.99) });
  }
  return figures;
}

const kinds = [...new Set((process.env.BENCH_SERVERS ?? Object.keys(SERVERS).join(',')).split(','))];
if (OURS_BASE_DIR && !kinds.includes(OURS_BASE)) kinds.splice(1, 0, OURS_BASE);
if (kinds.includes(OURS_BASE) && !OURS_BASE_DIR) throw new Error('ours-base needs BENCH_OURS_BASE=<checkout>');
// BENCH_PHASES=fanout,memory,… runs a subset (while tuning); the figures of skipped phases print as —.
const phases = new Set((process.env.BENCH_PHASES ?? 'fanout,memory,catchup,offline,saturation').split(','));
const FIGURES = {
  'fan-out p50 (ms), 50 rooms × 10': ['fanout', 'p50'],
  'fan-out p99 (ms), 50 rooms × 10': ['fanout', 'p99'],
  'memory per idle connection (KiB), 2,000 conns': ['memory', 'perConnKiB'],
  'memory after all leave (MiB over baseline)': ['memory', 'afterLeaveMiB'],
  'catch-up, fresh client on 20k-update doc (ms)': ['catchup', 'ms'],
  '2,000 offline edits reaching a peer (ms)': ['offline', 'ms'],
  'relayed edits/s, 1 room × 50 writers': ['saturation', 'editsPerSec'],
  'ack latency p50 at saturation (ms)': ['saturation', 'ackP50'],
  'ack latency p99 at saturation (ms)': ['saturation', 'ackP99'],
  'echo latency p50 at saturation (ms)': ['saturation', 'echoP50'],
  'echo latency p99 at saturation (ms)': ['saturation', 'echoP99'],
};
const raw = Object.fromEntries(kinds.map((k) => [k, {}]));
const failed = new Set();
const attempt = async (kind, what, fn) => {
  try {
    return await fn();
  } catch (err) {
    console.log(`${kind}: ${what} failed: ${err.message}`);
    failed.add(kind);
    return undefined;
  }
};
// Every server runs in its own process for the whole bench (idle ones cost next to nothing), restarted once
// before the memory figure.
const servers = new Map();
for (const kind of kinds) {
  if (kind === FLOOR && !phases.has('fanout')) continue;
  const server = await attempt(kind, 'start', () => startServer(kind));
  if (server) servers.set(kind, server);
}
const live = () => [...servers].filter(([k]) => !failed.has(k) && k !== FLOOR);
/** Each server's samples per counted fan-out run, for the paired comparison printed at the end (pairedFanout). */
let fanoutByRun = null;
/** Catch-up and offline edits: phase → each server's times run by run, for their paired comparison (pairedMedian). */
const singleByRun = new Map();
if (phases.has('fanout')) {
  const fan = await fanoutRounds([...servers].filter(([k]) => !failed.has(k)));
  for (const [kind, figures] of fan.figures) raw[kind].fanout = figures;
  fanoutByRun = fan.byRun;
}
await servers.get(FLOOR)?.stop(); // its part is done
// Memory: MEMORY_RUNS samples per server, each on a fresh process, servers taking turns (order rotating), median of
// each figure. One sample per bench run was too few: ours measured 8.2 and 12.3 KiB per idle connection in two full
// runs of the same relay, and four memory-only runs right after gave 8.1–8.5 (RSS depends on where each process's
// young generation and collections happen to be when it is read).
const MEMORY_RUNS = Number(process.env.BENCH_MEMORY_RUNS ?? 3);
if (phases.has('memory')) {
  const samples = new Map();
  for (let run = 0; run < MEMORY_RUNS; run++) {
    const order = live();
    for (let i = 0; i < order.length; i++) {
      const [kind, old] = order[(i + run) % order.length];
      // A fresh process for every sample: after fan-out, a server's RSS still holds that phase's garbage, which its
      // GC may free while the 2,000 idle sockets connect — ours once measured −0.9 KiB per connection that way.
      process.stdout.write(`${kind}: restart, memory ${run + 1}/${MEMORY_RUNS}… `);
      await old.stop();
      const server = await attempt(kind, 'restart', () => startServer(kind));
      if (!server) continue;
      servers.set(kind, server);
      const got = await attempt(kind, 'memory', () => memory(server));
      if (got) samples.set(kind, [...(samples.get(kind) ?? []), got]);
      // The RSS the two figures are differences of: a change that moves the baseline moves them too.
      const rss = got && process.env.BENCH_VERBOSE ? ` (RSS ${got.rss.base.toFixed(1)} → ${got.rss.loaded.toFixed(1)} → ${got.rss.after.toFixed(1)} MiB)` : '';
      console.log(got ? `${got.perConnKiB.toFixed(1)} KiB/conn, ${got.afterLeaveMiB.toFixed(1)} MiB after leave${rss}` : 'failed');
    }
  }
  for (const [kind, xs] of samples) raw[kind].memory = { perConnKiB: quantile(xs.map((x) => x.perConnKiB), 0.5), afterLeaveMiB: quantile(xs.map((x) => x.afterLeaveMiB), 0.5) };
}
for (const [phase, prepare] of [
  ['catchup', prepareCatchup],
  ['offline', prepareOffline],
]) {
  if (!phases.has(phase)) continue;
  const times = await attempt('bench', phase, () => interleaved(phase, live(), prepare));
  for (const [kind, ts] of times ?? []) raw[kind][phase] = { ms: quantile(ts, 0.5) };
  if (times) singleByRun.set(phase, times);
}
if (phases.has('saturation')) for (const [kind, figures] of await saturationRounds(live())) raw[kind].saturation = figures;
for (const [kind, server] of servers) if (kind !== FLOOR) await server.stop(); // the floor stopped after fan-out
const results = {};
for (const kind of kinds) {
  if (!servers.has(kind) || failed.has(kind)) continue;
  results[kind] = Object.fromEntries(Object.entries(FIGURES).map(([label, [phase, key]]) => [label, raw[kind][phase]?.[key] ?? NaN]));
  console.log(kind, JSON.stringify(results[kind]));
}

const higherIsBetter = (k) => k.includes('edits/s');
const peers = kinds.filter((k) => k !== 'ours' && k !== FLOOR && k !== OURS_BASE && results[k]);
/** The peer with the table's best value of `label`, or undefined. */
const bestPeer = (label, among = peers) => {
  const better = (x, y) => (higherIsBetter(label) ? results[y][label] - results[x][label] : results[x][label] - results[y][label]);
  return among.filter((k) => Number.isFinite(results[k][label])).sort(better)[0];
};
const verdictOf = (got) => (got.high < 1 ? 'ahead' : got.low > 1 ? 'behind' : 'not told apart');
/** The table's word for an interval's verdict. */
const VERDICT_WORD = { ahead: 'yes', behind: 'no', 'not told apart': 'level' };
// The paired comparisons (fan-out p50/p99, catch-up, offline edits), each against that figure's best peer and
// against ours-base if measured: label → [{ other, got, line }]. Where one exists, the table's verdict is the
// interval's, not the bare comparison of two medians (a 0.98 that the interval cannot tell from 1 is "level").
const paired = new Map();
if (results.ours) {
  if (fanoutByRun)
    for (const [q, name] of [
      [0.5, 'p50'],
      [0.99, 'p99'],
    ]) {
      const label = `fan-out ${name} (ms), 50 rooms × 10`;
      for (const other of [bestPeer(label), results[OURS_BASE] ? OURS_BASE : null].filter(Boolean)) {
        const got = pairedFanout(fanoutByRun, 'ours', other, q);
        if (!got) continue;
        const line = `fan-out ${name}, ours ÷ ${other}, run by run: ${got.perRun.map((r) => r.toFixed(2)).join(' ')}; pooled ratio's 95 % bootstrap interval ${got.low.toFixed(2)}–${got.high.toFixed(2)} (${verdictOf(got)}).`;
        paired.set(label, [...(paired.get(label) ?? []), { other, got, line }]);
      }
    }
  for (const [phase, times] of singleByRun) {
    if (!times.has('ours')) continue;
    const label = Object.keys(FIGURES).find((k) => FIGURES[k][0] === phase);
    const best = bestPeer(label, peers.filter((k) => times.has(k)));
    for (const other of [best, times.has(OURS_BASE) ? OURS_BASE : null].filter(Boolean)) {
      const got = pairedMedian(times, 'ours', other);
      if (!got) continue;
      const line = `${label}, ours ÷ ${other}: ours faster in ${got.wins} of ${got.runs} paired runs; median ratio's 95 % bootstrap interval ${got.low.toFixed(2)}–${got.high.toFixed(2)} (${verdictOf(got)}).`;
      paired.set(label, [...(paired.get(label) ?? []), { other, got, line }]);
    }
  }
}
const youngGen = process.execArgv.find((a) => a.startsWith('--max-semi-space-size'));
console.log(`\nscale ${SCALE} · Node ${process.version} · ${new Date().toISOString()} · ${(await import('node:os')).cpus().length} cores (shared with other work) · clients' young generation: ${youngGen ? youngGen.split('=')[1] + ' MiB' : "V8's default (run it as npm run bench:sync for the figures of record)"}\n`);
console.log(`| figure | ${kinds.filter((k) => results[k]).map((k) => SERVERS[k]).join(' | ')} | ours / best peer | ours ahead? |`);
console.log(`| --- | ${kinds.filter((k) => results[k]).map(() => '---:').join(' | ')} | ---: | --- |`);
for (const k of Object.keys(results.ours ?? results[peers[0]] ?? {})) {
  const vals = kinds.filter((x) => results[x]).map((x) => results[x][k]);
  const bestKind = bestPeer(k);
  const best = bestKind ? results[bestKind][k] : NaN;
  const ours = results.ours?.[k];
  const ratio = ours !== undefined && best ? ours / best : NaN;
  const vsBest = paired.get(k)?.find((p) => p.other !== OURS_BASE)?.got;
  const better = higherIsBetter(k) ? ours >= best : ours <= best;
  const verdict = vsBest ? `${VERDICT_WORD[verdictOf(vsBest)]} (interval ${vsBest.low.toFixed(2)}–${vsBest.high.toFixed(2)})` : better ? 'yes' : 'no';
  const ahead = ours === undefined || !Number.isFinite(best) ? '—' : verdict;
  console.log(`| ${k} | ${vals.map((v) => (Number.isFinite(v) ? v.toFixed(1) : '—')).join(' | ')} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'} | ${ahead} |`);
}
const floor = results[FLOOR];
if (floor && results.ours && peers.length) {
  // What a server adds to the fan-out figures: every server's clients pay the floor (this process's own work).
  const above = (q) => {
    const label = `fan-out ${q} (ms), 50 rooms × 10`;
    const best = results[bestPeer(label)][label];
    return `ours ${(results.ours[label] - floor[label]).toFixed(1)} ms, best peer ${(best - floor[label]).toFixed(1)} ms`;
  };
  console.log(`\nfan-out above the bare forwarder's floor (what a server adds): p50 ${above('p50')}; p99 ${above('p99')}.`);
}
for (const list of paired.values()) for (const { line } of list) console.log(`\n${line}`);
if (results.ours && results[OURS_BASE]) {
  const ab = Object.keys(results.ours)
    .filter((k) => Number.isFinite(results.ours[k]) && Number.isFinite(results[OURS_BASE][k]))
    .map((k) => `${k} ${(results.ours[k] / results[OURS_BASE][k]).toFixed(2)}`);
  console.log(`\nours ÷ ours-base (A/B, same run): ${ab.join('; ')}.`);
}
console.log('\nack latency: ours = step 2 answer to a step 1 sent after the batch (stored in SQLite); Hocuspocus = its SyncStatus message (applied; persistence debounced); reference = no ack exists, echo to a second client.');
process.exit(0);
