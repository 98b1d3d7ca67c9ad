/**
 * The IPC channel names and the bridge method that carries each one. Kept apart from the zod schemas in
 * contract.ts so the sandboxed preload can build the bridge without bundling zod: main validates, not preload.
 */
export const CHANNELS = {
  saveFile: 'file:save',
  openFiles: 'file:open',
  appInfo: 'app:info',
} as const;

export type BridgeMethod = keyof typeof CHANNELS;
export type Channel = (typeof CHANNELS)[BridgeMethod];

/** The name the preload exposes the bridge under: `window.groundwork`. */
export const BRIDGE_KEY = 'groundwork';

/** Every bridge method name, sorted: what `window.groundwork` must hold, and nothing else. */
export const BRIDGE_METHODS = (Object.keys(CHANNELS) as BridgeMethod[]).sort();
