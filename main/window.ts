import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

export interface MainWindowOptions {
  preloadPath: string;
  /** False in packaged builds: DevTools cannot be opened at all. */
  devTools: boolean;
  /** The OS is in dark mode (nativeTheme.shouldUseDarkColors). */
  dark?: boolean;
}

/** The workbench's own page backgrounds (renderer/styles/tokens.css `--bg`), so the first paint is no flash. */
export const BACKGROUND_COLOR = { light: '#f7f7f8', dark: '#15161a' } as const;

/** The window's options, apart from creating it so tests can check every security flag. */
export function mainWindowOptions({ preloadPath, devTools, dark = false }: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    title: 'Groundwork',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: dark ? BACKGROUND_COLOR.dark : BACKGROUND_COLOR.light,
    autoHideMenuBar: true,
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
  win.once('ready-to-show', () => win.show());
  return win;
}
