import type * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { libraryFileShas } from '#core/knowledge/network-model.ts';
import type { Workspace } from '../data/workspace.ts';
import { setMissingPhotoSource } from '../data/photos.ts';
import { BlobSync, EMPTY_PROGRESS, type TransferProgress } from './blobs.ts';
import { DocLink, type EditingState, type PresenceUser } from './link.ts';
import { colorFor, DEFAULT_RELAY_URL, fetchMe, httpBase, normalizeRelayUrl, parseCredential, redeemInvite, RelayError, type FetchLike, type Me } from './relay.ts';
import { combineStatuses, INITIAL_STATUS, type DocSyncStatus, type OverallStatus } from './state.ts';
import type { BackoffOptions } from './backoff.ts';
import { getPlatform, type HostSecrets } from '../platform/index.ts';
import { keeperFor, type TokenKeeper, type TokenKeeping } from './token-keeper.ts';

export const PROGRAMME_ROOM = 'programme';
/** 311 requests and the resource library (renderer/data/network.ts): every signed-in person's, like templates. */
export const NETWORK_ROOM = 'network';
const isProgrammeWide = (room: string) => room === PROGRAMME_ROOM || room === NETWORK_ROOM;
const SETTINGS_KEY = 'sync';
const LAST_SYNCED_KEY = 'sync.lastSynced';
/** Local changes the relay has not acknowledged, per room — kept across restarts so offline work shows as pending. */
export const PENDING_KEY = 'sync.pending';

export type AccountState =
  | { kind: 'signed-out' }
  | { kind: 'signed-in'; me: Me }
  /** The token stopped working (expired or revoked): sign in again. */
  | { kind: 'expired'; me: Me | null; message: string };

export interface PeerPresence {
  clientId: number;
  user: PresenceUser;
  editing: EditingState | null;
}

export interface SyncSnapshot {
  url: string;
  account: AccountState;
  online: boolean;
  overall: OverallStatus;
  /** Per engagement id (granted ones, and any synced this session). */
  engagements: ReadonlyMap<string, DocSyncStatus>;
  programme: DocSyncStatus;
  network: DocSyncStatus;
  transfers: TransferProgress;
  /** Other people in each engagement that is on screen. */
  presence: ReadonlyMap<string, PeerPresence[]>;
  /** The last /api/me check failed for a reason other than the token (unreachable…). */
  checkError: string | null;
  /** Where the relay token is kept, in the desktop app (token-keeper.ts); null in a browser. */
  tokenKeeping: TokenKeeping | null;
}

interface StoredConfig {
  url: string;
  token: string | null;
  me: Me | null;
}

export interface SyncManagerOptions {
  fetch?: FetchLike;
  WebSocketImpl?: typeof WebSocket;
  /** /api/me poll interval (new grants appear by themselves). */
  pollMs?: number;
  /** Background sockets at a time. */
  poolSize?: number;
  /** Pause between two background passes over every granted engagement. */
  cycleMs?: number;
  /** Longest a background pass waits for one engagement. */
  passTimeoutMs?: number;
  backoff?: BackoffOptions;
  /** Where the host keeps the relay token (Electron's main); null keeps it in Dexie. Default: the platform's. */
  secrets?: HostSecrets | null;
}

type Listener = () => void;

const isOnline = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);

/**
 * The app's side of sync, owned by the Workspace. One WebsocketProvider per engagement on screen (with presence),
 * the programme doc (templates) always, and a bounded background pool that visits every granted engagement in
 * turn — loading it, syncing until the relay acknowledges everything, and letting it go — so engagements
 * granted on the relay appear here by themselves and stay current. Also uploads/downloads photos.
 */
