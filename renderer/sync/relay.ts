/** Talking to the relay over HTTP: addresses, who-am-I, and the readable errors the settings screen shows. */

export const DEFAULT_RELAY_URL = 'ws://127.0.0.1:4444';

export type RelayRole = 'expert' | 'lead' | 'viewer';

export interface RelayEngagement {
  id: string;
  city: string;
  state: string;
}

export interface Me {
  user: { id: string; name: string; role: RelayRole };
  engagements: RelayEngagement[];
  /** Token expiry, seconds since epoch. */
  expiresAt?: number;
}

export type RelayErrorKind = 'bad-url' | 'bad-token' | 'unauthorized' | 'forbidden' | 'unreachable' | 'not-relay' | 'server';

export class RelayError extends Error {
  readonly kind: RelayErrorKind;
  readonly status?: number;
  constructor(kind: RelayErrorKind, message: string, status?: number) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** Accepts ws://, wss://, http:// or https:// (and a bare host:port); returns the canonical ws(s) URL without a trailing slash. */
export function normalizeRelayUrl(input: string): string {
  let text = input.trim();
  if (!text) throw new RelayError('bad-url', 'Enter the relay address, for example ws://127.0.0.1:4444.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `ws://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RelayError('bad-url', `“${input.trim()}” is not an address. A relay address looks like ws://relay.example.org:4444.`);
  }
  const proto = url.protocol.toLowerCase();
  if (proto === 'http:') url.protocol = 'ws:';
  else if (proto === 'https:') url.protocol = 'wss:';
  else if (proto !== 'ws:' && proto !== 'wss:') throw new RelayError('bad-url', `A relay address starts with ws:// or wss:// (this one starts with ${proto}//).`);
  if (!url.hostname) throw new RelayError('bad-url', 'The relay address needs a host name, for example ws://relay.example.org:4444.');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) throw new RelayError('bad-url', 'Give only the relay’s address (scheme, host and port), without a path — for example ws://relay.example.org:4444.');
  return `${url.protocol}//${url.host}`;
}

/** The relay's HTTP base for the same host and port: ws → http, wss → https. */
export function httpBase(wsUrl: string): string {
  return normalizeRelayUrl(wsUrl).replace(/^ws/, 'http');
}

export function checkTokenShape(token: string): string {
  const t = token.trim().replace(/^Bearer\s+/i, '');
  if (!t) throw new RelayError('bad-token', 'Paste the token your team lead gave you.');
  if (!/^gw1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(t)) throw new RelayError('bad-token', 'This does not look like a Groundwork token: tokens start with “gw1.” and have no spaces. Copy the whole last line the relay printed.');
  return t;
}

/**
 * What the person pasted: a token (`gw1.…`) or an invite code (`GW-XXXX-XXXX-XXXX`, Crockford base32, forgiving
 * case, spaces, O/0 and I/L/1 — the relay normalizes the same way). Returns the cleaned value.
 */
