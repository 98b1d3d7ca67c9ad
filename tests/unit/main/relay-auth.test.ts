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