export class SyncManager {
  private readonly ws: Workspace;
  private readonly opts: Required<Omit<SyncManagerOptions, 'WebSocketImpl' | 'backoff' | 'secrets'>> & Pick<SyncManagerOptions, 'WebSocketImpl' | 'backoff'>;
  private readonly keeper: TokenKeeper;
  private tokenKeeping: TokenKeeping | null = null;
  /** Bumped by every sign-in and sign-out: in Electron the token is always the same placeholder, so an /api/me
   * answer that arrives after a new sign-in is recognised by this, not by the token. */
  private epoch = 0;
  readonly blobs: BlobSync;
  private config: StoredConfig = { url: DEFAULT_RELAY_URL, token: null, me: null };
  private account: AccountState = { kind: 'signed-out' };
  private links = new Map<string, DocLink>();
  private statuses = new Map<string, DocSyncStatus>();
  private presence = new Map<string, PeerPresence[]>();
  private listeners = new Set<Listener>();
  private snapshot: SyncSnapshot;
  private emitScheduled = false;
  private foreground: string | null = null;
  private online = isOnline();
  private active = false;
  private pollTimer: ReturnType<typeof setInterval> | null = null;
  private poolRunning = false;
  private wake: (() => void) | null = null;
  private kicked = false;
  private rr = 0;
  private checkError: string | null = null;
  private lastSyncedDirty = false;
  private lastSyncedTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingDirty = false;
  private pendingTimer: ReturnType<typeof setTimeout> | null = null;
  private editingTimer: ReturnType<typeof setTimeout> | null = null;
  private pendingEditing: { engagementId: string; editing: EditingState | null } | null = null;
  private started = false;

  constructor(ws: Workspace, opts: SyncManagerOptions = {}) {
    this.ws = ws;
    this.opts = {
      fetch: opts.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      WebSocketImpl: opts.WebSocketImpl,
      pollMs: opts.pollMs ?? 30_000,
      poolSize: opts.poolSize ?? 3,
      cycleMs: opts.cycleMs ?? 30_000,
      passTimeoutMs: opts.passTimeoutMs ?? 20_000,
      backoff: opts.backoff,
    };
    this.keeper = keeperFor(opts.secrets !== undefined ? opts.secrets : getPlatform().secrets);
    this.blobs = new BlobSync(
      ws.db,
      () => (this.config.token && this.account.kind === 'signed-in' ? { httpBase: httpBase(this.config.url), token: this.config.token } : null),
      this.opts.fetch,
      () => this.changed(),
      () => this.foreground,
    );
    this.snapshot = this.build();
  }

  // ——— state for the UI ———

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  private build(): SyncSnapshot {
    const docStatuses = [...this.statuses.values()];
    const programme = this.statuses.get(PROGRAMME_ROOM) ?? INITIAL_STATUS;
    const engagements = new Map(this.statuses);
    engagements.delete(PROGRAMME_ROOM);
    engagements.delete(NETWORK_ROOM);
    return {
      url: this.config.url,
      account: this.account,
      online: this.online,
      overall: combineStatuses(docStatuses, { signedIn: this.account.kind === 'signed-in', online: this.online }),
      engagements,
      programme,
      network: this.statuses.get(NETWORK_ROOM) ?? INITIAL_STATUS,
      transfers: this.blobs?.progress ?? EMPTY_PROGRESS,
      presence: new Map(this.presence),
      checkError: this.checkError,
      tokenKeeping: this.tokenKeeping,
    };
  }

  private changed() {
    if (this.emitScheduled) return;
    this.emitScheduled = true;
    queueMicrotask(() => {
      this.emitScheduled = false;
      this.snapshot = this.build();
      for (const l of this.listeners) l();
    });
  }

  get me(): Me | null {
    return this.account.kind === 'signed-in' ? this.account.me : this.account.kind === 'expired' ? this.account.me : null;
  }

  /** Whether the relay grants this engagement to the signed-in person. */
  isGranted(engagementId: string): boolean {
    return this.account.kind === 'signed-in' && this.account.me.engagements.some((e) => e.id === engagementId);
  }

  status(engagementId: string): DocSyncStatus | undefined {
    return this.statuses.get(engagementId);
  }

  /** The live link of a room, if any (tests and diagnostics). */
  link(room: string): DocLink | undefined {
    return this.links.get(room);
  }

