import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { readEngagement } from '#core/model/read.ts';
import type { PersonRole } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { Workspace } from '../../data/workspace.ts';

export interface ProgrammePerson {
  id: string;
  name: string;
  role: PersonRole;
  /** "Port Alder, MA" — where they work, to tell two experts apart. */
  where: string[];
}

/** Engagement docs opened to learn who is on the programme: the most recently active ones are enough to assign. */
const MAX_ENGAGEMENTS = 24;
const cache = new WeakMap<Workspace, Promise<Map<string, ProgrammePerson>>>();

async function collect(ws: Workspace, ids: string[]): Promise<Map<string, ProgrammePerson>> {
  const people = new Map<string, ProgrammePerson>();
  for (const id of ids) {
    try {
      const session = await ws.open(id);
      const e = readEngagement(session.doc);
      if (!e.ok) continue;
      for (const p of e.value.team) {
        const have = people.get(p.id);
        const where = `${e.value.city}, ${e.value.state}`;
        if (have) have.where.push(where);
        else people.set(p.id, { id: p.id, name: p.name, role: p.role, where: [where] });
      }
    } catch {
      // An engagement that will not open is simply not a source of names.
    }
  }
  return people;
}

/**
 * Everyone who can be assigned a 311 request: the teams of the programme's engagements, plus you. Teams are
 * projected into the engagements' index rows (renderer/data/projector.ts), so no engagement doc is opened; only rows
 * projected before teams were (an older database) are read from their docs, once per window.
 */
export function useProgrammePeople(): { people: ProgrammePerson[]; name: (id: string | undefined) => string; loading: boolean } {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.engagements.orderBy('lastActivity').reverse().toArray(), [ws]);
  const ids = useMemo(() => rows?.filter((r) => !r.team).slice(0, MAX_ENGAGEMENTS).map((r) => r.id), [rows]);
  const [map, setMap] = useState<Map<string, ProgrammePerson> | null>(null);
  const key = ids?.join('|');
  useEffect(() => {
    if (!ids) return;
    if (!ids.length) {
      setMap(new Map());
      return;
    }
    let live = true;
    let p = cache.get(ws);
    if (!p || key !== (p as Promise<Map<string, ProgrammePerson>> & { key?: string }).key) {
      p = collect(ws, ids);
      (p as Promise<Map<string, ProgrammePerson>> & { key?: string }).key = key;
      cache.set(ws, p);
    }
    void p.then((m) => live && setMap(m));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `ids`
  }, [ws, key]);
  return useMemo(() => {
    const all = new Map<string, ProgrammePerson>();
    for (const r of rows ?? [])
      for (const p of r.team ?? []) {
        const where = `${r.city}, ${r.state}`;
        const have = all.get(p.id);
        if (have) have.where.push(where);
        else all.set(p.id, { id: p.id, name: p.name, role: p.role as PersonRole, where: [where] });
      }
    for (const p of map?.values() ?? []) {
      const have = all.get(p.id);
      if (have) have.where.push(...p.where.filter((w) => !have.where.includes(w)));
      else all.set(p.id, { ...p, where: [...p.where] });
    }
    if (!all.has(ws.user.id)) all.set(ws.user.id, { id: ws.user.id, name: ws.user.name, role: ws.user.role, where: [] });
    const people = [...all.values()].filter((p) => p.role !== 'viewer').sort((a, b) => a.name.localeCompare(b.name));
    const name = (id: string | undefined) => (id ? (all.get(id)?.name ?? (id === ws.user.id ? ws.user.name : id === 'you' ? 'You (this computer)' : id)) : 'Unassigned');
    return { people, name, loading: !rows || !map };
  }, [rows, map, ws.user]);
}
