import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { PendingTracker, relayLacks } from './pending.ts';
import { INITIAL_STATUS, syncReducer, type DocSyncStatus, type SyncEvent } from './state.ts';

export const SUBPROTOCOL = 'groundwork';
const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
/** After this many failed attempts without the socket ever opening, ask /api/me why (401, 403 or unreachable). */
const DIAGNOSE_AFTER = 2;

export interface LinkOptions {
  relayUrl: string;
  room: string;
  doc: Y.Doc;
  token: string;
  /** Starting status (keeps lastSyncedAt across links of the same room; its `pending` — changes not yet
   * acknowledged by the relay, possibly from before a restart — is carried over until a probe acknowledges it). */
  status?: DocSyncStatus;
  backoff?: BackoffOptions;
  random?: () => number;
  now?: () => number;
  WebSocketImpl?: typeof WebSocket;
  /** Called with every status change. */
  onStatus: (status: DocSyncStatus) => void;
  /** The socket keeps failing before it opens: the owner checks the token / grant over HTTP. */
  onRepeatedFailure?: () => void;
  /** The relay closed with a 44xx code (token revoked/expired, document too large). */
  onFatal?: (code: number, reason: string) => void;
  /** Remote changes arrived. */
  onRemote?: () => void;
}

export interface EditingState {
  kind: 'visit' | 'finding' | 'recommendation';
  id: string;
  field?: string;
}

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

function closeMessage(code: number | undefined): string {
  switch (code) {
    case 1012:
      return 'The relay is restarting; reconnecting.';
    case 1013:
    case 1009:
      return 'The relay dropped the connection; catching up on reconnect.';
    case 1011:
      return 'The relay could not store changes; reconnecting.';
    default:
      return 'The relay cannot be reached right now. Changes are kept on this computer.';
  }
}

/**
 * One document ⇄ one relay room over y-websocket's WebsocketProvider, with our own reconnect policy
 * (exponential backoff with jitter; the provider's built-in retry is switched off), an acknowledged-changes
 * counter, and the status reducer.
 */
