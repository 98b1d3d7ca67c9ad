import { useEffect, useId, useMemo, useState } from 'react';
import { fieldAuthors, textSpans } from '#core/review/attribution.ts';
import { collection, TEXT_FIELDS } from '#core/model/layout.ts';
import * as Y from 'yjs';
import type { EngagementSession } from '../../data/session.ts';
import { formatDateTime, formatRelative } from './format.ts';
import { CommentsPanel } from './CommentsPanel.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { authorColour, usePeople } from './people.ts';
import type { ReviewCollection } from './ReviewBar.tsx';
import { fieldLabel } from './text-fields.ts';
import { publishAuthorNames } from './TextAddon.tsx';
import { setAuthorsMode } from './ui-state.ts';
import { useDocVersion } from './useDocVersion.ts';
import { useThreads } from './useComments.ts';

const HIDDEN_FIELDS = new Set(['id', 'number', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy']);

/** Everyone who wrote a span of this item's text or last set one of its fields. */
function useItemAuthors(session: EngagementSession, name: ReviewCollection, id: string) {
  const version = useDocVersion(session, 400);
  return useMemo(() => {
    void version;
    const fields = fieldAuthors(session.doc, name, id);
    const writers = new Map<string, number>();
    const map = collection(session.doc, name).get(id);
    const texts: Y.Text[] = [];
    for (const f of TEXT_FIELDS[name] as readonly string[]) {
      const t = map?.get(f);
      if (t instanceof Y.Text) texts.push(t);
    }
    const answers = map?.get('answers');
    if (answers instanceof Y.Map) answers.forEach((v) => v instanceof Y.Text && texts.push(v));
    const by = map?.get('createdBy');
    const at = map?.get('createdAt');
    const creator = typeof by === 'string' ? { by, at: typeof at === 'string' ? at : undefined } : undefined;
    for (const t of texts) for (const s of textSpans(t, creator)) if (s.by) writers.set(s.by, (writers.get(s.by) ?? 0) + s.text.length);
    for (const f of Object.values(fields)) if (f?.by && !writers.has(f.by)) writers.set(f.by, 0);
    return { fields, writers };
  }, [session, name, id, version]);
}

function AuthorsView({
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
  const { name: who } = usePeople(session, engagementId);
  const { fields, writers } = useItemAuthors(session, name, id);
  const all = Object.entries(fields).filter(([f]) => !HIDDEN_FIELDS.has(f));
  // Fields changed since creation, newest first; the rest are as their creator left them (one line).
  const rows = all.filter(([, a]) => a?.entryId).sort((a, b) => (b[1]?.at ?? '').localeCompare(a[1]?.at ?? ''));
  const untouched = all.filter(([, a]) => !a?.entryId);
  const creator = untouched[0]?.[1];
  return (
    <div className="authors-view" data-testid="authors-view">
      <h3 className="section-title">Who wrote the text</h3>
      {writers.size === 0 ? (
        <p className="muted">No authorship recorded yet for this item.</p>
      ) : (
        <ul className="authors-legend" aria-label="Authors and their colours">
          {[...writers].map(([pid, chars]) => (
            <li key={pid} data-testid="author-legend-item">
              <span className={`author-swatch author-${authorColour(pid)}`} aria-hidden="true" />
              <span className="grow">{who(pid)}</span>
              {chars > 0 && <span className="muted">{chars.toLocaleString()} characters</span>}
            </li>
          ))}
        </ul>
      )}
      <h3 className="section-title">Who last set each field</h3>
      {rows.length > 0 && (
        <table className="authors-fields" data-testid="field-authors">
          <tbody>
            {rows.map(([f, a]) => (
              <tr key={f} title={a?.at ? `${who(a.by)} · ${formatDateTime(a.at)}` : undefined}>
                <th scope="row">{fieldLabel(f, questions)}</th>
                <td>
                  <span className={`author-swatch author-${authorColour(a?.by)}`} aria-hidden="true" /> {who(a?.by)}
                </td>
                <td className="muted">{a?.at ? formatRelative(a.at) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creator && (
        <p className="muted authors-rest">
          {rows.length ? `The other ${untouched.length} fields are` : 'Every field is'} as {who(creator.by)} set them when creating the item
          {creator.at ? `, ${formatRelative(creator.at)}` : ''}.
        </p>
      )}
    </div>
  );
}

/**
 * The review side of an item editor: its comments, its history, and "show authors". One card with three
 * tabs so it fits the editors' side column; the unresolved count shows on the Comments tab.
 */
export function ItemReviewPanel({
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
  const [tab, setTab] = useState<'comments' | 'history' | 'authors'>('comments');
  const threads = useThreads(session, name, id);
  const unresolved = threads.filter((t) => !t.root.resolved).length;
  const { name: who } = usePeople(session, engagementId);
  const baseId = useId();
  useEffect(() => publishAuthorNames(who), [who]);
  // Authors mode belongs to the item on screen: leaving it turns the tint off.
  useEffect(() => () => setAuthorsMode(false), []);
  useEffect(() => {
    if (tab === 'authors') setAuthorsMode(true);
  }, [tab]);

  const tabs = [
    ['comments', unresolved ? `Comments (${unresolved})` : 'Comments'],
    ['history', 'History'],
    ['authors', 'Authors'],
  ] as const;
  return (
    <div className="item-review" data-testid="item-review">
      <div className="item-review-tabs" role="tablist" aria-label="Review of this item">
        {tabs.map(([t, label]) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`${baseId}-${t}`}
            aria-selected={tab === t}
            aria-controls={`${baseId}-${t}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={(e) => {
              const i = tabs.findIndex(([x]) => x === t);
              const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
              if (to === null) return;
              e.preventDefault();
              const next = tabs[(to + tabs.length) % tabs.length]![0];
              setTab(next);
              document.getElementById(`${baseId}-${next}`)?.focus();
            }}
            data-testid={`review-tab-${t}`}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-${tab}-panel`} aria-labelledby={`${baseId}-${tab}`}>
        {tab === 'comments' && <CommentsPanel session={session} engagementId={engagementId} name={name} id={id} questions={questions} />}
        {tab === 'history' && <HistoryPanel session={session} engagementId={engagementId} name={name} id={id} questions={questions} />}
        {tab === 'authors' && (
          <section className="card">
            <div className="card-body">
              <AuthorsView session={session} engagementId={engagementId} name={name} id={id} questions={questions} />
            </div>
          </section>
        )}
      </div>
    </div>
  );
}
