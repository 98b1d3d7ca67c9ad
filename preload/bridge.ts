import { CHANNELS, EVENTS, isMenuCommand, type Channel, type EventChannel, type MenuCommand } from '#core/ipc/channels.ts';
import type { GroundworkBridge } from '#core/ipc/contract.ts';

/** `ipcRenderer.invoke`, narrowed to the contract's channels: the only thing the bridge calls main with. */
export type Invoke = (channel: Channel, ...args: unknown[]) => Promise<unknown>;
/** `ipcRenderer.on` / `removeListener`, narrowed to the contract's event channels. */
export interface Subscribe {
  on(channel: EventChannel, listener: (event: unknown, ...args: unknown[]) => void): void;
  off(channel: EventChannel, listener: (event: unknown, ...args: unknown[]) => void): void;
}

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
 * Subscribe to menu commands. The page's listener gets the command string only — never Electron's event object
 * (it carries `sender`, i.e. ipcRenderer) — and only when it is one of the known commands.
 */
function onMenuCommand(subscribe: Subscribe, listener: (command: MenuCommand) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
  const wrapped = (_event: unknown, command: unknown) => {
    if (isMenuCommand(command)) listener(command);
  };
  subscribe.on(EVENTS.onMenuCommand, wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    subscribe.off(EVENTS.onMenuCommand, wrapped);
  };
}

/**
 * One named method per contract channel, each a single `invoke`, plus one subscribe function per event; no raw
 * IPC ever reaches the page. Main validates every request with the contract's zod schemas, so preload stays
 * small and free of zod.
 */
export function buildBridge(invoke: Invoke, subscribe: Subscribe): GroundworkBridge {
  const bridge = {
    saveFile: (request) => call(invoke, CHANNELS.saveFile, request),
    openFiles: (request) => call(invoke, CHANNELS.openFiles, request),
    appInfo: () => call(invoke, CHANNELS.appInfo),
    relayTokenStatus: () => call(invoke, CHANNELS.relayTokenStatus),
    storeRelayToken: (request) => call(invoke, CHANNELS.storeRelayToken, request),
    clearRelayToken: () => call(invoke, CHANNELS.clearRelayToken),
    persistRelayToken: () => call(invoke, CHANNELS.persistRelayToken),
    takeCrashNotice: () => call(invoke, CHANNELS.takeCrashNotice),
    setTheme: (request) => call(invoke, CHANNELS.setTheme, request),
    onMenuCommand: (listener) => onMenuCommand(subscribe, listener),
  } satisfies GroundworkBridge;
  return Object.freeze(bridge);
}
