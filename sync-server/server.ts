/**
 * The relay: one HTTP server whose upgrade requests are authenticated before `handleUpgrade`, then served the
 * standard y-websocket protocol per room. Rooms load on first join and unload after the last client leaves.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { Authenticator, refuseUpgrade, roomFromUrl, SUBPROTOCOL, tokenFromRequest } from './auth/upgrade.ts';
import { canWrite, nowSeconds, type Claims } from './auth/tokens.ts';
import { BlobStore } from './blobs.ts';
import { RedeemThrottle } from './auth/invites.ts';
import { createHttpHandler } from './http.ts';
import { PerIpCounter, TokenBucket, type Limits } from './limits.ts';
import type { Logger } from './log.ts';
import { Metrics } from './metrics.ts';
import { awarenessEntries, encodePermissionDenied, isEmptyUpdate, parseMessage, ProtocolError } from './protocol.ts';
import { AwarenessGuard } from './awareness-guard.ts';
import { Room, type Peer } from './room.ts';
import { AppendCoalescer } from './store/append-coalescer.ts';
import type { Store } from './store/store.ts';
import { join } from 'node:path';
import { clusterHttp } from './fanout/cluster-http.ts';
import type { RedisFanout } from './fanout/redis-fanout.ts';

export interface RelayOptions {
  host: string;
  port: number;
  dataDir: string;
  secret: Buffer;
  store: Store;
  limits: Limits;
  log: Logger;
  /** This node's id (metrics label, /healthz, fan-out). */
  nodeId?: string;
  /** Scale-out: other nodes' updates, presence and revocations over Redis (sync-server/fanout). */
  fanout?: RedisFanout | null;
}

export interface Relay {
  readonly server: Server;
  readonly port: number;
  readonly metrics: Metrics;
  stats(): { rooms: number; connections: number };
  /** Stops accepting, flushes every room, closes sockets (1012) and the store. */
  close(): Promise<void>;
}

const OPEN = 1;
/** The ping interval is cut into this many turns, each pinging its own share of the sockets (RelayCore.pingSweep). */
const PING_SLICES = 16;

/** Close codes: 1002 protocol error, 1008 policy, 1009 too big, 1011 server error, 1012 restarting,
 * 1013 slow reader (try again later), 4401 token revoked/expired, 4413 document too large. 44xx codes stop
 * y-websocket's automatic reconnect; the others let it retry. */
export const CLOSE = { protocol: 1002, policy: 1008, tooBig: 1009, serverError: 1011, restart: 1012, slow: 1013, revoked: 4401, docTooLarge: 4413 } as const;

class Connection implements Peer {
  readonly awarenessIds = new Set<number>();
  room: Room | null = null;
  /** Messages that arrived before the room loaded (allocated only then: most sockets never need it). */
  queue: Uint8Array[] | null = null;
  alive = true;
  closed = false;
  viewerNotified = false;
  readonly writable: boolean;
  readonly bucket: TokenBucket;

  constructor(
    readonly ws: WebSocket,
    readonly claims: Claims,
    readonly roomName: string,
    readonly ip: string,
    private readonly relay: RelayCore,
    /** Which of the ping timer's PING_SLICES turns pings this socket (RelayCore.pingSweep). */
    readonly pingSlice: number,
  ) {
    this.writable = canWrite(claims, roomName);
    const rate = relay.limits.awarenessPerSecond;
    this.bucket = new TokenBucket(rate, rate * 2);
  }

  send(message: Uint8Array): void {
    const ws = this.ws;
    if (ws.readyState !== OPEN) return;
    if (ws.bufferedAmount + message.length > this.relay.limits.maxBufferedBytes) {
      // Backpressure: never queue without bound. The client reconnects and resyncs with one diff.
      this.relay.metrics.refusals.inc({ reason: 'backpressure' });
      this.close(CLOSE.slow, 'send buffer full');
      return;
    }
    ws.send(message);
    this.relay.metrics.wsOut.inc(message.length);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.relay.metrics.closes.inc({ code: String(code) });
    this.ws.close(code, reason);
    // A client that never answers the close frame must not hold the slot.
    setTimeout(() => this.ws.terminate(), 2000).unref();
  }
}

