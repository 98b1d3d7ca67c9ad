/**
 * GET /api/history/<engagement>?before=<seq>&limit=<n> — the engagement's audit log (issue #5): who synced, when,
 * how many bytes, newest first, paged by sequence number. Same rule as the WebSocket: a valid token that may read
 * the room (viewers included) — 401 without one, 403 for an engagement the token does not grant. Only the index of
 * the append-only `updates` table is read, never the update bytes. Names come from the relay's user records.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RelayHistoryQuery, type RelayHistoryResponse } from '#core/review/relay-history.ts';
import { canRead, type Claims } from './auth/tokens.ts';
import { roomFromUrl } from './auth/upgrade.ts';
import { MAX_AUDIT_PAGE, type Store } from './store/store.ts';

type Json = (res: ServerResponse, status: number, body: unknown) => void;

export async function handleHistory(req: IncomingMessage, res: ServerResponse, rest: string, claims: Claims, deps: { store: Store; json: Json }): Promise<void> {
  const { json } = deps;
  if (req.method !== 'GET') {
    res.setHeader('Allow', 'GET, OPTIONS');
    return json(res, 405, { error: 'method not allowed' });
  }
  const room = roomFromUrl(rest);
  if (!room) return json(res, 400, { error: 'bad engagement id' });
  if (!canRead(claims, room)) return json(res, 403, { error: 'not_granted' });
  const params = new URL(req.url ?? '/', 'http://relay').searchParams;
  const query = RelayHistoryQuery.safeParse({ before: params.get('before') ?? undefined, limit: params.get('limit') ?? undefined });
  if (!query.success) return json(res, 400, { error: 'bad query', message: 'before must be a positive sequence number, limit 1–500' });
  const { before, limit } = query.data;
  // One extra row says whether an older page exists without a second query (at the store's cap, a full page
  // says "maybe": the next request may come back empty).
  const want = Math.min(limit + 1, MAX_AUDIT_PAGE);
  const rows = await deps.store.listAudit(room, { before, limit: want });
  const page = rows.slice(0, limit);
  const more = rows.length > limit || (want === limit && rows.length === limit);
  const names = new Map((await deps.store.listUsers()).map((u) => [u.id, u.name]));
  const body: RelayHistoryResponse = {
    engagement: room,
    rows: page.map((r) => {
      const name = names.get(r.user);
      return name ? { ...r, name } : r;
    }),
    next: more && page.length ? page.at(-1)!.seq : null,
  };
  return json(res, 200, body);
}
