import { useMemo } from 'react';
import type * as Y from 'yjs';
import { engagementMap } from '#core/model/layout.ts';
import { readEngagement } from '#core/model/read.ts';
import { updateEngagement } from '#core/model/write.ts';
import type { PersonRole } from '#core/schemas/index.ts';
import { useEngagement, useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import type { LocalUser } from '../../data/workspace.ts';
import { usePresence } from '../sync/hooks.ts';

export interface PersonInfo {
  id: string;
  name: string;
  role?: PersonRole;
}

/**
 * Eight author colours, chosen to stay apart from each other and from the status colours in both themes;
 * a person keeps their colour everywhere (hashed from their id, not their position in a list).
 */
export const AUTHOR_COLOURS = 8;
export function authorColour(id: string | undefined): number {
  if (!id) return 0;
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) % AUTHOR_COLOURS;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase();
}

/** Everyone whose name this engagement can show: its team, whoever is here now, and you. */
export function usePeople(
  session: EngagementSession | null,
  engagementId: string,
): { people: Map<string, PersonInfo>; name: (id: string | undefined) => string } {
  const ws = useWorkspace();
  const engagement = useEngagement(session);
  const presence = usePresence(engagementId);
  return useMemo(() => {
    const people = new Map<string, PersonInfo>();
    if (engagement?.ok) for (const p of engagement.value.team) people.set(p.id, { id: p.id, name: p.name, role: p.role });
    for (const p of presence) if (p.user?.id && !people.has(p.user.id)) people.set(p.user.id, { id: p.user.id, name: p.user.name ?? p.user.id });
    people.set(ws.user.id, { id: ws.user.id, name: ws.user.name, role: ws.user.role });
    const name = (id: string | undefined) => (id ? (people.get(id)?.name ?? (id === 'you' ? 'You' : id)) : 'someone');
    return { people, name };
  }, [engagement, presence, ws.user]);
}

/**
 * Put the person acting on the engagement's team the first time they review or comment, so every other
 * computer can show their name (a relay user is otherwise only an id). Never written merely by looking.
 */
export function ensureOnTeam(doc: Y.Doc, user: LocalUser, ctx: { author: string }): void {
  if (!engagementMap(doc).size) return;
  const eng = readEngagement(doc);
  if (!eng.ok) return;
  if (eng.value.team.some((p) => p.id === user.id)) return;
  if (!/^[A-Za-z0-9_-]+$/.test(user.id)) return;
  try {
    updateEngagement(doc, ctx, { team: [...eng.value.team, { id: user.id, name: user.name, role: user.role }] });
  } catch {
    // A team entry is a courtesy for names; the review action itself must not fail because of it.
  }
}
