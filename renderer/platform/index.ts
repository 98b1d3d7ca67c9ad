import type { GroundworkBridge } from '#core/ipc/contract.ts';
import { createBrowserPlatform } from './browser-platform.ts';
import { createElectronPlatform } from './electron-platform.ts';
import type { Platform } from './platform.ts';

export type { FileFilter, HostSecrets, MenuCommand, OpenOptions, Platform, PlatformInfo, SaveResult, ThemeChoice } from './platform.ts';
export { acceptToFilters } from './platform.ts';

/** Electron when preload exposed `window.groundwork`, a plain browser otherwise. */
export function choosePlatform(host: { groundwork?: GroundworkBridge } | undefined): Platform {
  return host?.groundwork ? createElectronPlatform(host.groundwork) : createBrowserPlatform();
}

let platform: Platform | undefined;

/** The host this workbench runs in; decided once. */
export function getPlatform(): Platform {
  platform ??= choosePlatform(typeof window === 'undefined' ? undefined : window);
  return platform;
}
