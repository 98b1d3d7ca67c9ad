import { describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => [] as { options: unknown; once: ReturnType<typeof vi.fn>; show: ReturnType<typeof vi.fn> }[]);
vi.mock('electron', () => ({
  BrowserWindow: class {
    once = vi.fn((_event: string, fn: () => void) => fn());
    show = vi.fn();
    constructor(public options: unknown) {
      created.push(this as never);
    }
  },
}));

const { BACKGROUND_COLOR, createMainWindow, mainWindowOptions } = await import('#main/window.ts');

describe('main window', () => {
  it('has every security flag on, a background colour, a minimum size, and the preload', () => {
    const options = mainWindowOptions({ preloadPath: '/app/out/preload/index.cjs', devTools: false });
    expect(options.webPreferences).toEqual(
      expect.objectContaining({
        preload: '/app/out/preload/index.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
      }),
    );
    expect(options.show).toBe(false);
    expect(options.backgroundColor).toBe(BACKGROUND_COLOR.light);
    expect(mainWindowOptions({ preloadPath: 'x', devTools: true, dark: true }).backgroundColor).toBe(BACKGROUND_COLOR.dark);
    expect(options.minWidth).toBeGreaterThan(0);
    expect(options.minHeight).toBeGreaterThan(0);
  });

  it('shows the window once it is ready to show', () => {
    createMainWindow({ preloadPath: 'x', devTools: true });
    const win = created[0]!;
    expect(win.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
    expect(win.show).toHaveBeenCalled();
  });
});