export class DocLink {
  readonly room: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  status: DocSyncStatus;
  /** Someone holds this link: 'fg' = the engagement on screen (presence on), 'bg' = the background pool. */
  readonly holders = new Set<'fg' | 'bg'>();
  private readonly opts: LinkOptions;
  private readonly tracker = new PendingTracker();
  private attempt = 0;
  private failuresBeforeOpen = 0;
  private opened = false;
  private wanted = false;
  private online = true;
  private fatal = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(opts: LinkOptions) {
    this.opts = opts;
    this.room = opts.room;
    this.doc = opts.doc;
    const restored = Math.max(0, Math.floor(opts.status?.pending ?? 0));
    if (restored) this.tracker.local(restored);
    this.status = { ...(opts.status ?? INITIAL_STATUS), phase: 'off', handshake: false, retryAt: null, message: null, pending: restored };
    this.provider = new WebsocketProvider(opts.relayUrl, opts.room, opts.doc, {
      connect: false,
      protocols: [SUBPROTOCOL, `token.${opts.token}`],
      disableBc: true,
      ...(opts.WebSocketImpl ? { WebSocketPolyfill: opts.WebSocketImpl } : {}),
    });
    this.awareness = this.provider.awareness;
    this.awareness.setLocalState(null);
    const p = this.provider;
    const originalSync = p.messageHandlers[MESSAGE_SYNC]!;
    p.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced, messageType) => {
      const kind = decoding.peekVarUint(decoder);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        try {
          const peek = decoding.clone(decoder);
          decoding.readVarUint(peek);
          const sv = Y.decodeStateVector(decoding.readVarUint8Array(peek));
          if (this.tracker.pending === 0 && relayLacks(this.doc, sv)) this.bumpPending(1);
        } catch {
          // a malformed step 1 is the provider's problem to report
        }
      }
      originalSync(encoder, decoder, provider, emitSynced, messageType);
      if (kind === syncProtocol.messageYjsSyncStep1) {
        // Our step 2 answer is sent right after this handler returns; probe after it.
        setTimeout(() => this.probe(), 0);
      } else if (kind === syncProtocol.messageYjsSyncStep2) {
        const wasHandshake = this.status.handshake;
        if (this.tracker.step2()) this.dispatch({ type: 'pending', pending: this.tracker.pending, at: this.now() });
        if (!wasHandshake) {
          this.attempt = 0;
          this.dispatch({ type: 'handshake', at: this.now() });
        }
        if (this.tracker.needsProbe()) this.scheduleProbe(50);
        this.opts.onRemote?.();
      } else {
        this.dispatch({ type: 'remote', at: this.now() });
        this.opts.onRemote?.();
      }
      this.checkIdle();
    };
    // Viewers: the relay says "read-only" once; the UI already prevents edits, so do not spam the console.
    p.messageHandlers[MESSAGE_AUTH] = () => undefined;
    p.on('status', this.onProviderStatus);
    p.on('connection-close', this.onConnectionClose);
    this.doc.on('update', this.onDocUpdate);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  private dispatch(e: SyncEvent) {
    const next = syncReducer(this.status, e);
    if (next === this.status) return;
    this.status = next;
    this.opts.onStatus(next);
    this.checkIdle();
  }

  private bumpPending(n: number) {
    this.tracker.local(n);
    this.dispatch({ type: 'pending', pending: this.tracker.pending, at: this.now() });
  }

  private onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === this.provider) return;
    this.bumpPending(1);
    if (this.provider.wsconnected) this.scheduleProbe(300);
  };

  private onProviderStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (status === 'connecting') this.dispatch({ type: 'connect' });
    else if (status === 'connected') {
      this.opened = true;
      this.failuresBeforeOpen = 0;
      this.tracker.opened();
      this.dispatch({ type: 'open' });
    }
  };

  private onConnectionClose = (event: CloseEvent | null) => {
    // Our policy decides when to reconnect: stop the provider's own timer from doing anything.
    this.provider.shouldConnect = false;
    this.tracker.closed();
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    const code = event?.code;
    if (code !== undefined && code >= 4400 && code < 4500) {
      this.fatal = true;
      const message =
        code === 4401
          ? 'Your sign-in expired or was revoked. Sign in again in Settings → Sync.'
          : code === 4413
            ? 'This engagement is larger than the relay accepts. Your changes are safe on this computer; tell your administrator.'
            : `The relay refused this engagement (${code}${event?.reason ? `: ${event.reason}` : ''}).`;
      this.dispatch({ type: 'fatal', message });
      this.opts.onFatal?.(code, event?.reason ?? '');
      return;
    }
    if (!this.wanted || !this.online || this.destroyed) return;
    if (!this.opened) {
      this.failuresBeforeOpen++;
      if (this.failuresBeforeOpen === DIAGNOSE_AFTER) this.opts.onRepeatedFailure?.();
    }
    this.opened = false;
    const delay = backoffDelay(this.attempt++, this.opts.backoff ?? DEFAULT_BACKOFF, this.opts.random);
    this.dispatch({ type: 'closed', retryAt: this.now() + delay, message: closeMessage(code) });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  };

  private open() {
    if (!this.wanted || !this.online || this.fatal || this.destroyed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.opened = false;
    this.provider.connect();
  }

  /** Connect (and keep reconnecting) until stop(). */
  start(): void {
    if (this.destroyed) return;
    this.wanted = true;
    if (!this.online) {
      this.dispatch({ type: 'offline' });
      return;
    }
    if (!this.provider.ws) this.open();
  }

  /** The network went away / came back (navigator online/offline). */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    if (!online) {
      if (this.retryTimer) clearTimeout(this.retryTimer);
      this.retryTimer = null;
      this.provider.disconnect();
      if (this.wanted) this.dispatch({ type: 'offline' });
    } else if (this.wanted) {
      this.attempt = 0;
      this.open();
    }
  }

  /** Try again now (after a new sign-in, a "Sync now" click, or the network returning). */
  retryNow(): void {
    this.fatal = false;
    this.attempt = 0;
    if (this.status.phase === 'error') this.status = { ...this.status, phase: 'offline' };
    if (!this.provider.ws) this.open();
  }

  get connected(): boolean {
    return this.provider.wsconnected;
  }

  private scheduleProbe(ms: number) {
    if (this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      this.probe();
    }, ms);
  }

  /** Send a sync step 1 whose step 2 answer acknowledges every local change sent before it. */
  private probe() {
    const ws = this.provider.ws;
    if (!ws || !this.provider.wsconnected || ws.readyState !== ws.OPEN || !this.tracker.needsProbe()) return;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(enc, this.doc);
    ws.send(encoding.toUint8Array(enc));
    this.tracker.probeSent();
  }

  get pending(): number {
    return this.tracker.pending;
  }

  /** Presence on (the engagement is on screen) or off (background pass). */
  setPresence(user: PresenceUser | null, editing: EditingState | null = null): void {
    if (!user) this.awareness.setLocalState(null);
    else this.awareness.setLocalState({ user, editing });
  }

  setEditing(editing: EditingState | null): void {
    const cur = this.awareness.getLocalState();
    if (!cur) return;
    this.awareness.setLocalStateField('editing', editing);
  }

  private isIdle(): boolean {
    const s = this.status;
    return (s.phase === 'synced' && s.pending === 0) || s.phase === 'error' || s.phase === 'offline' || this.destroyed;
  }

  private checkIdle() {
    if (!this.idleWaiters.length || !this.isIdle()) return;
    const ws = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of ws) w();
  }

  /** Resolves once synced with nothing pending, or failed/offline, or after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.idleWaiters.push(done);
    });
  }

  stop(): void {
    this.wanted = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.retryTimer = this.probeTimer = null;
    this.provider.disconnect();
    this.dispatch({ type: 'stop' });
  }

  destroy(): void {
    if (this.destroyed) return;
    this.stop();
    this.destroyed = true;
    this.doc.off('update', this.onDocUpdate);
    this.provider.off('status', this.onProviderStatus);
    this.provider.off('connection-close', this.onConnectionClose);
    this.provider.destroy();
    this.awareness.destroy();
    this.checkIdle();
  }
}
