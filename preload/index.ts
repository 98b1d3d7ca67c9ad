import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY } from '#core/ipc/channels.ts';
import { buildBridge } from './bridge.ts';

// Runs sandboxed with context isolation: the page sees only these named functions, never ipcRenderer.
contextBridge.exposeInMainWorld(
  BRIDGE_KEY,
  buildBridge((channel, ...args) => ipcRenderer.invoke(channel, ...args), {
    on: (channel, listener) => ipcRenderer.on(channel, listener),
    off: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  }),
);
