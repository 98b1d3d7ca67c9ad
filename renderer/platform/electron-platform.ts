import { RELAY_TOKEN_PLACEHOLDER, type GroundworkBridge } from '#core/ipc/contract.ts';
import { acceptToFilters, filtersForName, type Platform } from './platform.ts';

declare global {
  interface Window {
    /** Set by preload/index.ts in Electron; absent in a plain browser. */
    readonly groundwork?: GroundworkBridge;
  }
}

/** The platform in Electron: every call is one method of the preload bridge, validated again by main. */
export function createElectronPlatform(bridge: GroundworkBridge): Platform {
  return {
    kind: 'electron',
    async saveFile(name, data, mime, filters) {
      const bytes = data instanceof Blob ? new Uint8Array(await data.arrayBuffer()) : data;
      return bridge.saveFile({ suggestedName: name, mime, filters: filters ?? filtersForName(name), data: bytes });
    },
    async openFiles({ accept, multiple }) {
      const { files } = await bridge.openFiles({ filters: acceptToFilters(accept), multiple });
      return files.map((f) => new File([f.data as Uint8Array<ArrayBuffer>], f.name, { type: f.mime }));
    },
    async appInfo() {
      const info = await bridge.appInfo();
      return { kind: 'electron', ...info };
    },
    secrets: {
      status: () => bridge.relayTokenStatus(),
      store: (request) => bridge.storeRelayToken(request),
      clear: () => bridge.clearRelayToken(),
      persist: () => bridge.persistRelayToken(),
      placeholder: RELAY_TOKEN_PLACEHOLDER,
    },
    onMenuCommand: (listener) => bridge.onMenuCommand(listener),
    async takeCrashNotice() {
      const notice = await bridge.takeCrashNotice();
      return notice.crashed ? notice.message : null;
    },
    async setTheme(theme) {
      await bridge.setTheme({ theme });
    },
  };
}
