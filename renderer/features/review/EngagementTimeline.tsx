import { useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { readAll } from '#core/model/read.ts';
import { engagementHistory, type HistoryEntry } from '#core/review/field-log.ts';
import { auditRowsOf } from '#core/review/relay-history.ts';
import { href, navigate } from '../../app/router.tsx';
import { useSession } from '../../app/workspace-context.tsx';
import { Button } from '../../ui/Button.tsx';
import { DataTable, sortRows, type Column, type SortState } from '../../ui/DataTable.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatRelative } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { SkeletonBlock, SkeletonRows } from '../../ui/Skeleton.tsx';
import { Avatar } from './CommentsPanel.tsx';
import { formatDateTime } from './format.ts';
import { entryLabel } from './HistoryPanel.tsx';
import { usePeople } from './people.ts';
import { useRelayHistory } from './relay-history.ts';
import { useDocVersion } from './useDocVersion.ts';
import { EngagementLoadError } from '../common/EngagementLoadError.tsx';

type ItemCollection = 'visits' | 'findings' | 'recommendations' | 'attachments';
const KIND_OF: Record<string, string> = { visits: 'Visit', findings: 'Finding', recommendations: 'Recommendation', attachments: 'Photo' };

/** What a row is, shown as a pill with colour AND text. */
const KIND_PILL: Record<HistoryEntry['kind'], [string, string]> = {
  create: ['New', 'pill-blue'],
  field: ['Edit', 'pill-blue'],
  review: ['Review', 'pill-violet'],
  comment: ['Comment', 'pill-amber'],
  restore: ['Restore', 'pill-amber'],
  resolve: ['Resolved', 'pill-green'],
  checkpoint: ['Checkpoint', 'pill-green'],
  sync: ['Relay sync', 'no-dot'],
};

interface Row {
  id: string;
  at: string;
  by: string;
  who: string;
  kind: HistoryEntry['kind'];
  item: string | null;
  itemKey: string | null;
  what: string;
  open: string | null;
}

function itemTitles(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of readAll(doc, 'visits').items) out.set(`visits:${v.id}`, v.title);
  for (const f of readAll(doc, 'findings').items) out.set(`findings:${f.id}`, f.title);
  for (const r of readAll(doc, 'recommendations').items) out.set(`recommendations:${r.id}`, `#${r.number} ${r.title}`);
  for (const a of readAll(doc, 'attachments').items) out.set(`attachments:${a.id}`, a.caption || a.name || 'Untitled photo');
  return out;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const ALL = '';
/** Syncs by one person closer together than this are one row. */
const SYNC_RUN_MS = 60_000;

/**
 * The engagement's timeline: every recorded change (the field log: edits, reviews, comments, restores,
 * checkpoints) merged with the relay's audit log (who synced how much, when). Newest first, filterable by person
 * and item; offline or signed out it shows the local entries and says so in one quiet line.
 */
export function EngagementTimeline({ engagementId }: { engagementId: string }) {
  const { session, error } = useSession(engagementId);
  const version = useDocVersion(session, 400);
  const { name } = usePeople(session, engagementId);
  const relay = useRelayHistory(engagementId, version);
  const [person, setPerson] = useState(ALL);
  const [item, setItem] = useState(ALL);
  const [sort, setSort] = useState<SortState>({ column: 'at', dir: 'desc' });

  const rows = useMemo<Row[] | null>(() => {
    if (!session) return null;
    void version;
    const titles = itemTitles(session.doc);
    const relayNames = new Map(relay.rows.flatMap((r) => (r.name ? [[r.user, r.name] as const] : [])));
    const sizeBySeq = new Map(relay.rows.map((r) => [`sync:${r.seq}`, r.size]));
    const who = (id: string) => relayNames.get(id) ?? name(id);
    const out: Row[] = [];
    let run: { row: Row; bytes: number; count: number; last: number } | null = null;
    for (const e of engagementHistory(session.doc, auditRowsOf(relay.rows))) {
      // Typing reaches the relay as many small updates: one person's syncs less than a minute apart read as one row.
      if (e.kind === 'sync') {
        const t = Date.parse(e.at);
        const size = sizeBySeq.get(e.id) ?? 0;
        if (run && run.row.by === e.by && t - run.last < SYNC_RUN_MS && out.at(-1) === run.row) {
          run.count++;
          run.bytes += size;
          run.last = t;
          run.row.at = e.at;
          run.row.what = `Synced ${run.count} times · ${formatBytes(run.bytes)} through the relay`;
          continue;
        }
        const row: Row = { id: e.id, at: e.at, by: e.by, who: who(e.by), kind: 'sync', item: null, itemKey: null, what: `Synced ${formatBytes(size)} through the relay`, open: null };
        run = { row, bytes: size, count: 1, last: t };
        out.push(row);
        continue;
      }
      out.push(toRow(e));
    }
    return out;
    function toRow(e: HistoryEntry): Row {
      const coll = e.collection && e.collection !== 'engagement' ? (e.collection as ItemCollection) : null;
      const itemKey = coll && e.itemId ? `${coll}:${e.itemId}` : null;
      const kindOf = coll ? (KIND_OF[coll] ?? 'Item') : '';
      const title = itemKey ? (titles.get(itemKey) ?? '(deleted)') : null;
      return {
        id: e.id,
        at: e.at,
        by: e.by,
        who: who(e.by),
        kind: e.kind,
        item: title ? `${kindOf} · ${title}` : null,
        itemKey,
        what: entryLabel(e),
        open: coll && coll !== 'attachments' && e.itemId && titles.has(itemKey!) ? (coll === 'visits' ? href.visit(engagementId, e.itemId) : coll === 'findings' ? href.finding(engagementId, e.itemId) : href.recommendation(engagementId, e.itemId)) : null,
      };
    }
  }, [session, version, relay.rows, name, engagementId]);

  const people = useMemo(() => [...new Map((rows ?? []).map((r) => [r.by, r.who])).entries()].sort((a, b) => a[1].localeCompare(b[1])), [rows]);
  const items = useMemo(() => [...new Map((rows ?? []).flatMap((r) => (r.itemKey && r.item ? [[r.itemKey, r.item] as const] : []))).entries()].sort((a, b) => a[1].localeCompare(b[1])), [rows]);
  const shown = useMemo(() => {
    const filtered = (rows ?? []).filter((r) => (person === ALL || r.by === person) && (item === ALL || (item === 'sync' ? r.kind === 'sync' : r.itemKey === item)));
    return sortRows(filtered, COLUMNS, sort);
  }, [rows, person, item, sort]);

  if (error)
    return (
      <div className="page">
        <EngagementLoadError error={error} />
      </div>
    );
  if (!rows)
    return (
      <div className="page timeline-page" aria-busy="true">
        <SkeletonBlock height={56} />
        <SkeletonRows rows={10} label="Loading the timeline" />
      </div>
    );

  const syncCount = relay.rows.length;
  const filtered = person !== ALL || item !== ALL;
  return (
    <div className="page timeline-page" data-testid="engagement-timeline">
      <div className="page-header">
        <div>
          <h1>History</h1>
          <p className="subtitle">Every recorded change to this engagement, and what the relay received from whom — newest first. Open an item to compare or restore its versions.</p>
        </div>
      </div>

      <div className="review-filters" role="group" aria-label="Filters">
        <Field label="Person">
          {(p) => (
            <select {...p} className="select select-sm" value={person} onChange={(e) => setPerson(e.target.value)} data-testid="timeline-person">
              <option value={ALL}>Everyone</option>
              {people.map(([id, n]) => (
                <option key={id} value={id}>
                  {n}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Item">
          {(p) => (
            <select {...p} className="select select-sm" value={item} onChange={(e) => setItem(e.target.value)} data-testid="timeline-item">
              <option value={ALL}>All items and syncs</option>
              <option value="sync">Relay syncs only</option>
              {items.map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {filtered && (
          <Button size="sm" variant="ghost" icon="x" onClick={() => (setPerson(ALL), setItem(ALL))}>
            Clear filters
          </Button>
        )}
      </div>

      <RelayNote state={relay.state} syncCount={syncCount} />
      {rows.length === 0 ? (
        <EmptyState icon="list" title="Nothing recorded yet" actions={<Button onClick={() => navigate(href.engagement(engagementId, 'visits'))}>Go to visits</Button>}>
          Every edit, review and comment from now on appears here with who made it and when; so does each sync through the relay.
        </EmptyState>
      ) : shown.length === 0 ? (
        <p className="muted timeline-empty" data-testid="timeline-filtered-empty">
          Nothing matches these filters.{' '}
          <Button size="sm" variant="ghost" onClick={() => (setPerson(ALL), setItem(ALL))}>
            Show everything
          </Button>
        </p>
      ) : (
        <section className="card timeline-card" aria-label="Timeline">
          <div className="card-header">
            <span className="muted">
              {shown.length} entr{shown.length === 1 ? 'y' : 'ies'} · ↑↓ to move, Enter opens the item
            </span>
          </div>
          <DataTable label="Engagement history" rows={shown} columns={COLUMNS} rowId={(r) => r.id} onOpen={(r) => r.open && navigate(r.open)} sort={sort} onSort={setSort} height={shown.length < 14 ? 40 + shown.length * 36 : 'calc(100vh - 300px)'} testId="timeline-table" />
        </section>
      )}
      {relay.state.status === 'ready' && relay.more && (
        <div className="row timeline-more">
          <Button size="sm" variant="secondary" onClick={relay.loadOlder} disabled={relay.loadingMore} data-testid="timeline-older">
            {relay.loadingMore ? 'Loading older syncs…' : 'Load older relay syncs'}
          </Button>
        </div>
      )}
    </div>
  );
}

function RelayNote({ state, syncCount }: { state: ReturnType<typeof useRelayHistory>['state']; syncCount: number }) {
  const text =
    state.status === 'loading' ? 'Loading the relay’s sync log…' : state.status === 'ready' ? `Merged with the relay’s sync log: ${syncCount} sync${syncCount === 1 ? '' : 's'} shown.` : state.message;
  return (
    <p className={`muted timeline-note is-${state.status}`} role="status" data-testid="timeline-relay-note">
      <Icon name={state.status === 'ready' || state.status === 'loading' ? 'link' : 'alert'} size={12} /> {text}
    </p>
  );
}

const COLUMNS: Column<Row>[] = [
  {
    id: 'at',
    header: 'When',
    width: '170px',
    sortValue: (r) => r.at,
    render: (r) => (
      <time dateTime={r.at} title={formatDateTime(r.at)}>
        {formatRelative(r.at)}
      </time>
    ),
  },
  {
    id: 'who',
    header: 'Person',
    width: 'minmax(190px, 1.2fr)',
    sortValue: (r) => r.who.toLowerCase(),
    render: (r) => (
      <span className="row timeline-who">
        <Avatar id={r.by} name={r.who} size={20} />
        <span className="timeline-truncate">{r.who}</span>
      </span>
    ),
  },
  {
    id: 'kind',
    header: 'Kind',
    width: '130px',
    sortValue: (r) => KIND_PILL[r.kind][0],
    render: (r) => <span className={`pill ${KIND_PILL[r.kind][1]}`}>{KIND_PILL[r.kind][0]}</span>,
  },
  {
    id: 'item',
    header: 'Item',
    width: 'minmax(200px, 2fr)',
    sortValue: (r) => r.item ?? '',
    render: (r) => (r.item ? <span className="timeline-truncate">{r.item}</span> : <span className="muted">Whole engagement</span>),
  },
  { id: 'what', header: 'What', width: 'minmax(200px, 1.6fr)', sortValue: (r) => r.what, render: (r) => <span className="timeline-truncate" title={r.what}>{r.what}</span> },
];
