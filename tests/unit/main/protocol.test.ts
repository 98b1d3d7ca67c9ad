import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, createAppProtocolHandler, isAppUrl, mimeTypeFor, registerAppScheme, resolveAppPath } from '#main/protocol.ts';
import { CONTENT_SECURITY_POLICY } from '#main/security.ts';

const ROOT = path.resolve('/srv/groundwork/out/renderer');

describe('resolveAppPath', () => {
  it('maps app:// URLs to files under the root', () => {
    expect(resolveAppPath(ROOT, APP_ENTRY_URL)).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://groundwork/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://groundwork')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppPath(ROOT, 'app://groundwork/assets/index-abc.js')).toBe(path.join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppPath(ROOT, 'app://groundwork/assets/photo%20one.png')).toBe(path.join(ROOT, 'assets', 'photo one.png'));
    expect(resolveAppPath(ROOT, 'app://groundwork/index.html?x=1#/engagements')).toBe(path.join(ROOT, 'index.html'));
  });

  it('refuses path traversal, plain or encoded', () => {
    const attacks = [
      'app://groundwork/..%2f..%2f..%2fetc%2fpasswd',
      'app://groundwork/..%2F..%2Fetc%2Fpasswd',
      'app://groundwork/%2e%2e/%2e%2e/etc/passwd',
      'app://groundwork/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      'app://groundwork/assets/..%2f..%2f..%2fsecret',
      'app://groundwork/assets/%2e%2e%2f%2e%2e%2fsecret',
      'app://groundwork/..%5c..%5cwindows%5csystem32', // backslashes
      'app://groundwork/assets\\..\\..\\secret',
      'app://groundwork/.%2fhidden',
    ];
    for (const url of attacks) expect(resolveAppPath(ROOT, url), url).toBeNull();
  });

  it('refuses literal ".." too, though the URL parser would fold it', () => {
    for (const url of ['app://groundwork/../../etc/passwd', 'app://groundwork/a/../../../../x', 'app://groundwork/assets/./app.js']) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });

  it('refuses absolute and drive-letter paths', () => {
    for (const url of ['app://groundwork//etc/passwd', 'app://groundwork/%2Fetc%2Fpasswd', 'app://groundwork/C:/Windows/win.ini', 'app://groundwork/c%3A%5CWindows%5Cwin.ini', 'app://groundwork/%5C%5Cserver%5Cshare']) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });

  it('refuses malformed escapes, NUL bytes, other hosts and other schemes', () => {
    for (const url of ['app://groundwork/%E0%A4%A', 'app://groundwork/index.html%00.png', 'app://evil/index.html', 'file:///etc/passwd', 'https://groundwork/index.html', 'not a url']) {
      expect(resolveAppPath(ROOT, url), url).toBeNull();
    }
  });
});

describe('the app:// handler', () => {
  const files: Record<string, string> = { [path.join(ROOT, 'index.html')]: '<!doctype html>', [path.join(ROOT, 'assets', 'app.js')]: 'export {}' };
  const handler = createAppProtocolHandler(ROOT, async (file) => {
    const body = files[file];
    if (body === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return new TextEncoder().encode(body);
  });

  it('serves files with their mime type and the CSP header', async () => {
    const res = await handler(new Request('app://groundwork/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('export {}');
    const html = await handler(new Request('app://groundwork/'));
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 404 for traversal and missing files, 405 for writes', async () => {
    expect((await handler(new Request('app://groundwork/..%2f..%2fetc%2fpasswd'))).status).toBe(404);
    expect((await handler(new Request('app://groundwork/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://groundwork/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('knows the mime types a Vite build emits', () => {
    expect(mimeTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(mimeTypeFor('a.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('a.svg')).toBe('image/svg+xml');
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('the app scheme', () => {
  it('is registered as a secure standard scheme', () => {
    const calls: unknown[] = [];
    registerAppScheme({ registerSchemesAsPrivileged: (schemes) => void calls.push(schemes) });
    expect(calls).toEqual([[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) }]]);
  });

  it('recognises only its own origin', () => {
    expect(isAppUrl('app://groundwork/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app://user:pw@groundwork/')).toBe(false);
    expect(isAppUrl('https://groundwork/')).toBe(false);
  });
});
