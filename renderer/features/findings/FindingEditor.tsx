import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { collection } from '#core/model/layout.ts';
import { deleteEntity, editText, updateEntity } from '#core/model/write.ts';
import { allQuestions, FOCUS_AREAS, SEVERITIES, type Attachment, type Engagement, type Finding } from '#core/schemas/index.ts';
import { href, navigate } from '../../app/router.tsx';
import { useEngagement, useEntity, useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { RecStatusPill, ReviewPill } from '../../ui/pills.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { answerSummary } from '../visits/answers.ts';
import { PhotoDropZone, PhotoGrid, PhotoImage, photoAlt, useAddPhotos, usePastePhotos } from '../visits/photos.tsx';
import { errorText, existingText, focusLabel, LazyCollabTextarea, SegmentedRadio, useCollectionItems } from '../visits/shared.tsx';
import { SEVERITY_LABELS, UNTITLED_FINDING } from './shared.tsx';
import { BasisSection } from '../library/BasisSection.tsx';
import { ConflictsCallout, ItemReviewPanel, ReviewBar } from '../review/index.ts';
import { ConfidentialField } from '../common/ConfidentialField.tsx';
import { ItemPageStates, useItemPage } from '../common/ItemPageStates.tsx';
import { RequiredTitleInput } from '../common/RequiredTitleInput.tsx';

const KINDS = [
  { value: 'need' as const, label: 'Need' },
  { value: 'strength' as const, label: 'Strength' },
];
const SEVERITY_OPTIONS = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));

/** One need or strength with its evidence; every change is saved as it is made. */
export function FindingEditor({ engagementId, findingId }: { engagementId: string; findingId: string }) {
  const page = useItemPage(engagementId, 'findings', findingId);
  const engagement = useEngagement(page.session);

  return (
    <ItemPageStates
      page={page}
      noun="finding"
      tab="findings"
      missingIcon="flag"
      missingText={
        <>
          It may have been deleted, possibly by a teammate, or its changes have not reached this computer yet. Undo (<kbd>Ctrl</kbd>+<kbd>Z</kbd>) brings back a
          finding you deleted yourself.
        </>
      }
      quarantinedText="It is kept exactly as received so nothing is lost. The problems:"
      skeleton={{ main: 220, rows: 5, side: 240 }}
    >
      {(session, finding) => (
        <FindingForm engagementId={engagementId} session={session} finding={finding} engagement={engagement?.ok ? engagement.value : null} />
      )}
    </ItemPageStates>
  );
}