/** Module-level on purpose: a closure here would keep the upgrade request (headers, token) alive with the socket. */
function destroySocket(this: Duplex): void {
  this.destroy();
}

class RelayCore {
  readonly metrics = new Metrics();
  readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  readonly connections = new Set<Connection>();
  readonly auth: Authenticator;
  readonly limits: Limits;
  readonly perIp: PerIpCounter;
  readonly awarenessGuard = new AwarenessGuard();
  private readonly appends: AppendCoalescer;
  private shuttingDown = false;
  private nextPingSlice = 0;

  constructor(readonly opts: RelayOptions) {
    this.limits = opts.limits;
    this.appends = new AppendCoalescer(opts.store);
    this.auth = new Authenticator(opts.secret);
    this.perIp = new PerIpCounter(opts.limits.maxConnectionsPerIp);
    this.metrics.gauge('groundwork_relay_connections', 'Open WebSocket connections.', () => this.connections.size);
    this.metrics.gauge('groundwork_relay_rooms', 'Rooms loaded in memory.', () => this.rooms.size);
    this.metrics.gauge('process_resident_memory_bytes', 'Resident memory of the relay process.', () => process.memoryUsage.rss());
    this.metrics.gauge('nodejs_heap_used_bytes', 'V8 heap in use.', () => process.memoryUsage().heapUsed);
  }

  get log(): Logger {
    return this.opts.log;
  }

  async refreshRevocations(): Promise<void> {
    this.auth.revoked = await this.opts.store.revocations();
    const now = nowSeconds();
    for (const c of this.connections) {
      if (c.closed) continue;
      if (this.auth.isRevoked(c.claims)) {
        this.metrics.refusals.inc({ reason: 'revoked_live' });
        this.log.info('closing a revoked token’s socket', { user: c.claims.sub, room: c.roomName });
        c.close(CLOSE.revoked, 'token revoked');
      } else if (c.claims.exp <= now) {
        this.metrics.refusals.inc({ reason: 'expired_live' });
        c.close(CLOSE.revoked, 'token expired');
      }
    }
  }

