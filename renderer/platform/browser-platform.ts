import { productName, version } from '../../package.json';
import type { Platform } from './platform.ts';

/** What the browser platform touches, so tests can hand it fakes. */
export interface BrowserEnv {
  document: Document;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  userAgent: string;
}

function defaultEnv(): BrowserEnv {
  return {
    document,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    userAgent: navigator.userAgent,
  };
}

// The download starts from the click, but Chromium reads the blob after it returns: keep the URL alive a while.
const REVOKE_AFTER_MS = 60_000;

/** The platform in a plain browser: saving is a download, opening is a hidden file input. */
export function createBrowserPlatform(given?: BrowserEnv): Platform {
  // Resolved on first use, so choosing this platform never touches the DOM by itself.
  let resolved = given;
  const env = () => (resolved ??= defaultEnv());
  return {
    kind: 'browser',
    async saveFile(name, data, mime) {
      const blob = data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type: mime });
      const { document: doc, createObjectURL, revokeObjectURL } = env();
      const url = createObjectURL(blob);
      const a = doc.createElement('a');
      a.href = url;
      a.download = name;
      a.rel = 'noopener';
      a.style.display = 'none';
      doc.body.append(a);
      try {
        a.click();
      } finally {
        a.remove();
        setTimeout(() => revokeObjectURL(url), REVOKE_AFTER_MS);
      }
      return { saved: true };
    },
    openFiles({ accept, multiple }) {
      const doc = env().document;
      return new Promise<File[]>((resolve) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = accept.join(',');
        input.multiple = multiple;
        input.style.display = 'none';
        const done = (files: File[]) => {
          input.remove();
          resolve(files);
        };
        input.addEventListener('change', () => done(Array.from(input.files ?? [])), { once: true });
        // Chromium fires 'cancel' when the picker is dismissed (since 113).
        input.addEventListener('cancel', () => done([]), { once: true });
        doc.body.append(input);
        input.click();
      });
    },
    async appInfo() {
      const ua = env().userAgent;
      const chrome = /Chrom(?:e|ium)\/([\d.]+)/.exec(ua)?.[1] ?? null;
      const os = /Windows/.test(ua) ? 'win32' : /Mac OS X/.test(ua) ? 'darwin' : /Linux/.test(ua) ? 'linux' : 'unknown';
      return { kind: 'browser', name: productName, version, platform: os, electron: null, chrome, packaged: false };
    },
    // The browser has no place out of the page's reach: the sync code keeps the token in its own storage.
    secrets: null,
    onMenuCommand: () => () => undefined,
    takeCrashNotice: async () => null,
    // The page's own prefers-color-scheme already follows the OS; there is no native chrome to match.
    setTheme: async () => undefined,
  };
}
