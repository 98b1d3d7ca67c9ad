/**
 * One live document: its Y.Doc, presence, connected peers, and the per-tick batch of updates on their way to
 * the store and then to everyone else.
 *
 * Coalescing: updates applied within one event-loop turn are queued; a setImmediate stores them in one
 * transaction and only then broadcasts them as one merged update per peer (core's mergeUpdates: Yjs's merge, done
 * as a tree so a large batch costs linear time). What is queued is what the server doc's `update` event reports —
 * the part of a peer's update that was actually new — so a resent update is neither stored nor relayed twice. (An
 * update that is all new is queued as received: applyFresh.)
 *
 * Stored, then relayed, then applied: an update the guard found all new and plain (review-guard.ts, update-scan.ts:
 * placeable, and every value reads cleanly in Yjs) is stored and relayed before the relay's own Yjs applies it
 * (forwardFirst). Applying 2,000 offline edits takes the relay 2 ms, and the young-generation collections that
 * copy the items it creates add 3–35 ms on a busy machine (traced, ADR 0019) — time a peer need not wait for.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { mergeUpdates } from '#core/model/merge-updates.ts';
import type { Claims } from './auth/tokens.ts';
import type { Limits } from './limits.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { decodeStateVectorStrict, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, isEmptyUpdate } from './protocol.ts';
import { applyGuarded, reviewGuard } from './review-guard.ts';
import type { Stored } from './store/append-coalescer.ts';
import { DAMAGED_SNAPSHOT_MESSAGE } from './store/snapshot-check.ts';
import type { LoadedRoom, Store, StoredUpdate } from './store/store.ts';

/** A room that flushed less recently than this is "quiet": its next flush is not deferred to the end of the tick. */
const QUIET_MS = 5;
/** Origin of the stored state applied when the doc is built: already stored, so never queued or relayed. */
const LOADED = Symbol('loaded');
/** A sync step 2 that adds nothing: no structs, no deletions (see replyStep2). */
const EMPTY_STEP2 = encodeSyncStep2(new Uint8Array([0, 0]));
/** A joined client that has not sent its sync step 1 by then gets the relay's step 1 anyway (the doc is built). */
const BUILD_FALLBACK_MS = 1000;

