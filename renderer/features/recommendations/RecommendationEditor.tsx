import { useEffect, useMemo, useState, type ReactNode } from 'react';
import * as Y from 'yjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { FOCUS_AREAS, PRIORITIES, TIMEFRAMES, type FocusArea, type Priority, type Recommendation, type RecommendationStatus } from '#core/schemas/index.ts';
import { ValidationError } from '#core/errors.ts';
import { collection } from '#core/model/layout.ts';
import { deleteEntity, editText, textField, updateEntity } from '#core/model/write.ts';
import { useEngagement, useEntity, useSession, useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { CollabTextarea } from '../../ui/CollabTextarea.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/icons.tsx';
import { FindingKindPill, PriorityPill, RecStatusPill, ReviewPill, recStatusLabel } from '../../ui/pills.tsx';
import { SkeletonBlock } from '../../ui/Skeleton.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { LinkPickerDialog, type PickItem } from './LinkPickerDialog.tsx';
import { SyncedInput } from '../../ui/SyncedInput.tsx';
import { EditingNotice, PresenceAvatars } from '../sync/SyncStatus.tsx';
import { useEditingPresence } from '../sync/hooks.ts';
import { CLOSED_STATUSES, TIMEFRAME_LABELS, focusLabel, formatDate, formatDateTime, formatRelative, recNumber, todayIso } from './format.ts';
import { allowedNextStatuses, recordProgress } from './status.ts';
import { BasisSection } from '../library/BasisSection.tsx';
import { ConflictsCallout, ItemReviewPanel, ReviewBar } from '../review/index.ts';
import { DialogForm } from '../../ui/DialogForm.tsx';
import { ProblemsBanner } from '../../ui/ProblemsBanner.tsx';
import { EngagementLoadError } from '../common/EngagementLoadError.tsx';

type TextFieldName = 'rationale' | 'internalNotes';

/** The live Y.Text behind a prose field; read without writing when it already exists (the usual case). */
function useRecText(session: EngagementSession, recId: string, field: TextFieldName): Y.Text | undefined {
  const peek = () => {
    const v = collection(session.doc, 'recommendations').get(recId)?.get(field);
    return v instanceof Y.Text ? v : undefined;
  };
  const [text, setText] = useState<Y.Text | undefined>(peek);
  useEffect(() => {
    if (!text) setText(textField(session.doc, 'recommendations', recId, field));
  }, [text, session, recId, field]);
  return text;
}

/** One recommendation: every change is written as it is made (no Save button), and undo takes it back. */
export function RecommendationEditor({ engagementId, recId }: { engagementId: string; recId: string }) {
  const { session, error } = useSession(engagementId);
  const result = useEntity(session, 'recommendations', recId);
  useEditingPresence(engagementId, 'recommendation', recId);

  if (error)
    return (
      <EngagementLoadError error={error} />
    );
  if (!session)
    return (
      <div className="page rec-editor" aria-busy="true">
        <SkeletonBlock height={72} />
        <div className="rec-editor-grid">
          <div className="stack">
            <SkeletonBlock height={160} />
            <SkeletonBlock height={200} />
          </div>
          <SkeletonBlock height={320} />
        </div>
      </div>
    );
  if (!result)
    return (
      <EmptyState
        icon="lightbulb"
        title="This recommendation no longer exists"
        actions={<Button onClick={() => navigate(href.engagement(engagementId, 'recommendations'))}>Back to recommendations</Button>}
      >
        It may have been deleted here or by someone else on the team. If you deleted it just now, Undo (Ctrl+Z) brings it back.
      </EmptyState>
    );
  if (!result.ok)
    return (
      <div className="page page-narrow">
        <ProblemsBanner
          title="This recommendation cannot be shown: its stored data is not valid."
          problems={result.problems}
          outro={<p>It is kept unchanged so nothing is lost; a teammate's newer version of Groundwork may have written it.</p>}
        />
      </div>
    );
  return <RecommendationForm engagementId={engagementId} session={session} rec={result.value} />;
}

function RecommendationForm({ engagementId, session, rec }: { engagementId: string; session: EngagementSession; rec: Recommendation }) {
  const ws = useWorkspace();
  const toast = useToast();
  const engagement = useEngagement(session);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [picker, setPicker] = useState<'findings' | 'visits' | null>(null);
  const [moveTo, setMoveTo] = useState<RecommendationStatus | null>(null);

  const findingRows = useLiveQuery(() => ws.db.findings.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const visitRows = useLiveQuery(() => ws.db.visits.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const owners = useLiveQuery(async () => {
    const rows = await ws.db.recommendations.where('engagementId').equals(engagementId).toArray();
    return [...new Set(rows.map((r) => r.owner.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b));
  }, [ws, engagementId]);

  const rationale = useRecText(session, rec.id, 'rationale');
  const internalNotes = useRecText(session, rec.id, 'internalNotes');

  const people = useMemo(() => {
    const m = new Map<string, string>();
    if (engagement?.ok) for (const p of engagement.value.team) m.set(p.id, p.name);
    m.set(ws.user.id, ws.user.name);
    return m;
  }, [engagement, ws.user]);
  const who = (id: string) => people.get(id) ?? id;

  const report = (key: string, err: unknown) => {
    if (err instanceof ValidationError) setErrors((e) => ({ ...e, [key]: err.messages }));
    else setErrors((e) => ({ ...e, [key]: [String((err as Error)?.message ?? err)] }));
  };
  const clear = (key: string) => setErrors((e) => (e[key] ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== key)) : e));
  const write = (key: string, patch: Partial<Recommendation>) => {
    try {
      updateEntity(session.doc, session.ctx, 'recommendations', rec.id, patch);
      clear(key);
    } catch (err) {
      report(key, err);
    }
  };
  const fieldError = (key: string) => errors[key]?.join(' ') ?? null;
  const allErrors = Object.values(errors).flat();

  const findingsById = useMemo(() => new Map((findingRows ?? []).map((f) => [f.id, f])), [findingRows]);
  const visitsById = useMemo(() => new Map((visitRows ?? []).map((v) => [v.id, v])), [visitRows]);
  const findingItems = useMemo<PickItem[] | undefined>(
    () =>
      findingRows?.map((f) => ({
        id: f.id,
        title: f.title,
        search: `${f.kind} ${focusLabel(f.focusArea)} ${f.severity}`,
        meta: (
          <>
            <FindingKindPill kind={f.kind} />
            <span>{focusLabel(f.focusArea)}</span>
            {f.kind === 'need' && <span>{f.severity} severity</span>}
          </>
        ),
      })),
    [findingRows],
  );
  const visitItems = useMemo<PickItem[] | undefined>(
    () =>
      visitRows
        ?.slice()
        .sort((a, b) => b.date.localeCompare(a.date))
        .map((v) => ({
          id: v.id,
          title: v.title,
          search: `${v.date} ${v.templateName} ${v.address}`,
          meta: (
            <>
              <span>{formatDate(v.date)}</span>
              <span>{v.templateName}</span>
              {v.address && <span>{v.address}</span>}
            </>
          ),
        })),
    [visitRows],
  );

  const next = allowedNextStatuses(rec.status);
  const overdue = Boolean(rec.dueDate && rec.dueDate < todayIso() && !CLOSED_STATUSES.has(rec.status));
  const progress = useMemo(() => [...rec.progress].sort((a, b) => b.date.localeCompare(a.date) || b.at.localeCompare(a.at)), [rec.progress]);

  const remove = () => {
    const label = `${recNumber(rec.number)} “${rec.title}”`;
    session.undo.stopCapturing();
    deleteEntity(session.doc, 'recommendations', rec.id);
    navigate(href.engagement(engagementId, 'recommendations'));
    toast({
      message: `Deleted ${label}.`,
      action: {
        label: 'Undo',
        run: () => {
          session.undo.undo();
          navigate(href.recommendation(engagementId, rec.id));
        },
      },
      timeoutMs: 10000,
    });
  };

  const toggleLink = (field: 'findingIds' | 'visitIds', id: string, link: boolean) => {
    const current = rec[field];
    write(field, { [field]: link ? (current.includes(id) ? current : [...current, id]) : current.filter((x) => x !== id) });
  };

  return (
    <div className="page rec-editor" data-testid="recommendation-editor">
      <a className="rec-back" href={href.engagement(engagementId, 'recommendations')}>
        <Icon name="arrowUp" size={12} style={{ transform: 'rotate(-90deg)' }} /> All recommendations
      </a>
      <header className="rec-editor-head">
        <div className="row rec-editor-badges">
          <span className="rec-num rec-num-lg">{recNumber(rec.number)}</span>
          <RecStatusPill status={rec.status} />
          <span className="rec-meta-item">
            Priority <PriorityPill priority={rec.priority} />
          </span>
          <span className="rec-meta-item">
            Review <ReviewPill state={rec.review.state} />
          </span>
          {rec.confidential && <span className="tag">Confidential</span>}
          {overdue && (
            <span className="rec-overdue">
              <Icon name="alert" size={12} /> Overdue since {formatDate(rec.dueDate)}
            </span>
          )}
          <span className="spacer" />
          <EditingNotice engagementId={engagementId} kind="recommendation" id={rec.id} />
          <PresenceAvatars engagementId={engagementId} />
          <span className="muted rec-stamp">
            Changed {formatRelative(rec.updatedAt)} by {who(rec.updatedBy)}
          </span>
        </div>
        <Field label="Title" required error={fieldError('title')}>
          {(p) => (
            <SyncedInput
              {...p}
              className="input rec-title-input"
              value={rec.title}
              maxLength={240}
              onCommit={(v) => write('title', { title: v })}
              data-testid="rec-title"
            />
          )}
        </Field>
      </header>

      <ReviewBar session={session} engagementId={engagementId} name="recommendations" id={rec.id} review={rec.review} />
      <ConflictsCallout session={session} engagementId={engagementId} name="recommendations" id={rec.id} />

      <ProblemsBanner icon title="Some changes were not saved:" problems={allErrors} testId="rec-errors" />

      <div className="rec-editor-grid">
        <div className="rec-editor-main">
          <section className="card" aria-labelledby="rec-rationale-h">
            <div className="card-header">
              <h3 id="rec-rationale-h">Rationale</h3>
              <span className="muted rec-card-hint">Why the city should do this, in words a council member would read.</span>
            </div>
            <div className="card-body">
              {rationale ? (
                <CollabTextarea
                  text={rationale}
                  onEdit={(v) => editText(session.doc, session.ctx, 'recommendations', rec.id, 'rationale', v)}
                  aria-labelledby="rec-rationale-h"
                  rows={7}
                  data-testid="rec-rationale"
                />
              ) : (
                <SkeletonBlock height={140} />
              )}
            </div>
          </section>

          <section className="card" aria-labelledby="rec-evidence-h">
            <div className="card-header">
              <h3 id="rec-evidence-h">Evidence</h3>
              <span className="muted rec-card-hint">The findings this answers and the visits behind it.</span>
            </div>
            <div className="card-body stack rec-evidence">
              <EvidenceList
                title="Findings"
                count={rec.findingIds.length}
                action={
                  <Button size="sm" icon="link" onClick={() => setPicker('findings')} data-testid="link-findings">
                    Link findings
                  </Button>
                }
                empty="No findings linked. A recommendation is stronger when it names the needs it answers."
              >
                {rec.findingIds.map((id) => {
                  const f = findingsById.get(id);
                  return (
                    <EvidenceCard
                      key={id}
                      missing={findingRows !== undefined && !f}
                      loading={findingRows === undefined}
                      title={f?.title ?? 'Finding'}
                      link={href.finding(engagementId, id)}
                      meta={
                        f && (
                          <>
                            <FindingKindPill kind={f.kind} />
                            <span>{focusLabel(f.focusArea)}</span>
                            {f.kind === 'need' && <span>{f.severity} severity</span>}
                          </>
                        )
                      }
                      onRemove={() => toggleLink('findingIds', id, false)}
                      removeLabel={`Unlink finding ${f?.title ?? id}`}
                    />
                  );
                })}
              </EvidenceList>
              <EvidenceList
                title="Visits"
                count={rec.visitIds.length}
                action={
                  <Button size="sm" icon="link" onClick={() => setPicker('visits')} data-testid="link-visits">
                    Link visits
                  </Button>
                }
                empty="No visits linked."
              >
                {rec.visitIds.map((id) => {
                  const v = visitsById.get(id);
                  return (
                    <EvidenceCard
                      key={id}
                      missing={visitRows !== undefined && !v}
                      loading={visitRows === undefined}
                      title={v?.title ?? 'Visit'}
                      link={href.visit(engagementId, id)}
                      meta={
                        v && (
                          <>
                            <span className="pill pill-blue no-dot">Visit</span>
                            <span>{formatDate(v.date)}</span>
                            <span>{v.templateName}</span>
                          </>
                        )
                      }
                      onRemove={() => toggleLink('visitIds', id, false)}
                      removeLabel={`Unlink visit ${v?.title ?? id}`}
                    />
                  );
                })}
              </EvidenceList>
            </div>
          </section>

          <BasisSection session={session} collection="recommendations" id={rec.id} libraryIds={rec.libraryIds} focusArea={rec.focusArea} />

          <section className="card" aria-labelledby="rec-progress-h" data-testid="rec-progress">
            <div className="card-header">
              <h3 id="rec-progress-h">Progress</h3>
              <span className="muted rec-card-hint">Dated updates, kept after the team leaves the city.</span>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <AddProgressForm
                error={fieldError('progress')}
                onAdd={(date, note) => {
                  try {
                    recordProgress(session.doc, session.ctx, rec.id, { date, note });
                    clear('progress');
                    return true;
                  } catch (err) {
                    report('progress', err);
                    return false;
                  }
                }}
              />
              {progress.length === 0 ? (
                <p className="muted">No progress recorded yet. Moving the status or adding an update records who did what, and when.</p>
              ) : (
                <ol className="timeline" aria-label="Progress updates">
                  {progress.map((u) => (
                    <li key={u.id} className="timeline-item">
                      <span className={`timeline-dot ${u.status ? 'has-status' : ''}`} aria-hidden="true" />
                      <div className="timeline-head">
                        <time dateTime={u.date} className="timeline-date">
                          {formatDate(u.date)}
                        </time>
                        {u.status && (
                          <span className="row timeline-status">
                            <span className="muted">moved to</span> <RecStatusPill status={u.status} />
                          </span>
                        )}
                        <span className="spacer" />
                        <span className="muted timeline-author" title={`Recorded ${formatDateTime(u.at)}`}>
                          {who(u.author)}
                        </span>
                      </div>
                      <p className="timeline-note">{u.note}</p>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </section>

          <section className="card rec-internal" aria-labelledby="rec-notes-h">
            <div className="card-header">
              <Icon name="alert" size={14} />
              <h3 id="rec-notes-h">Internal notes</h3>
              <span className="pill pill-amber no-dot">Internal — never in the public report</span>
            </div>
            <div className="card-body">
              {internalNotes ? (
                <CollabTextarea
                  text={internalNotes}
                  onEdit={(v) => editText(session.doc, session.ctx, 'recommendations', rec.id, 'internalNotes', v)}
                  aria-label="Internal notes — never in the public report"
                  rows={4}
                  data-testid="rec-internal-notes"
                />
              ) : (
                <SkeletonBlock height={80} />
              )}
            </div>
          </section>
        </div>

        <aside className="rec-editor-side" aria-label="Status and details">
          <ItemReviewPanel session={session} engagementId={engagementId} name="recommendations" id={rec.id} />
          <section className="card" aria-labelledby="rec-status-h">
            <div className="card-header">
              <h3 id="rec-status-h">Status</h3>
              <span className="spacer" />
              <RecStatusPill status={rec.status} />
            </div>
            <div className="card-body stack">
              {next.length ? (
                <>
                  <span className="field-label" id="rec-move-label">
                    Move to
                  </span>
                  <div className="rec-moves" role="group" aria-labelledby="rec-move-label">
                    {next.map((s) => (
                      <Button key={s} size="sm" onClick={() => setMoveTo(s)} data-testid={`status-to-${s}`}>
                        {recStatusLabel(s)}
                      </Button>
                    ))}
                  </div>
                  <span className="field-hint">Each move is recorded in Progress with the date and your note.</span>
                </>
              ) : (
                <span className="field-hint">{recStatusLabel(rec.status)} is a final status; record further news as a progress update.</span>
              )}
            </div>
          </section>

          <section className="card" aria-labelledby="rec-details-h">
            <div className="card-header">
              <h3 id="rec-details-h">Details</h3>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <Field label="Focus area" error={fieldError('focusArea')}>
                {(p) => (
                  <select
                    {...p}
                    className="select"
                    value={rec.focusArea}
                    onChange={(e) => write('focusArea', { focusArea: e.target.value as FocusArea })}
                    data-testid="rec-focus-area"
                  >
                    {FOCUS_AREAS.map((a) => (
                      <option key={a} value={a}>
                        {focusLabel(a)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Priority" error={fieldError('priority')}>
                {(p) => (
                  <select
                    {...p}
                    className="select"
                    value={rec.priority}
                    onChange={(e) => write('priority', { priority: e.target.value as Priority })}
                    data-testid="rec-priority"
                  >
                    {PRIORITIES.map((x) => (
                      <option key={x} value={x}>
                        {x.charAt(0).toUpperCase() + x.slice(1)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Owner" hint="A city department or person." error={fieldError('owner')}>
                {(p) => (
                  <>
                    <SyncedInput
                      {...p}
                      className="input"
                      list={`${p.id}-owners`}
                      value={rec.owner}
                      maxLength={160}
                      placeholder="e.g. Finance Department"
                      onCommit={(v) => write('owner', { owner: v })}
                      data-testid="rec-owner"
                    />
                    <datalist id={`${p.id}-owners`}>
                      {(owners ?? []).map((o) => (
                        <option key={o} value={o} />
                      ))}
                    </datalist>
                  </>
                )}
              </Field>
              <div className="grid-2 rec-grid-tight">
                <Field label="Timeframe" error={fieldError('timeframe')}>
                  {(p) => (
                    <select
                      {...p}
                      className="select"
                      value={rec.timeframe}
                      onChange={(e) => write('timeframe', { timeframe: e.target.value as Recommendation['timeframe'] })}
                      data-testid="rec-timeframe"
                    >
                      {TIMEFRAMES.map((t) => (
                        <option key={t} value={t}>
                          {TIMEFRAME_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="Due date" error={fieldError('dueDate')} hint={overdue ? <span className="rec-overdue">Overdue</span> : undefined}>
                  {(p) => (
                    <input
                      {...p}
                      type="date"
                      className="input"
                      value={rec.dueDate ?? ''}
                      onChange={(e) => write('dueDate', { dueDate: e.target.value || undefined })}
                      data-testid="rec-due-date"
                    />
                  )}
                </Field>
              </div>
              <label className="checkbox rec-confidential">
                <input
                  type="checkbox"
                  checked={rec.confidential}
                  onChange={(e) => write('confidential', { confidential: e.target.checked })}
                  data-testid="rec-confidential"
                />
                <span>
                  Confidential
                  <span className="field-hint rec-block">Left out of the public report.</span>
                </span>
              </label>
            </div>
          </section>

          <section className="card" aria-labelledby="rec-review-h">
            <div className="card-header">
              <h3 id="rec-review-h">Review</h3>
              <span className="spacer" />
              <ReviewPill state={rec.review.state} />
            </div>
            <div className="card-body stack rec-meta">
              {rec.review.by && (
                <span className="muted">
                  {rec.review.state === 'approved' ? 'Approved' : 'Reviewed'} by {who(rec.review.by)} {rec.review.at ? formatRelative(rec.review.at) : ''}
                </span>
              )}
              <span className="muted">
                Created {formatDate(rec.createdAt.slice(0, 10))} by {who(rec.createdBy)}
              </span>
              <span className="muted">
                Last changed {formatDateTime(rec.updatedAt)} by {who(rec.updatedBy)}
              </span>
            </div>
          </section>

          <Button variant="danger" icon="trash" onClick={remove} data-testid="delete-recommendation" className="rec-delete">
            Delete recommendation
          </Button>
        </aside>
      </div>

      <LinkPickerDialog
        open={picker === 'findings'}
        title={`Link findings to ${recNumber(rec.number)}`}
        noun="finding"
        items={findingItems}
        linked={new Set(rec.findingIds)}
        onToggle={(id, link) => toggleLink('findingIds', id, link)}
        onClose={() => setPicker(null)}
        testId="finding-picker"
      />
      <LinkPickerDialog
        open={picker === 'visits'}
        title={`Link visits to ${recNumber(rec.number)}`}
        noun="visit"
        items={visitItems}
        linked={new Set(rec.visitIds)}
        onToggle={(id, link) => toggleLink('visitIds', id, link)}
        onClose={() => setPicker(null)}
        testId="visit-picker"
      />
      <MoveStatusDialog
        from={rec.status}
        to={moveTo}
        number={rec.number}
        onClose={() => setMoveTo(null)}
        onMove={(to, date, note) => {
          try {
            recordProgress(session.doc, session.ctx, rec.id, { date, note, status: to });
            clear('status');
            setMoveTo(null);
          } catch (err) {
            report('status', err);
            setMoveTo(null);
          }
        }}
      />
    </div>
  );
}

function EvidenceList({ title, count, action, empty, children }: { title: string; count: number; action: ReactNode; empty: string; children: ReactNode }) {
  return (
    <div className="evidence-group">
      <div className="row evidence-group-head">
        <h4 className="section-title">
          {title} <span className="evidence-count">{count}</span>
        </h4>
        <span className="spacer" />
        {action}
      </div>
      {count === 0 ? <p className="muted evidence-empty">{empty}</p> : <ul className="evidence-list">{children}</ul>}
    </div>
  );
}

function EvidenceCard({
  title,
  meta,
  link,
  missing,
  loading,
  onRemove,
  removeLabel,
}: {
  title: string;
  meta: ReactNode;
  link: string;
  missing: boolean;
  loading: boolean;
  onRemove: () => void;
  removeLabel: string;
}) {
  return (
    <li className={`evidence-card ${missing ? 'is-missing' : ''}`}>
      <div className="evidence-card-text">
        {loading ? (
          <span className="skeleton" style={{ width: '60%' }} />
        ) : missing ? (
          <span className="muted">This item was deleted; the link is kept until you remove it.</span>
        ) : (
          <a href={link} className="evidence-title">
            {title}
          </a>
        )}
        {!missing && !loading && <span className="evidence-meta">{meta}</span>}
      </div>
      <Button size="sm" variant="ghost" icon="x" label={removeLabel} onClick={onRemove} />
    </li>
  );
}

function AddProgressForm({ onAdd, error }: { onAdd: (date: string, note: string) => boolean; error: string | null }) {
  const [date, setDate] = useState(todayIso);
  const [note, setNote] = useState('');
  return (
    <form
      className="progress-form"
      aria-label="Add a progress update"
      onSubmit={(e) => {
        e.preventDefault();
        if (!note.trim()) return;
        if (onAdd(date, note)) setNote('');
      }}
    >
      <Field label="Update" error={error}>
        {(p) => (
          <textarea
            {...p}
            className="textarea"
            rows={2}
            value={note}
            placeholder="What happened? e.g. Council approved funding in the FY26 budget."
            onChange={(e) => setNote(e.target.value)}
            data-testid="progress-note"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        )}
      </Field>
      <div className="progress-form-row">
        <Field label="Date" className="progress-date">
          {(p) => <input {...p} type="date" className="input" value={date} required onChange={(e) => setDate(e.target.value)} data-testid="progress-date" />}
        </Field>
        <span className="spacer" />
        <Button type="submit" icon="plus" disabled={!note.trim() || !date} data-testid="add-progress">
          Add update
        </Button>
      </div>
    </form>
  );
}

function MoveStatusDialog({
  from,
  to,
  number,
  onClose,
  onMove,
}: {
  from: RecommendationStatus;
  to: RecommendationStatus | null;
  number: number;
  onClose: () => void;
  onMove: (to: RecommendationStatus, date: string, note: string) => void;
}) {
  const [note, setNote] = useState('');
  const [date, setDate] = useState(todayIso);
  const [shownFor, setShownFor] = useState<RecommendationStatus | null>(null);
  if (to !== shownFor) {
    // A fresh dialog for each move.
    setShownFor(to);
    setNote('');
    setDate(todayIso());
  }
  return (
    <Dialog
      open={to !== null}
      title={to ? `Move ${recNumber(number)} to ${recStatusLabel(to)}` : 'Move status'}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" disabled={!to || !date} onClick={() => to && onMove(to, date, note)} data-testid="confirm-status-move">
            {to ? `Move to ${recStatusLabel(to)}` : 'Move'}
          </Button>
        </>
      }
    >
      {to && (
        <DialogForm onSubmit={() => onMove(to, date, note)}>
          <div className="row move-preview" aria-label={`From ${recStatusLabel(from)} to ${recStatusLabel(to)}`}>
            <RecStatusPill status={from} />
            <Icon name="chevronRight" size={14} />
            <RecStatusPill status={to} />
          </div>
          <Field label="Note (optional)" hint="Recorded as a progress update, with your name and the date below.">
            {(p) => (
              <textarea
                {...p}
                className="textarea"
                rows={3}
                value={note}
                autoFocus
                onChange={(e) => setNote(e.target.value)}
                placeholder={`Why it moved to ${recStatusLabel(to).toLowerCase()}`}
                data-testid="status-note"
              />
            )}
          </Field>
          <Field label="Date" className="progress-date">
            {(p) => <input {...p} type="date" className="input" value={date} required onChange={(e) => setDate(e.target.value)} />}
          </Field>
        </DialogForm>
      )}
    </Dialog>
  );
}
