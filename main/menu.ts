import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '#core/ipc/channels.ts';

/**
 * The application menu as data (tests read it). Items that act on the workbench send a MenuCommand to the
 * renderer (`menu:command`), which runs the same command as the keyboard shortcut or button; everything else
 * uses Electron's roles, so Edit, zoom and window handling behave as on every other app of the OS.
 */
export interface MenuOptions {
  appName: string;
  isMac: boolean;
  /** Development build: adds Reload and DevTools. Never in a packaged app. */
  isDev: boolean;
  send(command: MenuCommand): void;
  showAbout(): void;
}

export function menuTemplate({ appName, isMac, isDev, send, showAbout }: MenuOptions): MenuItemConstructorOptions[] {
  const command = (label: string, c: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    click: () => send(c),
    ...(accelerator ? { accelerator } : {}),
    id: `command:${c}`,
  });
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      command('New Visit', 'new-visit', 'CmdOrCtrl+N'),
      { type: 'separator' },
      command('Import Bundle…', 'import-bundle', 'CmdOrCtrl+O'),
      command('Export Bundle…', 'export-bundle', 'CmdOrCtrl+Shift+E'),
      command('Export Report…', 'export-report', 'CmdOrCtrl+P'),
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      // Undo/redo go to the page: the workbench's own Ctrl+Z handler undoes the engagement's last change.
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'pasteAndMatchStyle' },
      { role: 'delete' },
      { type: 'separator' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      command('Toggle Theme', 'toggle-theme', 'CmdOrCtrl+Shift+L'),
      { role: 'togglefullscreen' },
    ],
  });
  if (isMac) template.push({ role: 'windowMenu' });
  template.push({
    role: 'help',
    label: '&Help',
    submenu: [
      command('Keyboard Shortcuts', 'show-shortcuts', 'CmdOrCtrl+/'),
      ...(isMac ? [] : ([{ type: 'separator' }, { label: `About ${appName}`, id: 'about', click: () => showAbout() }] as MenuItemConstructorOptions[])),
    ],
  });
  return template;
}