/** A connection as the room sees it. */
export interface Peer {
  readonly claims: Claims;
  /** Awareness client ids this connection announced (removed when it leaves). */
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** A queued update: the row it is stored as (passed to the store as it is), and who sent it. */
interface Pending extends StoredUpdate {
  peer: Peer | null;
  /** Holds more than what `peer` sent (structs Yjs had parked from someone else): `peer` is sent it too. */
  echo: boolean;
}

export type ApplyResult = 'applied' | 'too-large' | 'invalid' | 'refused';

/** Cross-node fan-out (sync-server/fanout): told what this node stored and its sockets' presence changes; it
 * delivers other nodes' updates and presence into the room with `origin`, which the room relays but never stores. */
export interface RoomFanout {
  readonly origin: object;
  publishUpdate(room: Room, update: Uint8Array): void;
  publishAwareness(room: Room, update: Uint8Array): void;
}

export interface RoomDeps {
  store: Store;
  /** Stores a room's updates, then calls `done` — maybe synchronously (the server's AppendCoalescer: one transaction
   * for up to 8 rooms' rows of a turn). */
  append: (room: string, updates: StoredUpdate[], done: Stored) => void;
  fanout?: RoomFanout;
  limits: Limits;
  metrics: Metrics;
  log: Logger;
  /** Called when the room has had no peers for the grace period. */
  onIdle: (room: Room) => void;
}

export class Room {
  // A fixed guid: Yjs otherwise makes one with lib0's uuidv4, 31 calls into the system's random source (~0.25 ms
  // here, more than the rest of building an empty doc), paid on every room load — a first join waits for it. The
  // relay's doc never leaves the process as a Y.Doc, so nothing reads its guid.
  private readonly ydoc = new Y.Doc({ gc: true, guid: 'relay-room' });
  readonly awareness: awarenessProtocol.Awareness;
  /** The stored snapshot, not yet applied to `ydoc` (ADR 0013: the doc is built when something needs it). */
  private unbuilt: Uint8Array | null = null;
  /** The doc's whole state as one stored update, while the doc has not changed since it was read or compacted:
   * a fresh client's sync step 2 is these bytes as they are (no Yjs work). Null once anything changes. */
  private wholeState: Uint8Array | null = null;
  /** Bumped on every change to the doc (a compaction's bytes become `wholeState` only if nothing changed meanwhile). */
  private version = 0;
  /** Peers that joined before the doc was built and may hold something the relay lacks: they get the relay's sync
   * step 1 once it is built (at their own non-empty step 1, a write, or BUILD_FALLBACK_MS). */
  private readonly owedStep1 = new Set<Peer>();
  /** When each peer was last sent a sync step 2 in full, with the doc's whole delete set (replyStep2). */
  private readonly fullStep2At = new Map<Peer, number>();
  /** Set while an apply may integrate what Yjs parked (applyWithParked): what it queues goes to its sender too. */
  private echoToSender = false;
  private buildTimer: NodeJS.Timeout | null = null;
  /** Updates stored and relayed ahead of the relay's own apply (forwardFirst), in arrival order: applied at the end
   * of the turn that broadcast them (scheduleApply), or as soon as anything reads the doc, whichever comes first. */
  private unapplied: { bytes: Uint8Array; peer: Peer }[] = [];
  private applyScheduled = false;
  readonly peers = new Set<Peer>();
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private awarenessChanged = new Set<number>();
  private flushScheduled = false;
  private lastFlushAt = 0;
  /** The batch the store is committing (pump waits for it: one batch of a room in flight at a time). */
  private storing: Pending[] | null = null;
  private storeStartedAt = 0;
  private compacting = false;
  /** Set when a stored batch takes the room past `compactEvery`: one compaction is tried per stored batch, so a
   * snapshot that cannot be written (a full disk) is retried at the next batch, not in a loop. */
  private compactDue = false;
  /** flush() callers, told when nothing is pending, storing or compacting any more. */
  private idleWaiters: (() => void)[] = [];
  private unloadTimer: NodeJS.Timeout | null = null;
  private lastSeq: number;
  private storedBytes: number;
  private sinceSnapshot: number;
  private broken = false;

