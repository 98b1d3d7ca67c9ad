import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { DEFAULT_STATE, MIN_SIZE, type WindowState } from './window-state.ts';

export interface MainWindowOptions {
  preloadPath: string;
  /** False in packaged builds: DevTools cannot be opened at all. */
  devTools: boolean;
  /** The OS is in dark mode (nativeTheme.shouldUseDarkColors). */
  dark?: boolean;
  /** Where the window was last (window-state.ts, already clamped to the displays present). */
  bounds?: WindowState;
}

/** The workbench's own page backgrounds (renderer/styles/tokens.css `--bg`), so the first paint is no flash. */
export const BACKGROUND_COLOR = { light: '#f7f7f8', dark: '#15161a' } as const;

/** The window's options, apart from creating it so tests can check every security flag. */
export function mainWindowOptions({ preloadPath, devTools, dark = false, bounds = DEFAULT_STATE }: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: 'Groundwork',
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: Math.min(MIN_SIZE.width, bounds.width),
    minHeight: Math.min(MIN_SIZE.height, bounds.height),
    show: false,
    backgroundColor: dark ? BACKGROUND_COLOR.dark : BACKGROUND_COLOR.light,
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links as new windows (denied anyway by the window-open handler).
      disableBlinkFeatures: 'Auxclick',
      // A file dropped outside a drop zone must never replace the workbench (renderer/platform/window-drop.ts).
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools,
    },
  };
}

/** Create the main window; it is shown once its first paint is ready. The caller loads the URL. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(options));
  win.once('ready-to-show', () => {
    if (options.bounds?.maximized) win.maximize();
    win.show();
  });
  return win;
}
