import { describe, expect, it, vi } from 'vitest';
import type { GroundworkBridge } from '#core/ipc/contract.ts';
import { acceptToFilters, choosePlatform } from '#renderer/platform/index.ts';
import { createBrowserPlatform, type BrowserEnv } from '#renderer/platform/browser-platform.ts';
import { createElectronPlatform } from '#renderer/platform/electron-platform.ts';
import { filtersForName } from '#renderer/platform/platform.ts';
import { RELAY_TOKEN_PLACEHOLDER } from '#core/ipc/channels.ts';

const appInfo = { name: 'Groundwork', version: '0.1.0', platform: 'linux', electron: '45.3.4', chrome: '140.0.0.0', packaged: true };

function fakeBridge(): GroundworkBridge & { [K in keyof GroundworkBridge]: ReturnType<typeof vi.fn> } {
  return {
    saveFile: vi.fn(async () => ({ saved: true, path: '/home/me/a.zip' })),
    openFiles: vi.fn(async () => ({ files: [{ name: 'a.jpg', mime: 'image/jpeg', data: new Uint8Array([1, 2, 3]) }] })),
    appInfo: vi.fn(async () => appInfo),
    relayTokenStatus: vi.fn(async () => ({ signedIn: true, relayUrl: 'https://relay.example.org', protection: 'encrypted', warning: null, persisted: true })),
    storeRelayToken: vi.fn(async () => ({ outcome: 'stored', protection: 'encrypted', persisted: true })),
    clearRelayToken: vi.fn(async () => ({ cleared: true })),
    persistRelayToken: vi.fn(async () => ({ persisted: true, protection: 'plain-text' })),
    takeCrashNotice: vi.fn(async () => ({ crashed: true, message: 'Groundwork restarted the window after a crash; your data is intact.' })),
    setTheme: vi.fn(async () => ({ dark: true })),
    onMenuCommand: vi.fn(() => () => undefined),
  } as never;
}

describe('choosing the platform', () => {
  it('is Electron when preload exposed window.groundwork, the browser otherwise', () => {
    expect(choosePlatform({ groundwork: fakeBridge() }).kind).toBe('electron');
    expect(choosePlatform({}).kind).toBe('browser');
    expect(choosePlatform(undefined).kind).toBe('browser');
  });
});

describe('accept → dialog filters', () => {
  it('translates extensions and known media types into one filter', () => {
    expect(acceptToFilters(['.zip', 'application/zip'])).toEqual([{ name: 'Supported files', extensions: ['zip'] }]);
    expect(acceptToFilters(['image/*'])[0]?.extensions).toEqual(expect.arrayContaining(['jpg', 'png', 'heic']));
    expect(acceptToFilters(['.JSON', ' .csv '])).toEqual([{ name: 'Supported files', extensions: ['json', 'csv'] }]);
  });

  it('has no filter when nothing translates (any file, as a browser allows)', () => {
    expect(acceptToFilters([])).toEqual([]);
    expect(acceptToFilters(['application/x-unknown', '.not valid'])).toEqual([]);
  });

  it('derives a save filter from the file name', () => {
    expect(filtersForName('Mombasa report.pdf')).toEqual([{ name: 'PDF file', extensions: ['pdf'] }]);
    expect(filtersForName('README')).toEqual([]);
  });
});

describe('Electron platform', () => {
  it('saves through the bridge, turning a Blob into bytes and defaulting filters from the name', async () => {
    const bridge = fakeBridge();
    const platform = createElectronPlatform(bridge);
    await expect(platform.saveFile('a.zip', new Blob([new Uint8Array([9, 8])]), 'application/zip')).resolves.toEqual({ saved: true, path: '/home/me/a.zip' });
    const request = bridge.saveFile.mock.calls[0]?.[0];
    expect(request).toMatchObject({ suggestedName: 'a.zip', mime: 'application/zip', filters: [{ name: 'ZIP file', extensions: ['zip'] }] });
    expect(Array.from(request.data as Uint8Array)).toEqual([9, 8]);
    const filters = [{ name: 'Groundwork bundle', extensions: ['zip'] }];
    await platform.saveFile('b.zip', new Uint8Array([1]), 'application/zip', filters);
    expect(bridge.saveFile.mock.calls[1]?.[0].filters).toEqual(filters);
  });

  it('opens files through the bridge and returns File objects', async () => {
    const bridge = fakeBridge();
    const files = await createElectronPlatform(bridge).openFiles({ accept: ['image/jpeg'], multiple: true });
    expect(bridge.openFiles).toHaveBeenCalledWith({ filters: [{ name: 'Supported files', extensions: ['jpg', 'jpeg'] }], multiple: true });
    expect(files).toHaveLength(1);
    expect(files[0]).toBeInstanceOf(File);
    expect(files[0]!.name).toBe('a.jpg');
    expect(files[0]!.type).toBe('image/jpeg');
    expect(Array.from(new Uint8Array(await files[0]!.arrayBuffer()))).toEqual([1, 2, 3]);
  });

  it('reports app info with its kind', async () => {
    await expect(createElectronPlatform(fakeBridge()).appInfo()).resolves.toEqual({ kind: 'electron', ...appInfo });
  });

  it('keeps the relay token with main: secrets go through the bridge, the page sends a placeholder', async () => {
    const bridge = fakeBridge();
    const { secrets } = createElectronPlatform(bridge);
    expect(secrets).not.toBeNull();
    await expect(secrets!.status()).resolves.toMatchObject({ signedIn: true });
    await secrets!.store({ relayUrl: 'https://relay.example.org', token: 'gw1.a.b', whenUnprotected: 'ask' });
    expect(bridge.storeRelayToken).toHaveBeenCalledWith({ relayUrl: 'https://relay.example.org', token: 'gw1.a.b', whenUnprotected: 'ask' });
    await secrets!.clear();
    expect(bridge.clearRelayToken).toHaveBeenCalledTimes(1);
    await expect(secrets!.persist()).resolves.toEqual({ persisted: true, protection: 'plain-text' });
    expect(bridge.persistRelayToken).toHaveBeenCalledTimes(1);
    expect(secrets!.placeholder).toBe(RELAY_TOKEN_PLACEHOLDER);
  });

  it('reads the crash notice once, passes the theme and subscribes to menu commands', async () => {
    const bridge = fakeBridge();
    const platform = createElectronPlatform(bridge);
    await expect(platform.takeCrashNotice()).resolves.toBe('Groundwork restarted the window after a crash; your data is intact.');
    bridge.takeCrashNotice.mockResolvedValueOnce({ crashed: false, message: null });
    await expect(platform.takeCrashNotice()).resolves.toBeNull();
    await platform.setTheme('dark');
    expect(bridge.setTheme).toHaveBeenCalledWith({ theme: 'dark' });
    const listener = vi.fn();
    platform.onMenuCommand(listener);
    expect(bridge.onMenuCommand).toHaveBeenCalledWith(listener);
  });

  it('passes errors from main through', async () => {
    const bridge = fakeBridge();
    bridge.saveFile.mockRejectedValueOnce(new Error('Invalid request for file:save: data: must be at most 256 MB'));
    await expect(createElectronPlatform(bridge).saveFile('a.zip', new Uint8Array(), 'application/zip')).rejects.toThrow(/at most 256 MB/);
  });
});

