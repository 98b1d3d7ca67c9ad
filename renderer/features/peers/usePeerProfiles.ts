import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { readEngagement } from '#core/model/read.ts';
import type { EngagementLike } from '#core/knowledge/peers.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { Workspace } from '../../data/workspace.ts';

export type PeerProfile = EngagementLike & { status: string; sponsor: string };

/** A programme has tens of engagements; past this many, the most recently active ones are compared. */
const MAX_PROFILES = 80;

const cache = new WeakMap<Workspace, Map<string, { at: string; profile: PeerProfile | null }>>();

/**
 * What peer ranking compares for every engagement: focus areas (from the index rows), indicators and place (from
 * each engagement's doc, read once and cached until the engagement changes).
 */
export function usePeerProfiles(): PeerProfile[] | undefined {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.engagements.orderBy('lastActivity').reverse().limit(MAX_PROFILES).toArray(), [ws]);
  const [profiles, setProfiles] = useState<PeerProfile[] | undefined>();
  useEffect(() => {
    if (!rows) return;
    let live = true;
    let memo = cache.get(ws);
    if (!memo) cache.set(ws, (memo = new Map()));
    const m = memo;
    void (async () => {
      const out: PeerProfile[] = [];
      for (const r of rows) {
        let hit = m.get(r.id);
        if (!hit || hit.at !== r.lastActivity) {
          let profile: PeerProfile | null = null;
          try {
            const e = readEngagement((await ws.open(r.id)).doc);
            if (e.ok) profile = { id: r.id, city: e.value.city, state: e.value.state, focusAreas: e.value.focusAreas, indicators: e.value.indicators, lat: e.value.lat, lng: e.value.lng, status: e.value.status, sponsor: e.value.sponsor };
          } catch {
            profile = null;
          }
          hit = { at: r.lastActivity, profile };
          m.set(r.id, hit);
        }
        if (hit.profile) out.push(hit.profile);
        else out.push({ id: r.id, city: r.city, state: r.state, focusAreas: r.focusAreas, status: r.status, sponsor: r.sponsor });
      }
      if (live) setProfiles(out);
    })();
    return () => {
      live = false;
    };
  }, [rows, ws]);
  return profiles;
}
