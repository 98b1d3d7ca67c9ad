import { useCallback, useEffect, useRef, useState } from 'react';
import { HISTORY_PAGE, RelayHistoryResponse, type RelayHistoryRow } from '#core/review/relay-history.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { relayFetch } from '../../sync/relay.ts';
import { useSync } from '../sync/hooks.ts';

/**
 * The relay's audit log of one engagement (GET /api/history/<id>): who synced what, when. Pages newest first; the
 * timeline shows it next to the engagement's own change log. Offline, signed out or not granted, the timeline
 * shows local entries only and says why in one quiet line — never an error page.
 */
/** After the document changes, the newest page is fetched again once changes have paused this long. */
const REFRESH_PAUSE_MS = 2_000;

export type RelayHistoryState =
  | { status: 'loading' }
  | { status: 'ready' }
  | { status: 'offline' | 'signed-out' | 'not-granted' | 'error'; message: string };

export interface RelayHistory {
  state: RelayHistoryState;
  rows: RelayHistoryRow[];
  /** Whether older rows exist on the relay. */
  more: boolean;
  loadingMore: boolean;
  loadOlder(): void;
}

/** Newest first, each seq once. */
function mergeRows(a: RelayHistoryRow[], b: RelayHistoryRow[]): RelayHistoryRow[] {
  const bySeq = new Map<number, RelayHistoryRow>();
  for (const r of [...a, ...b]) bySeq.set(r.seq, r);
  return [...bySeq.values()].sort((x, y) => y.seq - x.seq);
}

/** `refreshKey` changes when the document does: the newest page is fetched again once changes pause. */
export function useRelayHistory(engagementId: string, refreshKey = 0): RelayHistory {
  const ws = useWorkspace();
  const sync = useSync();
  const signedIn = sync.account.kind === 'signed-in';
  const online = sync.online;
  const [state, setState] = useState<RelayHistoryState>({ status: 'loading' });
  const [rows, setRows] = useState<RelayHistoryRow[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const epoch = useRef(0);

  const fetchPage = useCallback(
    async (before: number | null): Promise<RelayHistoryResponse | RelayHistoryState> => {
      const access = ws.sync.relayAccess();
      if (!access) return { status: 'signed-out', message: 'Not signed in to a relay: showing the changes recorded in this engagement. Sign in (Settings) to see who synced what, and when.' };
      const q = new URLSearchParams({ limit: String(HISTORY_PAGE) });
      if (before !== null) q.set('before', String(before));
      let res: Response;
      try {
        res = await relayFetch(access.fetch, `${access.httpBase}/api/history/${encodeURIComponent(engagementId)}?${q}`, { headers: { Authorization: `Bearer ${access.token}` } });
      } catch {
        return { status: 'offline', message: 'Offline: showing the changes recorded on this computer. Relay sync entries appear when the relay can be reached.' };
      }
      if (res.status === 403) return { status: 'not-granted', message: 'Your relay account is not granted this engagement, so its sync log is not shown.' };
      if (res.status === 404) return { status: 'error', message: 'This relay does not keep a readable sync log (it is older than this app): showing local changes only.' };
      if (!res.ok) return { status: 'error', message: `The relay could not list its sync log (HTTP ${res.status}): showing local changes only.` };
      const parsed = RelayHistoryResponse.safeParse(await res.json().catch(() => null));
      if (!parsed.success) return { status: 'error', message: 'The relay’s sync log came back in a form this app does not read: showing local changes only.' };
      return parsed.data;
    },
    [ws, engagementId],
  );

  useEffect(() => {
    const mine = ++epoch.current;
    setState({ status: 'loading' });
    setRows([]);
    setNext(null);
    if (!online) {
      setState({ status: 'offline', message: 'Offline: showing the changes recorded on this computer. Relay sync entries appear when you are back online.' });
      return;
    }
    void fetchPage(null).then((r) => {
      if (epoch.current !== mine) return;
      if ('rows' in r) {
        setRows(r.rows);
        setNext(r.next);
        setState({ status: 'ready' });
      } else setState(r);
    });
  }, [fetchPage, online, signedIn]);

  const ready = state.status === 'ready';
  useEffect(() => {
    if (!ready || refreshKey === 0) return;
    const mine = epoch.current;
    const timer = setTimeout(() => {
      void fetchPage(null).then((r) => {
        if (epoch.current === mine && 'rows' in r) setRows((old) => mergeRows(old, r.rows));
      });
    }, REFRESH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [refreshKey, ready, fetchPage]);

  const loadOlder = useCallback(() => {
    if (next === null || loadingMore) return;
    const mine = epoch.current;
    setLoadingMore(true);
    void fetchPage(next).then((r) => {
      if (epoch.current !== mine) return;
      setLoadingMore(false);
      if ('rows' in r) {
        setRows((old) => [...old, ...r.rows]);
        setNext(r.next);
      } else setState(r);
    });
  }, [fetchPage, next, loadingMore]);

  return { state, rows, more: next !== null, loadingMore, loadOlder };
}