export function parseCredential(input: string): { kind: 'token'; token: string } | { kind: 'invite'; code: string } {
  const t = input.trim().replace(/^Bearer\s+/i, '');
  if (/^gw1\./i.test(t) || t.length > 40) return { kind: 'token', token: checkTokenShape(t) };
  let s = t.toUpperCase().replace(/[\s-]/g, '');
  if (s.startsWith('GW')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (/^[0-9A-HJKMNP-TV-Z]{12}$/.test(s)) return { kind: 'invite', code: `GW-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}` };
  if (!t) throw new RelayError('bad-token', 'Paste the token or the invite code your team lead gave you.');
  throw new RelayError('bad-token', 'This is neither a token nor an invite code. An invite looks like GW-7K3M-Q9XA-2HDP; a token starts with “gw1.”.');
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** fetch with a timeout; network failures become RelayError('unreachable'). */
export async function relayFetch(fetchImpl: FetchLike, url: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<Response> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    return await fetchImpl(url, { ...init, signal: init.signal ?? ctl.signal });
  } catch (err) {
    const aborted = (err as Error)?.name === 'AbortError';
    const host = url.replace(/^https?:\/\//, '').split('/')[0];
    throw new RelayError('unreachable', aborted ? `The relay at ${host} did not answer in time. Check your connection and try again.` : `The relay at ${host} could not be reached. Check the address, and that you are online.`);
  } finally {
    clearTimeout(timer);
  }
}

/** GET /api/me: who this token belongs to and which engagements it may see. */
export async function fetchMe(fetchImpl: FetchLike, relayUrl: string, token: string): Promise<Me> {
  const base = httpBase(relayUrl);
  const res = await relayFetch(fetchImpl, `${base}/api/me`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status === 401) throw new RelayError('unauthorized', 'The relay did not accept this token: it is mistyped, expired or was revoked. Ask your team lead for a new one.', 401);
  if (res.status === 403) throw new RelayError('forbidden', 'The relay refused this token.', 403);
  if (res.status === 404 || res.status === 405) throw new RelayError('not-relay', `Something answers at ${base}, but it is not a Groundwork relay. Check the address and port.`, res.status);
  if (!res.ok) throw new RelayError('server', `The relay had a problem (HTTP ${res.status}). Try again in a moment.`, res.status);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new RelayError('not-relay', `Something answers at ${base}, but it is not a Groundwork relay. Check the address and port.`);
  }
  const me = body as Partial<Me>;
  if (!me || typeof me !== 'object' || !me.user || typeof me.user.id !== 'string' || !Array.isArray(me.engagements)) {
    throw new RelayError('not-relay', `Something answers at ${base}, but it is not a Groundwork relay. Check the address and port.`);
  }
  return {
    user: { id: me.user.id, name: String(me.user.name ?? me.user.id), role: (['expert', 'lead', 'viewer'] as const).includes(me.user.role as RelayRole) ? (me.user.role as RelayRole) : 'viewer' },
    engagements: me.engagements.filter((e) => e && typeof e.id === 'string').map((e) => ({ id: e.id, city: String(e.city ?? ''), state: String(e.state ?? '') })),
    expiresAt: typeof me.expiresAt === 'number' ? me.expiresAt : undefined,
  };
}

/** Dark enough for white initials (contrast ≥ 4.5:1) in both themes. */
const PERSON_COLORS = ['#2457b8', '#7a3db8', '#b42360', '#1f7a4a', '#8a4b00', '#0f6e7a', '#a3340f', '#4b5563'];

/** A stable, readable colour for a person (presence avatars). */
export function colorFor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PERSON_COLORS[h % PERSON_COLORS.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (!parts.length) return '?';
  return ((parts[0]![0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]![0] ?? '') : '')).toUpperCase();
}

/** POST /api/invites/redeem: a single-use invite code → a token. Refusals become readable RelayErrors. */
export async function redeemInvite(fetchImpl: FetchLike, relayUrl: string, code: string): Promise<string> {
  const base = httpBase(relayUrl);
  const res = await relayFetch(fetchImpl, `${base}/api/invites/redeem`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  let body: { token?: unknown; error?: unknown; message?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    if (res.ok) throw new RelayError('not-relay', `Something answers at ${base}, but it is not a Groundwork relay. Check the address and port.`, res.status);
  }
  if (res.ok && typeof body.token === 'string') return body.token;
  const message = typeof body.message === 'string' ? body.message : null;
  if (res.status === 404 && body.error === 'unknown') throw new RelayError('unauthorized', message ?? 'No such invite. Check the code with your team lead.', 404);
  if (res.status === 410) throw new RelayError('unauthorized', message ?? 'This invite was already used or has expired. Ask your team lead for a new one.', 410);
  if (res.status === 403) throw new RelayError('unauthorized', message ?? 'The account this invite was for has been revoked.', 403);
  if (res.status === 400) throw new RelayError('bad-token', message ?? 'This is not an invite code.', 400);
  if (res.status === 429) throw new RelayError('server', message ?? 'Too many attempts. Wait a minute and try again.', 429);
  if (res.status === 404 || res.status === 405) throw new RelayError('not-relay', `Something answers at ${base}, but it is not a Groundwork relay that takes invites. Check the address and port.`, res.status);
  throw new RelayError('server', `The relay had a problem (HTTP ${res.status}). Try again in a moment.`, res.status);
}
