import { CHANNELS, type Channel } from '#core/ipc/channels.ts';
import type { GroundworkBridge } from '#core/ipc/contract.ts';

/** `ipcRenderer.invoke`, narrowed to the contract's channels: the only thing the bridge is built from. */
export type Invoke = (channel: Channel, ...args: unknown[]) => Promise<unknown>;

// Electron wraps errors thrown in main as "Error invoking remote method 'file:save': Error: <message>";
// people should read only <message>.
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

function call<T>(invoke: Invoke, channel: Channel, ...args: unknown[]): Promise<T> {
  return invoke(channel, ...args).then(
    (value) => value as T,
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(message.replace(REMOTE_PREFIX, ''));
    },
  );
}

/**
 * One named method per contract channel, each a single `invoke`; no raw IPC ever reaches the page. Main
 * validates every request with the contract's zod schemas, so preload stays small and free of zod.
 */
export function buildBridge(invoke: Invoke): GroundworkBridge {
  const bridge = {
    saveFile: (request) => call(invoke, CHANNELS.saveFile, request),
    openFiles: (request) => call(invoke, CHANNELS.openFiles, request),
    appInfo: () => call(invoke, CHANNELS.appInfo),
  } satisfies GroundworkBridge;
  return Object.freeze(bridge);
}
