import type { ReactNode } from 'react';
import type { EntityOf, ReadResult } from '#core/model/read.ts';
import { href, navigate } from '../../app/router.tsx';
import { useEntity, useSession } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import type { IconName } from '../../ui/icons.tsx';
import { SkeletonBlock, SkeletonRows } from '../../ui/Skeleton.tsx';
import { ProblemsBanner } from '../../ui/ProblemsBanner.tsx';
import { EngagementLoadError } from './EngagementLoadError.tsx';

export interface ItemPage<T> {
  engagementId: string;
  /** Null while the engagement opens, or when it could not be opened (then `error` says why). */
  session: EngagementSession | null;
  error: string | null;
  /** The item as read from the engagement's document; undefined when it is not there. */
  result: ReadResult<T> | undefined;
}

/** Opens the engagement and reads one of its items, live: what an item page needs before anything else. */
export function useItemPage<C extends 'visits' | 'findings'>(engagementId: string, name: C, id: string): ItemPage<EntityOf<C>> {
  const { session, error } = useSession(engagementId);
  const result = useEntity(session, name, id);
  return { engagementId, session, error, result };
}

/**
 * What the page of one item of an engagement (a visit, a finding) shows until its editor can: the engagement could
 * not be opened, it is still loading, the item is not here, or the item's stored data is not valid. The visit and
 * finding pages said all of this in the same words with the same markup, so it lives here once; a page gives only
 * its nouns, its own sentences and the shape of its skeleton, and renders its editor from the valid item.
 */
export function ItemPageStates<T>({
  page: { engagementId, session, error, result },
  noun,
  tab,
  missingIcon,
  missingText,
  quarantinedText,
  skeleton,
  children,
}: {
  page: ItemPage<T>;
  /** Singular, lower case: "visit" names the messages and the test id `visit-quarantined`. */
  noun: string;
  /** The engagement tab that lists these items, where "Back to …" goes. */
  tab: 'visits' | 'findings';
  missingIcon: IconName;
  missingText: ReactNode;
  /** The paragraph above the list of problems. */
  quarantinedText: ReactNode;
  /** Heights of the loading skeleton's blocks and how many placeholder rows it shows, shaped like the editor. */
  skeleton: { main: number; rows: number; side: number };
  children: (session: EngagementSession, item: T) => ReactNode;
}) {
  const back = () => navigate(href.engagement(engagementId, tab));
  if (error)
    return (
      <div className="page">
        <EngagementLoadError error={error} actions={<Button onClick={() => navigate(href.engagements())}>Go to engagements</Button>} />
      </div>
    );
  if (!session)
    return (
      <div className="page visit-page" aria-busy="true">
        <SkeletonBlock height={72} />
        <div className="visit-layout">
          <div className="stack" style={{ gap: 16 }}>
            <SkeletonBlock height={skeleton.main} />
            <SkeletonRows rows={skeleton.rows} label={`Loading the ${noun}`} />
          </div>
          <SkeletonBlock height={skeleton.side} />
        </div>
      </div>
    );
  if (!result)
    return (
      <div className="page">
        <EmptyState
          icon={missingIcon}
          title={`This ${noun} is not here`}
          actions={
            <Button variant="primary" onClick={back}>
              {`Back to ${tab}`}
            </Button>
          }
        >
          {missingText}
        </EmptyState>
      </div>
    );
  if (!result.ok)
    return (
      <div className="page page-narrow">
        <ProblemsBanner icon title={`This ${noun} cannot be shown because its stored data is not valid.`} intro={<p>{quarantinedText}</p>} problems={result.problems} testId={`${noun}-quarantined`} />
        <div>
          <Button onClick={back}>{`Back to ${tab}`}</Button>
        </div>
      </div>
    );
  return <>{children(session, result.value)}</>;
}
