import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  isAllowedNavigation,
  permissionCheckHandler,
  permissionRequestHandler,
  windowOpenHandler,
} from '#main/security.ts';

const DEV = 'http://localhost:5173/';

describe('navigation guard', () => {
  it('allows only the app origin', () => {
    expect(isAllowedNavigation('app://groundwork/index.html')).toBe(true);
    expect(isAllowedNavigation('app://groundwork/index.html#/engagements/e1')).toBe(true);
    for (const url of ['https://example.org/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://evil/index.html', 'javascript:alert(1)', 'data:text/html,<h1>x', 'about:blank', 'chrome://settings', '']) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('allows the dev server only when one is set, and only its exact origin', () => {
    expect(isAllowedNavigation('http://localhost:5173/index.html')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/index.html', DEV)).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', DEV)).toBe(false);
    expect(isAllowedNavigation('https://localhost:5173/', DEV)).toBe(false);
    expect(isAllowedNavigation('http://evil.example/', DEV)).toBe(false);
    expect(isAllowedNavigation('file:///x', 'file:///')).toBe(false);
  });
});

describe('openExternal allowlist', () => {
  it('passes https URLs on allowed hosts and their subdomains', () => {
    expect(isAllowedExternalUrl('https://www.openstreetmap.org/#map=12/-4.05/39.66')).toBe(true);
    expect(isAllowedExternalUrl('https://en.wikipedia.org/wiki/Mombasa')).toBe(true);
    expect(isAllowedExternalUrl('https://example.org/', ['example.org'])).toBe(true);
  });

  it('refuses everything else', () => {
    const refused = [
      'http://www.openstreetmap.org/', // not https
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'https://evil.example/',
      'https://openstreetmap.org.evil.example/', // suffix trick
      'https://evilopenstreetmap.org/',
      'https://user:pw@www.openstreetmap.org/', // credentials
      'https://www.openstreetmap.org:8443/', // non-default port
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://localhost/',
      `https://www.openstreetmap.org/${'a'.repeat(3000)}`,
      'not a url',
    ];
    for (const url of refused) expect(isAllowedExternalUrl(url), url).toBe(false);
  });
});

describe('window-open handler', () => {
  it('always denies the new window, and hands only vetted URLs to the system browser', async () => {
    const openExternal = vi.fn(async () => undefined);
    const handler = windowOpenHandler(openExternal);
    expect(handler({ url: 'https://en.wikipedia.org/wiki/Mombasa' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://groundwork/index.html' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
    expect(openExternal).toHaveBeenCalledWith('https://en.wikipedia.org/wiki/Mombasa');
  });

  it('survives openExternal failing', async () => {
    const handler = windowOpenHandler(() => Promise.reject(new Error('no browser')));
    expect(handler({ url: 'https://en.wikipedia.org/' })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('grants geolocation to the app itself only (Use my location), and nothing else', () => {
    const fromApp = vi.fn();
    permissionRequestHandler(null, 'geolocation', fromApp, { requestingUrl: 'app://groundwork/index.html' });
    expect(fromApp).toHaveBeenCalledWith(true);
    const fromElsewhere = vi.fn();
    permissionRequestHandler(null, 'geolocation', fromElsewhere, { requestingUrl: 'https://evil.example/' });
    expect(fromElsewhere).toHaveBeenCalledWith(false);
  });

  it('denies every other permission request, even from the app itself', () => {
    for (const permission of ['media', 'notifications', 'midi', 'midiSysex', 'clipboard-read', 'display-capture', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
      const callback = vi.fn();
      permissionRequestHandler(null, permission, callback, { requestingUrl: 'app://groundwork/index.html' });
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
  });

  it('denies every permission check except geolocation from the app', () => {
    expect(permissionCheckHandler(null, 'geolocation', 'app://groundwork')).toBe(true);
    expect(permissionCheckHandler(null, 'media', 'app://groundwork')).toBe(false);
    expect(permissionCheckHandler(null, 'geolocation', 'https://evil.example')).toBe(false);
  });

  it('installs the handlers on the session', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    hardenSession(session);
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0];
    const callback = vi.fn();
    request(null, 'media', callback, { requestingUrl: 'app://groundwork/' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.setPermissionCheckHandler.mock.calls[0]?.[0](null, 'media', 'app://groundwork')).toBe(false);
    expect(session.setDevicePermissionHandler.mock.calls[0]?.[0]({})).toBe(false);
  });
});

describe('web contents hardening', () => {
  function fakeContents() {
    const listeners = new Map<string, (...args: never[]) => void>();
    const contents = {
      on: vi.fn((name: string, fn: (...args: never[]) => void) => {
        listeners.set(name, fn);
        return contents;
      }),
      setWindowOpenHandler: vi.fn(),
      closeDevTools: vi.fn(),
    };
    const emit = (name: string, ...args: unknown[]) => (listeners.get(name) as (...a: unknown[]) => void)(...args);
    return { contents, emit, listeners };
  }
  const event = () => ({ preventDefault: vi.fn() });

  it('blocks navigation and redirects away from the app', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents as never, { openExternal: vi.fn(), allowDevTools: true });
    const away = event();
    emit('will-navigate', away, 'https://evil.example/');
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = event();
    emit('will-redirect', redirect, 'file:///etc/passwd');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const frame = { ...event(), url: 'https://evil.example/' };
    emit('will-frame-navigate', frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const home = event();
    emit('will-navigate', home, 'app://groundwork/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
  });

  it('prevents every webview from attaching', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents as never, { openExternal: vi.fn(), allowDevTools: true });
    const attach = event();
    emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('installs the deny-all window-open handler', () => {
    const { contents } = fakeContents();
    const openExternal = vi.fn();
    hardenWebContents(contents as never, { openExternal, allowDevTools: true });
    const handler = contents.setWindowOpenHandler.mock.calls[0]?.[0];
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('closes DevTools at once in packaged builds', () => {
    const packaged = fakeContents();
    hardenWebContents(packaged.contents as never, { openExternal: vi.fn(), allowDevTools: false });
    packaged.emit('devtools-opened');
    expect(packaged.contents.closeDevTools).toHaveBeenCalled();
    const dev = fakeContents();
    hardenWebContents(dev.contents as never, { openExternal: vi.fn(), allowDevTools: true });
    expect(dev.listeners.has('devtools-opened')).toBe(false);
  });
});

describe('content security policy', () => {
  it('is strict', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    expect(directives).toEqual({
      'default-src': "'self'",
      'img-src': "'self' blob: data:",
      'connect-src': "'self' ws: wss: http://127.0.0.1:* https:",
      'style-src': "'self' 'unsafe-inline'",
      'worker-src': "'self' blob:",
      'frame-src': "'self' blob:",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
  });
});
