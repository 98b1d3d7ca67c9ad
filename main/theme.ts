import type { NativeTheme } from 'electron';
import type { ThemeChoice } from '#core/ipc/contract.ts';
import { BACKGROUND_COLOR } from './window.ts';

/**
 * Light/dark follows the OS through `nativeTheme`: with themeSource 'system' the page's `prefers-color-scheme`
 * tracks the OS, and the renderer's own choice (Settings, View → Toggle Theme) is passed on here so native parts
 * (menus, dialogs, the scrollbars, the window background behind the page) match it.
 */
export function applyThemeChoice(nativeTheme: Pick<NativeTheme, 'themeSource' | 'shouldUseDarkColors'>, choice: ThemeChoice): { dark: boolean } {
  nativeTheme.themeSource = choice;
  return { dark: nativeTheme.shouldUseDarkColors };
}

export function backgroundFor(dark: boolean): string {
  return dark ? BACKGROUND_COLOR.dark : BACKGROUND_COLOR.light;
}

/** Keep a window's background in step with the theme, so a resize or reload never flashes the wrong colour. */
export function followNativeTheme(nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors' | 'on' | 'off'>, setBackground: (color: string) => void): () => void {
  const update = () => setBackground(backgroundFor(nativeTheme.shouldUseDarkColors));
  nativeTheme.on('updated', update);
  update();
  return () => nativeTheme.off('updated', update);
}