  // ——— lifecycle ———

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const row = await this.ws.db.settings.get(SETTINGS_KEY);
    const stored = row?.value as Partial<StoredConfig> | undefined;
    if (stored) this.config = { url: stored.url || DEFAULT_RELAY_URL, token: stored.token ?? null, me: stored.me ?? null };
    // In Electron the token is in main (an old one in Dexie moves there now); the page keeps a placeholder.
    const restored = await this.keeper.restore({ url: this.config.url, token: this.config.token, signedInBefore: Boolean(this.config.me) });
    this.tokenKeeping = restored.keeping;
    this.config = { ...this.config, token: restored.token, me: restored.token ? this.config.me : null };
    if (restored.rewrite) await this.ws.db.settings.put({ key: SETTINGS_KEY, value: this.storedConfig() });
    if (restored.lostMessage && stored?.me) this.account = { kind: 'expired', me: null, message: restored.lostMessage };
    const last = (await this.ws.db.settings.get(LAST_SYNCED_KEY))?.value as Record<string, number> | undefined;
    if (last) for (const [room, at] of Object.entries(last)) this.statuses.set(room, { ...INITIAL_STATUS, lastSyncedAt: at });
    const pending = (await this.ws.db.settings.get(PENDING_KEY))?.value as Record<string, number> | undefined;
    if (pending)
      for (const [room, count] of Object.entries(pending))
        if (typeof count === 'number' && count > 0) this.statuses.set(room, { ...(this.statuses.get(room) ?? INITIAL_STATUS), pending: count });
    if (typeof globalThis.addEventListener === 'function') {
      globalThis.addEventListener('online', this.onOnline);
      globalThis.addEventListener('offline', this.onOffline);
    }
    setMissingPhotoSource((sha) => this.blobs.fetchMissing(sha));
    if (this.config.token && this.config.me) {
      this.account = { kind: 'signed-in', me: this.config.me };
      this.activate();
      void this.refreshMe();
    }
    this.changed();
  }

  async destroy(): Promise<void> {
    this.deactivate();
    if (typeof globalThis.removeEventListener === 'function') {
      globalThis.removeEventListener('online', this.onOnline);
      globalThis.removeEventListener('offline', this.onOffline);
    }
    setMissingPhotoSource(null);
    await this.flushLastSynced();
    await this.flushPending();
    this.listeners.clear();
  }

  private onOnline = () => this.setOnline(true);
  private onOffline = () => this.setOnline(false);

  /** navigator's online/offline events (also callable directly). */
  setOnline(online: boolean): void {
    if (online === this.online) return;
    this.online = online;
    for (const link of this.links.values()) link.setOnline(online);
    if (online) {
      void this.refreshMe();
      this.kick();
      void this.blobs.drain();
    }
    this.changed();
  }

  private activate() {
    if (this.active) return;
    this.active = true;
    this.acquire(PROGRAMME_ROOM, 'fg', this.ws.templates.doc, false);
    this.acquire(NETWORK_ROOM, 'fg', this.ws.network.doc, false);
    if (this.foreground) this.attachForeground(this.foreground);
    this.pollTimer = setInterval(() => void this.refreshMe(), this.opts.pollMs);
    void this.poolLoop();
  }

  private deactivate() {
    this.active = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const link of this.links.values()) link.destroy();
    this.links.clear();
    this.presence.clear();
    this.wake?.();
    this.changed();
  }

  // ——— account ———

  /** Sign in with a token, or with an invite code that is exchanged for one first (detected by its shape). */
  async signIn(urlInput: string, tokenInput: string): Promise<Me> {
    const url = normalizeRelayUrl(urlInput);
    const credential = parseCredential(tokenInput);
    const epoch = ++this.epoch;
    // In Electron the real token goes to main here and only the placeholder is sent from now on (token-keeper.ts).
    const kept = await this.keeper.keep(url, credential.kind === 'token' ? credential.token : await redeemInvite(this.opts.fetch, url, credential.code));
    let me: Me;
    try {
      me = await fetchMe(this.opts.fetch, url, kept.token);
    } catch (err) {
      if (epoch === this.epoch) await this.keeper.forget();
      throw err;
    }
    this.deactivate();
    this.forgetStatusesButPending();
    this.config = { url, token: kept.token, me };
    this.tokenKeeping = kept.keeping;
    this.account = { kind: 'signed-in', me };
    this.checkError = null;
    await this.ws.db.settings.put({ key: SETTINGS_KEY, value: this.storedConfig() });
    // Changes are signed with the identity the relay knows.
    if (this.ws.user.id !== me.user.id || this.ws.user.name !== me.user.name || this.ws.user.role !== me.user.role) await this.ws.setUser({ id: me.user.id, name: me.user.name, role: me.user.role });
    this.blobs.reset();
    this.activate();
    this.changed();
    return me;
  }

  async signOut(): Promise<void> {
    this.epoch++;
    this.deactivate();
    this.forgetStatusesButPending();
    this.config = { url: this.config.url, token: null, me: null };
    this.account = { kind: 'signed-out' };
    this.checkError = null;
    this.blobs.reset();
    await this.keeper.forget();
    if (this.tokenKeeping) this.tokenKeeping = { ...this.tokenKeeping, persisted: false, ask: false };
    await this.ws.db.settings.put({ key: SETTINGS_KEY, value: this.storedConfig() });
    this.changed();
  }

  /** For reads of the relay's HTTP API beyond sync (GET /api/history, issue #5): its base, the token to send (in
   * Electron the placeholder main swaps for the real one), and the fetch to use. Null when signed out. */
  relayAccess(): { httpBase: string; token: string; fetch: FetchLike } | null {
    return this.config.token && this.account.kind === 'signed-in' ? { httpBase: httpBase(this.config.url), token: this.config.token, fetch: this.opts.fetch } : null;
  }

  /** The settings row: in Electron without the token (main holds it). */
  private storedConfig(): StoredConfig {
    return { ...this.config, token: this.keeper.forDexie(this.config.token) };
  }

  /** The answer to "store the token in plain text?" (asked when the OS has no key store; Electron only). */
  async chooseTokenStorage(choice: 'store' | 'memory-only'): Promise<void> {
    if (!this.tokenKeeping || this.account.kind === 'signed-out') return;
    this.tokenKeeping = choice === 'store' ? ((await this.keeper.persist()) ?? this.tokenKeeping) : { ...this.tokenKeeping, ask: false };
    this.changed();
  }

  /** Ask the relay who we are and what we may see; new grants are synced, lost ones are dropped. */
  async refreshMe(): Promise<void> {
    const { token, url } = this.config;
    const epoch = this.epoch;
    if (!token || this.account.kind === 'signed-out' || !this.online) return;
    try {
      const me = await fetchMe(this.opts.fetch, url, token);
      if (this.config.token !== token || this.epoch !== epoch) return;
      const before = new Set(this.me?.engagements.map((e) => e.id) ?? []);
      this.config = { ...this.config, me };
      const wasExpired = this.account.kind === 'expired';
      this.account = { kind: 'signed-in', me };
      this.checkError = null;
      await this.ws.db.settings.put({ key: SETTINGS_KEY, value: this.storedConfig() });
      const granted = new Set(me.engagements.map((e) => e.id));
      for (const [room, link] of this.links) {
        if (isProgrammeWide(room) || granted.has(room)) continue;
        link.destroy();
        this.links.delete(room);
        this.setStatus(room, { ...INITIAL_STATUS, phase: 'error', message: 'This engagement is no longer shared with you on the relay. Your copy stays on this computer.' });
      }
      if (wasExpired) this.activate();
      for (const link of this.links.values()) if (link.status.phase === 'error') link.retryNow();
      if (me.engagements.some((e) => !before.has(e.id))) this.kick();
      if (this.foreground && granted.has(this.foreground) && !this.links.get(this.foreground)?.holders.has('fg')) this.attachForeground(this.foreground);
      this.changed();
    } catch (err) {
      if (this.config.token !== token || this.epoch !== epoch) return;
      if (err instanceof RelayError && err.kind === 'unauthorized') {
        this.account = { kind: 'expired', me: this.me, message: err.message };
        this.deactivate();
      } else {
        this.checkError = err instanceof RelayError ? err.message : String(err);
      }
      this.changed();
    }
  }

  // ——— links ———

  private setStatus(room: string, s: DocSyncStatus) {
    const prev = this.statuses.get(room);
    this.statuses.set(room, s);
    if (s.lastSyncedAt !== prev?.lastSyncedAt) this.scheduleLastSynced();
    if (s.pending !== (prev?.pending ?? 0)) this.schedulePending();
    this.changed();
  }

  private acquire(room: string, holder: 'fg' | 'bg', doc: Y.Doc, presence = true): DocLink {
    let link = this.links.get(room);
    if (link && link.doc !== doc) {
      link.destroy();
      this.links.delete(room);
      link = undefined;
    }
    if (!link) {
      const created: DocLink = new DocLink({
        relayUrl: this.config.url,
        room,
        doc,
        token: this.config.token!,
        status: this.statuses.get(room),
        backoff: this.opts.backoff,
        WebSocketImpl: this.opts.WebSocketImpl,
        onStatus: (s) => {
          if (this.links.get(room) === created) this.setStatus(room, s);
        },
        onRepeatedFailure: () => void this.refreshMe(),
        onFatal: (code) => {
          if (code === 4401) void this.refreshMe();
        },
      });
      link = created;
      this.links.set(room, link);
      link.setOnline(this.online);
      if (!isProgrammeWide(room)) {
        const l = link;
        l.awareness.on('change', () => this.updatePresence(room, l));
      }
    }
    link.holders.add(holder);
    if (holder === 'fg' && presence && this.me) {
      link.setPresence(this.presenceUser());
      this.updatePresence(room, link);
    }
    link.start();
    return link;
  }

  private release(room: string, holder: 'fg' | 'bg') {
    const link = this.links.get(room);
    if (!link) return;
    link.holders.delete(holder);
    if (holder === 'fg') {
      link.setPresence(null);
      this.presence.delete(room);
    }
    if (link.holders.size === 0) {
      link.destroy();
      this.links.delete(room);
    }
    this.changed();
  }

  private presenceUser(): PresenceUser {
    const me = this.me!;
    return { id: me.user.id, name: me.user.name, color: colorFor(me.user.id) };
  }

  private updatePresence(room: string, link: DocLink) {
    if (this.links.get(room) !== link || !link.holders.has('fg')) return;
    const myId = this.me?.user.id;
    const byUser = new Map<string, PeerPresence>();
    link.awareness.getStates().forEach((state, clientId) => {
      if (clientId === link.doc.clientID) return;
      const user = (state as { user?: PresenceUser }).user;
      if (!user || typeof user.id !== 'string' || user.id === myId) return;
      const editing = ((state as { editing?: EditingState | null }).editing ?? null) as EditingState | null;
      const prev = byUser.get(user.id);
      if (!prev || (!prev.editing && editing)) byUser.set(user.id, { clientId, user: { id: user.id, name: String(user.name ?? user.id), color: String(user.color ?? colorFor(user.id)) }, editing });
    });
    const peers = [...byUser.values()].sort((a, b) => a.user.name.localeCompare(b.user.name));
    this.presence.set(room, peers);
    this.changed();
  }

  /** The engagement on screen (or null): it gets a live provider with presence for as long as it is shown. */
  setForeground(engagementId: string | null): void {
    if (engagementId === this.foreground) return;
    const prev = this.foreground;
    this.foreground = engagementId;
    if (prev) this.release(prev, 'fg');
    if (engagementId) this.attachForeground(engagementId);
  }

  private attachForeground(engagementId: string) {
    if (!this.active || !this.isGranted(engagementId)) return;
    void this.ws.open(engagementId).then(
      (session) => {
        if (this.foreground !== engagementId || !this.active) return;
        this.acquire(engagementId, 'fg', session.doc);
        void this.blobs.enqueue(engagementId, attachmentShas(session.doc));
      },
      () => undefined,
    );
  }

  /** Say what I am editing in the engagement on screen (throttled; null = nothing). */
  setEditing(engagementId: string, editing: EditingState | null): void {
    this.pendingEditing = { engagementId, editing };
    if (this.editingTimer) return;
    const flush = () => {
      this.editingTimer = null;
      const p = this.pendingEditing;
      this.pendingEditing = null;
      if (!p) return;
      const link = this.links.get(p.engagementId);
      if (link?.holders.has('fg')) link.setEditing(p.editing);
    };
    this.editingTimer = setTimeout(flush, 120);
  }

  /** An engagement was deleted or the local data cleared: drop its link. */
  forget(engagementId?: string): void {
    for (const [room, link] of this.links) {
      if (isProgrammeWide(room) || (engagementId && room !== engagementId)) continue;
      link.destroy();
      this.links.delete(room);
      this.presence.delete(room);
    }
    this.changed();
  }

  /** "Sync now": reconnect everything immediately and start a background pass. */
  syncNow(): void {
    for (const link of this.links.values()) link.retryNow();
    void this.refreshMe();
    this.kick();
    void this.blobs.drain();
  }

  // ——— background pool ———

  private kick() {
    this.kicked = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.kicked) {
      this.kicked = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      let t: ReturnType<typeof setTimeout> | null = null;
      const done = () => {
        if (t) clearTimeout(t);
        this.wake = null;
        this.kicked = false;
        resolve();
      };
      t = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async poolLoop(): Promise<void> {
    if (this.poolRunning) return this.kick();
    this.poolRunning = true;
    try {
      while (this.active) {
        this.kicked = false;
        if (this.online) {
          const ids = (this.me?.engagements ?? []).map((e) => e.id);
          const start = ids.length ? this.rr % ids.length : 0;
          this.rr++;
          const queue = [...ids.slice(start), ...ids.slice(0, start)];
          const worker = async () => {
            while (queue.length && this.active && this.online) await this.pass(queue.shift()!);
          };
          await Promise.all(Array.from({ length: Math.min(this.opts.poolSize, queue.length) }, worker));
          // Library files go to the network room's blob scope (ADR 0018), like an engagement's photos to its own.
          if (this.me?.user.role !== 'viewer') void this.blobs.enqueue(NETWORK_ROOM, libraryFileShas(this.ws.network.doc));
          void this.blobs.drain();
        }
        if (!this.active) break;
        await this.sleep(this.opts.cycleMs);
      }
    } finally {
      this.poolRunning = false;
    }
  }

  /** One background visit: load, sync until acknowledged (or the pass times out), queue its photos, let go. */
  private async pass(engagementId: string): Promise<void> {
    const fg = this.links.get(engagementId);
    if (fg?.holders.has('fg')) {
      void this.blobs.enqueue(engagementId, attachmentShas(fg.doc));
      return;
    }
    const had = this.ws.hasSession(engagementId);
    let session;
    try {
      session = await this.ws.open(engagementId);
    } catch {
      return;
    }
    if (!this.active) return;
    const link = this.acquire(engagementId, 'bg', session.doc, false);
    await link.whenIdle(this.opts.passTimeoutMs);
    if (this.me?.user.role !== 'viewer') void this.blobs.enqueue(engagementId, attachmentShas(session.doc));
    this.release(engagementId, 'bg');
    if (!had && this.foreground !== engagementId && !this.links.has(engagementId)) {
      // Projector.flush() skips a batch that touched only the engagement map (a newly arrived engagement, a status
      // change) when its debounce timer has not fired yet; let the timer (30 ms) run before closing.
      await new Promise((r) => setTimeout(r, 80));
      // It may have been opened on screen meanwhile (the same session object): then it stays open.
      if (this.foreground !== engagementId && !this.links.has(engagementId)) await this.ws.closeSession(engagementId).catch(() => undefined);
    }
  }

  // ——— pending counts, kept across restarts (written soon after a change: the app may be closed any moment) ———

  /** Signing out or in forgets each room's link state, but not its local changes the relay has not acknowledged:
   * they are still in the local documents (and under PENDING_KEY), and the next link starts from that count. */
  private forgetStatusesButPending() {
    for (const [room, s] of [...this.statuses]) {
      if (s.pending > 0) this.statuses.set(room, { ...INITIAL_STATUS, pending: s.pending });
      else this.statuses.delete(room);
    }
  }

  private schedulePending() {
    this.pendingDirty = true;
    if (this.pendingTimer) return;
    this.pendingTimer = setTimeout(() => void this.flushPending(), 250);
  }

  private async flushPending() {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
    if (!this.pendingDirty) return;
    this.pendingDirty = false;
    const value: Record<string, number> = {};
    for (const [room, s] of this.statuses) if (s.pending > 0) value[room] = s.pending;
    await this.ws.db.settings.put({ key: PENDING_KEY, value }).catch(() => undefined);
  }

  // ——— last synced, kept across restarts ———

  private scheduleLastSynced() {
    this.lastSyncedDirty = true;
    if (this.lastSyncedTimer) return;
    this.lastSyncedTimer = setTimeout(() => void this.flushLastSynced(), 2000);
  }

  private async flushLastSynced() {
    if (this.lastSyncedTimer) clearTimeout(this.lastSyncedTimer);
    this.lastSyncedTimer = null;
    if (!this.lastSyncedDirty) return;
    this.lastSyncedDirty = false;
    const value: Record<string, number> = {};
    for (const [room, s] of this.statuses) if (s.lastSyncedAt) value[room] = s.lastSyncedAt;
    await this.ws.db.settings.put({ key: LAST_SYNCED_KEY, value }).catch(() => undefined);
  }
}

/** SHA-256 of every photo an engagement doc references. */
export function attachmentShas(doc: Y.Doc): string[] {
  const out = new Set<string>();
  collection(doc, 'attachments').forEach((m) => {
    const sha = m.get('sha256');
    if (typeof sha === 'string') out.add(sha);
  });
  return [...out];
}
