/**
 * Authentication before the WebSocket exists: the token comes in `Sec-WebSocket-Protocol` (`groundwork`,
 * `token.<TOKEN>` — browsers cannot set headers on a WebSocket) or, for HTTP and non-browser clients, in
 * `Authorization: Bearer`. A refused upgrade gets a plain HTTP status and the TCP socket is destroyed, so not
 * one protocol byte from that client is read.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Revocations } from '../store/store.ts';
import { canRead, nowSeconds, verifyToken, type Claims, type VerifyFailure } from './tokens.ts';

export const SUBPROTOCOL = 'groundwork';
const VERIFIED_CACHE = 4096;
const TOKEN_PREFIX = 'token.';

export type AuthResult = { ok: true; claims: Claims } | { ok: false; status: 401 | 403; reason: VerifyFailure | 'revoked' | 'not_granted' };

export function tokenFromRequest(req: IncomingMessage): string | null {
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',')) {
      const v = p.trim();
      if (v.startsWith(TOKEN_PREFIX)) return v.slice(TOKEN_PREFIX.length);
    }
  }
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim();
  return null;
}

/** Verifies tokens against the secret and the cached revocation list (refreshed by the server's poll). */
export class Authenticator {
  revoked: Revocations = { users: new Set(), tokens: new Set() };
  /** Verified tokens → their claims: one user's sockets (foreground, background pool, templates…) share one
   * claims object instead of one parsed copy each, and reconnects skip the HMAC. Bounded; expiry still checked. */
  private readonly verified = new Map<string, Claims>();
  constructor(private readonly secret: Buffer) {}

  private verify(token: string | null): ReturnType<typeof verifyToken> {
    const now = nowSeconds();
    const hit = token ? this.verified.get(token) : undefined;
    if (hit) return hit.exp > now ? { ok: true, claims: hit } : { ok: false, reason: 'expired' };
    const v = verifyToken(token, this.secret, now);
    if (v.ok && token) {
      if (this.verified.size >= VERIFIED_CACHE) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, v.claims);
    }
    return v;
  }

  check(token: string | null, room?: string): AuthResult {
    const v = this.verify(token);
    if (!v.ok) return { ok: false, status: 401, reason: v.reason };
    if (this.isRevoked(v.claims)) return { ok: false, status: 401, reason: 'revoked' };
    if (room !== undefined && !canRead(v.claims, room)) return { ok: false, status: 403, reason: 'not_granted' };
    return { ok: true, claims: v.claims };
  }

  isRevoked(claims: Claims): boolean {
    return this.revoked.users.has(claims.sub) || this.revoked.tokens.has(claims.jti);
  }
}

/** Room = the URL path's single segment (query ignored); ids are short and plain so they are safe in logs and SQL. */
export function roomFromUrl(url: string | undefined): string | null {
  const path = (url ?? '').split('?')[0] ?? '';
  let room: string;
  try {
    room = decodeURIComponent(path.replace(/^\/+/, ''));
  } catch {
    return null;
  }
  return /^[A-Za-z0-9_.:-]{1,128}$/.test(room) ? room : null;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 429: 'Too Many Requests', 503: 'Service Unavailable' };

export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy());
  if (socket.writable) {
    const body = JSON.stringify({ error: reason });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  // Never read what the client sent after its request line (pipelined frames included).
  socket.pause();
  setTimeout(() => socket.destroy(), 2000).unref();
}
