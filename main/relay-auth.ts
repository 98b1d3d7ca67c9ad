import type { OnBeforeSendHeadersListenerDetails, WebRequest } from 'electron';
import { RELAY_TOKEN_PLACEHOLDER } from '#core/ipc/channels.ts';
import type { RelaySecret } from './secret-store.ts';

/**
 * The renderer never holds the relay token in Electron: it sends RELAY_TOKEN_PLACEHOLDER where the token goes
 * (`Authorization: Bearer …` on HTTP, the `token.…` WebSocket subprotocol), and main swaps in the real one — only
 * on requests to the relay the person signed in to. A placeholder sent anywhere else stays a placeholder.
 */

function family(protocol: string): 'secure' | 'plain' | null {
  if (protocol === 'https:' || protocol === 'wss:') return 'secure';
  if (protocol === 'http:' || protocol === 'ws:') return 'plain';
  return null;
}

const defaultPort = (u: URL) => u.port || (family(u.protocol) === 'secure' ? '443' : '80');

/** Same relay: same host and port, and the same security (http↔ws, https↔wss). */
export function isRelayRequest(requestUrl: string, relayUrl: string): boolean {
  let request: URL;
  let relay: URL;
  try {
    request = new URL(requestUrl);
    relay = new URL(relayUrl);
  } catch {
    return false;
  }
  const kind = family(request.protocol);
  return kind !== null && kind === family(relay.protocol) && request.hostname === relay.hostname && defaultPort(request) === defaultPort(relay);
}

/** The request's headers with the placeholder replaced, or null to send them unchanged. */
export function withRelayToken(
  details: Pick<OnBeforeSendHeadersListenerDetails, 'url' | 'requestHeaders'>,
  secret: RelaySecret | null,
): Record<string, string> | null {
  if (!secret || !isRelayRequest(details.url, secret.relayUrl)) return null;
  let changed = false;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(details.requestHeaders)) {
    const lower = name.toLowerCase();
    let next = value;
    if (lower === 'authorization' && value.trim() === `Bearer ${RELAY_TOKEN_PLACEHOLDER}`) next = `Bearer ${secret.token}`;
    if (lower === 'sec-websocket-protocol') {
      next = value
        .split(',')
        .map((p) => (p.trim() === `token.${RELAY_TOKEN_PLACEHOLDER}` ? `token.${secret.token}` : p.trim()))
        .join(', ');
    }
    if (next !== value) changed = true;
    headers[name] = next;
  }
  return changed ? headers : null;
}

/** Wire the swap to a session's requests. */
export function installRelayAuth(webRequest: Pick<WebRequest, 'onBeforeSendHeaders'>, secret: () => RelaySecret | null): void {
  webRequest.onBeforeSendHeaders({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (details, callback) => {
    const headers = withRelayToken(details, secret());
    callback(headers ? { requestHeaders: headers } : {});
  });
}
