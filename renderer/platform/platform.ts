import type {
  FileFilter,
  MenuCommand,
  PersistRelayTokenResponse,
  RelayTokenStatus,
  StoreRelayTokenRequest,
  StoreRelayTokenResponse,
  ThemeChoice,
} from '#core/ipc/contract.ts';

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
  /**
   * Where the relay token is kept when the host can keep it away from the page: Electron's main process
   * (encrypted with the OS keychain; the page only learns "signed in" and sends `placeholder` where the token
   * goes). null in a browser, where the sync code keeps the token in its own storage.
   */
  readonly secrets: HostSecrets | null;
  /** The desktop menu's commands (File → Export Report…); never fires in a browser. Returns the unsubscribe. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** After the host reloaded the window because it crashed: the sentence to show, once. Otherwise null. */
  takeCrashNotice(): Promise<string | null>;
  /** Tell the host the theme the person chose, so native menus and dialogs match it. */
  setTheme(choice: ThemeChoice): Promise<void>;
}

export interface HostSecrets {
  status(): Promise<RelayTokenStatus>;
  store(request: StoreRelayTokenRequest): Promise<StoreRelayTokenResponse>;
  clear(): Promise<{ cleared: boolean }>;
  /** Write the token main holds in memory only to disk (the person said yes to storing it unprotected). */
  persist(): Promise<PersistRelayTokenResponse>;
  /** What to send instead of the token: the host swaps in the real one on requests to the signed-in relay. */
  readonly placeholder: string;
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

export type { FileFilter, MenuCommand, ThemeChoice };

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
