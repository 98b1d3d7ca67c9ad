import { useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { FocusArea } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { LinkPickerDialog, type PickItem } from '../recommendations/LinkPickerDialog.tsx';
import { focusShort } from '../recommendations/format.ts';
import { KindBadge, FeaturedMark } from './format.tsx';

/**
 * A card listing library items an answer, recommendation or finding rests on, with "Link library item" (a
 * searchable checklist; items in the same focus area first) and per-item Remove. Archived items stay listed, marked.
 */
export function LinkedLibraryList({
  title,
  ids,
  onLink,
  onUnlink,
  focusArea,
  empty,
  testId,
}: {
  title: string;
  ids: readonly string[];
  onLink?: (id: string) => void;
  onUnlink?: (id: string) => void;
  focusArea?: FocusArea;
  empty: string;
  testId: string;
}) {
  const ws = useWorkspace();
  const [picking, setPicking] = useState(false);
  const rows = useLiveQuery(() => ws.db.library.toArray(), [ws]);
  const byId = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r])), [rows]);
  const linked = useMemo(() => new Set(ids), [ids]);
  const items = useMemo<PickItem[] | undefined>(
    () =>
      rows
        ?.filter((r) => !r.archived || linked.has(r.id))
        .sort((a, b) => Number(focusArea ? b.focusAreas.includes(focusArea) : 0) - Number(focusArea ? a.focusAreas.includes(focusArea) : 0) || Number(b.featured) - Number(a.featured) || a.title.localeCompare(b.title))
        .map((r) => ({
          id: r.id,
          title: r.title,
          search: `${r.kind} ${r.author} ${r.tags.join(' ')} ${r.focusAreas.join(' ')} ${r.summary}`,
          meta: (
            <>
              <KindBadge kind={r.kind} />
              <span>{r.author}</span>
              {r.focusAreas.slice(0, 3).map((f) => (
                <span key={f} className="tag">
                  {focusShort(f)}
                </span>
              ))}
              <FeaturedMark featured={r.featured} />
            </>
          ),
        })),
    [rows, linked, focusArea],
  );
  const headingId = `${testId}-h`;

  return (
    <section className="card" aria-labelledby={headingId} data-testid={testId}>
      <div className="card-header">
        <h2 id={headingId}>{title}</h2>
        <span className="spacer" />
        {onLink && (
          <Button size="sm" icon="link" onClick={() => setPicking(true)} data-testid={`${testId}-add`}>
            Link library item
          </Button>
        )}
      </div>
      {ids.length === 0 ? (
        <div className="card-body muted">{empty}</div>
      ) : (
        <ul className="linked-library">
          {ids.map((id) => {
            const r = byId.get(id);
            return (
              <li key={id}>
                {r ? <KindBadge kind={r.kind} /> : null}
                <span className="stack" style={{ gap: 0, minWidth: 0, flex: 1 }}>
                  <a href={href.libraryItem(id)} className="ellipsis">
                    {r?.title ?? (rows ? 'An item not on this computer' : '…')}
                  </a>
                  {r && (
                    <span className="muted" style={{ fontSize: 12 }}>
                      {r.author}
                      {r.archived ? ' · archived' : ''}
                    </span>
                  )}
                </span>
                {onUnlink && (
                  <Button size="sm" variant="ghost" icon="x" label={`Remove link to ${r?.title ?? 'this item'}`} onClick={() => onUnlink(id)} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {onLink && (
        <LinkPickerDialog
          open={picking}
          title="Link library items"
          noun="library item"
          items={items}
          linked={linked}
          onToggle={(id, on) => (on ? onLink(id) : onUnlink?.(id))}
          onClose={() => setPicking(false)}
          testId={`${testId}-picker`}
        />
      )}
    </section>
  );
}
