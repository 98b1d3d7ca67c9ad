import { useCallback, useMemo, useRef, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { collection } from '#core/model/layout.ts';
import { createEntity, deleteEntity, editText, updateEntity } from '#core/model/write.ts';
import { checkVisitForSubmit, type SubmitProblem } from '#core/rules/visit-submission.ts';
import { FOCUS_AREAS, type Attachment, type FocusArea, type Question, type Visit } from '#core/schemas/index.ts';
import { useCommand } from '../../app/commands.ts';
import { href, navigate } from '../../app/router.tsx';
import { useEngagement, useWorkspace } from '../../app/workspace-context.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { formatDate, formatRelative } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { FindingKindPill, ReviewPill } from '../../ui/pills.tsx';
import { SkeletonRows } from '../../ui/Skeleton.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { createFindingFromAnswer, isAnswered } from './answers.ts';
import { NewVisitDialog } from './NewVisitDialog.tsx';
import { hasFiles, PhotoDropZone, PhotoGrid, useAddPhotos, usePastePhotos } from './photos.tsx';
import { QuestionField } from './QuestionField.tsx';
import { errorText, existingText, LazyCollabTextarea, plural, useCollectionItems } from './shared.tsx';
import { EditingNotice, PresenceAvatars } from '../sync/SyncStatus.tsx';
import { useEditingPresence } from '../sync/hooks.ts';
import { ChipInput, LocationFields } from './VisitDetails.tsx';
import { ConflictsCallout, ItemReviewPanel, ReviewBar } from '../review/index.ts';
import { ConfidentialField } from '../common/ConfidentialField.tsx';
import { ItemPageStates, useItemPage } from '../common/ItemPageStates.tsx';
import { RequiredTitleInput } from '../common/RequiredTitleInput.tsx';

/** The banner names the question; next to the question itself a shorter sentence reads better. */
function shortProblem(message: string): string {
  if (/needs at least one photo/.test(message)) return 'Required: attach at least one photo before submitting.';
  if (/is required and has no answer/.test(message)) return 'Required: answer this before submitting.';
  return message;
}

/** Put the keyboard on a question's control and bring it into view. */
function focusQuestion(questionId: string) {
  const block = document.getElementById(`q-${questionId}`);
  if (!block) return;
  const control = block.querySelector<HTMLElement>(
    '[role="radio"][tabindex="0"], input:checked, .q-control input:not(.sr-only), .q-control select, .q-control textarea, .q-control button',
  );
  block.scrollIntoView({ block: 'center', behavior: 'smooth' });
  (control ?? block).focus({ preventScroll: true });
}

/** A site visit: answers, location, people, observations and photos — every change saved as it is made. */
export function VisitEditor({ engagementId, visitId }: { engagementId: string; visitId: string }) {
  const page = useItemPage(engagementId, 'visits', visitId);
  const engagement = useEngagement(page.session);
  useEditingPresence(engagementId, 'visit', visitId);

  const focusAreas: FocusArea[] = engagement?.ok ? engagement.value.focusAreas : [];
  return (
    <ItemPageStates
      page={page}
      noun="visit"
      tab="visits"
      missingIcon="clipboard"
      missingText={
        <>
          It may have been deleted, possibly by a teammate, or the link is from another computer whose changes have not reached this one yet. Undo (
          <kbd>Ctrl</kbd>+<kbd>Z</kbd>) brings back a visit you deleted yourself.
        </>
      }
      quarantinedText={
        <>
          It is kept exactly as received so nothing is lost. Someone with a newer version of Groundwork, or the person who last changed it, can repair it. The
          problems:
        </>
      }
      skeleton={{ main: 240, rows: 6, side: 320 }}
    >
      {(session, visit) => <VisitForm engagementId={engagementId} session={session} visit={visit} focusAreas={focusAreas} />}
    </ItemPageStates>
  );
}

function VisitForm({ engagementId, session, visit, focusAreas }: { engagementId: string; session: EngagementSession; visit: Visit; focusAreas: FocusArea[] }) {
  const ws = useWorkspace();
  const toast = useToast();
  const attachments = useCollectionItems(session, 'attachments');
  const allFindings = useCollectionItems(session, 'findings');
  const findingRows = useLiveQuery(() => ws.db.findings.where('visitId').equals(visit.id).toArray(), [ws, visit.id]);
  const { add: addPhotos, busy: photoBusy } = useAddPhotos(session, { kind: 'visits', id: visit.id });
  const [dateError, setDateError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [newVisit, setNewVisit] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  const visitMap = collection(session.doc, 'visits').get(visit.id);
  const answersMap = visitMap?.get('answers');
  const byId = useMemo(() => new Map(attachments.map((a) => [a.id, a])), [attachments]);
  const photos = useMemo(() => visit.photoIds.map((id) => byId.get(id)).filter((a): a is Attachment => Boolean(a)), [visit.photoIds, byId]);
  const photosByQuestion = useMemo(() => {
    const m = new Map<string, Attachment[]>();
    for (const a of photos) if (a.questionId) m.set(a.questionId, [...(m.get(a.questionId) ?? []), a]);
    return m;
  }, [photos]);
  const findingsByQuestion = useMemo(() => {
    const m = new Map<string, { id: string; title: string }[]>();
    for (const f of allFindings)
      if (f.visitId === visit.id && f.questionId) m.set(f.questionId, [...(m.get(f.questionId) ?? []), { id: f.id, title: f.title }]);
    return m;
  }, [allFindings, visit.id]);
  const questionLabels = useMemo(() => new Map(visit.template.sections.flatMap((s) => s.questions.map((q) => [q.id, q.label] as const))), [visit.template]);

  const check = useMemo(() => (checking ? checkVisitForSubmit(visit, photos) : null), [checking, visit, photos]);
  const problemsByQ = useMemo(() => new Map((check?.problems ?? []).filter((p) => p.questionId).map((p) => [p.questionId!, shortProblem(p.message)])), [check]);
  const generalProblems: SubmitProblem[] = check?.problems ?? [];

  const questions = visit.template.sections.flatMap((s) => s.questions);
  const answeredCount = questions.filter((q) => isAnswered(q, visit.answers[q.id], photosByQuestion.get(q.id)?.length ?? 0)).length;
  const requiredLeft = questions.filter((q) => q.required && !isAnswered(q, visit.answers[q.id], photosByQuestion.get(q.id)?.length ?? 0)).length;
  const canSubmit = visit.review.state === 'draft' || visit.review.state === 'changes-requested';

  const update = (patch: Partial<Visit>): boolean => {
    try {
      updateEntity(session.doc, session.ctx, 'visits', visit.id, patch);
      return true;
    } catch (err) {
      toast({ tone: 'error', message: errorText(err) });
      return false;
    }
  };

  /** The review bar submits; a visit first needs its required answers and photos. */
  const checkBeforeSubmit = (): boolean => {
    const result = checkVisitForSubmit(visit, photos);
    if (!result.ok) {
      setChecking(true);
      const first = result.problems.find((p) => p.questionId);
      if (first?.questionId) requestAnimationFrame(() => focusQuestion(first.questionId!));
      return false;
    }
    setChecking(false);
    return true;
  };

  const makeFinding = (q: Question) => {
    try {
      session.undo.stopCapturing();
      const f = createFindingFromAnswer(session, visit, q, focusAreas, photosByQuestion.get(q.id) ?? []);
      session.undo.stopCapturing();
      toast({ message: `Finding created: “${f.title}”.`, action: { label: 'Open', run: () => navigate(href.finding(engagementId, f.id)) }, timeoutMs: 9000 });
    } catch (err) {
      toast({ tone: 'error', message: `Could not create the finding: ${errorText(err)}` });
    }
  };

  const newFindingFromVisit = () => {
    try {
      const f = createEntity(session.doc, session.ctx, 'findings', {
        title: `Finding from ${visit.title}`.slice(0, 200),
        kind: 'need',
        focusArea: focusAreas[0] ?? visit.template.focusAreas[0] ?? FOCUS_AREAS[0],
        severity: 'medium',
        visitId: visit.id,
        confidential: visit.confidential,
      });
      navigate(href.finding(engagementId, f.id));
    } catch (err) {
      toast({ tone: 'error', message: `Could not create the finding: ${errorText(err)}` });
    }
  };
  useCommand('new-finding', newFindingFromVisit);
  useCommand('new-visit', () => setNewVisit(true));

  const removePhoto = (a: Attachment) => {
    session.undo.stopCapturing();
    try {
      updateEntity(session.doc, session.ctx, 'visits', visit.id, { photoIds: visit.photoIds.filter((id) => id !== a.id) });
      const usedElsewhere = allFindings.some((f) => f.photoIds.includes(a.id));
      if (usedElsewhere) updateEntity(session.doc, session.ctx, 'attachments', a.id, { visitId: undefined, questionId: undefined });
      else deleteEntity(session.doc, 'attachments', a.id);
    } catch (err) {
      toast({ tone: 'error', message: `Could not remove the photo: ${errorText(err)}` });
      return;
    }
    session.undo.stopCapturing();
    toast({ message: `Photo “${a.caption || a.name || 'untitled'}” removed.`, action: { label: 'Undo', run: () => session.undo.undo() } });
  };

  usePastePhotos(addPhotos);
  // Stable callbacks for the memoised question fields: they always call the latest closures.
  const latest = useRef({ addPhotos, makeFinding });
  latest.current = { addPhotos, makeFinding };
  const onAddPhotos = useCallback((files: File[], qid: string) => void latest.current.addPhotos(files, qid), []);
  const onMakeFinding = useCallback((q: Question) => latest.current.makeFinding(q), []);

  const sectionAnswered = (qs: Question[]) => qs.filter((q) => isAnswered(q, visit.answers[q.id], photosByQuestion.get(q.id)?.length ?? 0)).length;

  return (
    <div
      ref={rootRef}
      className={`page visit-page ${dragging ? 'is-dragging' : ''}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (!rootRef.current?.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={(e) => {
        setDragging(false);
        if (!hasFiles(e)) return;
        e.preventDefault();
        void addPhotos([...e.dataTransfer.files]);
      }}
      data-testid="visit-editor"
    >
      {dragging && (
        <div className="visit-drop-overlay" aria-hidden="true">
          <Icon name="camera" size={24} />
          Drop to add the pictures to this visit
        </div>
      )}
      <header className="visit-header">
        <div className="visit-header-main">
          <div className="visit-kicker">
            <a href={href.engagement(engagementId, 'visits')}>Visits</a>
            <Icon name="chevronRight" size={12} />
            <span>
              {visit.template.name} <span className="muted">· v{visit.template.version}</span>
            </span>
          </div>
          <h1 className="sr-only">Visit: {visit.title}</h1>
          <RequiredTitleInput value={visit.title} onCommit={(title) => update({ title })} noun="visit" label="Visit title" testId="visit-title" />
          <div className="visit-meta">
            <label className="visit-date">
              <span className="muted">Date</span>
              <input
                type="date"
                className="input input-sm"
                value={visit.date}
                aria-invalid={dateError ? true : undefined}
                onChange={(e) => {
                  if (!e.target.value) {
                    setDateError('The visit needs a date.');
                    return;
                  }
                  setDateError(null);
                  update({ date: e.target.value });
                }}
                data-testid="visit-date"
              />
            </label>
            <span className="visit-meta-sep" aria-hidden="true" />
            <ReviewPill state={visit.review.state} />
            {visit.review.state !== 'draft' && visit.review.at && <span className="muted">{formatRelative(visit.review.at)}</span>}
            <span className="visit-meta-sep" aria-hidden="true" />
            <span className="muted" data-testid="visit-progress">
              {answeredCount} of {questions.length} answered{requiredLeft ? ` · ${requiredLeft} required left` : ''}
            </span>
            {visit.confidential && <span className="tag">Confidential</span>}
            {dateError && (
              <span className="field-error" role="alert">
                {dateError}
              </span>
            )}
          </div>
        </div>
        <div className="visit-header-actions">
          <EditingNotice engagementId={engagementId} kind="visit" id={visit.id} />
          <PresenceAvatars engagementId={engagementId} />
        </div>
      </header>
      <ReviewBar session={session} engagementId={engagementId} name="visits" id={visit.id} review={visit.review} beforeSubmit={checkBeforeSubmit} />
      <ConflictsCallout session={session} engagementId={engagementId} name="visits" id={visit.id} questions={questionLabels} />

      {check && !check.ok && (
        <div className="banner banner-error visit-problems" role="alert" data-testid="submit-problems">
          <Icon name="alert" />
          <div className="grow">
            <strong>{plural(generalProblems.length, 'thing')} to fix before this visit can be submitted</strong>
            <ul>
              {generalProblems.map((p, i) => (
                <li key={`${p.questionId ?? 'visit'}-${i}`}>
                  {p.questionId ? (
                    <button type="button" className="linklike" onClick={() => focusQuestion(p.questionId!)}>
                      {p.section ? `${p.section}: ` : ''}
                      {p.message}
                    </button>
                  ) : (
                    p.message
                  )}
                </li>
              ))}
            </ul>
          </div>
          <Button size="sm" variant="ghost" icon="x" label="Hide these problems" onClick={() => setChecking(false)} style={{ color: 'inherit' }} />
        </div>
      )}
      {check?.ok && canSubmit && (
        <div className="banner banner-info" role="status">
          <Icon name="check" />
          <span className="grow">Everything required is answered. Submit the visit when you are ready.</span>
        </div>
      )}

      <div className="visit-layout">
        <div className="visit-main">
          {visit.template.sections.map((section) => (
            <section key={section.id} className="card visit-section" id={`section-${section.id}`} aria-labelledby={`section-${section.id}-title`}>
              <div className="card-header">
                <h2 id={`section-${section.id}-title`}>{section.title}</h2>
                <span className="spacer" />
                <span className="muted visit-section-count">
                  {sectionAnswered(section.questions)} / {section.questions.length}
                </span>
              </div>
              <div className="visit-questions">
                {section.questions.map((q) => (
                  <QuestionField
                    key={q.id}
                    engagementId={engagementId}
                    session={session}
                    visitId={visit.id}
                    question={q}
                    value={visit.answers[q.id]}
                    text={existingText(answersMap, q.id)}
                    photos={photosByQuestion.get(q.id) ?? []}
                    findings={findingsByQuestion.get(q.id) ?? []}
                    problem={problemsByQ.get(q.id)}
                    onAddPhotos={onAddPhotos}
                    photoBusy={photoBusy}
                    onMakeFinding={onMakeFinding}
                  />
                ))}
              </div>
            </section>
          ))}

          <section className="card" aria-labelledby="visit-observations-title">
            <div className="card-header">
              <h2 id="visit-observations-title">
                <label htmlFor="visit-observations-text">Observations</label>
              </h2>
            </div>
            <div className="card-body">
              <LazyCollabTextarea
                text={existingText(visitMap, 'observations')}
                value={visit.observations}
                onEdit={(next) => editText(session.doc, session.ctx, 'visits', visit.id, 'observations', next)}
                id="visit-observations-text"
                aria-describedby="visit-observations-hint"
                rows={6}
                className="visit-observations"
                placeholder="What you saw and heard that the questions did not cover: who said what, what surprised you, what to follow up."
                data-testid="visit-observations"
              />
              <p className="field-hint" id="visit-observations-hint">
                Saved on this computer as you type. Teammates’ edits merge in when you sync.
              </p>
            </div>
          </section>

          <section className="card" aria-labelledby="visit-photos-title" id="visit-photos">
            <div className="card-header">
              <h2 id="visit-photos-title">Photos</h2>
              <span className="muted">{photos.length ? plural(photos.length, 'photo') : ''}</span>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <PhotoDropZone onFiles={(files) => void addPhotos(files)} inputLabel="Add photos" busy={photoBusy} testId="photo-dropzone" />
              {photos.length > 0 ? (
                <PhotoGrid
                  photos={photos}
                  session={session}
                  onRemove={removePhoto}
                  tagFor={(a) => (a.questionId ? questionLabels.get(a.questionId) : undefined)}
                  testId="visit-photo-grid"
                />
              ) : (
                <p className="muted">
                  No photos yet. Pictures of facades, sites and meetings make findings easy to believe; add a caption saying what each one shows.
                </p>
              )}
            </div>
          </section>
        </div>

        <aside className="visit-side" aria-label="Visit details">
          <ItemReviewPanel session={session} engagementId={engagementId} name="visits" id={visit.id} questions={questionLabels} />
          <section className="card" aria-labelledby="visit-where-title">
            <div className="card-header">
              <Icon name="pin" />
              <h2 id="visit-where-title">Where and who</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <LocationFields session={session} visitId={visit.id} location={visit.location} />
              <ChipInput
                label="Attendees"
                values={visit.attendees}
                onChange={(attendees) => update({ attendees })}
                placeholder="Name, role"
                testId="visit-attendees"
              />
              <ConfidentialField
                hint="Confidential visits and their photos are left out of the public report."
                checked={visit.confidential}
                onChange={(confidential) => update({ confidential })}
                testId="visit-confidential"
              />
            </div>
          </section>

          <nav className="card visit-outline" aria-label="Sections of this visit">
            <div className="card-header">
              <h2>Sections</h2>
              <span className="spacer" />
              <span className="muted">
                {answeredCount} / {questions.length}
              </span>
            </div>
            <ul>
              {visit.template.sections.map((s) => {
                const done = sectionAnswered(s.questions);
                return (
                  <li key={s.id}>
                    <a
                      href={`#section-${s.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(`section-${s.id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                        const first = s.questions[0];
                        if (first) focusQuestion(first.id);
                      }}
                    >
                      <span className={`visit-outline-dot ${done === s.questions.length ? 'is-done' : done ? 'is-part' : ''}`} aria-hidden="true" />
                      <span className="grow">{s.title}</span>
                      <span className="muted">
                        {done}/{s.questions.length}
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </nav>

          <section className="card" aria-labelledby="visit-findings-title" data-testid="visit-findings">
            <div className="card-header">
              <Icon name="flag" />
              <h2 id="visit-findings-title">Findings from this visit</h2>
            </div>
            {findingRows === undefined ? (
              <div className="card-body">
                <SkeletonRows rows={2} label="Loading findings" />
              </div>
            ) : findingRows.length === 0 ? (
              <div className="card-body">
                <p className="muted">None yet. Use “Make a finding” on an answered question, or start one from the visit as a whole.</p>
              </div>
            ) : (
              <ul className="visit-findings-list">
                {findingRows.map((f) => (
                  <li key={f.id}>
                    <a href={href.finding(engagementId, f.id)}>
                      <span className="grow visit-finding-title">{f.title}</span>
                      <FindingKindPill kind={f.kind} />
                    </a>
                  </li>
                ))}
              </ul>
            )}
            <div className="card-footer">
              <Button size="sm" icon="plus" onClick={newFindingFromVisit} title="New finding from this visit (F)">
                New finding from this visit
              </Button>
            </div>
          </section>

          <p className="muted visit-stamp">
            Created {formatDate(visit.createdAt)} · last change {formatRelative(visit.updatedAt)}
          </p>
        </aside>
      </div>
      <NewVisitDialog engagementId={engagementId} open={newVisit} onClose={() => setNewVisit(false)} />
    </div>
  );
}