/** Just enough of a DOM for the browser platform: elements with attributes, listeners, and a body. */
function fakeDom() {
  type El = Record<string, unknown> & { tag: string; listeners: Record<string, () => void>; click: ReturnType<typeof vi.fn>; remove: ReturnType<typeof vi.fn> };
  const made: El[] = [];
  const attached = new Set<El>();
  const document = {
    createElement(tag: string) {
      const el: El = {
        tag,
        style: {},
        listeners: {},
        click: vi.fn(),
        remove: vi.fn(() => attached.delete(el)),
        addEventListener(name: string, fn: () => void) {
          el.listeners[name] = fn;
        },
      };
      made.push(el);
      return el;
    },
    body: { append: (el: El) => attached.add(el) },
  };
  const env: BrowserEnv = {
    document: document as never,
    createObjectURL: vi.fn(() => 'blob:groundwork/1'),
    revokeObjectURL: vi.fn(),
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.7339.0 Safari/537.36',
  };
  return { env, made, attached };
}

describe('browser platform', () => {
  it('saves by clicking a hidden download link to an object URL, then cleans up', async () => {
    vi.useFakeTimers();
    const { env, made, attached } = fakeDom();
    const result = await createBrowserPlatform(env).saveFile('Mombasa.zip', new Uint8Array([1, 2]), 'application/zip');
    expect(result).toEqual({ saved: true });
    const a = made[0]!;
    expect(a).toMatchObject({ tag: 'a', href: 'blob:groundwork/1', download: 'Mombasa.zip' });
    expect(a.click).toHaveBeenCalled();
    expect(attached.size).toBe(0);
    const blob = vi.mocked(env.createObjectURL).mock.calls[0]![0];
    expect(blob.type).toBe('application/zip');
    expect(blob.size).toBe(2);
    expect(env.revokeObjectURL).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(env.revokeObjectURL).toHaveBeenCalledWith('blob:groundwork/1');
    vi.useRealTimers();
  });

  it('opens files through a hidden file input', async () => {
    const { env, made, attached } = fakeDom();
    const pending = createBrowserPlatform(env).openFiles({ accept: ['.zip', 'application/zip'], multiple: true });
    const input = made[0]!;
    expect(input).toMatchObject({ tag: 'input', type: 'file', accept: '.zip,application/zip', multiple: true });
    expect(input.click).toHaveBeenCalled();
    const file = new File([new Uint8Array([1])], 'a.zip');
    input.files = [file];
    input.listeners.change!();
    await expect(pending).resolves.toEqual([file]);
    expect(attached.size).toBe(0);
  });

  it('resolves with no files when the picker is cancelled', async () => {
    const { env, made } = fakeDom();
    const pending = createBrowserPlatform(env).openFiles({ accept: [], multiple: false });
    made[0]!.listeners.cancel!();
    await expect(pending).resolves.toEqual([]);
  });

  it('reports app info from the browser', async () => {
    const { env } = fakeDom();
    await expect(createBrowserPlatform(env).appInfo()).resolves.toEqual({ kind: 'browser', name: 'Groundwork', version: expect.any(String), platform: 'linux', electron: null, chrome: '140.0.7339.0', packaged: false });
  });

  it('keeps its own token storage (no host secrets), has no menu and never reports a crash', async () => {
    const { env } = fakeDom();
    const platform = createBrowserPlatform(env);
    expect(platform.secrets).toBeNull();
    const off = platform.onMenuCommand(() => {
      throw new Error('never called');
    });
    expect(typeof off).toBe('function');
    off();
    await expect(platform.takeCrashNotice()).resolves.toBeNull();
    await expect(platform.setTheme('dark')).resolves.toBeUndefined();
  });
});
