/**
 * The relay token in the desktop app: the page hands it to main at sign-in and keeps only the placeholder; main
 * swaps the real token in on requests to the relay. Here "main" is main's own code — RelaySecretStore on a fake
 * disk with a fake cipher, and relay-auth's withRelayToken applied to every request the page makes — behind a
 * HostSecrets whose calls are parsed with the IPC contract as main's handlers do. The relay is a real one, so a
 * sync that reaches "synced" proves the placeholder was swapped on the WebSocket upgrade and on /api/me.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { parseRequest, parseResponse, RELAY_TOKEN_PLACEHOLDER, type Channel } from '#core/ipc/contract.ts';
import { withRelayToken } from '#main/relay-auth.ts';
import type { StorageFacts } from '#main/secret-policy.ts';
import { RelaySecretStore, type SecretDeps } from '#main/secret-store.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import type { HostSecrets } from '#renderer/platform/platform.ts';
import { SyncManager } from '#renderer/sync/manager.ts';
import type { FetchLike } from '#renderer/sync/relay.ts';
import { MEMORY_ONLY_LOST } from '#renderer/sync/token-keeper.ts';
import { mintToken, relayCli, removeDir, startRelay, waitFor, type RelayProcess } from '../../../integration/sync/harness.ts';
import { newEngagement } from '../fixtures.ts';

const KEYRING: StorageFacts = { platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' };
const BASIC_TEXT: StorageFacts = { platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' };
const FILE = '/profile/relay-token.json';

/** Main, as far as the token goes: its secret store on a fake disk, its header swap on the page's requests. */
class FakeMain {
  readonly disk = new Map<string, string>();
  store: RelaySecretStore;
  /** Every token-bearing value the page sent (Authorization headers, WebSocket subprotocols). */
  readonly sentByPage: string[] = [];
  /** Every call the page made to the secrets API, by channel. */
  readonly calls: Channel[] = [];

  constructor(readonly facts: StorageFacts) {
    this.store = new RelaySecretStore(this.deps());
  }

  private deps(): SecretDeps {
    return {
      facts: () => this.facts,
      encrypt: (plain) => new TextEncoder().encode(`enc:${Buffer.from(plain).toString('hex')}`),
      decrypt: (data) => Buffer.from(new TextDecoder().decode(data).replace(/^enc:/, ''), 'hex').toString(),
      readFile: async (file) => {
        const text = this.disk.get(file);
        if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return new TextEncoder().encode(text);
      },
      writeFile: async (file, data) => void this.disk.set(file, data),
      rm: async (file) => void this.disk.delete(file),
      file: FILE,
    };
  }

  /** Quit and start again: memory is gone, the file stays. */
  async restart(): Promise<void> {
    this.store = new RelaySecretStore(this.deps());
    await this.store.load();
  }

  /** What the page's platform gives it: each call parsed like main's IPC handlers parse it (main/ipc.ts). */
  secrets(): HostSecrets {
    const ipc = async <T>(channel: Channel, request: unknown, handler: () => T | Promise<T>): Promise<T> => {
      this.calls.push(channel);
      const parsed = parseRequest(channel, request);
      if (!parsed.ok) throw new Error(parsed.message);
      const response = parseResponse(channel, await handler());
      if (!response.ok) throw new Error(response.message);
      return response.value as T;
    };
    return {
      status: () => ipc('secret:status', undefined, () => this.store.status()),
      store: (request) => ipc('secret:store', request, () => this.store.store(request)),
      clear: () => ipc('secret:clear', undefined, () => this.store.clear()),
      persist: () => ipc('secret:persist', undefined, () => this.store.persist()),
      placeholder: RELAY_TOKEN_PLACEHOLDER,
    };
  }

  /** The page's fetch, through main's onBeforeSendHeaders swap. */
  readonly fetch: FetchLike = async (url, init = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    if (headers.authorization) this.sentByPage.push(headers.authorization);
    const swapped = withRelayToken({ url, requestHeaders: headers }, this.store.current());
    return globalThis.fetch(url, { ...init, headers: swapped ?? headers });
  };

  /** The page's WebSocket: the upgrade request's Sec-WebSocket-Protocol goes through the same swap. */
  readonly WebSocket = ((sent: string[], secret: () => ReturnType<RelaySecretStore['current']>) =>
    class SwappedWebSocket extends WS {
      constructor(url: string | URL, protocols?: string | string[]) {
        const list = typeof protocols === 'string' ? [protocols] : (protocols ?? []);
        sent.push(...list.filter((p) => p.startsWith('token.')));
        const swapped = withRelayToken({ url: String(url), requestHeaders: { 'Sec-WebSocket-Protocol': list.join(', ') } }, secret());
        super(url, swapped ? swapped['Sec-WebSocket-Protocol']!.split(',').map((p) => p.trim()) : list);
      }
    } as unknown as typeof WebSocket)(this.sentByPage, () => this.store.current());
}

let relay: RelayProcess;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  relay = await startRelay();
}, 30_000);

afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