  handleUpgrade(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', destroySocket);
    const refuse = (status: number, reason: string) => {
      this.metrics.refusals.inc({ reason });
      this.log.info('upgrade refused', { status, reason, ip: req.socket.remoteAddress });
      refuseUpgrade(socket, status, reason);
    };
    if (this.shuttingDown) return refuse(503, 'shutting_down');
    const room = roomFromUrl(req.url);
    if (!room) return refuse(400, 'bad_room');
    const auth = this.auth.check(tokenFromRequest(req), room);
    if (!auth.ok) return refuse(auth.status, auth.reason);
    const ip = req.socket.remoteAddress ?? 'unknown';
    if (this.perIp.count(ip) >= this.limits.maxConnectionsPerIp) return refuse(429, 'too_many_connections_from_ip');
    wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, auth.claims, room, ip));
  }

  private onConnection(ws: WebSocket, claims: Claims, roomName: string, ip: string): void {
    this.perIp.acquire(ip);
    const conn = new Connection(ws, claims, roomName, ip, this, this.nextPingSlice++ % PING_SLICES);
    this.connections.add(conn);
    this.metrics.connectionsOpened.inc();
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', (err: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for maxPayload, 1002 for bad frames); count why.
      const reason = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'message_too_big' : 'bad_frame';
      this.metrics.refusals.inc({ reason });
      this.metrics.closes.inc({ code: reason === 'message_too_big' ? '1009' : '1002' });
      this.log.info('socket error', { user: claims.sub, room: roomName, reason, err });
    });
    ws.on('close', () => {
      conn.closed = true;
      this.connections.delete(conn);
      this.perIp.release(ip);
      if (conn.room) for (const id of this.awarenessGuard.release(conn.room, conn)) conn.awarenessIds.add(id);
      conn.room?.leave(conn);
    });
    this.getRoom(roomName).then(
      (room) => {
        if (conn.closed || ws.readyState !== OPEN) return;
        conn.room = room;
        room.join(conn);
        const queued = conn.queue;
        conn.queue = null;
        if (queued) for (const m of queued) this.handle(conn, room, m);
      },
      (err: unknown) => {
        this.log.error('room failed to load', { room: roomName, err });
        conn.close(CLOSE.serverError, 'room failed to load');
      },
    );
  }

  private getRoom(name: string): Promise<Room> {
    const live = this.rooms.get(name);
    if (live) {
      live.cancelUnload();
      return Promise.resolve(live);
    }
    let p = this.loading.get(name);
    if (!p) {
      p = (async () => {
        // A room still writing its last state must finish before it is read again.
        await this.unloading.get(name);
        const fanout = this.opts.fanout ?? undefined;
        // Subscribed before reading the store, so nothing another node stores meanwhile is missed.
        await fanout?.beforeLoad(name);
        let loaded;
        try {
          loaded = await this.opts.store.loadRoom(name);
        } catch (err) {
          fanout?.unloaded(name);
          throw err;
        }
        const room = new Room(name, loaded, { store: this.opts.store, append: this.appends.add, fanout, limits: this.limits, metrics: this.metrics, log: this.log, onIdle: (r) => void this.unload(r) });
        this.rooms.set(name, room);
        fanout?.loaded(room);
        this.log.debug('room loaded', { room: name, updates: loaded.updates.length, bytes: loaded.bytes });
        return room;
      })().finally(() => this.loading.delete(name));
      this.loading.set(name, p);
    }
    return p;
  }

  private async unload(room: Room): Promise<void> {
    if (this.rooms.get(room.name) !== room || room.peers.size > 0) return;
    this.rooms.delete(room.name);
    this.opts.fanout?.unloaded(room.name);
    const done = room.close().catch((err: unknown) => this.log.error('room unload failed', { room: room.name, err }));
    this.unloading.set(room.name, done);
    await done;
    if (this.unloading.get(room.name) === done) this.unloading.delete(room.name);
    this.log.debug('room unloaded', { room: room.name });
  }

  private onMessage(conn: Connection, data: RawData, isBinary: boolean): void {
    const buf = data instanceof Buffer ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    this.metrics.messages.inc();
    this.metrics.wsIn.inc(buf.length);
    conn.alive = true;
    if (conn.closed) return;
    if (!isBinary) return this.protocolError(conn, 'text frame');
    if (!conn.room) {
      if ((conn.queue ??= []).length >= this.limits.preAuthQueue) {
        this.metrics.refusals.inc({ reason: 'pre_auth_queue' });
        return conn.close(CLOSE.policy, 'too many messages before the room was ready');
      }
      conn.queue.push(buf);
      return;
    }
    this.handle(conn, conn.room, buf);
  }

  private protocolError(conn: Connection, why: string): void {
    this.metrics.refusals.inc({ reason: 'protocol_error' });
    this.log.info('protocol error; closing socket', { user: conn.claims.sub, room: conn.roomName, why });
    conn.close(CLOSE.protocol, 'protocol error');
  }

  private handle(conn: Connection, room: Room, buf: Uint8Array): void {
    if (conn.closed) return;
    try {
      const msg = parseMessage(buf);
      switch (msg.type) {
        case 'step1':
          room.replyStep2(conn, msg.stateVector).catch((err: unknown) => this.protocolError(conn, (err as Error).message));
          return;
        case 'update': {
          if (!conn.writable) {
            if (isEmptyUpdate(msg.update)) return;
            this.metrics.updates.inc({ outcome: 'dropped_viewer' });
            if (!conn.viewerNotified) {
              conn.viewerNotified = true;
              conn.send(encodePermissionDenied('read-only: your role may not change this document'));
            }
            return;
          }
          const r = room.applyFromPeer(conn, msg.update);
          if (r === 'too-large') {
            this.metrics.updates.inc({ outcome: 'rejected' });
            this.metrics.refusals.inc({ reason: 'document_too_large' });
            conn.close(CLOSE.docTooLarge, 'document too large');
          } else if (r === 'invalid') {
            this.metrics.updates.inc({ outcome: 'rejected' });
            this.protocolError(conn, 'update failed to apply');
          }
          return;
        }
        case 'awareness': {
          if (!conn.bucket.take()) {
            this.metrics.refusals.inc({ reason: 'awareness_rate' });
            return;
          }
          const verdict = this.awarenessGuard.admit(room, conn, awarenessEntries(msg.update));
          if (verdict !== 'apply') {
            if (verdict === 'foreign') this.metrics.refusals.inc({ reason: 'awareness_foreign_id' });
            return;
          }
          room.applyAwareness(conn, msg.update);
          return;
        }
        case 'query-awareness': {
          const all = room.allAwareness();
          if (all) conn.send(all);
          return;
        }
        case 'auth':
          return;
      }
    } catch (err) {
      this.protocolError(conn, err instanceof ProtocolError ? err.message : `handler failed: ${(err as Error).message}`);
    }
  }

  /**
   * Pings one slice of the sockets (a socket's slice is fixed when it opens): the timer runs PING_SLICES times per
   * ping interval, so each socket is still pinged once per interval, but never all at once — a sweep of every
   * socket in one go (500 pings, then 500 pongs to read) held up every room's edits for a round in the fan-out
   * bench, and would for far longer at 10,000 sockets.
   */
  pingSweep(slice: number): void {
    for (const c of this.connections) {
      if (c.closed || c.pingSlice !== slice) continue;
      if (!c.alive) {
        this.metrics.refusals.inc({ reason: 'ping_timeout' });
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      try {
        c.ws.ping();
      } catch {
        c.ws.terminate();
      }
    }
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const c of this.connections) c.close(CLOSE.restart, 'relay restarting');
    await Promise.all([...this.loading.values()].map((p) => p.catch(() => undefined)));
    await Promise.all([...this.rooms.values()].map((r) => r.close().catch((err: unknown) => this.log.error('flush on shutdown failed', { room: r.name, err }))));
    this.rooms.clear();
    await Promise.all([...this.unloading.values()]);
    for (const c of this.connections) c.ws.terminate();
  }
}

