/**
 * Sync state of one document (an engagement, or the programme doc) as a small reducer, and how several
 * combine into the overall state shown in the sidebar. Phases:
 * - off: not signed in, or this engagement is not shared on the relay;
 * - offline: no network, or the relay cannot be reached (retrying with backoff);
 * - connecting: a socket is being opened;
 * - syncing: connected, exchanging what each side lacks, or local changes not yet acknowledged;
 * - synced: the relay has every local change and we have everything it sent;
 * - error: the relay refused for good (sign-in expired or revoked, not granted, document too large).
 */
export type SyncPhase = 'off' | 'offline' | 'connecting' | 'syncing' | 'synced' | 'error';

export interface DocSyncStatus {
  phase: SyncPhase;
  /** Local changes (transactions) not yet acknowledged by the relay. */
  pending: number;
  /** When this document was last known to be identical to the relay's copy (ms since epoch). */
  lastSyncedAt: number | null;
  /** The first sync exchange finished on the current connection. */
  handshake: boolean;
  /** When the next reconnect attempt happens (ms since epoch), while offline. */
  retryAt: number | null;
  /** A readable sentence for offline/error. */
  message: string | null;
}

export const INITIAL_STATUS: DocSyncStatus = { phase: 'off', pending: 0, lastSyncedAt: null, handshake: false, retryAt: null, message: null };

export type SyncEvent =
  | { type: 'connect' }
  | { type: 'open' }
  | { type: 'handshake'; at: number }
  | { type: 'pending'; pending: number; at: number }
  | { type: 'remote'; at: number }
  | { type: 'closed'; retryAt: number | null; message: string | null }
  | { type: 'offline'; message?: string }
  | { type: 'fatal'; message: string }
  | { type: 'stop' };

export function syncReducer(s: DocSyncStatus, e: SyncEvent): DocSyncStatus {
  switch (e.type) {
    case 'connect':
      return { ...s, phase: 'connecting', handshake: false, retryAt: null, message: null };
    case 'open':
      return { ...s, phase: 'syncing', handshake: false, retryAt: null, message: null };
    case 'handshake':
      if (s.phase !== 'syncing' && s.phase !== 'synced') return s;
      return s.pending === 0 ? { ...s, handshake: true, phase: 'synced', lastSyncedAt: e.at } : { ...s, handshake: true, phase: 'syncing' };
    case 'pending': {
      const next = { ...s, pending: Math.max(0, e.pending) };
      if (s.phase === 'synced' && next.pending > 0) next.phase = 'syncing';
      else if (s.phase === 'syncing' && s.handshake && next.pending === 0) {
        next.phase = 'synced';
        next.lastSyncedAt = e.at;
      } else if (s.phase === 'synced') next.lastSyncedAt = e.at;
      return next;
    }
    case 'remote':
      return s.phase === 'synced' ? { ...s, lastSyncedAt: e.at } : s;
    case 'closed':
      if (s.phase === 'error') return s;
      return { ...s, phase: 'offline', handshake: false, retryAt: e.retryAt, message: e.message };
    case 'offline':
      if (s.phase === 'error') return s;
      return { ...s, phase: 'offline', handshake: false, retryAt: null, message: e.message ?? 'No network connection. Changes are kept on this computer and sent when you are back online.' };
    case 'fatal':
      return { ...s, phase: 'error', handshake: false, retryAt: null, message: e.message };
    case 'stop':
      // A background pass ended: keep showing "synced" (as of lastSyncedAt) when it got that far.
      if (s.phase === 'error') return s;
      if (s.phase === 'synced' || (s.handshake && s.pending === 0)) return { ...s, phase: 'synced', handshake: false, retryAt: null };
      if (s.phase === 'offline') return { ...s, retryAt: null };
      return { ...s, phase: 'offline', handshake: false, retryAt: null, message: s.message ?? 'Not connected right now; checked again shortly.' };
  }
}

const RANK: Record<SyncPhase, number> = { error: 5, offline: 4, connecting: 3, syncing: 2, synced: 1, off: 0 };

export interface OverallStatus {
  phase: SyncPhase;
  pending: number;
  lastSyncedAt: number | null;
  message: string | null;
}

/** The overall state: the worst phase of any document (error > offline > connecting > syncing > synced). */
export function combineStatuses(statuses: DocSyncStatus[], opts: { signedIn: boolean; online: boolean }): OverallStatus {
  const pending = statuses.reduce((n, s) => n + s.pending, 0);
  const lastSyncedAt = statuses.reduce<number | null>((m, s) => (s.lastSyncedAt !== null && (m === null || s.lastSyncedAt > m) ? s.lastSyncedAt : m), null);
  if (!opts.signedIn) return { phase: 'off', pending, lastSyncedAt, message: null };
  if (!opts.online) return { phase: 'offline', pending, lastSyncedAt, message: 'No network connection.' };
  let worst: DocSyncStatus | null = null;
  for (const s of statuses) if (s.phase !== 'off' && (!worst || RANK[s.phase] > RANK[worst.phase])) worst = s;
  return { phase: worst?.phase ?? 'synced', pending, lastSyncedAt, message: worst?.message ?? null };
}

export const PHASE_LABEL: Record<SyncPhase, string> = {
  off: 'Not synced',
  offline: 'Offline',
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  synced: 'Synced',
  error: 'Sync stopped',
};

export function pendingText(n: number): string {
  return n === 1 ? '1 change waiting' : `${n} changes waiting`;
}