let n = 0;
const dbName = () => `token-keeper-${process.pid}-${++n}`;

/**
 * A page: workspace on its own IndexedDB database, sync manager wired to `main` (or to nothing: a browser).
 * The workspace's own manager (a browser one, in Node) is stopped first, so only the one under test reads the
 * settings row; `seed` then writes what an older version left there.
 */
async function page(main: FakeMain | null, name = dbName(), seed?: (ws: Workspace) => Promise<void>) {
  const ws = await Workspace.start(name);
  await ws.sync.destroy();
  await seed?.(ws);
  const sync = new SyncManager(ws, {
    secrets: main ? main.secrets() : null,
    fetch: main ? main.fetch : undefined,
    WebSocketImpl: main ? main.WebSocket : (WS as unknown as typeof WebSocket),
    cycleMs: 300,
    pollMs: 60_000,
    passTimeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 },
  });
  await sync.start();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sync.destroy();
    await ws.closeAll();
    ws.db.close();
  };
  cleanup.push(async () => {
    await close();
    await ws.db.delete();
  });
  return { ws, sync, name, close };
}

/** Everything the page keeps in Dexie's settings table, as text. */
async function settingsText(ws: Workspace): Promise<string> {
  return JSON.stringify(await ws.db.settings.toArray());
}

const ENGAGEMENT = newEngagement();

describe('desktop app: the relay token is held by main', () => {
  it('sign-in stores the token with main (encrypted), never in Dexie; every request carries the placeholder, and sync works', async () => {
    const main = new FakeMain(KEYRING);
    const { ws, sync } = await page(main);
    const id = await ws.createEngagement(ENGAGEMENT);
    const token = mintToken(relay.dataDir, { sub: 'u-ana', name: 'Ana Reyes', eng: [id] });

    const me = await sync.signIn(relay.url, token);
    expect(me.user.name).toBe('Ana Reyes');
    expect(main.store.current()).toEqual({ relayUrl: relay.url, token });
    expect(main.disk.get(FILE)).toBeDefined();
    expect(main.disk.get(FILE)).not.toContain(token);
    expect(sync.getSnapshot().tokenKeeping).toEqual({ protection: 'encrypted', persisted: true, ask: false });

    // A real sync round trip: only possible if main swapped the placeholder on the WebSocket upgrade.
    await waitFor(() => sync.status(id)?.phase === 'synced', 'the engagement synced through the swapped token', 15_000);
    expect(await settingsText(ws)).not.toContain(token);
    expect(((await ws.db.settings.get('sync'))?.value as { token: unknown }).token).toBeNull();
    expect(main.sentByPage.length).toBeGreaterThan(1);
    expect(main.sentByPage.some((v) => v.includes(token))).toBe(false);
    expect(new Set(main.sentByPage)).toEqual(new Set([`Bearer ${RELAY_TOKEN_PLACEHOLDER}`, `token.${RELAY_TOKEN_PLACEHOLDER}`]));
  });

  it('survives a restart of both processes: main loads its file, the page signs in with the placeholder', async () => {
    const main = new FakeMain(KEYRING);
    const first = await page(main);
    const token = mintToken(relay.dataDir, { sub: 'u-ben', name: 'Ben Ortiz', eng: [] });
    await first.sync.signIn(relay.url, token);
    await first.close();
    await main.restart();

    const again = await page(main, first.name);
    expect(again.sync.getSnapshot().account).toMatchObject({ kind: 'signed-in', me: { user: { name: 'Ben Ortiz' } } });
    await waitFor(() => again.sync.getSnapshot().programme.phase === 'synced', 'the programme doc synced after the restart');
    expect(await settingsText(again.ws)).not.toContain(token);
  });

  it('sign-out clears the token in main (memory and file)', async () => {
    const main = new FakeMain(KEYRING);
    const { ws, sync } = await page(main);
    await sync.signIn(relay.url, mintToken(relay.dataDir, { eng: [] }));
    expect(main.disk.size).toBe(1);
    await sync.signOut();
    expect(main.store.current()).toBeNull();
    expect(main.disk.size).toBe(0);
    expect(main.calls.at(-1)).toBe('secret:clear');
    expect((await ws.db.settings.get('sync'))?.value as { token: unknown; me: unknown }).toMatchObject({ token: null, me: null });
  });

  it('a refused token is not kept: main forgets it again', async () => {
    const main = new FakeMain(KEYRING);
    const { sync } = await page(main);
    await expect(sync.signIn(relay.url, mintToken(relay.dataDir, { exp: 1 }))).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(main.store.current()).toBeNull();
    expect(main.disk.size).toBe(0);
    expect(sync.getSnapshot().account.kind).toBe('signed-out');
  });

  it('an invite code: the token the relay hands out goes straight to main, not to Dexie', async () => {
    const main = new FakeMain(KEYRING);
    const { ws, sync } = await page(main);
    const out = await relayCli(relay.dataDir, ['user', 'add', '--name', 'Cara Vidal', '--role', 'lead', '--engagement', '*', '--invite']);
    const code = out.trim().split('\n').at(-1)!.trim();
    expect(code).toMatch(/^GW-/);
    await sync.signIn(relay.url, code);
    expect(main.store.current()?.token).toMatch(/^gw1\./);
    expect(await settingsText(ws)).not.toContain(main.store.current()!.token);
    expect(sync.getSnapshot().account).toMatchObject({ kind: 'signed-in', me: { user: { name: 'Cara Vidal', role: 'lead' } } });
  }, 60_000);

  it('migration: a token left in Dexie by an older version moves to main on first start and is deleted from Dexie', async () => {
    const main = new FakeMain(KEYRING);
    const token = mintToken(relay.dataDir, { sub: 'u-old', name: 'Old Timer', eng: [] });
    const me = { user: { id: 'u-old', name: 'Old Timer', role: 'expert' }, engagements: [] };
    const { ws, sync } = await page(main, dbName(), (w) => w.db.settings.put({ key: 'sync', value: { url: relay.url, token, me } }).then(() => undefined));
    expect(main.store.current()).toEqual({ relayUrl: relay.url, token });
    expect(main.disk.size).toBe(1);
    expect(await settingsText(ws)).not.toContain(token);
    expect(sync.getSnapshot().account.kind).toBe('signed-in');
    await waitFor(() => sync.getSnapshot().programme.phase === 'synced', 'syncs with the moved token');
  });
});

