import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { editLibraryBody, libraryBodyText, setArchived, setFeatured } from '#core/knowledge/network-model.ts';
import type { LibraryItem } from '#core/knowledge/schemas.ts';
import { ValidationError } from '#core/errors.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { CollabTextarea } from '../../ui/CollabTextarea.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { SkeletonBlock } from '../../ui/Skeleton.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { useLibraryItem, useNetwork, type NetworkHandle } from '../requests/network.ts';
import { FeaturedMark, KindBadge } from './format.tsx';
import { LibraryItemDialog } from './LibraryItemDialog.tsx';
import { LibraryFiles, useFileDrop } from './LibraryFiles.tsx';

export function LibraryItemPage({ itemId }: { itemId: string }) {
  const net = useNetwork();
  const item = useLibraryItem(net, itemId);
  if (!net || item === null)
    return (
      <div className="page page-narrow" aria-busy="true">
        <SkeletonBlock height={96} />
        <SkeletonBlock height={320} />
      </div>
    );
  if (!item)
    return (
      <EmptyState icon="file" title="This library item is not here" actions={<Button onClick={() => navigate(href.library())}>Back to the library</Button>}>
        It may not have synced to this computer yet, or someone removed it.
      </EmptyState>
    );
  return <ItemView net={net} item={item} />;
}

function ItemView({ net, item }: { net: NetworkHandle; item: LibraryItem }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState<Y.Text | undefined>();
  useEffect(() => setBody(libraryBodyText(net.doc, item.id)), [net, item.id]);
  const canCurate = ws.user.role !== 'viewer';
  const attachRef = useRef<((files: File[]) => void) | null>(null);
  const drop = useFileDrop(canCurate, (files) => attachRef.current?.(files));

  const curate = (fn: () => void, message: string) => {
    try {
      fn();
      toast({ message, action: net.undo ? { label: 'Undo', run: () => net.undo?.undo() } : undefined });
    } catch (err) {
      toast({ tone: 'error', message: err instanceof ValidationError ? err.messages.join(' ') : String(err) });
    }
  };

  return (
    <div className="page library-item" {...drop.handlers}>
      <header className="request-head">
        <div className="stack" style={{ gap: 4, minWidth: 0 }}>
          <div className="row" style={{ gap: 8 }}>
            <KindBadge kind={item.kind} />
            <FeaturedMark featured={item.featured} />
            {item.featured && <span className="muted">Featured</span>}
            {item.archived && <span className="pill">Archived — hidden from the library list and pickers</span>}
          </div>
          <h1 data-testid="library-item-title">{item.title}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {item.author} · {formatDate(item.date)} · updated {formatRelative(item.updatedAt)}
          </p>
        </div>
        <span className="spacer" />
        {canCurate && (
          <div className="row" style={{ gap: 8, flexShrink: 0 }}>
            <Button onClick={() => curate(() => setFeatured(net.doc, net.ctx, item.id, !item.featured), item.featured ? 'No longer featured.' : 'Featured at the top of the library.')} aria-pressed={item.featured} data-testid="toggle-featured">
              <span aria-hidden="true">{item.featured ? '★' : '☆'}</span> {item.featured ? 'Featured' : 'Feature'}
            </Button>
            <Button onClick={() => curate(() => setArchived(net.doc, net.ctx, item.id, !item.archived), item.archived ? 'Restored to the library.' : 'Archived: hidden from the list; links to it still work.')} data-testid="toggle-archived">
              {item.archived ? 'Restore' : 'Archive'}
            </Button>
            <Button variant="primary" onClick={() => setEditing(true)}>
              Edit details
            </Button>
          </div>
        )}
      </header>
      <div className="request-grid">
        <div className="stack" style={{ gap: 16, minWidth: 0 }}>
          {item.summary && (
            <section className="card" aria-labelledby="li-summary">
              <div className="card-header">
                <h2 id="li-summary">Summary</h2>
              </div>
              <div className="card-body request-question">{item.summary}</div>
            </section>
          )}
          <LibraryFiles net={net} item={item} canEdit={canCurate} dropping={drop.over} attachRef={attachRef} />
          <section className="card" aria-labelledby="li-body">
            <div className="card-header">
              <h2 id="li-body">Content</h2>
              <span className="spacer" />
              <span className="muted" style={{ fontSize: 12 }}>
                Markdown; shared, edits merge as you type
              </span>
            </div>
            <div className="card-body">
              {body ? <CollabTextarea text={body} aria-labelledby="li-body" rows={18} readOnly={!canCurate} className="library-body" data-testid="library-body" onEdit={(next) => editLibraryBody(net.doc, net.ctx, item.id, next)} /> : <SkeletonBlock height={320} />}
            </div>
          </section>
        </div>
        <div className="stack" style={{ gap: 16, minWidth: 0 }}>
          <section className="card" aria-labelledby="li-details">
            <div className="card-header">
              <h2 id="li-details">Details</h2>
            </div>
            <div className="card-body">
              <dl className="kv" style={{ gridTemplateColumns: '96px 1fr' }}>
                <dt>Focus areas</dt>
                <dd className="tags">{item.focusAreas.length ? item.focusAreas.map((f) => <span key={f} className="tag">{FOCUS_AREA_LABELS[f]}</span>) : <span className="muted">None</span>}</dd>
                <dt>Tags</dt>
                <dd className="tags">{item.tags.length ? item.tags.map((t) => <span key={t} className="tag">{t}</span>) : <span className="muted">None</span>}</dd>
                {item.url && (
                  <>
                    <dt>Link</dt>
                    <dd>
                      <a href={item.url} target="_blank" rel="noreferrer noopener" className="ellipsis" style={{ display: 'block' }}>
                        {item.url}
                      </a>
                    </dd>
                  </>
                )}
                {item.sourceRequestId && (
                  <>
                    <dt>Source</dt>
                    <dd>
                      <a href={href.request(item.sourceRequestId)}>The 311 request it answers</a>
                    </dd>
                  </>
                )}
              </dl>
            </div>
          </section>
        </div>
      </div>
      <LibraryItemDialog open={editing} onClose={() => setEditing(false)} item={item} />
    </div>
  );
}
