import type { Event, HandlerDetails, Session, WebContents, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './protocol.ts';

/**
 * Hardening for every web contents and the session (ARCHITECTURE.md, "Electron security"). The decisions are
 * plain functions of their inputs, tested in tests/unit/main/security.test.ts; the `harden*` functions only
 * wire them to Electron's events.
 */

/** Sent as a header on every app:// response; renderer/index.html carries a matching meta tag. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self' ws: wss: http://127.0.0.1:* https:",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  // The report preview shows the PDF rendered in the worker from a blob: URL.
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where the main frame may be: the app's own origin, and electron-vite's dev server while developing. */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  if (isAppUrl(url)) return true;
  if (!devServerUrl) return false;
  try {
    const target = new URL(url);
    const dev = new URL(devServerUrl);
    return target.protocol === dev.protocol && target.host === dev.host && (dev.protocol === 'http:' || dev.protocol === 'https:');
  } catch {
    return false;
  }
}

/**
 * Hosts whose https pages may be opened in the system browser (a link with target=_blank or window.open).
 * A host matches itself and its subdomains. Add one here when the workbench links somewhere new.
 */
export const EXTERNAL_HOST_ALLOWLIST: readonly string[] = ['openstreetmap.org', 'wikipedia.org', 'who.int', 'un.org', 'github.com'];

/**
 * Vetted for `shell.openExternal`: https only, on an allowed host, no credentials in the URL, the default port,
 * a real host name (no IP literals, no localhost), and a sane length. Anything else is never handed to the OS.
 */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_HOST_ALLOWLIST): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return false;
  const host = u.hostname.toLowerCase();
  if (!host.includes('.') || host.startsWith('[') || /^[\d.]+$/.test(host) || host === 'localhost' || host.endsWith('.localhost')) return false;
  return allowedHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** New windows are never created; a vetted https link opens in the system browser instead. */
export function windowOpenHandler(
  openExternal: (url: string) => unknown,
  allowedHosts: readonly string[] = EXTERNAL_HOST_ALLOWLIST,
): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    if (isAllowedExternalUrl(url, allowedHosts)) void Promise.resolve(openExternal(url)).catch(() => undefined);
    return { action: 'deny' };
  };
}

/**
 * Permissions the workbench needs: geolocation only, for the visit editor's "Use my location" (the expert presses
 * it; coordinates can also be typed). No camera, microphone, notifications, MIDI, HID… When a feature needs one,
 * add it here (and its test) — never grant in the handler directly.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>(['geolocation']);

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

export function permissionRequestHandler(
  _contents: WebContents | null,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl?: string } = {},
): void {
  callback(isPermissionAllowed(permission, details.requestingUrl ?? ''));
}

export function permissionCheckHandler(_contents: WebContents | null, permission: string, requestingOrigin: string): boolean {
  return isPermissionAllowed(permission, requestingOrigin);
}

export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) =>
    permissionRequestHandler(contents, permission, callback, { requestingUrl: details.requestingUrl }),
  );
  session.setPermissionCheckHandler(permissionCheckHandler);
  session.setDevicePermissionHandler(() => false);
}

export interface HardenOptions {
  devServerUrl?: string;
  openExternal: (url: string) => unknown;
  /** When false (packaged builds), DevTools are closed as soon as anything opens them. */
  allowDevTools: boolean;
}

type Guardable = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools'>;

/** Wire the guards to one web contents. Called for every web contents the app creates. */
export function hardenWebContents(contents: Guardable, options: HardenOptions): void {
  const guard = (event: Event, url: string) => {
    if (!isAllowedNavigation(url, options.devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event, url) => guard(event, url));
  contents.on('will-redirect', (event, url) => guard(event, url));
  contents.on('will-frame-navigate', (event) => {
    if (!isAllowedNavigation(event.url, options.devServerUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(windowOpenHandler(options.openExternal));
  if (!options.allowDevTools) contents.on('devtools-opened', () => contents.closeDevTools());
}
