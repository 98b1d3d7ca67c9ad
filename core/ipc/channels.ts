/**
 * The IPC channel names and the bridge method that carries each one. Kept apart from the zod schemas in
 * contract.ts so the sandboxed preload can build the bridge without bundling zod: main validates, not preload.
 */

/** Renderer → main calls (`ipcRenderer.invoke` / `ipcMain.handle`), one bridge method each. */
export const CHANNELS = {
  saveFile: 'file:save',
  openFiles: 'file:open',
  appInfo: 'app:info',
  relayTokenStatus: 'secret:status',
  storeRelayToken: 'secret:store',
  clearRelayToken: 'secret:clear',
  persistRelayToken: 'secret:persist',
  takeCrashNotice: 'window:crash-notice',
  setTheme: 'theme:set',
} as const;

/** Main → renderer events (`webContents.send` / `ipcRenderer.on`); the bridge method subscribes and returns an unsubscribe. */
export const EVENTS = {
  onMenuCommand: 'menu:command',
} as const;

export type BridgeMethod = keyof typeof CHANNELS;
export type Channel = (typeof CHANNELS)[BridgeMethod];
export type BridgeEvent = keyof typeof EVENTS;
export type EventChannel = (typeof EVENTS)[BridgeEvent];

/**
 * What the application menu can ask the workbench to do. Preload drops anything else before the page sees it
 * (main only ever sends these, but the check costs nothing and keeps the page's input closed).
 */
export const MENU_COMMANDS = ['new-visit', 'import-bundle', 'export-bundle', 'export-report', 'toggle-theme', 'show-shortcuts'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/**
 * The token the renderer puts where the relay token goes (WebSocket subprotocol, Authorization header) in Electron.
 * Main swaps in the real token on requests to the signed-in relay only (main/relay-auth.ts), so the page never holds
 * it. It has the shape of a real token so the relay client's own checks pass.
 */
export const RELAY_TOKEN_PLACEHOLDER = 'gw1.held-by-main.placeholder';

/** The name the preload exposes the bridge under: `window.groundwork`. */
export const BRIDGE_KEY = 'groundwork';

/** Every bridge method name, sorted: what `window.groundwork` must hold, and nothing else. */
export const BRIDGE_METHODS = [...(Object.keys(CHANNELS) as string[]), ...(Object.keys(EVENTS) as string[])].sort() as (BridgeMethod | BridgeEvent)[];
