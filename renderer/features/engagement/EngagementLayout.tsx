import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEngagement, useSession, useWorkspace } from '../../app/workspace-context.tsx';
import { href } from '../../app/router.tsx';
import { useCommand } from '../../app/commands.ts';
import { createEntity } from '#core/model/write.ts';
import { collection } from '#core/model/layout.ts';
import { navigate } from '../../app/router.tsx';
import { SkeletonBlock, SkeletonRows } from '../../ui/Skeleton.tsx';
import { Button } from '../../ui/Button.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { VisitsTab } from '../visits/VisitsTab.tsx';
import { NewVisitDialog } from '../visits/NewVisitDialog.tsx';
import { FindingsTab } from '../findings/FindingsTab.tsx';
import { RecommendationsTab } from '../recommendations/RecommendationsTab.tsx';
import { Overview } from './Overview.tsx';
import { ReportDialog } from '../reports/ReportDialog.tsx';
import { EngagementSyncBadge, PresenceAvatars } from '../sync/SyncStatus.tsx';
import { ProblemsBanner } from '../../ui/ProblemsBanner.tsx';
import { EngagementLoadError } from '../common/EngagementLoadError.tsx';

type Tab = 'overview' | 'visits' | 'findings' | 'recommendations';

/** The engagement workspace: tabs over one shared Y.Doc session, and the engagement-wide "new …" commands. */
export function EngagementLayout({ engagementId, tab }: { engagementId: string; tab: Tab }) {
  const ws = useWorkspace();
  const toast = useToast();
  const { session, error } = useSession(engagementId);
  const engagement = useEngagement(session);
  const row = useLiveQuery(() => ws.db.engagements.get(engagementId), [engagementId]);
  const [newVisit, setNewVisit] = useState(false);
  const [report, setReport] = useState(false);
  useCommand('export-report', () => setReport(true));
  useCommand('new-visit', () => tab !== 'visits' && setNewVisit(true));
  useCommand('new-finding', () => {
    if (!session || !engagement?.ok || tab === 'findings') return;
    try {
      const f = createEntity(session.doc, session.ctx, 'findings', { title: 'Untitled finding', kind: 'need', focusArea: engagement.value.focusAreas[0]!, severity: 'medium' });
      navigate(href.finding(engagementId, f.id));
    } catch (err) {
      toast({ tone: 'error', message: String((err as Error).message) });
    }
  });
  useCommand('new-recommendation', () => {
    if (!session || !engagement?.ok || tab === 'recommendations') return;
    let max = 0;
    collection(session.doc, 'recommendations').forEach((m) => {
      const n = m.get('number');
      if (typeof n === 'number' && n > max) max = n;
    });
    const r = createEntity(session.doc, session.ctx, 'recommendations', { number: max + 1, title: 'Untitled recommendation', status: 'draft', priority: 'medium', focusArea: engagement.value.focusAreas[0]! });
    navigate(href.recommendation(engagementId, r.id));
  });

  if (error)
    return (
      <EngagementLoadError error={error} />
    );
  if (!session || !engagement)
    return (
      <div className="page">
        <SkeletonBlock height={56} />
        <SkeletonRows rows={8} />
      </div>
    );
  if (!engagement.ok)
    return (
      <div className="page">
        <ProblemsBanner title="This engagement's details are not valid, so it is shown read-only." problems={engagement.problems} />
      </div>
    );

  const e = engagement.value;
  const tabs: [Tab, string, number | undefined][] = [
    ['overview', 'Overview', undefined],
    ['visits', 'Visits', row?.visitCount],
    ['findings', 'Findings', row?.findingCount],
    ['recommendations', 'Recommendations', row?.recommendationCount],
  ];
  return (
    <div className="stack" style={{ gap: 0, height: '100%' }}>
      <div className="engagement-head">
        <div>
          <h1>
            {e.city}, {e.state}
          </h1>
          <p className="muted">
            {e.sponsor ? `Sponsor: ${e.sponsor} · ` : ''}
            {e.intensity.charAt(0).toUpperCase() + e.intensity.slice(1)} {e.kind === 'direct' ? 'engagement' : e.kind === '311' ? '311 request' : 'peer exchange'}
          </p>
        </div>
        <span className="spacer" />
        <PresenceAvatars engagementId={engagementId} />
        <EngagementSyncBadge engagementId={engagementId} />
        <Button icon="file" onClick={() => setReport(true)}>
          Export report
        </Button>
        {tab !== 'visits' && (
          <Button icon="plus" onClick={() => setNewVisit(true)} title="New visit (V)">
            New visit
          </Button>
        )}
      </div>
      {session.newerSchema && (
        <div className="banner banner-warn" role="status" style={{ margin: '0 24px 8px' }}>
          This engagement was last changed by a newer version of Groundwork. You can keep working; fields this version does not know are kept as they are.
        </div>
      )}
      <nav className="tabs" aria-label="Engagement sections">
        {tabs.map(([t, label, count]) => (
          <a key={t} className="tab" href={href.engagement(engagementId, t)} aria-current={tab === t ? 'page' : undefined}>
            {label}
            {count !== undefined && <span className="count">{count}</span>}
          </a>
        ))}
      </nav>
      <div style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {tab === 'overview' && <Overview session={session} engagement={e} />}
        {tab === 'visits' && <VisitsTab engagementId={engagementId} />}
        {tab === 'findings' && <FindingsTab engagementId={engagementId} />}
        {tab === 'recommendations' && <RecommendationsTab engagementId={engagementId} />}
      </div>
      <NewVisitDialog engagementId={engagementId} open={newVisit} onClose={() => setNewVisit(false)} />
      <ReportDialog session={session} open={report} onClose={() => setReport(false)} />
    </div>
  );
}
