/**
 * Fan-out between relay nodes over Redis pub/sub, one channel per room (ADR 0011). PostgreSQL is the durable
 * log; Redis only carries "this was just stored" to the other nodes that have the room loaded, so a lost Redis
 * message costs a resync, never an edit.
 *
 * - Stored once: a node publishes a merged update only after storing it; receivers apply it with `origin` so the
 *   room relays it to its sockets without storing it again.
 * - Loading a room: subscribe first, then read the store, then apply what arrived meanwhile, then publish the
 *   room's state vector; every node with the room loaded answers with the diff (after storing anything pending)
 *   and its own state vector, which this node answers in turn. Nothing stored or published while loading is
 *   missed, in either direction.
 * - Redis lost and back: every loaded room is re-subscribed and re-exchanges state vectors, and revocations are
 *   re-read; while Redis is down, each node keeps serving its own sockets from the shared store.
 * - Revocation: `publishRevocation()` (the CLI after `user revoke`) makes every node re-read revocations now.
 */
import { Redis } from 'ioredis';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../log.ts';
import { isEmptyUpdate } from '../protocol.ts';
import type { Room, RoomFanout } from '../room.ts';
import { decodeNodeMessage, encodeNodeMessage, KIND, type Kind, type NodeMessage } from './messages.ts';

/** What the fan-out needs from the relay. */
export interface ClusterRooms {
  get(name: string): Room | undefined;
  all(): Iterable<Room>;
  /** Re-read revocations from the store and close revoked sockets. */
  revocationsChanged(): void;
}

export interface RedisFanoutOptions {
  url: string;
  prefix: string;
  nodeId: string;
  log: Logger;
}

/** Messages held per room while it loads; beyond this the state-vector exchange after loading covers the rest. */
const MAX_BUFFERED = 10_000;
const SUBSCRIBE_TIMEOUT_MS = 2_000;

type Status = 'connecting' | 'ready' | 'down';

export class RedisFanout implements RoomFanout {
  /** The origin given to Y.applyUpdate / applyAwarenessUpdate for what came from another node. */
  readonly origin = Object.freeze({ fanout: 'redis' });
  readonly nodeId: string;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly control: string;
  private readonly log: Logger;
  private rooms: ClusterRooms | null = null;
  /** Rooms this node wants messages for (loaded or loading). */
  private readonly wanted = new Set<string>();
  private readonly buffers = new Map<string, NodeMessage[]>();
  private closed = false;
  private wasDown = false;
  readonly counts = { published: new Map<Kind, number>(), received: new Map<Kind, number>(), publishFailed: 0, resyncs: 0, ignoredOwn: 0, malformed: 0 };

