import { useMemo, useState } from 'react';
import { groupByChallenge, rankPeers } from '#core/knowledge/peers.ts';
import { href } from '../../app/router.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Field } from '../../ui/Field.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { EngagementStatusPill } from '../../ui/pills.tsx';
import { ScoreMeter } from './PeerCard.tsx';
import { usePeerProfiles } from './usePeerProfiles.ts';

/** The peer network: engagements grouped by the challenge they share, and any one city's closest peers with reasons. */
export function PeersPage() {
  const profiles = usePeerProfiles();
  const [focusId, setFocusId] = useState('');
  const groups = useMemo(() => (profiles ? groupByChallenge(profiles, { minSize: 1 }) : []), [profiles]);
  const byId = useMemo(() => new Map((profiles ?? []).map((p) => [p.id, p])), [profiles]);
  const sorted = useMemo(() => [...(profiles ?? [])].sort((a, b) => a.city.localeCompare(b.city)), [profiles]);
  const target = focusId ? byId.get(focusId) : undefined;
  const ranked = useMemo(() => (target && profiles ? rankPeers(target, profiles, { limit: 8 }) : []), [target, profiles]);

  return (
    <div className="page" style={{ maxWidth: 1280 }}>
      <div className="page-header">
        <div>
          <h1>Peer network</h1>
          <p className="subtitle">Cities facing the same challenge can learn from each other. Engagements are grouped by the focus areas they share; pick one to see its closest peers and why.</p>
        </div>
      </div>
      {!profiles ? (
        <div className="card">
          <SkeletonRows rows={5} label="Loading the peer network" />
        </div>
      ) : profiles.length < 2 ? (
        <div className="card">
          <EmptyState icon="users" title="Peers need at least two engagements">
            Once the programme has more than one city, engagements that share focus areas, indicators or a region show up here as peers.
          </EmptyState>
        </div>
      ) : (
        <div className="stack" style={{ gap: 24 }}>
          <section className="card" aria-labelledby="peer-compare">
            <div className="card-header">
              <h2 id="peer-compare">Closest peers of one city</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <Field label="City" hint="Suggestions weigh shared focus areas most, then similar indicators, then distance.">
                {(p) => (
                  <select {...p} className="select" style={{ maxWidth: 320 }} value={focusId} onChange={(e) => setFocusId(e.target.value)} data-testid="peer-target">
                    <option value="">Choose an engagement…</option>
                    {sorted.map((e) => (
                      <option key={e.id} value={e.id}>
                        {e.city}, {e.state}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {target &&
                (ranked.length ? (
                  <table className="simple-table peer-table" data-testid="peer-ranking">
                    <thead>
                      <tr>
                        <th scope="col">Peer</th>
                        <th scope="col">Match</th>
                        <th scope="col">Why</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ranked.map((s) => (
                        <tr key={s.id}>
                          <td className="nowrap">
                            <a href={href.engagement(s.id)}>
                              {s.city}, {s.state}
                            </a>
                          </td>
                          <td className="nowrap">
                            <ScoreMeter score={s.score} />
                          </td>
                          <td>{s.reasons.join(' · ')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="muted">No engagement overlaps with {target.city} yet.</p>
                ))}
            </div>
          </section>
          <section aria-labelledby="peer-groups">
            <h2 id="peer-groups" className="section-title">
              By shared challenge
            </h2>
            <div className="challenge-grid" data-testid="challenge-groups">
              {groups.map((g) => (
                <section key={g.focusArea} className="card challenge" aria-labelledby={`ch-${g.focusArea}`}>
                  <div className="card-header">
                    <h3 id={`ch-${g.focusArea}`}>{g.challenge}</h3>
                    <span className="spacer" />
                    <span className="count">
                      {g.engagementIds.length} {g.engagementIds.length === 1 ? 'city' : 'cities'}
                    </span>
                  </div>
                  <ul className="challenge-list">
                    {g.engagementIds.map((id) => {
                      const e = byId.get(id)!;
                      return (
                        <li key={id}>
                          <a href={href.engagement(id)}>
                            {e.city}, {e.state}
                          </a>
                          <span className="spacer" />
                          <EngagementStatusPill status={e.status} />
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            </div>
          </section>
        </div>
      )}
    </div>
  );
}
