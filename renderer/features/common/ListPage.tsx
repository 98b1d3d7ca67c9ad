import type { ReactNode } from 'react';
import { SkeletonRows } from '../../ui/Skeleton.tsx';

/**
 * The frame of a full-width list screen (Engagements, 311 requests, Library): title, one-line purpose and the
 * screen's actions, then whatever the screen puts below (filter bar, list, dialogs). The three screens wrote this
 * markup out alike; one frame keeps their headers aligned.
 */
export function ListPage({ title, subtitle, actions, children }: { title: string; subtitle: string; actions: ReactNode; children: ReactNode }) {
  return (
    <div className="page page-fill" style={{ maxWidth: 'none' }}>
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="subtitle">{subtitle}</p>
        </div>
        <span className="spacer" />
        {actions}
      </div>
      {children}
    </div>
  );
}

/**
 * The list area, which fills the rest of the screen and shows, in order: skeleton rows while the index table loads,
 * the `empty` state when there is nothing at all (saying what to do first), the `noMatch` state when the filters
 * hide every row, else the list itself (`children`).
 */
export function ListBody({
  total,
  shown,
  loadingLabel,
  empty,
  noMatch,
  minHeight = 0,
  children,
}: {
  /** All rows, filtered or not; undefined while loading. */
  total: number | undefined;
  /** Rows the filters let through. */
  shown: number;
  loadingLabel: string;
  empty: ReactNode;
  /** Left out where the list says "nothing matches" itself (the triage board shows its empty columns). */
  noMatch?: ReactNode;
  minHeight?: number;
  children: ReactNode;
}) {
  return (
    <div style={{ flex: 1, minHeight }}>
      {total === undefined ? (
        <div className="table-wrap">
          <SkeletonRows rows={6} label={loadingLabel} />
        </div>
      ) : total === 0 ? (
        <div className="card">{empty}</div>
      ) : shown === 0 && noMatch ? (
        <div className="card">{noMatch}</div>
      ) : (
        children
      )}
    </div>
  );
}
