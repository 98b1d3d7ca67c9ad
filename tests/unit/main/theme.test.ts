import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ BrowserWindow: class {} }));
const { applyThemeChoice, backgroundFor, followNativeTheme } = await import('#main/theme.ts');
const { BACKGROUND_COLOR } = await import('#main/window.ts');

describe('theme', () => {
  it('passes the renderer’s choice to nativeTheme and answers whether it is dark now', () => {
    const nativeTheme = {
      themeSource: 'system' as 'system' | 'light' | 'dark',
      get shouldUseDarkColors() {
        return this.themeSource === 'dark';
      },
    };
    expect(applyThemeChoice(nativeTheme, 'dark')).toEqual({ dark: true });
    expect(nativeTheme.themeSource).toBe('dark');
    expect(applyThemeChoice(nativeTheme, 'light')).toEqual({ dark: false });
    applyThemeChoice(nativeTheme, 'system');
    expect(nativeTheme.themeSource).toBe('system');
  });

  it('keeps the window background in step with the OS theme, and stops when asked', () => {
    const listeners: (() => void)[] = [];
    const nativeTheme = {
      shouldUseDarkColors: false,
      on: vi.fn((_e: string, fn: () => void) => listeners.push(fn)),
      off: vi.fn(),
    };
    const setBackground = vi.fn();
    const stop = followNativeTheme(nativeTheme as never, setBackground);
    expect(setBackground).toHaveBeenLastCalledWith(BACKGROUND_COLOR.light);
    nativeTheme.shouldUseDarkColors = true;
    listeners.forEach((fn) => fn());
    expect(setBackground).toHaveBeenLastCalledWith(BACKGROUND_COLOR.dark);
    stop();
    expect(nativeTheme.off).toHaveBeenCalledWith('updated', listeners[0]);
    expect(backgroundFor(true)).toBe(BACKGROUND_COLOR.dark);
  });
});
