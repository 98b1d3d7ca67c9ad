import { useState } from 'react';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { useSync } from '../sync/hooks.ts';

const ROLES = [
  ['expert', 'Expert', 'writes visits, findings and recommendations and submits them'],
  ['lead', 'Lead', 'reviews the team’s work: approves or sends back'],
] as const;

/**
 * Settings → You: the role used when nobody signed in to a relay. Signed in, the relay's token decides
 * (and the relay refuses approvals from anyone else), so the choice is shown but locked.
 */
export function RoleChoice() {
  const ws = useWorkspace();
  const toast = useToast();
  const sync = useSync();
  const [role, setRole] = useState(ws.user.role);
  const fromRelay = sync.account.kind === 'signed-in';
  const current = fromRelay && sync.account.kind === 'signed-in' ? sync.account.me.user.role : role;
  const choose = async (next: 'expert' | 'lead') => {
    if (fromRelay || next === current) return;
    setRole(next);
    await ws.setUser({ ...ws.user, role: next });
    toast({
      message:
        next === 'lead'
          ? 'You are a lead on this computer: you can approve and send back.'
          : 'You are an expert on this computer: you submit your work for a lead’s review.',
    });
  };
  return (
    <div className="card-body role-choice" data-testid="role-choice">
      <div className="field-label" id="set-role">
        Your role on this computer
      </div>
      <div className="segmented" role="radiogroup" aria-labelledby="set-role" aria-describedby="set-role-hint">
        {ROLES.map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={current === value}
            disabled={fromRelay}
            onClick={() => void choose(value)}
            data-testid={`role-${value}`}
          >
            {label}
          </button>
        ))}
        {current === 'viewer' && (
          <button type="button" role="radio" aria-checked disabled>
            Viewer
          </button>
        )}
      </div>
      <p className="field-hint" id="set-role-hint">
        {fromRelay
          ? `Set by your relay sign-in (${current}). Ask the relay’s administrator to change it.`
          : `${ROLES.find(([v]) => v === current)?.[1] ?? 'Viewer'}: ${ROLES.find(([v]) => v === current)?.[2] ?? 'reads only'}. Leads approve; on a relay the token decides.`}
      </p>
    </div>
  );
}