export async function startRelay(opts: RelayOptions): Promise<Relay> {
  const core = new RelayCore(opts);
  const { limits, log, store } = opts;
  await core.refreshRevocations();
  const blobs = new BlobStore(join(opts.dataDir, 'blobs'), store);
  const stats = () => ({ rooms: core.rooms.size, connections: core.connections.size });
  const fanout = opts.fanout ?? null;
  fanout?.attach({
    get: (name) => core.rooms.get(name),
    all: () => core.rooms.values(),
    revocationsChanged: () => void core.refreshRevocations().catch((err: unknown) => log.error('revocation refresh failed', { err })),
  });
  const cluster = clusterHttp({ nodeId: opts.nodeId ?? 'relay', store, fanout });
  const invites = { secret: opts.secret, throttle: new RedeemThrottle() };
  const server = createServer(createHttpHandler({ auth: core.auth, store, blobs, metrics: core.metrics, limits, log, stats, cluster, invites }));
  server.headersTimeout = limits.handshakeTimeoutMs;
  server.requestTimeout = Math.max(limits.handshakeTimeoutMs, 120_000);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxMessageBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => core.handleUpgrade(wss, req, socket, head));
  server.on('clientError', (_err, socket) => {
    core.metrics.refusals.inc({ reason: 'bad_http' });
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  let polling = false;
  const revocationTimer = setInterval(() => {
    if (polling) return;
    polling = true;
    core
      .refreshRevocations()
      .catch((err: unknown) => log.error('revocation poll failed', { err }))
      .finally(() => (polling = false));
  }, limits.revocationPollMs);
  let pingTurn = 0;
  const pingTimer = setInterval(() => core.pingSweep(pingTurn++ % PING_SLICES), limits.pingIntervalMs / PING_SLICES);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    server,
    port,
    metrics: core.metrics,
    stats,
    close: () =>
      (closing ??= (async () => {
        clearInterval(revocationTimer);
        clearInterval(pingTimer);
        const closed = new Promise<void>((r) => server.close(() => r()));
        await core.shutdown();
        wss.close();
        server.closeAllConnections();
        await closed;
        await fanout?.close();
        await store.close();
      })()),
  };
}
