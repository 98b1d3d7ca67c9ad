/**
 * The relay's plain HTTP side on the same port: health, metrics, who-am-I, and blobs. CORS is open (any origin)
 * because the browser build of the app runs from its own http://127.0.0.1:<port>; every data endpoint still
 * needs a Bearer token.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './auth/upgrade.ts';
import { tokenFromRequest } from './auth/upgrade.ts';
import { handleBlob, type BlobStore } from './blobs.ts';
import type { Limits } from './limits.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Store } from './store/store.ts';

export interface HttpContext {
  auth: Authenticator;
  store: Store;
  blobs: BlobStore;
  metrics: Metrics;
  limits: Limits;
  log: Logger;
  stats: () => { rooms: number; connections: number };
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Allow-Methods': 'GET, HEAD, PUT, OPTIONS',
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
    return json(res, 200, { ok: true, ...ctx.stats(), store: ctx.store.kind });
  }
  if (path === '/metrics' && req.method === 'GET') {
    const text = ctx.metrics.render();
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' });
    return void res.end(text);
  }
  const needsAuth = path === '/api/me' || path.startsWith('/blobs/');
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
  if (path.startsWith('/blobs/')) {
    return handleBlob(req, res, path.slice('/blobs/'.length), claims, { blobs: ctx.blobs, store: ctx.store, metrics: ctx.metrics, maxBlobBytes: ctx.limits.maxBlobBytes, json });
  }
  return json(res, 405, { error: 'method not allowed' });
}