  constructor(
    readonly name: string,
    loaded: LoadedRoom,
    private readonly deps: RoomDeps,
  ) {
    this.lastSeq = loaded.lastSeq;
    this.storedBytes = loaded.bytes;
    this.sinceSnapshot = loaded.updates.length;
    this.compactDue = this.sinceSnapshot >= deps.limits.compactEvery; // e.g. a relay killed before it could compact
    // The store found the snapshot damaged and gave the whole update log instead (snapshot-check.ts). The room is
    // whole; the next compaction (due now, or at unload) writes a sound snapshot over the damaged one.
    if (loaded.damagedSnapshotSeq !== undefined) {
      deps.log.error(DAMAGED_SNAPSHOT_MESSAGE, { room: name, snapshotSeq: loaded.damagedSnapshotSeq, updates: loaded.updates.length });
      this.compactDue = true;
    }
    // A compacted room (always so after an unload) is kept as its snapshot bytes until something needs the doc:
    // a fresh client is answered with those bytes, so catching up costs one store read and no Yjs work.
    if (loaded.snapshot && loaded.updates.length === 0) this.unbuilt = this.wholeState = loaded.snapshot;
    else this.loadInto(loaded);
    this.awareness = new awarenessProtocol.Awareness(this.ydoc);
    this.awareness.setLocalState(null);
    this.ydoc.on('update', this.onDocUpdate);
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const peer = origin && this.peers.has(origin as Peer) ? (origin as Peer) : null;
      if (peer) {
        for (const id of added) peer.awarenessIds.add(id);
        for (const id of removed) peer.awarenessIds.delete(id);
      }
      for (const id of added) this.awarenessChanged.add(id);
      for (const id of updated) this.awarenessChanged.add(id);
      for (const id of removed) this.awarenessChanged.add(id);
      const fanout = this.deps.fanout;
      // Other nodes expire stale states themselves ('timeout'); what came from them is not sent back.
      if (fanout && origin !== fanout.origin && origin !== 'timeout') fanout.publishAwareness(this, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
      this.scheduleFlush();
    });
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADED) return;
    this.version++;
    this.wholeState = null;
    if (origin !== undefined && origin === this.deps.fanout?.origin) this.relayRemote(update);
    else this.queue(update, origin as Peer | null);
  };

  /** The live document, built from the stored snapshot on first use, with every forwarded update applied. */
  get doc(): Y.Doc {
    if (this.unbuilt) this.build();
    if (this.unapplied.length) this.applyForwarded();
    return this.ydoc;
  }

  private build(): void {
    const state = this.unbuilt!;
    this.unbuilt = null;
    if (this.buildTimer) clearTimeout(this.buildTimer);
    this.buildTimer = null;
    try {
      Y.applyUpdate(this.ydoc, state, LOADED);
    } catch (err) {
      this.wholeState = null;
      this.deps.log.error('room load: the stored snapshot does not apply', { room: this.name, err });
    }
    const step1 = encodeSyncStep1(this.ydoc);
    for (const p of this.owedStep1) p.send(step1);
    this.owedStep1.clear();
  }

  private loadInto(loaded: LoadedRoom): void {
    const parts = loaded.snapshot ? [loaded.snapshot, ...loaded.updates] : loaded.updates;
    if (parts.length === 0) return;
    try {
      // One transaction, not Y.mergeUpdates: merging hundreds of updates costs far more than applying them
      // (superlinear in their number), and one transaction runs Yjs's cleanup once.
      this.ydoc.transact(() => {
        for (const p of parts) Y.applyUpdate(this.ydoc, p);
      });
    } catch (err) {
      // One bad stored row must not take the whole room down: apply what can be applied, say which failed.
      this.deps.log.error('room load: applying the stored updates failed, applying one by one', { room: this.name, err });
      for (const [i, p] of parts.entries()) {
        try {
          Y.applyUpdate(this.ydoc, p);
        } catch (e) {
          this.deps.log.error('room load: skipped a stored update that does not apply', { room: this.name, index: i, err: e });
        }
      }
    }
  }

  get size(): number {
    return this.storedBytes + this.pendingBytes;
  }

  join(peer: Peer): void {
    this.cancelUnload();
    this.peers.add(peer);
    if (this.unbuilt) {
      // The relay's step 1 needs the doc's state vector, i.e. the built doc. A y-websocket client sends its own
      // step 1 on open: empty (a fresh client, nothing to ask it for) → answered from the stored bytes, no doc
      // needed; non-empty → the doc is built to answer it, and this step 1 goes out then.
      this.owedStep1.add(peer);
      this.buildTimer ??= setTimeout(() => {
        this.buildTimer = null;
        if (this.unbuilt && this.owedStep1.size) this.build();
      }, BUILD_FALLBACK_MS);
      this.buildTimer.unref();
    } else peer.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.owedStep1.delete(peer);
    this.fullStep2At.delete(peer);
    if (peer.awarenessIds.size) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    if (this.peers.size === 0) {
      this.cancelUnload();
      this.unloadTimer = setTimeout(() => {
        this.unloadTimer = null;
        if (this.peers.size === 0) this.deps.onIdle(this);
      }, this.deps.limits.unloadGraceMs);
      this.unloadTimer.unref();
    }
  }

  cancelUnload(): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
  }

  /** Applies a peer's update to the server doc (validating it); storing and relaying happen on flush. */
  applyFromPeer(peer: Peer, update: Uint8Array): ApplyResult {
    if (this.broken) return 'invalid';
    // A client's "nothing new" answer (its step 2 to the relay's step 1) changes nothing: no need to build the doc.
    if (isEmptyUpdate(update)) return 'applied';
    if (this.size + update.length > this.deps.limits.maxDocumentBytes) return 'too-large';
    // Review guard (ADR 0009): a non-lead's update that sets or clears a lead decision is refused before it applies.
    const verdict = { fresh: false, plain: false };
    const allowed = reviewGuard(this.doc, this.deps, this.name, peer, update, verdict);
    if (!allowed) return 'refused';
    // Reading the doc applied what was forwarded before; if that failed, the room has closed its peers.
    if (this.broken) return 'invalid';
    if (verdict.plain) {
      this.forwardFirst(peer, allowed);
      return 'applied';
    }
    const mark = this.pending.length;
    try {
      // applyGuarded: for a non-lead, nothing Yjs would park (and integrate later, unchecked) stays behind.
      if (verdict.fresh) this.applyFresh(peer, allowed);
      else this.applyWithParked(peer, allowed);
      return 'applied';
    } catch (err) {
      // Yjs may have integrated part of it before throwing; none of it is stored or relayed.
      for (let i = mark; i < this.pending.length; i++) this.pendingBytes -= this.pending[i]!.bytes.length;
      this.pending.length = mark;
      this.deps.log.warn('update failed to apply', { room: this.name, user: peer.claims.sub, err });
      return 'invalid';
    }
  }

  /**
   * Applies a peer's update on Yjs's own path: the doc's `update` event queues what was new. If Yjs had parked
   * something (a lead's update that came before what it builds on), this apply can integrate it, and the event
   * reports it as this peer's. The batch is then sent to this peer as well: it does not have what was parked, and a
   * deletion among it would not show in its state vector (replyStep2 relies on every change reaching every peer).
   */
  private applyWithParked(peer: Peer, update: Uint8Array): void {
    const doc = this.doc;
    this.echoToSender = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
    try {
      applyGuarded(doc, update, peer);
    } finally {
      this.echoToSender = false;
    }
  }

  /**
   * An update the guard found to hold only what the doc lacks (review-guard.ts isFresh): its bytes are exactly the
   * new part, so they are queued as received and Yjs is spared re-encoding the delta for the doc's `update` event
   * (a fifth of the apply for a 2,000-edit offline sync; it already decoded the bytes twice). The listener is off
   * for this one synchronous apply only. If Yjs still parked part of it (applyGuarded's backstop — the guard's
   * placement check should make that impossible), what did integrate is re-encoded from the state before.
   */
  private applyFresh(peer: Peer, update: Uint8Array): void {
    const before = Y.encodeStateVector(this.ydoc);
    const discarded = this.unheard(() => applyGuarded(this.ydoc, update, peer));
    this.version++;
    this.wholeState = null;
    this.queue(discarded ? Y.encodeStateAsUpdate(this.ydoc, before) : update, peer);
  }

  /**
   * An update that is all new (applyFresh) and that Yjs will read without an error (update-scan.ts `plain`): its
   * bytes are queued as received, to be stored and relayed; the relay's own Yjs applies them at the end of the turn
   * (scheduleApply).
   * Nothing a peer could not apply leaves the relay: what Yjs could choke on reading is not plain, and the guard
   * placed every struct (nothing parks). Should the apply still fail, the room fails like a failed store: its
   * peers are closed and resync against the store, where the row that does not apply is skipped on load.
   */
  private forwardFirst(peer: Peer, update: Uint8Array): void {
    this.unapplied.push({ bytes: update, peer });
    this.version++;
    this.wholeState = null;
    this.queue(update, peer);
  }

  /**
   * The relay's own apply of what was just forwarded waits for the end of the event-loop turn (setImmediate): the
   * other rooms whose updates were read in this turn are stored and relayed first instead of each waiting behind the
   * Yjs applies of the rooms read before it (~30 µs each; 50 rooms a round in the fan-out bench). Nothing can see the
   * doc without them meanwhile: the `doc` getter applies whatever is outstanding first.
   */
  private scheduleApply(): void {
    if (this.applyScheduled) return;
    this.applyScheduled = true;
    setImmediate(this.runApply);
  }

  /** Made once per room, like runFlush: scheduleApply runs after every broadcast of forwarded updates. */
  private readonly runApply = (): void => {
    this.applyScheduled = false;
    if (this.unapplied.length && !this.broken) this.applyForwarded();
  };

  private applyForwarded(): void {
    const list = this.unapplied;
    this.unapplied = [];
    try {
      this.unheard(() => {
        for (const { bytes, peer } of list) if (applyGuarded(this.ydoc, bytes, peer)) throw new Error('part of a forwarded update could not be placed');
      });
    } catch (err) {
      this.fail('a forwarded update did not apply; closing the room so clients resync', err, 'relay error');
    }
  }

  /** Runs `apply` with the doc's `update` listener off: what it applies is queued by the caller, as received (Yjs
   * then skips encoding the delta, since nobody listens). */
  private unheard<T>(apply: () => T): T {
    this.ydoc.off('update', this.onDocUpdate);
    try {
      return apply();
    } finally {
      this.ydoc.on('update', this.onDocUpdate);
    }
  }

  /** The doc no longer matches what was stored and sent: drop the room's memory so every client resyncs. */
  private fail(why: string, err: unknown, closeReason: string): void {
    this.broken = true;
    this.deps.log.error(why, { room: this.name, err });
    for (const p of [...this.peers]) p.close(1011, closeReason);
    // Unload now, not after the grace period: a reconnecting client must get a room loaded from the store, never
    // this doc.
    this.peers.clear();
    this.deps.onIdle(this);
  }

  applyAwareness(peer: Peer, update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Answers a peer's sync step 1 — after anything pending is stored, so nothing unstored leaves the relay. */
  async replyStep2(peer: Peer, stateVector: Uint8Array): Promise<void> {
    const known = decodeStateVectorStrict(stateVector);
    if (!this.idle) await this.flush();
    if (!this.peers.has(peer)) return;
    const whole = this.wholeState;
    const now = Date.now();
    if (whole && known.size === 0) {
      // A fresh client: the stored whole state is exactly what Y.encodeStateAsUpdate would produce, already encoded.
      // It had nothing when it asked, and what it makes from now on arrives as updates: no step 1 owed to it.
      peer.send(encodeSyncStep2(whole));
      this.owedStep1.delete(peer);
      this.fullStep2At.set(peer, now);
      return;
    }
    // The app asks again (a step 1) after its own edits, to learn they are stored. Yjs's answer always carries the
    // doc's whole delete set, which deletions do not show in a state vector: 14.5 KB for a 20,000-edit document,
    // every few hundred ms while someone types, over a field connection. A peer that got a full step 2 on this
    // connection has since been sent every change the relay made to the doc, before this answer and on the same
    // socket: everything stored was broadcast to it (or came from it), and other nodes' updates are relayed as they
    // are applied. So if it already has every struct, it has every deletion too, and the answer is empty. Once per
    // fullSyncEveryMs the answer is in full anyway, so that a relay bug cannot leave a client short for good.
    const last = this.fullStep2At.get(peer);
    if (last !== undefined && now - last < this.deps.limits.fullSyncEveryMs && holdsEveryStruct(known, this.doc)) {
      peer.send(EMPTY_STEP2);
      return;
    }
    peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)));
    this.fullStep2At.set(peer, now);
  }

  allAwareness(): Uint8Array | null {
    const states = this.awareness.getStates();
    return states.size ? encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])) : null;
  }

  private queue(bytes: Uint8Array, origin: Peer | null): void {
    const peer = origin && typeof (origin as Peer).send === 'function' ? origin : null;
    this.pending.push({ bytes, peer, user: peer ? peer.claims.sub : 'relay', at: Date.now(), echo: this.echoToSender });
    this.pendingBytes += bytes.length;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // A quiet room flushes as soon as the current socket read is handled (lowest fan-out latency); a busy one
    // waits for the end of the event-loop turn, so everything read in that turn shares one store transaction
    // and one merged message per peer.
    if (performance.now() - this.lastFlushAt > QUIET_MS) queueMicrotask(this.runFlush);
    else setImmediate(this.runFlush);
  }

  /** Made once per room, not per update: a closure made per update is an allocation in the hot path. */
  private readonly runFlush = (): void => {
    this.flushScheduled = false;
    this.lastFlushAt = performance.now();
    this.pump();
  };

  /** Nothing waits to be stored, sent or compacted. */
  private get idle(): boolean {
    return (this.broken || (this.pending.length === 0 && this.awarenessChanged.size === 0)) && !this.storing && !this.compacting;
  }

  /** Stores what is pending, then relays it; resolves when everything queued so far is stored and sent (and any
   * compaction that was due is done). */
  flush(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
  }

  /**
   * Moves the room's outgoing work on one step at a time: the pending batch goes to the store (one batch in flight),
   * and onStored — called by the store when it is committed, synchronously inside the commit on SQLite — relays it
   * and pumps again; then presence, then a compaction if one is due. Callbacks, not an async loop: between a socket
   * read and its broadcast there is no promise hop (AppendCoalescer).
   */
  private pump(): void {
    if (this.storing || this.compacting) return; // their ends pump again
    if (!this.broken && this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      this.storing = batch;
      this.storeStartedAt = performance.now();
      this.deps.append(this.name, batch, this.onStored);
      return;
    }
    if (!this.broken && this.awarenessChanged.size) {
      const ids = [...this.awarenessChanged];
      this.awarenessChanged.clear();
      const msg = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
      for (const p of this.peers) p.send(msg);
    }
    if (this.compactDue && !this.broken) {
      this.compactDue = false;
      this.compacting = true;
      void this.compact().finally(this.compacted);
      return;
    }
    const waiters = this.idleWaiters;
    if (waiters.length === 0) return;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private readonly compacted = (): void => {
    this.compacting = false;
    this.pump();
  };

  /** The store's answer for the batch in flight. Never throws: a failure here fails the room, not the store's
   * other rooms of the same commit. */
  private readonly onStored = (err: unknown, seq: number): void => {
    const batch = this.storing!;
    this.storing = null;
    const { metrics } = this.deps;
    let bytes = 0;
    for (const p of batch) bytes += p.bytes.length;
    this.pendingBytes -= bytes;
    if (err) {
      // Not stored means not relayed: the doc holds an update the store lacks.
      metrics.storeFailed(err);
      this.fail('store failed; closing the room so clients resync', err, 'store unavailable');
    } else {
      this.lastSeq = seq;
      metrics.storeSucceeded((performance.now() - this.storeStartedAt) / 1000);
      metrics.updatesStored.inc(batch.length);
      this.storedBytes += bytes;
      this.sinceSnapshot += batch.length;
      if (this.sinceSnapshot >= this.deps.limits.compactEvery) this.compactDue = true;
      try {
        this.broadcast(batch);
      } catch (thrown) {
        this.fail('relaying a stored update failed; closing the room so clients resync', thrown, 'relay error');
      }
      if (this.unapplied.length) this.scheduleApply();
    }
    this.pump();
  };

  /** Another node stored this update already: relay it to this node's sockets, do not store it again. */
  private relayRemote(update: Uint8Array): void {
    this.storedBytes += update.length;
    const msg = encodeUpdate(update);
    for (const p of this.peers) p.send(msg);
  }

  private broadcast(batch: Pending[]): void {
    const merged = batch.length === 1 ? batch[0]!.bytes : mergeUpdates(batch.map((p) => p.bytes));
    this.deps.fanout?.publishUpdate(this, merged);
    const msg = encodeUpdate(merged);
    // A peer that sent everything in the batch has it already; anyone else gets the one merged message.
    let soleSender = batch[0]!.echo ? null : batch[0]!.peer;
    for (let i = 1; i < batch.length && soleSender; i++) if (batch[i]!.peer !== soleSender || batch[i]!.echo) soleSender = null;
    for (const p of this.peers) if (p !== soleSender) p.send(msg);
    this.deps.metrics.broadcasts.inc();
  }

  /** Snapshot = the doc's state now (equal to everything stored: only called with nothing pending). */
  private async compact(): Promise<void> {
    const seq = this.lastSeq;
    const version = this.version;
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      await this.deps.store.saveSnapshot(this.name, seq, state);
      this.storedBytes = state.length;
      this.sinceSnapshot = 0;
      // Stored and still current: fresh clients get these bytes until the next change.
      if (this.version === version) this.wholeState = state;
      this.deps.log.debug('room compacted', { room: this.name, seq, bytes: state.length });
    } catch (err) {
      this.deps.log.error('compaction failed (updates are still stored)', { room: this.name, err });
    }
  }

  /** Flushes, compacts if anything was added since the last snapshot, and frees the doc. */
  async close(): Promise<void> {
    this.cancelUnload();
    if (this.buildTimer) clearTimeout(this.buildTimer);
    await this.flush();
    if (!this.broken && this.sinceSnapshot > 0 && this.pending.length === 0) {
      this.compacting = true; // no pump meanwhile: what arrives now waits for this snapshot
      try {
        await this.compact();
      } finally {
        this.compacting = false;
      }
    }
    this.unbuilt = this.wholeState = null;
    this.unapplied = [];
    this.owedStep1.clear();
    this.awareness.destroy();
    this.ydoc.destroy();
  }
}

/** Whether a peer's state vector reaches the end of every client's structs in `doc`. */
function holdsEveryStruct(known: Map<number, number>, doc: Y.Doc): boolean {
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(doc))) if ((known.get(client) ?? 0) < clock) return false;
  return true;
}
