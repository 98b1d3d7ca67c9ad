import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security.ts';

/**
 * The built renderer is served from `app://groundwork/…`, a privileged standard scheme, rather than file://:
 * it gets a real origin (IndexedDB, module workers, fetch), a CSP header on every response, and only files
 * under out/renderer can ever be read.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'groundwork';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Must run before `app` is ready: the scheme's privileges are fixed at startup. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled: Vite emits `<script type="module" crossorigin>`; responses carry no CORS headers, so no
      // other origin can read them.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true, codeCache: true },
    },
  ]);
}

/** True for a URL on the app's own origin. (`new URL('app://…').origin` is "null" for custom schemes, so compare parts.) */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * The file under `root` that an app:// URL names, or null when it names nothing we serve: another scheme or
 * host, a malformed escape, a NUL, a backslash, any `..` segment (also when encoded as %2e%2e or hidden behind
 * %2f), an absolute or drive-letter path, or anything that would resolve outside `root`. `/` is index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  // The URL parser folds "..", "%2e%2e" and the like before we see the pathname; a request that needed
  // folding was never one the renderer made, so refuse it rather than serve whatever it folded to.
  if (hasDotSegment(url.replace(/[?#].*$/s, ''))) return null;

  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;

  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  if (decoded.startsWith('//')) return null; // "app://groundwork//etc/passwd" or an encoded leading slash
  const segments = relative.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (/^[A-Za-z]:/.test(relative) || path.isAbsolute(relative)) return null;

  const base = path.resolve(root);
  const resolved = path.resolve(base, ...segments);
  const rel = path.relative(base, resolved);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return resolved;
}

function hasDotSegment(raw: string): boolean {
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    return true;
  }
  return text.split(/[/\\]/).some((segment) => segment === '..' || segment === '.');
}

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

type ReadFile = (file: string) => Promise<Uint8Array>;

/** The app:// request handler, apart from Electron so it can be tested with a plain Request. */
export function createAppProtocolHandler(root: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  const headers = (type: string) => ({
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers: headers('text/plain') });
    const file = resolveAppPath(root, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: headers('text/plain') });
    try {
      const body = await read(file);
      return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { status: 200, headers: headers(mimeTypeFor(file)) });
    } catch {
      return new Response('Not found', { status: 404, headers: headers('text/plain') });
    }
  };
}

/** Serve `root` (out/renderer) on app://. Call once, after `app` is ready. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, root: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(root));
}
