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
 * What peer ranking compares for every engagement: focus areas, indicators and place, all projected into the
 * engagement's index row (renderer/data/projector.ts) — no engagement doc is opened. Only a row projected before
 * those fields existed (an older database) is completed from its doc, once, and cached until it changes.
 */
export function usePeerProfiles(): PeerProfile[] | undefined {
  const ws = useWorkspace();
  const rows = useLiveQuery(() => ws.db.engagements.orderBy('lastActivity').reverse().limit(MAX_PROFILES).toArray(), [ws]);
  const [profiles, setProfiles] = useState<PeerProfile[] | undefined>();
  useEffect(() => {
    if (!rows) return;
    const fromRow = (r: (typeof rows)[number]): PeerProfile => ({ id: r.id, city: r.city, state: r.state, focusAreas: r.focusAreas, indicators: r.indicators, lat: r.lat, lng: r.lng, status: r.status, sponsor: r.sponsor });
    if (rows.every((r) => r.indicators !== undefined)) {
      setProfiles(rows.map(fromRow));
      return;
    }
    let live = true;
    let memo = cache.get(ws);
    if (!memo) cache.set(ws, (memo = new Map()));
    const m = memo;
    void (async () => {
      const out: PeerProfile[] = [];
      for (const r of rows) {
        if (r.indicators !== undefined) {
          out.push(fromRow(r));
          continue;
        }
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
        out.push(hit.profile ?? fromRow(r));
      }
      if (live) setProfiles(out);
    })();
    return () => {
      live = false;
    };
  }, [rows, ws]);
  return profiles;
}
