/**
 * The relay's plain HTTP side on the same port: health, metrics, who-am-I, and blobs. CORS is open (any origin)
 * because the browser build of the app runs from its own http://127.0.0.1:<port>; every data endpoint still
 * needs a Bearer token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth/upgrade.ts';
import { tokenFromRequest } from './auth/upgrade.ts';
import { handleBlob, type BlobStore } from './blobs.ts';
import { handleHistory } from './history.ts';
import type { Limits } from './limits.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Store } from './store/store.ts';
import type { ClusterHttp } from './fanout/cluster-http.ts';
import { redeemInvite, REDEEM_STATUS, type RedeemThrottle } from './auth/invites.ts';

export interface HttpContext {
  auth: Authenticator;
  store: Store;
  blobs: BlobStore;
  metrics: Metrics;
  limits: Limits;
  log: Logger;
  stats: () => { rooms: number; connections: number };
  /** Node id, store/Redis health and fan-out counters (sync-server/fanout). */
  cluster?: ClusterHttp;
  /** POST /api/invites/redeem: invite code → token (auth/invites.ts; the invites are in `store`). */
  invites?: { secret: Buffer; throttle: RedeemThrottle };
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'Content-Length, ETag',
  'Access-Control-Max-Age': '600',
};

function json(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

export function createHttpHandler(ctx: HttpContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
    route(req, res, ctx).catch((err: unknown) => {
      ctx.log.error('http handler failed', { path: req.url, err });
      json(res, 500, { error: 'internal error' });
    });
  };
}

async function route(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method === 'OPTIONS') {
    res.writeHead(204);
    return void res.end();
  }
  if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
    const cluster = ctx.cluster ? await ctx.cluster.health() : null;
    // A store that answers pings but refuses writes is just as unable to keep anything: report the last failure
    // until a write succeeds again.
    const failed = ctx.metrics.storeFailure;
    const writes = failed ? { ok: false, storeOk: false, storeError: `last write failed at ${new Date(failed.at).toISOString()}: ${failed.message}` } : null;
    const body = { ok: true, ...ctx.stats(), store: ctx.store.kind, ...cluster, ...writes };
    return json(res, body.ok ? 200 : 503, body);
  }
  if (path === '/metrics' && req.method === 'GET') {
    const text = ctx.cluster ? ctx.cluster.metrics(ctx.metrics.render()) : ctx.metrics.render();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
    return void res.end(text);
  }
  if (path === '/api/invites/redeem') return redeem(req, res, ctx);
  const needsAuth = path === '/api/me' || path.startsWith('/blobs/') || path.startsWith('/api/history/');
  if (!needsAuth) return json(res, 404, { error: 'not found' });
  const auth = ctx.auth.check(tokenFromRequest(req));
  if (!auth.ok) {
    ctx.metrics.refusals.inc({ reason: `http_${auth.reason}` });
    req.resume();
    return json(res, auth.status, { error: auth.reason });
  }
  const claims = auth.claims;
  if (path === '/api/me' && req.method === 'GET') {
    const registered = await ctx.store.listEngagements();
    const all = claims.eng.includes('*');
    const byId = new Map(registered.map((e) => [e.id, e]));
    const engagements = all ? registered : claims.eng.map((id) => byId.get(id) ?? { id, city: '', state: '' });
    return json(res, 200, { user: { id: claims.sub, name: claims.name, role: claims.role }, engagements, expiresAt: claims.exp });
  }
  if (path.startsWith('/api/history/')) return handleHistory(req, res, path.slice('/api/history/'.length), claims, { store: ctx.store, json });
  if (path.startsWith('/blobs/')) {
    return handleBlob(req, res, path.slice('/blobs/'.length), claims, { blobs: ctx.blobs, store: ctx.store, metrics: ctx.metrics, maxBlobBytes: ctx.limits.maxBlobBytes, json });
  }
  return json(res, 405, { error: 'method not allowed' });
}

const MAX_REDEEM_BODY = 1024;

/** POST /api/invites/redeem `{ code }` → 200 `{ token, user, expiresAt }`; 400/404/410/403 with `{ error, message }`. */
async function redeem(req: IncomingMessage, res: ServerResponse, ctx: HttpContext): Promise<void> {
  if (req.method !== 'POST') {
    req.resume();
    res.setHeader('Allow', 'POST, OPTIONS');
    return json(res, 405, { error: 'method not allowed' });
  }
  if (!ctx.invites) {
    req.resume();
    return json(res, 404, { error: 'invites are not enabled on this relay' });
  }
  const ip = req.socket.remoteAddress ?? 'unknown';
  if (!ctx.invites.throttle.allow(ip)) {
    ctx.metrics.refusals.inc({ reason: 'invite_throttled' });
    req.resume();
    return json(res, 429, { error: 'throttled', message: 'Too many invite attempts from this address. Wait a minute and try again.' });
  }
  let body = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    body += chunk.toString('utf8');
    if (body.length > MAX_REDEEM_BODY) {
      res.setHeader('Connection', 'close');
      json(res, 400, { error: 'malformed', message: REDEEM_STATUS.malformed.message });
      req.destroy();
      return;
    }
  }
  let code: unknown;
  try {
    code = (JSON.parse(body) as { code?: unknown }).code;
  } catch {
    code = undefined;
  }
  const r = await redeemInvite(ctx.store, typeof code === 'string' ? code : '', ctx.invites.secret);
  if (!r.ok) {
    ctx.metrics.refusals.inc({ reason: `invite_${r.reason}` });
    const { status, message } = REDEEM_STATUS[r.reason];
    return json(res, status, { error: r.reason, message });
  }
  ctx.log.info('invite redeemed', { user: r.user.id });
  return json(res, 200, { token: r.token, user: { id: r.user.id, name: r.user.name, role: r.user.role }, expiresAt: r.expiresAt });
}
