import { useMemo } from 'react';
import { rankPeers } from '#core/knowledge/peers.ts';
import { href } from '../../app/router.tsx';
import { EngagementStatusPill } from '../../ui/pills.tsx';
import { usePeerProfiles } from './usePeerProfiles.ts';

/** How strong a match is, in words as well as a bar (never the bar alone). */
export function scoreWord(score: number): string {
  return score >= 0.6 ? 'Strong match' : score >= 0.35 ? 'Good match' : 'Some overlap';
}

export function ScoreMeter({ score }: { score: number }) {
  const pct = Math.round(score * 100);
  return (
    <span className="score" title={`Match score ${pct} of 100`}>
      <span className="score-bar" aria-hidden="true">
        <span style={{ width: `${pct}%` }} />
      </span>
      <span className="score-text">
        {pct} <span className="muted">· {scoreWord(score)}</span>
      </span>
    </span>
  );
}

/** "Peer cities" on an engagement's overview: the others most like it, each with the reasons it was suggested. */
export function PeerCard({ engagementId }: { engagementId: string }) {
  const profiles = usePeerProfiles();
  const suggestions = useMemo(() => {
    const target = profiles?.find((p) => p.id === engagementId);
    return target && profiles ? rankPeers(target, profiles, { limit: 4 }) : undefined;
  }, [profiles, engagementId]);
  const status = useMemo(() => new Map((profiles ?? []).map((p) => [p.id, p.status])), [profiles]);

  return (
    <section className="card" aria-labelledby="ov-peers" data-testid="peer-card">
      <div className="card-header">
        <h2 id="ov-peers">Peer cities</h2>
        <span className="spacer" />
        <a className="btn btn-ghost btn-sm" href={href.peers()}>
          Peer network
        </a>
      </div>
      {!suggestions ? (
        <div className="card-body stack" aria-busy="true" aria-label="Finding peer cities">
          <span className="skeleton" style={{ width: '60%' }} />
          <span className="skeleton" style={{ width: '80%' }} />
          <span className="skeleton" style={{ width: '50%' }} />
        </div>
      ) : suggestions.length === 0 ? (
        <div className="card-body muted">No other engagement shares a focus area, an indicator or the region yet. Peers appear as the programme grows.</div>
      ) : (
        <ul className="peer-list">
          {suggestions.map((s) => (
            <li key={s.id} data-testid="peer-suggestion">
              <div className="row" style={{ gap: 8 }}>
                <a href={href.engagement(s.id)} className="peer-city">
                  {s.city}, {s.state}
                </a>
                {status.get(s.id) && <EngagementStatusPill status={status.get(s.id)!} />}
                <span className="spacer" />
                <ScoreMeter score={s.score} />
              </div>
              <ul className="peer-reasons" aria-label={`Why ${s.city} is suggested`}>
                {s.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
