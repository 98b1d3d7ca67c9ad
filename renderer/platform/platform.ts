import type { FileFilter } from '#core/ipc/contract.ts';

/**
 * The one door from the workbench to its host (ARCHITECTURE.md, "The host seam"). Features call `getPlatform()`
 * and never ask which host they run in: Electron (through preload's `window.groundwork`) or a plain browser.
 */
export interface Platform {
  readonly kind: 'electron' | 'browser';
  /**
   * Save bytes as a file: a native save dialog in Electron (`saved: false` when the user cancels, `path` where
   * it went), a download in a browser (always `saved: true`; the browser does not say where, or if it was kept).
   */
  saveFile(name: string, data: Uint8Array | Blob, mime: string, filters?: FileFilter[]): Promise<SaveResult>;
  /** Let the user pick files. `accept` as in `<input accept>`: '.zip', 'application/zip', 'image/*'. Cancel → []. */
  openFiles(options: OpenOptions): Promise<File[]>;
  appInfo(): Promise<PlatformInfo>;
}

export interface SaveResult {
  saved: boolean;
  path?: string;
}

export interface OpenOptions {
  accept: string[];
  multiple: boolean;
}

export interface PlatformInfo {
  kind: Platform['kind'];
  name: string;
  version: string;
  /** 'linux', 'win32', 'darwin' in Electron; the browser's own idea of its OS otherwise. */
  platform: string;
  /** Electron's version, or null in a browser. */
  electron: string | null;
  /** Chromium's version where known. */
  chrome: string | null;
  packaged: boolean;
}

export type { FileFilter };

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'avif'];
const AUDIO_EXTENSIONS = ['mp3', 'm4a', 'wav', 'ogg', 'webm'];
const EXTENSIONS_BY_MIME: Record<string, string[]> = {
  'application/zip': ['zip'],
  'application/x-zip-compressed': ['zip'],
  'application/json': ['json'],
  'application/pdf': ['pdf'],
  'text/csv': ['csv'],
  'text/plain': ['txt'],
  'text/markdown': ['md'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic'],
  'image/*': IMAGE_EXTENSIONS,
  'audio/*': AUDIO_EXTENSIONS,
};

/**
 * `<input accept>` entries as one native-dialog filter. Entries it cannot translate are left out; when none
 * remain, there is no filter (any file may be picked, as a browser would allow).
 */
export function acceptToFilters(accept: readonly string[]): FileFilter[] {
  const extensions = new Set<string>();
  for (const raw of accept) {
    const entry = raw.trim().toLowerCase();
    if (/^\.[a-z0-9_-]{1,16}$/.test(entry)) extensions.add(entry.slice(1));
    else for (const ext of EXTENSIONS_BY_MIME[entry] ?? []) extensions.add(ext);
  }
  return extensions.size ? [{ name: 'Supported files', extensions: [...extensions] }] : [];
}

/** The save dialog's filter when the caller gives none: the name's own extension. */
export function filtersForName(name: string): FileFilter[] {
  const match = /\.([A-Za-z0-9_-]{1,16})$/.exec(name);
  const ext = match?.[1];
  return ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext.toLowerCase()] }] : [];
}
