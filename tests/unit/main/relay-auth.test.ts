import { describe, expect, it, vi } from 'vitest';
import { RELAY_TOKEN_PLACEHOLDER } from '#core/ipc/channels.ts';
import { installRelayAuth, isRelayRequest, withRelayToken } from '#main/relay-auth.ts';

const secret = { relayUrl: 'https://relay.example.org', token: 'gw1.real.token' };

describe('relay token swap (main adds the token; the page holds a placeholder)', () => {
  it('matches the signed-in relay only: same host, port and security', () => {
    expect(isRelayRequest('https://relay.example.org/api/me', secret.relayUrl)).toBe(true);
    expect(isRelayRequest('wss://relay.example.org/sync/eng-1', secret.relayUrl)).toBe(true);
    expect(isRelayRequest('wss://relay.example.org:443/x', secret.relayUrl)).toBe(true);
    expect(isRelayRequest('ws://relay.example.org/x', secret.relayUrl)).toBe(false);
    expect(isRelayRequest('https://relay.example.org:8443/x', secret.relayUrl)).toBe(false);
    expect(isRelayRequest('https://evil.example/relay.example.org', secret.relayUrl)).toBe(false);
    expect(isRelayRequest('https://relay.example.org.evil.example/', secret.relayUrl)).toBe(false);
    expect(isRelayRequest('app://groundwork/index.html', secret.relayUrl)).toBe(false);
    expect(isRelayRequest('ws://127.0.0.1:4400/sync', 'http://127.0.0.1:4400')).toBe(true);
  });

  it('swaps the placeholder in the Authorization header and the WebSocket subprotocol', () => {
    expect(
      withRelayToken(
        { url: 'https://relay.example.org/api/me', requestHeaders: { Authorization: `Bearer ${RELAY_TOKEN_PLACEHOLDER}`, Accept: 'application/json' } },
        secret,
      ),
    ).toEqual({
      Authorization: 'Bearer gw1.real.token',
      Accept: 'application/json',
    });
    expect(
      withRelayToken(
        { url: 'wss://relay.example.org/sync/e1', requestHeaders: { 'Sec-WebSocket-Protocol': `groundwork-sync.v1, token.${RELAY_TOKEN_PLACEHOLDER}` } },
        secret,
      ),
    ).toEqual({
      'Sec-WebSocket-Protocol': 'groundwork-sync.v1, token.gw1.real.token',
    });
  });

  it('never sends the token anywhere else, and leaves requests without the placeholder alone', () => {
    const headers = { Authorization: `Bearer ${RELAY_TOKEN_PLACEHOLDER}` };
    expect(withRelayToken({ url: 'https://evil.example/api/me', requestHeaders: headers }, secret)).toBeNull();
    expect(withRelayToken({ url: 'http://relay.example.org/api/me', requestHeaders: headers }, secret)).toBeNull();
    expect(withRelayToken({ url: 'https://relay.example.org/api/me', requestHeaders: { Authorization: 'Bearer gw1.other.one' } }, secret)).toBeNull();
    expect(withRelayToken({ url: 'https://relay.example.org/api/me', requestHeaders: headers }, null)).toBeNull();
  });

  it('installs one listener on every http(s)/ws(s) request and answers each', () => {
    const webRequest = { onBeforeSendHeaders: vi.fn() };
    installRelayAuth(webRequest as never, () => secret);
    const [filter, listener] = webRequest.onBeforeSendHeaders.mock.calls[0] as [{ urls: string[] }, (d: unknown, cb: (r: unknown) => void) => void];
    expect(filter.urls).toEqual(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']);
    const cb = vi.fn();
    listener({ url: 'https://relay.example.org/api/me', requestHeaders: { Authorization: `Bearer ${RELAY_TOKEN_PLACEHOLDER}` } }, cb);
    listener({ url: 'https://elsewhere.example/', requestHeaders: {} }, cb);
    expect(cb.mock.calls).toEqual([[{ requestHeaders: { Authorization: 'Bearer gw1.real.token' } }], [{}]]);
  });
});

/**
 * The details Chromium hands onBeforeSendHeaders, as the desktop app's own requests produce them (recorded shapes:
 * a WebSocket upgrade from y-websocket, fetch() of /api/me and of a photo blob), against a local relay on ws://.
 */
describe('relay token swap on realistic requests', () => {
  const relay = { relayUrl: 'ws://127.0.0.1:4444', token: 'gw1.eyJzdWIiOiJ1LWFuYSJ9.c2lnbmF0dXJl' };
  const base = { id: 41, method: 'GET', webContentsId: 1, initiatorOrigin: 'app://groundwork', referrer: '', timestamp: 1_764_340_000_000 };
  const upgrade = (url: string, protocols: string) => ({
    ...base,
    url,
    resourceType: 'webSocket' as const,
    requestHeaders: {
      Pragma: 'no-cache',
      'Cache-Control': 'no-cache',
      'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Groundwork/0.1.0 Chrome/138.0.7204.97 Electron/37.2.0 Safari/537.36',
      Upgrade: 'websocket',
      Origin: 'app://groundwork',
      'Sec-WebSocket-Version': '13',
      'Accept-Encoding': 'gzip, deflate, br, zstd',
      'Accept-Language': 'en-US,en;q=0.9',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
      'Sec-WebSocket-Protocol': protocols,
    },
  });
  const xhr = (url: string, headers: Record<string, string>, method = 'GET') => ({
    ...base,
    url,
    method,
    resourceType: 'xhr' as const,
    requestHeaders: { Accept: '*/*', 'User-Agent': 'Mozilla/5.0 Groundwork/0.1.0', 'sec-ch-ua-platform': '"Linux"', ...headers },
  });

  it('the ws:// upgrade of a room: only the token subprotocol changes; every other handshake header is kept', () => {
    const details = upgrade('ws://127.0.0.1:4444/eng-7f3a', `groundwork, token.${RELAY_TOKEN_PLACEHOLDER}`);
    const out = withRelayToken(details, relay)!;
    expect(out['Sec-WebSocket-Protocol']).toBe(`groundwork, token.${relay.token}`);
    const { 'Sec-WebSocket-Protocol': _swapped, ...rest } = out;
    const { 'Sec-WebSocket-Protocol': _original, ...before } = details.requestHeaders;
    expect(rest).toEqual(before);
  });

  it('the room URL may carry a query (y-websocket params): still the relay, still swapped; the token never goes in the URL', () => {
    const out = withRelayToken(upgrade('ws://127.0.0.1:4444/programme?v=2', `groundwork, token.${RELAY_TOKEN_PLACEHOLDER}`), relay)!;
    expect(out['Sec-WebSocket-Protocol']).toBe(`groundwork, token.${relay.token}`);
  });

  it('fetch of /api/me and of a photo blob over http:// to the same host and port as the ws:// relay', () => {
    const me = withRelayToken(xhr('http://127.0.0.1:4444/api/me', { Authorization: `Bearer ${RELAY_TOKEN_PLACEHOLDER}` }), relay);
    expect(me).toMatchObject({ Authorization: `Bearer ${relay.token}`, Accept: '*/*', 'sec-ch-ua-platform': '"Linux"' });
    const blob = withRelayToken(
      xhr('http://127.0.0.1:4444/blobs/eng-7f3a/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', { authorization: `Bearer ${RELAY_TOKEN_PLACEHOLDER}`, 'Content-Type': 'image/jpeg' }, 'PUT'),
      relay,
    );
    expect(blob).toMatchObject({ authorization: `Bearer ${relay.token}`, 'Content-Type': 'image/jpeg' });
  });

  it('the invite redeem carries no token, so nothing is swapped (and nothing is added)', () => {
    expect(withRelayToken(xhr('http://127.0.0.1:4444/api/invites/redeem', { 'Content-Type': 'application/json' }, 'POST'), relay)).toBeNull();
  });

  it('refuses near misses: another port, another host, a secure scheme, a placeholder with a suffix, a token elsewhere in the header', () => {
    const proto = `groundwork, token.${RELAY_TOKEN_PLACEHOLDER}`;
    expect(withRelayToken(upgrade('ws://127.0.0.1:4445/eng-7f3a', proto), relay)).toBeNull();
    expect(withRelayToken(upgrade('ws://localhost:4444/eng-7f3a', proto), relay)).toBeNull();
    expect(withRelayToken(upgrade('wss://127.0.0.1:4444/eng-7f3a', proto), relay)).toBeNull();
    expect(withRelayToken(upgrade('ws://127.0.0.1:4444/eng-7f3a', `groundwork, token.${RELAY_TOKEN_PLACEHOLDER}x`), relay)).toBeNull();
    expect(withRelayToken(xhr('http://127.0.0.1:4444/api/me', { Authorization: `Basic ${RELAY_TOKEN_PLACEHOLDER}` }), relay)).toBeNull();
    expect(withRelayToken(xhr('http://127.0.0.1:4444/api/me', { 'X-Token': RELAY_TOKEN_PLACEHOLDER }), relay)).toBeNull();
  });

  it('through the installed listener: a signed-out main sends the placeholder unchanged (the relay answers 401)', () => {
    const webRequest = { onBeforeSendHeaders: vi.fn() };
    let current: typeof relay | null = relay;
    installRelayAuth(webRequest as never, () => current);
    const listener = webRequest.onBeforeSendHeaders.mock.calls[0]![1] as (d: unknown, cb: (r: unknown) => void) => void;
    const cb = vi.fn();
    const details = upgrade('ws://127.0.0.1:4444/eng-7f3a', `groundwork, token.${RELAY_TOKEN_PLACEHOLDER}`);
    listener(details, cb);
    expect((cb.mock.calls[0]![0] as { requestHeaders: Record<string, string> }).requestHeaders['Sec-WebSocket-Protocol']).toBe(`groundwork, token.${relay.token}`);
    current = null;
    listener(details, cb);
    expect(cb.mock.calls[1]).toEqual([{}]);
  });
});

