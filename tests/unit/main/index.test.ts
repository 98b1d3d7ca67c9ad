import { beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for Electron's main-process API: enough for main/index.ts to run its lifecycle in Node.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const state = {
    packaged: false,
    lock: true,
    listeners: new Map<string, Listener[]>(),
    windows: [] as FakeWindow[],
    order: [] as string[],
    handled: [] as string[],
  };
  class FakeWindow {
    static getAllWindows = () => state.windows;
    options: Record<string, unknown>;
    listeners = new Map<string, Listener[]>();
    webContents = {
      id: 1,
      listeners: new Map<string, Listener[]>(),
      on: vi.fn((name: string, fn: Listener) => this.webContents.listeners.set(name, [...(this.webContents.listeners.get(name) ?? []), fn])),
      send: vi.fn(),
      reload: vi.fn(),
    };
    loaded: string[] = [];
    minimized = true;
    restore = vi.fn(() => (this.minimized = false));
    show = vi.fn();
    focus = vi.fn();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      state.windows.push(this);
    }
    once() {}
    on(name: string, fn: Listener) {
      this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    }
    isDestroyed = () => false;
    setBackgroundColor = vi.fn();
    isMinimized() {
      return this.minimized;
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  }
  const app = {
    get isPackaged() {
      return state.packaged;
    },
    requestSingleInstanceLock: vi.fn(() => state.lock),
    quit: vi.fn(),
    enableSandbox: vi.fn(() => state.order.push('enableSandbox')),
    on: vi.fn((name: string, fn: Listener) => state.listeners.set(name, [...(state.listeners.get(name) ?? []), fn])),
    whenReady: vi.fn(() => {
      state.order.push('whenReady');
      return Promise.resolve();
    }),
    getName: () => 'Groundwork',
    getVersion: () => '0.1.0',
    getPath: (name: string) => (name === 'userData' ? '/nonexistent/groundwork-test-userdata' : '/home/me/Documents'),
    showAboutPanel: vi.fn(),
    setAboutPanelOptions: vi.fn(),
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => state.order.push('registerSchemesAsPrivileged')),
      handle: vi.fn(() => state.order.push('protocol.handle')),
    },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn(), webRequest: { onBeforeSendHeaders: vi.fn() } } },
    Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }], getPrimaryDisplay: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }) },
    safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'gnome_libsecret', encryptString: vi.fn(), decryptString: vi.fn() },
    ipcMain: { handle: vi.fn((channel: string) => state.handled.push(channel)), removeHandler: vi.fn() },
    dialog: { showSaveDialog: vi.fn(), showOpenDialog: vi.fn() },
    shell: { openExternal: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false, themeSource: 'system', on: vi.fn(), off: vi.fn() },
  };
  return { state, electron, FakeWindow };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

async function launch({ packaged = false, lock = true } = {}) {
  Object.assign(fake.state, { packaged, lock, listeners: new Map(), windows: [], order: [], handled: [] });
  vi.clearAllMocks();
  vi.resetModules();
  await import('#main/index.ts');
  // let whenReady().then run (it reads userData files before opening the window)
  if (lock) await vi.waitFor(() => expect(fake.state.windows.length).toBeGreaterThan(0));
  else await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('main process lifecycle', () => {
  beforeEach(() => {
    delete process.env.ELECTRON_RENDERER_URL;
  });

  it('registers the app scheme before ready, then serves it, registers IPC and opens one window on app://', async () => {
    await launch();
    const { order, windows, handled } = fake.state;
    expect(order.indexOf('registerSchemesAsPrivileged')).toBeLessThan(order.indexOf('whenReady'));
    expect(order).toContain('enableSandbox');
    expect(order).toContain('protocol.handle');
    expect(handled.sort()).toEqual(['app:info', 'file:open', 'file:save', 'secret:clear', 'secret:persist', 'secret:status', 'secret:store', 'theme:set', 'window:crash-notice']);
    expect(windows).toHaveLength(1);
    expect(windows[0]!.loaded).toEqual(['app://groundwork/index.html']);
    expect(fake.electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
  });

  it('creates the window with every security flag on', async () => {
    await launch();
    const prefs = fake.state.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false, devTools: true });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
  });

  it('turns DevTools off when packaged, and ignores a dev server URL', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    await launch({ packaged: true });
    const win = fake.state.windows[0]!;
    expect((win.options.webPreferences as Record<string, unknown>).devTools).toBe(false);
    expect(win.loaded).toEqual(['app://groundwork/index.html']);
  });

  it('loads the dev server in development when electron-vite sets one', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173/';
    await launch();
    expect(fake.state.windows[0]!.loaded).toEqual(['http://localhost:5173/']);
  });

  it('focuses the first window when a second instance starts', async () => {
    await launch();
    const win = fake.state.windows[0]!;
    for (const fn of fake.state.listeners.get('second-instance') ?? []) fn();
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(1);
  });

  it('quits at once when another instance holds the lock', async () => {
    await launch({ lock: false });
    expect(fake.electron.app.quit).toHaveBeenCalled();
    expect(fake.electron.app.whenReady).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('hardens every web contents as it is created', async () => {
    await launch();
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), closeDevTools: vi.fn() };
    for (const fn of fake.state.listeners.get('web-contents-created') ?? []) fn({}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalled();
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
  });

  it('installs the application menu; its commands reach the renderer on menu:command', async () => {
    await launch();
    expect(fake.electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = fake.electron.Menu.buildFromTemplate.mock.calls[0]![0] as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const exportReport = template.find((m) => m.label === '&File')!.submenu!.find((i) => i.label === 'Export Report…')!;
    exportReport.click!();
    expect(fake.state.windows[0]!.webContents.send).toHaveBeenCalledWith('menu:command', 'export-report');
  });

  it('reloads the window when its renderer crashes', async () => {
    await launch();
    const win = fake.state.windows[0]!;
    for (const fn of win.webContents.listeners.get('render-process-gone') ?? []) fn({}, { reason: 'crashed', exitCode: 1 });
    expect(win.webContents.reload).toHaveBeenCalledTimes(1);
  });

  it('adds the relay token to relay requests from main (the webRequest hook is installed)', async () => {
    await launch();
    expect(fake.electron.session.defaultSession.webRequest.onBeforeSendHeaders).toHaveBeenCalledTimes(1);
  });
});