  constructor(opts: RedisFanoutOptions) {
    this.nodeId = opts.nodeId;
    this.prefix = `${opts.prefix}:room:`;
    this.control = `${opts.prefix}:control`;
    this.log = opts.log;
    const common = {
      // Fail fast while disconnected instead of queueing without bound: the resync on reconnect covers the gap.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times: number) => Math.min(100 * times, 1_000),
      lazyConnect: true,
    };
    this.pub = new Redis(opts.url, { ...common, connectionName: `gw-relay-pub-${opts.nodeId}` });
    this.sub = new Redis(opts.url, { ...common, connectionName: `gw-relay-sub-${opts.nodeId}`, autoResubscribe: false });
    for (const [name, conn] of [['pub', this.pub], ['sub', this.sub]] as const) {
      conn.on('error', (err: Error) => {
        if (!this.wasDown) this.log.warn('redis connection error', { conn: name, err });
      });
      conn.on('close', () => {
        if (this.closed || this.wasDown) return;
        this.wasDown = true;
        this.log.warn('redis connection lost; serving local sockets, will resync when it is back', { conn: name });
      });
      conn.on('ready', () => void this.onReady());
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel.toString(), message));
  }

  attach(rooms: ClusterRooms): void {
    this.rooms = rooms;
  }

  /** Starts connecting; resolves when connected or after `timeoutMs` (the relay also runs without Redis). */
  async start(timeoutMs = 5_000): Promise<void> {
    const connect = Promise.all([this.pub.connect(), this.sub.connect()]).then(() => this.onReady());
    connect.catch(() => undefined);
    await Promise.race([connect, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
  }

  status(): Status {
    if (this.pub.status === 'ready' && this.sub.status === 'ready') return 'ready';
    return this.wasDown ? 'down' : 'connecting';
  }

  private channel(room: string): string {
    return this.prefix + room;
  }

  /** Before a room is read from the store: subscribe (when Redis is up) and hold its messages until it is loaded. */
  async beforeLoad(room: string): Promise<void> {
    this.wanted.add(room);
    this.buffers.set(room, []);
    if (this.sub.status !== 'ready') return;
    try {
      await withTimeout(this.sub.subscribe(this.channel(room)), SUBSCRIBE_TIMEOUT_MS);
    } catch (err) {
      this.log.warn('redis subscribe failed; the room resyncs when Redis is back', { room, err });
    }
  }

  /** The room is live: apply what arrived while it loaded, then ask the other nodes for what this node lacks. */
  loaded(room: Room): void {
    const held = this.buffers.get(room.name) ?? [];
    this.buffers.delete(room.name);
    for (const m of held) this.deliver(room, m);
    this.requestSync(room, '');
  }

  unloaded(room: string): void {
    this.wanted.delete(room);
    this.buffers.delete(room);
    if (this.sub.status === 'ready') this.sub.unsubscribe(this.channel(room)).catch(() => undefined);
  }

  // RoomFanout — called by the room.
  publishUpdate(room: Room, update: Uint8Array): void {
    this.publish(this.channel(room.name), KIND.update, update, '');
  }
  publishAwareness(room: Room, update: Uint8Array): void {
    this.publish(this.channel(room.name), KIND.awareness, update, '');
  }

  publishRevocation(): Promise<void> {
    return this.publishAwait(this.control, KIND.revoked, new Uint8Array(0), '');
  }

  private requestSync(room: Room, to: string, want = true): void {
    this.publish(this.channel(room.name), KIND.stateVector, Y.encodeStateVector(room.doc), to, want);
  }

  private publish(channel: string, kind: Kind, payload: Uint8Array, to: string, want = false): void {
    this.publishAwait(channel, kind, payload, to, want).catch(() => undefined);
  }

  private async publishAwait(channel: string, kind: Kind, payload: Uint8Array, to: string, want = false): Promise<void> {
    if (this.closed) return;
    const msg = encodeNodeMessage({ kind, from: this.nodeId, to, payload, want });
    try {
      await this.pub.publish(channel, Buffer.from(msg.buffer, msg.byteOffset, msg.byteLength));
      this.counts.published.set(kind, (this.counts.published.get(kind) ?? 0) + 1);
    } catch (err) {
      // Not delivered now; the state-vector exchange when Redis is back carries it.
      this.counts.publishFailed++;
      throw err;
    }
  }

  private onMessage(channel: string, raw: Buffer): void {
    const m = decodeNodeMessage(raw);
    if (!m) {
      this.counts.malformed++;
      return;
    }
    if (m.from === this.nodeId) {
      this.counts.ignoredOwn++;
      return;
    }
    if (m.to !== '' && m.to !== this.nodeId) return;
    this.counts.received.set(m.kind, (this.counts.received.get(m.kind) ?? 0) + 1);
    if (channel === this.control) {
      if (m.kind === KIND.revoked) this.rooms?.revocationsChanged();
      return;
    }
    if (!channel.startsWith(this.prefix)) return;
    const name = channel.slice(this.prefix.length);
    const buffer = this.buffers.get(name);
    if (buffer) {
      if (buffer.length < MAX_BUFFERED) buffer.push(m);
      return;
    }
    const room = this.rooms?.get(name);
    if (room) this.deliver(room, m);
  }

  private deliver(room: Room, m: NodeMessage): void {
    try {
      if (m.kind === KIND.update) Y.applyUpdate(room.doc, m.payload, this.origin);
      else if (m.kind === KIND.awareness) awarenessProtocol.applyAwarenessUpdate(room.awareness, m.payload, this.origin);
      else if (m.kind === KIND.stateVector) void this.answerStateVector(room, m);
    } catch (err) {
      this.counts.malformed++;
      this.log.warn('fan-out message failed to apply', { room: room.name, from: m.from, kind: m.kind, err });
    }
  }

  /** Another node's state vector: send it what it lacks (only stored state: flush first), and our presence. */
  private async answerStateVector(room: Room, m: NodeMessage): Promise<void> {
    await room.flush();
    if (this.rooms?.get(room.name) !== room) return;
    const diff = Y.encodeStateAsUpdate(room.doc, m.payload);
    if (!isEmptyUpdate(diff)) this.publish(this.channel(room.name), KIND.update, diff, m.from);
    const local = [...room.peers].flatMap((p) => [...p.awarenessIds]).filter((id) => room.awareness.getStates().has(id));
    if (local.length) this.publish(this.channel(room.name), KIND.awareness, awarenessProtocol.encodeAwarenessUpdate(room.awareness, local), m.from);
    if (m.want) this.requestSync(room, m.from, false);
  }

  /** Both connections up (first time or after an outage): re-subscribe, resync every loaded room, re-read revocations. */
  private async onReady(): Promise<void> {
    if (this.closed || this.status() !== 'ready') return;
    this.wasDown = false;
    try {
      await this.sub.subscribe(this.control, ...[...this.wanted].map((r) => this.channel(r)));
    } catch (err) {
      this.log.warn('redis re-subscribe failed', { err });
      return;
    }
    // First connection or back after an outage: rooms loaded meanwhile missed messages, and so may revocations.
    this.rooms?.revocationsChanged();
    const live = [...(this.rooms?.all() ?? [])].filter((r) => !this.buffers.has(r.name));
    if (live.length === 0) return;
    this.counts.resyncs++;
    this.log.info('redis ready: resyncing loaded rooms with the other nodes', { rooms: live.length });
    for (const room of live) this.requestSync(room, '');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

/** One-shot revocation notice from the CLI (`user revoke --redis …`): every node re-reads revocations now. */
export async function announceRevocation(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const msg = encodeNodeMessage({ kind: KIND.revoked, from: 'cli', to: '', payload: new Uint8Array(0), want: false });
    await redis.publish(`${prefix}:control`, Buffer.from(msg));
  } finally {
    redis.disconnect();
  }
}