describe('desktop app without a key store (Linux basic_text)', () => {
  it('asks after sign-in with the token in main’s memory only; “store in plain text” writes it, and it survives a restart', async () => {
    const main = new FakeMain(BASIC_TEXT);
    const first = await page(main);
    expect(first.sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: false, ask: false });
    const token = mintToken(relay.dataDir, { sub: 'u-dee', name: 'Dee Park', eng: [] });
    await first.sync.signIn(relay.url, token);
    expect(first.sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: false, ask: true });
    expect(main.store.current()?.token).toBe(token);
    expect(main.disk.size).toBe(0); // nothing on disk before the person answers

    await first.sync.chooseTokenStorage('store');
    await waitFor(() => first.sync.getSnapshot().tokenKeeping?.ask === false, 'the question is answered');
    expect(first.sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: true, ask: false });
    expect(JSON.parse(main.disk.get(FILE)!)).toMatchObject({ protection: 'plain-text', relayUrl: relay.url });
    expect(await settingsText(first.ws)).not.toContain(token);

    await first.close();
    await main.restart();
    const again = await page(main, first.name);
    expect(again.sync.getSnapshot().account.kind).toBe('signed-in');
    expect(again.sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: true, ask: false });
  });

  it('“sign in each time”: nothing on disk; after a restart the page says why it must sign in again', async () => {
    const main = new FakeMain(BASIC_TEXT);
    const first = await page(main);
    await first.sync.signIn(relay.url, mintToken(relay.dataDir, { sub: 'u-eli', name: 'Eli Ward', eng: [] }));
    await first.sync.chooseTokenStorage('memory-only');
    await waitFor(() => first.sync.getSnapshot().tokenKeeping?.ask === false, 'the question is answered');
    expect(first.sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: false, ask: false });
    expect(main.disk.size).toBe(0);
    expect(first.sync.getSnapshot().account.kind).toBe('signed-in');

    await first.close();
    await main.restart();
    const again = await page(main, first.name);
    expect(again.sync.getSnapshot().account).toEqual({ kind: 'expired', me: null, message: MEMORY_ONLY_LOST });
    expect(again.sync.link('programme')).toBeUndefined();
  });

  it('migration without a key store: the old token moves to main’s memory, leaves Dexie, and the person is asked', async () => {
    const main = new FakeMain(BASIC_TEXT);
    const token = mintToken(relay.dataDir, { sub: 'u-fay', name: 'Fay Lin', eng: [] });
    const me = { user: { id: 'u-fay', name: 'Fay Lin', role: 'expert' }, engagements: [] };
    const { ws, sync } = await page(main, dbName(), (w) => w.db.settings.put({ key: 'sync', value: { url: relay.url, token, me } }).then(() => undefined));
    expect(main.store.current()?.token).toBe(token);
    expect(main.disk.size).toBe(0);
    expect(await settingsText(ws)).not.toContain(token);
    expect(sync.getSnapshot().tokenKeeping).toEqual({ protection: 'plain-text', persisted: false, ask: true });
    expect(sync.getSnapshot().account.kind).toBe('signed-in');
  });
});

describe('browser build: no host secrets', () => {
  it('keeps the token in Dexie as before, and sends it itself', async () => {
    const { ws, sync } = await page(null);
    const token = mintToken(relay.dataDir, { eng: [] });
    await sync.signIn(relay.url, token);
    expect(((await ws.db.settings.get('sync'))?.value as { token: unknown }).token).toBe(token);
    expect(sync.getSnapshot().tokenKeeping).toBeNull();
    await sync.signOut();
    expect(((await ws.db.settings.get('sync'))?.value as { token: unknown }).token).toBeNull();
  });
});
