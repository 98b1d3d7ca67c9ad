import type { ReactNode } from 'react';
import { EmptyState } from '../../ui/EmptyState.tsx';

/** What a screen inside an engagement shows when the engagement itself could not be opened (its doc failed to load). */
export function EngagementLoadError({ error, actions }: { error: ReactNode; actions?: ReactNode }) {
  return (
    <EmptyState icon="alert" title="This engagement could not be opened" actions={actions}>
      {error}
    </EmptyState>
  );
}
