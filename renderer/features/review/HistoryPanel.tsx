import { useMemo, useState } from 'react';
import { diffVersions, itemHistory, restoreVersion, versionAt } from '#core/review/field-log.ts';
import { entityPlain } from '#core/model/read.ts';
import { href } from '../../app/router.tsx';
import { useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { formatDateTime, formatRelative } from './format.ts';
import { Avatar } from './CommentsPanel.tsx';
import { ensureOnTeam, usePeople } from './people.ts';
import type { ReviewCollection } from './ReviewBar.tsx';
import { fieldLabel } from './text-fields.ts';
import { useDocVersion } from './useDocVersion.ts';
import { valueText } from './values.tsx';

type Entry = ReturnType<typeof itemHistory>[number];
type Change = ReturnType<typeof diffVersions>[number];

const KIND_VERB: Record<string, string> = {
  create: 'created it',
  review: 'changed the review state',
  comment: 'commented',
  restore: 'restored an earlier version',
  checkpoint: 'checkpoint',
};

export function entryLabel(e: Entry, questions?: Map<string, string>): string {
  if (e.label) return e.label;
  if (e.kind === 'field' && e.field) return `changed ${fieldLabel(e.field, questions)}`;
  return KIND_VERB[e.kind] ?? e.kind;
}

/** One field's change: text shows insertions and deletions inline; other values show before → after. */
export function ChangeView({ change, questions }: { change: Change; questions?: Map<string, string> }) {
  return (
    <div className="diff-field" data-testid="diff-field">
      <div className="diff-field-name">{fieldLabel(change.field, questions)}</div>
      {change.textDiff ? (
        <p className="diff-text">
          {change.textDiff.map((d, i) =>
            d.op === 'ins' ? (
              <ins key={i} className="diff-ins">
                {d.text}
              </ins>
            ) : d.op === 'del' ? (
              <del key={i} className="diff-del">
                {d.text}
              </del>
            ) : (
              <span key={i}>{d.text}</span>
            ),
          )}
        </p>
      ) : (
        <div className="diff-values">
          <del className="diff-del">{valueText(change.before)}</del>
          <span aria-hidden="true" className="muted">
            →
          </span>
          <ins className="diff-ins">{valueText(change.after)}</ins>
        </div>
      )}
    </div>
  );
}

/**
 * Every version of one item, newest first: who did what and when. Pick one to compare with now, or two to
 * compare with each other; an earlier version can be restored — as a new change, so nothing is lost.
 */
export function HistoryPanel({
  session,
  engagementId,
  name,
  id,
  questions,
}: {
  session: EngagementSession;
  engagementId: string;
  name: ReviewCollection;
  id: string;
  questions?: Map<string, string>;
}) {
  const ws = useWorkspace();
  const toast = useToast();
  const version = useDocVersion(session);
  const { name: who } = usePeople(session, engagementId);
  const entries = useMemo(() => {
    void version;
    // Comments have their own tab; here only versions of the item itself.
    return itemHistory(session.doc, name, id)
      .filter((e) => e.kind !== 'comment')
      .reverse();
  }, [session, name, id, version]);
  const [picked, setPicked] = useState<string[]>([]);
  const [comparing, setComparing] = useState(false);
  const [confirm, setConfirm] = useState<Entry | null>(null);
  const [limit, setLimit] = useState(60);

  const toggle = (entryId: string) => setPicked((p) => (p.includes(entryId) ? p.filter((x) => x !== entryId) : [...p, entryId].slice(-2)));
  const byId = useMemo(() => new Map(entries.map((e, i) => [e.id, { e, i }])), [entries]);
  // Older of the two first; one pick compares with the latest version.
  const pair = useMemo(() => {
    const ps = picked.map((p) => byId.get(p)).filter((x): x is { e: Entry; i: number } => Boolean(x));
    if (!ps.length) return null;
    if (ps.length === 1) return { from: ps[0]!.e, to: null };
    const [a, b] = ps.sort((x, y) => y.i - x.i);
    return { from: a!.e, to: b!.e };
  }, [picked, byId]);
  const changes = useMemo(() => {
    if (!comparing || !pair) return [];
    const a = versionAt(session.doc, name, id, pair.from.id);
    // One pick compares with the item as it is now.
    const b = pair.to ? versionAt(session.doc, name, id, pair.to.id) : (entityPlain(session.doc, name, id) as Record<string, unknown> | undefined);
    return a && b ? diffVersions(a, b) : [];
  }, [comparing, pair, session, name, id]);

  const restore = (e: Entry) => {
    try {
      session.undo.stopCapturing();
      ensureOnTeam(session.doc, ws.user, session.ctx);
      restoreVersion(session.doc, session.ctx, name, id, e.id);
      session.undo.stopCapturing();
      setConfirm(null);
      setComparing(false);
      setPicked([]);
      toast({
        message: `Restored the version of ${formatDateTime(e.at)}. The newer versions stay in the history.`,
        action: { label: 'Undo', run: () => session.undo.undo() },
      });
    } catch (err) {
      setConfirm(null);
      toast({ tone: 'error', message: `Nothing was restored: ${String((err as Error)?.message ?? err)}` });
    }
  };

  return (
    <section className="card history-panel" aria-labelledby="history-h" data-testid="history-panel">
      <div className="card-header">
        <h2 id="history-h" className="sr-only">
          History
        </h2>
        <span className="muted">
          {entries.length} version{entries.length === 1 ? '' : 's'} · pick one or two
        </span>
        <span className="spacer" />
        <Button size="sm" disabled={!pair} onClick={() => setComparing(true)} data-testid="history-compare">
          {picked.length === 2 ? 'Compare the two' : 'Compare with now'}
        </Button>
      </div>
      {entries.length === 0 ? (
        <p className="muted comments-empty">No recorded changes yet. Every edit from now on is kept here, with who made it and when.</p>
      ) : (
        <ol className="history-list" aria-label="Versions, newest first">
          {entries.slice(0, limit).map((e) => (
            <li key={e.id} className={picked.includes(e.id) ? 'is-picked' : ''} data-testid="history-entry">
              <label className="history-row">
                <input
                  type="checkbox"
                  checked={picked.includes(e.id)}
                  onChange={() => toggle(e.id)}
                  aria-label={`Select the version of ${formatDateTime(e.at)} (${who(e.by)}, ${entryLabel(e, questions)})`}
                />
                <Avatar id={e.by} name={who(e.by)} size={20} />
                <span className="history-what">
                  <strong>{e.by === ws.user.id ? 'You' : who(e.by)}</strong> {entryLabel(e, questions)}
                  {e.kind === 'checkpoint' && <span className="tag">Checkpoint</span>}
                </span>
                <time dateTime={e.at} title={formatDateTime(e.at)} className="muted">
                  {formatRelative(e.at)}
                </time>
              </label>
            </li>
          ))}
          {entries.length > limit && (
            <li>
              <Button size="sm" variant="ghost" onClick={() => setLimit((l) => l + 200)}>
                Show {Math.min(200, entries.length - limit)} older versions
              </Button>
            </li>
          )}
        </ol>
      )}
      <p className="history-all">
        <a href={href.history(engagementId)} data-testid="history-engagement-link">
          The whole engagement’s history, with relay syncs
        </a>
      </p>
      <Dialog
        open={comparing && Boolean(pair)}
        wide
        title={pair ? `Version of ${formatDateTime(pair.from.at)} → ${pair.to ? formatDateTime(pair.to.at) : 'now'}` : 'Compare'}
        onClose={() => setComparing(false)}
        footer={
          pair && (
            <>
              <span className="muted grow">
                Older version by {who(pair.from.by)} · {entryLabel(pair.from, questions)}
              </span>
              <Button onClick={() => setComparing(false)}>Close</Button>
              {changes.length > 0 && (
                <Button variant="primary" onClick={() => setConfirm(pair.from)} data-testid="history-restore">
                  Restore the version of {formatDateTime(pair.from.at)}…
                </Button>
              )}
            </>
          )
        }
      >
        <div className="diff" data-testid="history-diff">
          {changes.length === 0 ? (
            <p className="muted">These two versions have the same content.</p>
          ) : (
            changes.map((c) => <ChangeView key={c.field} change={c} questions={questions} />)
          )}
          <p className="muted diff-legend">
            <ins className="diff-ins">Added</ins> <del className="diff-del">Removed</del> — from the older version to the newer one.
          </p>
        </div>
      </Dialog>
      <Dialog
        open={Boolean(confirm)}
        title="Restore this version?"
        onClose={() => setConfirm(null)}
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>Cancel</Button>
            <Button variant="primary" onClick={() => confirm && restore(confirm)} data-testid="history-restore-confirm">
              Restore
            </Button>
          </>
        }
      >
        {confirm && (
          <p>
            The item goes back to how it was on {formatDateTime(confirm.at)} ({who(confirm.by)}, {entryLabel(confirm, questions)}). This is recorded as a new
            change: every later version stays in the history and can be brought back the same way.
          </p>
        )}
      </Dialog>
    </section>
  );
}
