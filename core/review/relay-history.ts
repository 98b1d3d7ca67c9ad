/**
 * The relay's audit log as the app reads it: GET /api/history/<engagement>?before=<seq>&limit=<n> (sync-server/history.ts).
 * One row per stored update — who synced, when, how many bytes — newest first, paged by sequence number. The
 * renderer validates every response with this schema before showing it (a relay is another program and may be older
 * or newer than the app).
 */
import { z } from 'zod';
import type { AuditRow } from './field-log.ts';

/** Rows per page the app asks for; the relay caps any request at 500. */
export const HISTORY_PAGE = 200;
export const MAX_HISTORY_PAGE = 500;

export const RelayHistoryRow = z.object({
  seq: z.number().int().positive(),
  /** The token subject that sent the update ('relay' for what the relay wrote itself). */
  user: z.string().min(1),
  /** The relay's name for that user, when it has an account record. */
  name: z.string().optional(),
  /** Milliseconds since the epoch. */
  at: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
});
export type RelayHistoryRow = z.infer<typeof RelayHistoryRow>;

export const RelayHistoryResponse = z.object({
  engagement: z.string().min(1),
  rows: z.array(RelayHistoryRow),
  /** Pass as `before` for the next (older) page; null when this page reached the first row. */
  next: z.number().int().positive().nullable(),
});
export type RelayHistoryResponse = z.infer<typeof RelayHistoryResponse>;

/** The query the relay accepts: `before` a positive sequence number, `limit` 1..500 (default HISTORY_PAGE). */
export const RelayHistoryQuery = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_HISTORY_PAGE).default(HISTORY_PAGE),
});

/** Relay rows in the shape engagementHistory() merges into the timeline. */
export function auditRowsOf(rows: readonly RelayHistoryRow[]): AuditRow[] {
  return rows.map((r) => ({ seq: r.seq, user: r.user, at: r.at, bytes: r.size }));
}
