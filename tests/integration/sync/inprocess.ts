/**
 * The relay started in this process (the same `startRelay` the CLI calls) over a real SQLite store that a test
 * can make slow or failing — for the fault tests that need the store to misbehave on cue. Clients still talk
 * to it over real loopback sockets.
 */
import { startRelay, type Relay } from '#sync-server/server.ts';
import { loadOrCreateSecret } from '#sync-server/auth/tokens.ts';
import { DEFAULT_LIMITS, type Limits } from '#sync-server/limits.ts';
import { createLogger } from '#sync-server/log.ts';
import { SqliteStore } from '#sync-server/store/sqlite-store.ts';
import type { LoadedRoom, RoomAppend, StoredUpdate } from '#sync-server/store/store.ts';
import { afterEach } from 'vitest';
import type { WebSocket as WS } from 'ws';
import { connectClient, mintToken, removeDir, tempDataDir, type Client } from './harness.ts';

/** SQLite, plus switches: rooms whose writes (and pings) fail, and a delay before a room loads. */
export class FlakyStore extends SqliteStore {
  failingRooms = new Set<string>();
  failPing = false;
  loadDelayMs = 0;
  // The sync variants: the async ones call them, and the relay's coalescer commits through appendManySync.
  override appendUpdatesSync(room: string, updates: StoredUpdate[]): number {
    if (this.failingRooms.has(room)) throw new Error('disk I/O error (injected by the test)');
    return super.appendUpdatesSync(room, updates);
  }
  override appendManySync(batches: readonly RoomAppend[]): number[] {
    const failing = batches.find((b) => this.failingRooms.has(b.room));
    if (failing) throw new Error(`disk I/O error (injected by the test for ${failing.room})`);
    return super.appendManySync(batches);
  }
  override async loadRoom(room: string): Promise<LoadedRoom> {
    if (this.loadDelayMs) await new Promise((r) => setTimeout(r, this.loadDelayMs));
    return super.loadRoom(room);
  }
  override async ping(): Promise<void> {
    if (this.failPing) throw new Error('store unreachable (injected by the test)');
    return super.ping();
  }
}

export interface InProcessRelay {
  relay: Relay;
  store: FlakyStore;
  dataDir: string;
  url: string;
  http: string;
  secret: Buffer;
}

export async function startInProcess(limits: Partial<Limits> = {}): Promise<InProcessRelay> {
  const dataDir = tempDataDir();
  const secret = loadOrCreateSecret(dataDir);
  const store = new FlakyStore(dataDir);
  const relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir, secret, store, limits: { ...DEFAULT_LIMITS, ...limits }, log: createLogger({ quiet: true, write: () => undefined }) });
  return { relay, store, dataDir, secret, url: `ws://127.0.0.1:${relay.port}`, http: `http://127.0.0.1:${relay.port}` };
}

/**
 * What a test file opens against in-process relays — relays (with an all-engagements token), provider clients and
 * raw sockets — closed and removed after each test. Call once at the top of the file.
 */
export function inProcessFixture() {
  const open: InProcessRelay[] = [];
  const clients: Client[] = [];
  const sockets: WS[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const s of sockets.splice(0)) s.terminate();
    for (const r of open.splice(0)) {
      await r.relay.close();
      removeDir(r.dataDir);
    }
  });
  return {
    async relay(limits: Partial<Limits> = {}) {
      const r = await startInProcess(limits);
      open.push(r);
      return { ...r, token: mintToken(r.dataDir, { eng: ['*'] }) };
    },
    client(url: string, room: string, token: string): Client {
      const c = connectClient(url, room, token);
      clients.push(c);
      return c;
    },
    /** A raw socket closed with the rest. */
    track(ws: WS): WS {
      sockets.push(ws);
      return ws;
    },
  };
}
