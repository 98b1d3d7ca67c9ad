import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, safeStorage, screen, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTS, type MenuCommand } from '#core/ipc/channels.ts';
import { createCrashRecovery } from './crash.ts';
import { openFiles, saveFile, type FileDeps } from './files.ts';
import { registerIpc } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { APP_ENTRY_URL, registerAppScheme, serveAppProtocol } from './protocol.ts';
import { installRelayAuth } from './relay-auth.ts';
import { RelaySecretStore } from './secret-store.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { applyThemeChoice, followNativeTheme } from './theme.ts';
import { readUpdateConfig, startUpdater, type UpdaterLike } from './updater.ts';
import { createMainWindow } from './window.ts';
import { captureWindowState, clampToDisplays, loadWindowState, saveWindowState, type WindowStateFile } from './window-state.ts';

// App lifecycle only; each concern lives in its own file beside this one.

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const RENDERER_ROOT = path.join(here, '../renderer');
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
// Set by `electron-vite dev` only; a packaged app never loads from a dev server.
const DEV_SERVER_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

let mainWindow: BrowserWindow | null = null;

const userFile = (name: string) => path.join(app.getPath('userData'), name);

/** A small text file in userData, written atomically (temp + rename) so a crash mid-write never corrupts it. */
function textFile(name: string): WindowStateFile {
  const file = userFile(name);
  return {
    read: () => readFile(file, 'utf8').catch(() => null),
    write: async (text) => {
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, file);
    },
  };
}

const secrets = new RelaySecretStore({
  facts: () => ({
    platform: process.platform,
    encryptionAvailable: safeStorage.isEncryptionAvailable(),
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
  }),
  encrypt: (plain) => safeStorage.encryptString(plain),
  decrypt: (data) => safeStorage.decryptString(Buffer.from(data)),
  readFile: (file) => readFile(file),
  writeFile: (file, data) => textFile(path.basename(file)).write(data),
  rm: (file) => rm(file, { force: true }),
  get file() {
    return userFile('relay-token.json');
  },
});

const crashRecovery = createCrashRecovery({
  reload: () => mainWindow?.webContents.reload(),
  showError: (message) => dialog.showErrorBox('Groundwork', message),
  now: () => Date.now(),
});

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function fileDeps(): FileDeps {
  return {
    showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
    showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
    writeFile: (file, data) => writeFile(file, data),
    rename: (from, to) => rename(from, to),
    rm: (file) => rm(file, { force: true }),
    stat: (file) => stat(file),
    readFile: (file) => readFile(file),
    defaultDirectory: () => app.getPath('documents'),
  };
}

function sendMenuCommand(command: MenuCommand): void {
  if (!mainWindow) return;
  focusMainWindow();
  mainWindow.webContents.send(EVENTS.onMenuCommand, command);
}

function installMenu(): void {
  const template = menuTemplate({
    appName: app.getName(),
    isMac: process.platform === 'darwin',
    isDev: !app.isPackaged,
    send: sendMenuCommand,
    showAbout: () => app.showAboutPanel(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  app.setAboutPanelOptions({ applicationName: app.getName(), applicationVersion: app.getVersion(), copyright: 'Copyright © Groundwork' });
}

/** Remember the window's bounds: on every move/resize (debounced) and when it closes. */
function rememberBounds(win: BrowserWindow): void {
  const file = textFile('window-state.json');
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (!win.isDestroyed() && !win.isMinimized() && !win.isFullScreen()) void saveWindowState(file, captureWindowState(win)).catch(() => undefined);
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', save);
}

async function openMainWindow(): Promise<void> {
  const stored = await loadWindowState(textFile('window-state.json'));
  const bounds = clampToDisplays(
    stored,
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  const win = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged, dark: nativeTheme.shouldUseDarkColors, bounds });
  mainWindow = win;
  rememberBounds(win);
  const stopTheme = followNativeTheme(nativeTheme, (color) => !win.isDestroyed() && win.setBackgroundColor(color));
  win.webContents.on('render-process-gone', (_event, details) => void crashRecovery.onRenderProcessGone(details));
  win.on('closed', () => {
    stopTheme();
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(DEV_SERVER_URL ?? APP_ENTRY_URL);
}

function checkForUpdates(): void {
  const updateState = textFile('update-state.json');
  void startUpdater({
    config: readUpdateConfig(process.env, existsSync(path.join(process.resourcesPath ?? '', 'app-update.yml'))),
    packaged: app.isPackaged,
    currentVersion: app.getVersion(),
    now: () => Date.now(),
    readState: updateState.read,
    writeState: updateState.write,
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater as unknown as UpdaterLike,
    ask: async (prompt) => (mainWindow ? dialog.showMessageBox(mainWindow, prompt) : dialog.showMessageBox(prompt)).then((r) => r.response),
    log: (message) => console.log(message),
  }).catch((err: Error) => console.error(`updates: ${err.message}`));
}

function start(): void {
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();
  registerAppScheme(protocol);

  app.on('second-instance', () => focusMainWindow());
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { devServerUrl: DEV_SERVER_URL, openExternal: (url) => shell.openExternal(url), allowDevTools: !app.isPackaged });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    installRelayAuth(session.defaultSession.webRequest, () => secrets.current());
    serveAppProtocol(protocol, RENDERER_ROOT);
    await secrets.load();
    registerIpc(
      ipcMain,
      {
        'file:save': (request) => saveFile(request, fileDeps()),
        'file:open': (request) => openFiles(request, fileDeps()),
        'app:info': () => ({
          name: app.getName(),
          version: app.getVersion(),
          platform: process.platform,
          electron: process.versions.electron ?? '',
          chrome: process.versions.chrome ?? '',
          packaged: app.isPackaged,
        }),
        'secret:status': () => secrets.status(),
        'secret:store': (request) => secrets.store(request),
        'secret:clear': () => secrets.clear(),
        'secret:persist': () => secrets.persist(),
        'window:crash-notice': () => crashRecovery.takeNotice(),
        'theme:set': (request) => applyThemeChoice(nativeTheme, request.theme),
      },
      { mainWebContentsId: () => mainWindow?.webContents.id ?? null, devServerUrl: DEV_SERVER_URL },
    );
    installMenu();
    await openMainWindow();
    checkForUpdates();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openMainWindow();
    });
  });
}

// A second launch hands over to the first (which comes to the front) and exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