function FindingForm({
  engagementId,
  session,
  finding,
  engagement,
}: {
  engagementId: string;
  session: EngagementSession;
  finding: Finding;
  engagement: Engagement | null;
}) {
  const ws = useWorkspace();
  const toast = useToast();
  const id = useId();
  const attachments = useCollectionItems(session, 'attachments');
  const recommendations = useCollectionItems(session, 'recommendations');
  const visits = useLiveQuery(() => ws.db.visits.where('engagementId').equals(engagementId).toArray(), [ws, engagementId]);
  const sourceVisit = useEntity(session, 'visits', finding.visitId ?? '');
  const { add: addPhotos, busy } = useAddPhotos(session, { kind: 'findings', id: finding.id });
  usePastePhotos(addPhotos);
  const [choosing, setChoosing] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

  const findingMap = collection(session.doc, 'findings').get(finding.id);
  const byId = useMemo(() => new Map(attachments.map((a) => [a.id, a])), [attachments]);
  const photos = useMemo(() => finding.photoIds.map((pid) => byId.get(pid)).filter((a): a is Attachment => Boolean(a)), [finding.photoIds, byId]);
  const answering = useMemo(
    () => recommendations.filter((r) => r.findingIds.includes(finding.id)).sort((a, b) => a.number - b.number),
    [recommendations, finding.id],
  );
  const visit = sourceVisit?.ok ? sourceVisit.value : undefined;
  const questions = visit ? allQuestions(visit.template) : [];
  const question = questions.find((q) => q.id === finding.questionId);

  // A brand-new finding: put the keyboard on its title, selected, ready to be typed over.
  useEffect(() => {
    if (finding.title === UNTITLED_FINDING && Date.now() - new Date(finding.createdAt).getTime() < 15000) {
      titleRef.current?.focus();
      titleRef.current?.select();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const update = (patch: Partial<Finding>) => {
    try {
      updateEntity(session.doc, session.ctx, 'findings', finding.id, patch);
    } catch (err) {
      toast({ tone: 'error', message: errorText(err) });
    }
  };
  const edit = (field: 'description' | 'interviewNotes' | 'internalNotes') => (next: string) =>
    editText(session.doc, session.ctx, 'findings', finding.id, field, next);

  const remove = () => {
    session.undo.stopCapturing();
    deleteEntity(session.doc, 'findings', finding.id);
    session.undo.stopCapturing();
    const fid = finding.id;
    navigate(href.engagement(engagementId, 'findings'));
    toast({
      message: `Finding “${finding.title}” deleted.${answering.length ? ` ${answering.length} recommendation${answering.length === 1 ? ' still lists' : 's still list'} it.` : ''}`,
      action: {
        label: 'Undo',
        run: () => {
          session.undo.undo();
          navigate(href.finding(engagementId, fid));
        },
      },
      timeoutMs: 10000,
    });
  };

  const unlinkPhoto = (a: Attachment) => {
    session.undo.stopCapturing();
    update({ photoIds: finding.photoIds.filter((p) => p !== a.id) });
    session.undo.stopCapturing();
    toast({ message: 'Photo taken off this finding (it stays with its visit).', action: { label: 'Undo', run: () => session.undo.undo() } });
  };
  const togglePhoto = (a: Attachment) =>
    update({ photoIds: finding.photoIds.includes(a.id) ? finding.photoIds.filter((p) => p !== a.id) : [...finding.photoIds, a.id] });

  const indicators = engagement?.indicators ?? [];
  const focusChoices = engagement?.focusAreas?.length
    ? [...engagement.focusAreas, ...FOCUS_AREAS.filter((a) => !engagement.focusAreas.includes(a))]
    : [...FOCUS_AREAS];

  return (
    <div className="page visit-page finding-page" data-testid="finding-editor">
      <header className="visit-header">
        <div className="visit-header-main">
          <div className="visit-kicker">
            <a href={href.engagement(engagementId, 'findings')}>Findings</a>
            <Icon name="chevronRight" size={12} />
            <span>
              {finding.kind === 'strength' ? 'Strength' : 'Need'} · {focusLabel(finding.focusArea)}
            </span>
          </div>
          <h1 className="sr-only">Finding: {finding.title}</h1>
          <RequiredTitleInput
            ref={titleRef}
            value={finding.title}
            onCommit={(title) => update({ title })}
            noun="finding"
            label="Finding title"
            testId="finding-title"
          />
          <div className="visit-meta">
            <ReviewPill state={finding.review.state} />
            <span className="visit-meta-sep" aria-hidden="true" />
            <span className="muted">Last change {formatRelative(finding.updatedAt)}</span>
            {finding.confidential && <span className="tag">Confidential</span>}
          </div>
        </div>
        <div className="visit-header-actions">
          <Button variant="danger" icon="trash" onClick={remove} data-testid="delete-finding">
            Delete
          </Button>
        </div>
      </header>
      <ReviewBar session={session} engagementId={engagementId} name="findings" id={finding.id} review={finding.review} />
      <ConflictsCallout session={session} engagementId={engagementId} name="findings" id={finding.id} />

      <div className="visit-layout">
        <div className="visit-main">
          <section className="card" aria-labelledby={`${id}-what`}>
            <div className="card-header">
              <h2 id={`${id}-what`}>The finding</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <div className="finding-facets">
                <div className="field">
                  <span className="field-label" id={`${id}-kind`}>
                    Kind
                  </span>
                  <SegmentedRadio options={KINDS} value={finding.kind} onChange={(kind) => update({ kind })} labelledBy={`${id}-kind`} testId="finding-kind" />
                </div>
                <div className="field">
                  <span className="field-label" id={`${id}-severity`}>
                    Severity
                  </span>
                  <SegmentedRadio
                    options={SEVERITY_OPTIONS}
                    value={finding.severity}
                    onChange={(severity) => update({ severity })}
                    labelledBy={`${id}-severity`}
                    testId="finding-severity"
                  />
                </div>
                <Field label="Focus area" className="grow">
                  {(p) => (
                    <select
                      {...p}
                      className="select"
                      value={finding.focusArea}
                      onChange={(e) => update({ focusArea: e.target.value as Finding['focusArea'] })}
                      data-testid="finding-focus-area"
                    >
                      {focusChoices.map((a) => (
                        <option key={a} value={a}>
                          {focusLabel(a)}
                          {engagement && !engagement.focusAreas.includes(a) ? ' (outside this engagement)' : ''}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              </div>
              <Field label="Description" hint="What was found and why it matters to the city. This is what the report prints.">
                {(p) => (
                  <LazyCollabTextarea
                    {...p}
                    text={existingText(findingMap, 'description')}
                    value={finding.description}
                    onEdit={edit('description')}
                    rows={6}
                    data-testid="finding-description"
                  />
                )}
              </Field>
            </div>
          </section>

          <section className="card" aria-labelledby={`${id}-evidence`}>
            <div className="card-header">
              <h2 id={`${id}-evidence`}>Evidence</h2>
            </div>
            <div className="card-body stack" style={{ gap: 24 }}>
              <div className="grid-2">
                <Field
                  label="Source visit"
                  hint={
                    visit ? (
                      <a href={href.visit(engagementId, visit.id)}>
                        Open “{visit.title}” · {formatDate(visit.date)}
                      </a>
                    ) : finding.visitId && sourceVisit === undefined ? (
                      'That visit is no longer here.'
                    ) : undefined
                  }
                >
                  {(p) => (
                    <select
                      {...p}
                      className="select"
                      value={finding.visitId ?? ''}
                      onChange={(e) => update({ visitId: e.target.value || undefined, questionId: undefined })}
                      data-testid="finding-visit"
                    >
                      <option value="">No visit</option>
                      {finding.visitId && !visits?.some((v) => v.id === finding.visitId) && (
                        <option value={finding.visitId}>{visit?.title ?? 'Missing visit'}</option>
                      )}
                      {[...(visits ?? [])]
                        .sort((a, b) => (a.date < b.date ? 1 : -1))
                        .map((v) => (
                          <option key={v.id} value={v.id}>
                            {formatDate(v.date)} — {v.title}
                          </option>
                        ))}
                    </select>
                  )}
                </Field>
                <Field
                  label="Question"
                  hint={
                    question ? (
                      <span className="finding-answer">
                        Answer:{' '}
                        {answerSummary(
                          question,
                          visit?.answers[question.id],
                          attachments.filter((a) => a.visitId === visit?.id && a.questionId === question.id).length,
                        ) || 'not answered yet'}
                      </span>
                    ) : visit ? (
                      'Optional: the answer this finding comes from.'
                    ) : (
                      'Choose a visit first.'
                    )
                  }
                >
                  {(p) => (
                    <select
                      {...p}
                      className="select"
                      value={finding.questionId ?? ''}
                      disabled={!visit}
                      onChange={(e) => update({ questionId: e.target.value || undefined })}
                      data-testid="finding-question"
                    >
                      <option value="">{visit ? 'The visit as a whole' : '—'}</option>
                      {visit?.template.sections.map((s) => (
                        <optgroup key={s.id} label={s.title}>
                          {s.questions.map((q) => (
                            <option key={q.id} value={q.id}>
                              {q.label}
                            </option>
                          ))}
                        </optgroup>
                      ))}
                    </select>
                  )}
                </Field>
              </div>

              <div className="stack" style={{ gap: 8 }}>
                <div className="row">
                  <h3 id={`${id}-photos`}>Photos</h3>
                  <span className="muted">{photos.length ? `${photos.length} attached` : ''}</span>
                  <span className="spacer" />
                  <Button size="sm" icon="camera" onClick={() => setChoosing(true)} disabled={attachments.length === 0} data-testid="choose-photos">
                    Choose from this engagement
                  </Button>
                </div>
                {photos.length > 0 && (
                  <PhotoGrid photos={photos} session={session} onRemove={unlinkPhoto} removeLabel="Take off this finding: photo" testId="finding-photo-grid" />
                )}
                <PhotoDropZone
                  onFiles={(files) => void addPhotos(files)}
                  inputLabel="Add photos"
                  buttonText="Add new photos"
                  busy={busy}
                  compact
                  testId="finding-photo-dropzone"
                />
              </div>

              <fieldset className="finding-indicators">
                <legend>
                  <h3>Indicators</h3>
                </legend>
                {indicators.length === 0 ? (
                  <p className="muted">
                    This engagement has no indicators yet. Add unemployment, vacancy or budget figures on the engagement’s Overview, then tick the ones that
                    back this finding.
                  </p>
                ) : (
                  <ul className="check-list">
                    {indicators.map((ind) => (
                      <li key={ind.id}>
                        <label className="checkbox">
                          <input
                            type="checkbox"
                            checked={finding.indicatorIds.includes(ind.id)}
                            onChange={(e) =>
                              update({ indicatorIds: e.target.checked ? [...finding.indicatorIds, ind.id] : finding.indicatorIds.filter((x) => x !== ind.id) })
                            }
                          />
                          <span className="grow">{ind.name}</span>
                          <span className="muted nowrap">
                            {ind.value.toLocaleString()}
                            {ind.unit ? ` ${ind.unit}` : ''} · {formatDate(ind.asOf)}
                          </span>
                        </label>
                      </li>
                    ))}
                  </ul>
                )}
              </fieldset>
            </div>
          </section>

          <BasisSection session={session} collection="findings" id={finding.id} libraryIds={finding.libraryIds} focusArea={finding.focusArea} />

          <section className="card finding-internal" aria-labelledby={`${id}-internal`}>
            <div className="card-header">
              <Icon name="alert" />
              <h2 id={`${id}-internal`}>Internal — never in the public report</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <Field label="Interview notes" hint="Internal — never in the public report. Who said what, in confidence; only the internal edition shows these.">
                {(p) => (
                  <LazyCollabTextarea
                    {...p}
                    text={existingText(findingMap, 'interviewNotes')}
                    value={finding.interviewNotes}
                    onEdit={edit('interviewNotes')}
                    rows={4}
                    data-testid="finding-interview-notes"
                  />
                )}
              </Field>
              <Field label="Internal notes" hint="Internal — never in the public report. Doubts, things to check, context for the team.">
                {(p) => (
                  <LazyCollabTextarea
                    {...p}
                    text={existingText(findingMap, 'internalNotes')}
                    value={finding.internalNotes}
                    onEdit={edit('internalNotes')}
                    rows={3}
                    data-testid="finding-internal-notes"
                  />
                )}
              </Field>
            </div>
          </section>
        </div>

        <aside className="visit-side" aria-label="Finding status">
          <ItemReviewPanel session={session} engagementId={engagementId} name="findings" id={finding.id} />
          <section className="card" aria-labelledby={`${id}-status`}>
            <div className="card-header">
              <h2 id={`${id}-status`}>Review and visibility</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <dl className="kv kv-tight">
                <dt>Review</dt>
                <dd>
                  <ReviewPill state={finding.review.state} />
                </dd>
                <dt>Created</dt>
                <dd>{formatDate(finding.createdAt)}</dd>
                <dt>Last change</dt>
                <dd>{formatRelative(finding.updatedAt)}</dd>
              </dl>
              <ConfidentialField
                hint="Confidential findings are left out of the public report."
                checked={finding.confidential}
                onChange={(confidential) => update({ confidential })}
                testId="finding-confidential"
              />
            </div>
          </section>

          <section className="card" aria-labelledby={`${id}-recs`} data-testid="finding-recommendations">
            <div className="card-header">
              <Icon name="lightbulb" />
              <h2 id={`${id}-recs`}>Recommendations answering it</h2>
            </div>
            {answering.length === 0 ? (
              <div className="card-body">
                <p className="muted">None yet. Link this finding from a recommendation’s “Findings it answers”.</p>
              </div>
            ) : (
              <ul className="visit-findings-list">
                {answering.map((r) => (
                  <li key={r.id}>
                    <a href={href.recommendation(engagementId, r.id)}>
                      <span className="rec-no muted">R-{r.number}</span>
                      <span className="grow visit-finding-title">{r.title}</span>
                      <RecStatusPill status={r.status} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>

      <Dialog
        open={choosing}
        title="Choose photos for this finding"
        onClose={() => setChoosing(false)}
        wide
        footer={
          <Button variant="primary" onClick={() => setChoosing(false)}>
            Done
          </Button>
        }
      >
        <p className="muted" style={{ marginBottom: 16 }}>
          Every photo in this engagement. Selected photos are attached at once; choose again to take one off.
        </p>
        <ul className="photo-pick-grid" aria-label="Engagement photos">
          {attachments.map((a, i) => {
            const on = finding.photoIds.includes(a.id);
            return (
              <li key={a.id}>
                <button
                  type="button"
                  className={`photo-pick ${on ? 'is-on' : ''}`}
                  aria-pressed={on}
                  onClick={() => togglePhoto(a)}
                  aria-label={`Photo: ${photoAlt(a, i)}`}
                >
                  <PhotoImage attachment={a} variant="thumb" alt="" />
                  <span className="photo-pick-check" aria-hidden="true">
                    {on && <Icon name="check" size={14} />}
                  </span>
                  <span className="photo-pick-caption">{photoAlt(a, i)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </Dialog>
    </div>
  );
}
