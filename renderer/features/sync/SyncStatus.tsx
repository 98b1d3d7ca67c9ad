import { href } from '../../app/router.tsx';
import { formatRelative } from '../../ui/format.ts';
import { initials } from '../../sync/relay.ts';
import { PHASE_LABEL, pendingText, type DocSyncStatus, type SyncPhase } from '../../sync/state.ts';
import type { EditingState } from '../../sync/link.ts';
import { useEngagementSync, usePresence, useSync } from './hooks.ts';
import './sync.css';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const ago = (ms: number) => formatRelative(new Date(ms).toISOString());

/** One line describing a document's sync state, for titles and the header. */
export function describeStatus(s: DocSyncStatus | undefined): string {
  if (!s) return 'Not synced yet';
  const parts: string[] = [PHASE_LABEL[s.phase]];
  if (s.pending > 0) parts.push(pendingText(s.pending));
  if (s.phase === 'synced' && s.lastSyncedAt) parts.push(ago(s.lastSyncedAt));
  else if (s.lastSyncedAt) parts.push(`last synced ${ago(s.lastSyncedAt)}`);
  return parts.join(' · ');
}

/** Sidebar: the overall sync state (colour and text), pending changes, photo transfers. */
export function SyncIndicator() {
  const snap = useSync();
  const { overall, transfers } = snap;
  const phase: SyncPhase = snap.account.kind === 'expired' ? 'error' : overall.phase;
  let text: string;
  if (snap.account.kind === 'signed-out') text = 'Sync off';
  else if (snap.account.kind === 'expired') text = 'Sign in again to sync';
  else if (phase === 'synced') text = overall.lastSyncedAt ? `Synced · ${time(overall.lastSyncedAt)}` : 'Synced';
  else text = PHASE_LABEL[phase];
  const sub: string[] = [];
  if (snap.account.kind !== 'signed-out' && overall.pending > 0) sub.push(pendingText(overall.pending));
  const up = transfers.upload;
  // Photos and library files share one queue, so the words say "files". Signed out nothing moves: a queue
  // waiting for a sign-in is not "uploading".
  if (snap.account.kind === 'signed-in') {
    if (up.total > up.done) sub.push(`Uploading files ${up.done} of ${up.total}`);
    if (transfers.download.active > 0) sub.push(`Downloading ${transfers.download.active === 1 ? 'a file' : `${transfers.download.active} files`}`);
  }
  const title =
    snap.account.kind === 'signed-out'
      ? 'Not connected to a relay: your work stays on this computer. Sign in to a relay to share it with your team.'
      : snap.account.kind === 'expired'
        ? snap.account.message
        : (overall.message ?? (overall.lastSyncedAt ? `Last synced ${new Date(overall.lastSyncedAt).toLocaleString()}` : 'Connecting to the relay'));
  return (
    <a className="sync-indicator" href={href.settings()} data-phase={phase} data-testid="sync-indicator" title={title} aria-label={`Sync status: ${[text, ...sub].join(', ')}`}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-indicator-text" role="status" aria-live="polite">
        <span data-testid="sync-indicator-text">{text}</span>
        {sub.length > 0 && <span className="sync-indicator-sub">{sub.join(' · ')}</span>}
      </span>
    </a>
  );
}

/** An engagement's sync state: in its header (full) and in the engagement list (compact). */
export function EngagementSyncBadge({ engagementId, compact = false }: { engagementId: string; compact?: boolean }) {
  const { status, granted, signedIn } = useEngagementSync(engagementId);
  if (!signedIn) return null;
  if (!granted && (!status || status.phase !== 'error'))
    return (
      <span className={compact ? 'sync-cell' : 'sync-badge'} data-phase="off" data-testid={compact ? 'engagement-sync-cell' : 'engagement-sync'} title="This engagement is not shared with you on the relay: it stays on this computer.">
        <span className="sync-dot" aria-hidden="true" />
        Local only
      </span>
    );
  const phase = status?.phase ?? 'connecting';
  const label = status ? describeStatus(status) : 'Waiting to sync';
  if (compact) {
    const short = status && status.pending > 0 ? `${PHASE_LABEL[phase].replace('…', '')} · ${status.pending} waiting` : status ? PHASE_LABEL[phase].replace('…', '') : 'Waiting';
    return (
      <span className="sync-cell" data-phase={phase} title={status?.message ?? label} data-testid="engagement-sync-cell">
        <span className="sync-dot" aria-hidden="true" />
        {short}
      </span>
    );
  }
  return (
    <span className="sync-badge" data-phase={phase} data-testid="engagement-sync" title={status?.message ?? label}>
      <span className="sync-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

/** Avatars of the other people in this engagement right now. */
export function PresenceAvatars({ engagementId }: { engagementId: string }) {
  const peers = usePresence(engagementId);
  if (!peers.length) return null;
  const names = peers.map((p) => p.user.name).join(', ');
  return (
    <div className="sync-presence" data-testid="presence" role="group" aria-label={`Also here: ${names}`}>
      {peers.slice(0, 5).map((p) => (
        <span key={p.user.id} className="sync-avatar" style={{ background: p.user.color }} title={p.editing ? `${p.user.name} — editing` : `${p.user.name} — here now`} data-user={p.user.name}>
          {initials(p.user.name)}
        </span>
      ))}
      {peers.length > 5 && <span className="sync-avatar sync-avatar-more">+{peers.length - 5}</span>}
    </div>
  );
}

/** "Ana Reyes is editing Rationale" for the item on screen. */
export function EditingNotice({ engagementId, kind, id }: { engagementId: string; kind: EditingState['kind']; id: string }) {
  const peers = usePresence(engagementId).filter((p) => p.editing && p.editing.kind === kind && p.editing.id === id);
  if (!peers.length) return null;
  return (
    <span className="sync-editing-notice" data-testid="editing-notice" role="status">
      {peers.map((p) => (
        <span key={p.user.id} className="sync-editing-who">
          <span className="sync-avatar sync-avatar-sm" style={{ background: p.user.color }} aria-hidden="true">
            {initials(p.user.name)}
          </span>
          {p.user.name} is editing{p.editing?.field ? ` ${p.editing.field}` : ''}
        </span>
      ))}
    </span>
  );
}
