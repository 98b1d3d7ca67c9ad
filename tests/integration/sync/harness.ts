/**
 * Test harness for the relay: a real relay child process (the groundwork-relay bin, which builds and runs the relay as
 * it ships — ADR 0020; same Node) on a free loopback port with a temp data dir, real y-websocket clients over the `ws`
 * package, and waits on conditions instead of sleeps.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket as WS } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { loadOrCreateSecret, nowSeconds, signToken, type Claims, type Role } from '#sync-server/auth/tokens.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** The relay as `npm run relay` and the groundwork-relay bin run it: built to plain JavaScript, then started. */
export const RELAY_BIN = join(ROOT, 'sync-server', 'bin.mjs');

// Every provider adds a process 'exit' listener; dozens are expected here.
process.setMaxListeners(200);

export interface RelayProcess {
  port: number;
  url: string;
  http: string;
  dataDir: string;
  proc: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gw-relay-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export async function startRelay(opts: { dataDir?: string; port?: number; args?: string[] } = {}): Promise<RelayProcess> {
  const dataDir = opts.dataDir ?? tempDataDir();
  const args = [RELAY_BIN, 'serve', '--port', String(opts.port ?? 0), '--data', dataDir, '--quiet', ...(opts.args ?? [])];
  const proc = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay did not start within 20 s:\n${out}`)), 20_000);
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
      reject(new Error(`relay exited (${code}) before listening:\n${out}`));
    });
  });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return {
    port,
    url: `ws://127.0.0.1:${port}`,
    http: `http://127.0.0.1:${port}`,
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

/** Runs the relay CLI (`user revoke …` etc.) against a data dir; resolves to stdout. */
export async function relayCli(dataDir: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [RELAY_BIN, ...args, '--data', dataDir], { cwd: ROOT });
  return stdout;
}

/** Mints a token with the data dir's secret (what `user add` does, without a process per user). */
export function mintToken(dataDir: string, claims: Partial<Claims> & { role?: Role; eng?: string[] } = {}): string {
  const iat = nowSeconds();
  const full: Claims = { sub: `u-${Math.random().toString(36).slice(2, 10)}`, name: 'Test User', role: 'expert', eng: ['eng-a'], iat, exp: iat + 3600, jti: `t-${Math.random().toString(36).slice(2, 12)}`, ...claims };
  return signToken(full, loadOrCreateSecret(dataDir));
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  destroy(): void;
}

export function connectClient(url: string, room: string, token: string | null, opts: { connect?: boolean } = {}): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WS as unknown as typeof WebSocket,
    protocols: token ? ['groundwork', `token.${token}`] : [],
    disableBc: true,
    maxBackoffTime: 250,
    connect: opts.connect ?? true,
  });
  return {
    doc,
    provider,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, intervalMs = 15): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const synced = (c: Client, timeoutMs = 10_000) => waitFor(() => c.provider.synced, 'provider synced', timeoutMs);

/** Opens a raw WebSocket; resolves to the HTTP status when the upgrade is refused, or the open socket. */
export function rawConnect(url: string, protocols: string[]): Promise<{ status: number } | { ws: WS }> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, protocols);
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => resolve({ ws }));
    ws.on('error', (err) => reject(err));
  });
}

export const tokenProtocols = (token: string) => ['groundwork', `token.${token}`];

/** Reads one metric's value (sum over label sets matching `labelFilter`) from /metrics. */
export async function metric(http: string, name: string, labelFilter = ''): Promise<number> {
  const text = await (await fetch(`${http}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const [key, value] = line.split(' ');
    if (key!.slice(name.length).startsWith('_')) continue;
    if (labelFilter && !key!.includes(labelFilter)) continue;
    sum += Number(value);
  }
  return sum;
}

/** Mulberry32: seeded, so a failing run can be replayed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { Y };

/**
 * A crash-style writer: every client keeps writing — each key one map entry under 'edits' and one item of the 'log'
 * array, in one transaction — pausing `pauseMs(n)` between writes, until `stop()`. `edits` lists every key written,
 * for `missingWrites`.
 */
export function keepWriting(clients: readonly Client[], pauseMs: (n: number) => number): { edits: string[]; stop(): Promise<void> } {
  const edits: string[] = [];
  let writing = true;
  const writers = clients.map(async (c, i) => {
    for (let n = 0; writing; n++) {
      const key = `c${i}.${n}`;
      edits.push(key);
      c.doc.transact(() => {
        c.doc.getMap('edits').set(key, n);
        c.doc.getArray<string>('log').push([key]);
      });
      await sleep(pauseMs(n));
    }
  });
  return {
    edits,
    async stop() {
      writing = false;
      await Promise.all(writers);
    },
  };
}

/**
 * The keys a crash-style writer wrote (each one a map entry under 'edits' and an item of the 'log' array) that are not
 * both in this document: what the fault tests wait on, on every client and in the stored room.
 */
export function missingWrites(doc: import('yjs').Doc, keys: readonly string[]): string[] {
  const map = doc.getMap('edits');
  const list = new Set(doc.getArray<string>('log').toArray());
  return keys.filter((k) => !map.has(k) || !list.has(k));
}
