import { useEffect, useSyncExternalStore } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { PeerPresence, SyncSnapshot } from '../../sync/manager.ts';
import type { EditingState } from '../../sync/link.ts';
import type { DocSyncStatus } from '../../sync/state.ts';

/** Everything the sync UI shows, live. */
export function useSync(): SyncSnapshot {
  const ws = useWorkspace();
  return useSyncExternalStore(ws.sync.subscribe, ws.sync.getSnapshot);
}

export function useEngagementSync(engagementId: string): { status: DocSyncStatus | undefined; granted: boolean; signedIn: boolean } {
  const snap = useSync();
  const signedIn = snap.account.kind === 'signed-in';
  const granted = signedIn && snap.account.kind === 'signed-in' && snap.account.me.engagements.some((e) => e.id === engagementId);
  return { status: snap.engagements.get(engagementId), granted, signedIn };
}

const NO_PEERS: PeerPresence[] = [];

export function usePresence(engagementId: string | null): PeerPresence[] {
  const snap = useSync();
  return (engagementId ? snap.presence.get(engagementId) : undefined) ?? NO_PEERS;
}

/** The engagement on screen gets a live connection with presence (Shell calls this with the route's engagement). */
export function useSyncForeground(engagementId: string | null): void {
  const ws = useWorkspace();
  useEffect(() => ws.sync.setForeground(engagementId), [ws, engagementId]);
}

function fieldName(el: HTMLElement): string | undefined {
  const explicit = el.closest<HTMLElement>('[data-field]')?.dataset.field;
  if (explicit) return explicit;
  const labelled = el.getAttribute('aria-labelledby');
  if (labelled) {
    const text = labelled
      .split(/\s+/)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' ')
      .trim();
    if (text) return text.slice(0, 80);
  }
  const aria = el.getAttribute('aria-label');
  if (aria) return aria.slice(0, 80);
  const label = (el as HTMLInputElement).labels?.[0]?.textContent?.trim();
  if (label) return label.replace(/\s*\*$/, '').slice(0, 80);
  return undefined;
}

const EDITABLE = 'input, textarea, select, [contenteditable="true"]';

/**
 * Tell the others in this engagement what I am editing: the item, and the field that has focus inside
 * `#content` (derived from its label). Cleared when focus leaves the fields or the editor closes.
 */
export function useEditingPresence(engagementId: string, kind: EditingState['kind'], id: string): void {
  const ws = useWorkspace();
  useEffect(() => {
    const root = () => document.getElementById('content');
    const onFocusIn = (e: FocusEvent) => {
      const el = e.target as HTMLElement | null;
      if (!el || !root()?.contains(el) || !el.matches(EDITABLE)) return;
      ws.sync.setEditing(engagementId, { kind, id, field: fieldName(el) });
    };
    const onFocusOut = (e: FocusEvent) => {
      const next = e.relatedTarget as HTMLElement | null;
      if (next && root()?.contains(next) && next.matches(EDITABLE)) return;
      ws.sync.setEditing(engagementId, null);
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    const active = document.activeElement as HTMLElement | null;
    if (active && root()?.contains(active) && active.matches(EDITABLE)) ws.sync.setEditing(engagementId, { kind, id, field: fieldName(active) });
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
      ws.sync.setEditing(engagementId, null);
    };
  }, [ws, engagementId, kind, id]);
}
