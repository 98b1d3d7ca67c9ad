import { app, BrowserWindow, dialog, ipcMain, nativeTheme, protocol, session, shell } from 'electron';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFiles, saveFile, type FileDeps } from './files.ts';
import { registerIpc } from './ipc.ts';
import { APP_ENTRY_URL, registerAppScheme, serveAppProtocol } from './protocol.ts';
import { hardenSession, hardenWebContents } from './security.ts';
import { createMainWindow } from './window.ts';

// App lifecycle only; each concern lives in its own file beside this one.

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const RENDERER_ROOT = path.join(here, '../renderer');
const PRELOAD_PATH = path.join(here, '../preload/index.cjs');
// Set by `electron-vite dev` only; a packaged app never loads from a dev server.
const DEV_SERVER_URL = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

let mainWindow: BrowserWindow | null = null;

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

function openMainWindow(): void {
  mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, devTools: !app.isPackaged, dark: nativeTheme.shouldUseDarkColors });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(DEV_SERVER_URL ?? APP_ENTRY_URL);
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

  void app.whenReady().then(() => {
    hardenSession(session.defaultSession);
    serveAppProtocol(protocol, RENDERER_ROOT);
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
      },
      { mainWebContentsId: () => mainWindow?.webContents.id ?? null, devServerUrl: DEV_SERVER_URL },
    );
    openMainWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}

// A second launch hands over to the first (which comes to the front) and exits.
if (app.requestSingleInstanceLock()) start();
else app.quit();
