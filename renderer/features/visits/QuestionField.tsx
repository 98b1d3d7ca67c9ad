import { memo, useEffect, useId, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { editAnswerText, setAnswer } from '#core/model/write.ts';
import { validateAnswer } from '#core/rules/visit-submission.ts';
import type { Attachment, Question } from '#core/schemas/index.ts';
import { href } from '../../app/router.tsx';
import type { EngagementSession } from '../../data/session.ts';
import { Button } from '../../ui/Button.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { isAnswered } from './answers.ts';
import { PhotoDropZone, PhotoImage, photoAlt } from './photos.tsx';
import { errorText, LazyCollabTextarea, SegmentedRadio } from './shared.tsx';

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'na', label: 'N.A.' },
];
const RATINGS = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: String(n) }));

export interface QuestionFieldProps {
  engagementId: string;
  session: EngagementSession;
  visitId: string;
  question: Question;
  value: unknown;
  /** The Y.Text of a text answer, once someone has typed in it. */
  text: Y.Text | undefined;
  photos: Attachment[];
  findings: { id: string; title: string }[];
  problem?: string;
  onAddPhotos: (files: File[], questionId: string) => void;
  photoBusy: number;
  onMakeFinding: (q: Question) => void;
}

const sameJson = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Re-render a question only when what it shows changed: typing in one answer (or the observations) re-reads the
 * visit, and re-rendering forty unchanged questions on every keystroke is what made typing slow on big visits.
 * Callbacks are stable (VisitEditor passes ref-backed ones), so they are not compared.
 */
export const QuestionField = memo(QuestionFieldView, (a, b) =>
  a.engagementId === b.engagementId &&
  a.session === b.session &&
  a.visitId === b.visitId &&
  a.text === b.text &&
  a.problem === b.problem &&
  a.photoBusy === b.photoBusy &&
  a.onAddPhotos === b.onAddPhotos &&
  a.onMakeFinding === b.onMakeFinding &&
  sameJson(a.value, b.value) &&
  sameJson(a.question, b.question) &&
  sameJson(a.photos, b.photos) &&
  sameJson(a.findings, b.findings),
);

/** One template question with the control its kind needs, labelled by the question text itself. */
function QuestionFieldView({
  engagementId,
  session,
  visitId,
  question: q,
  value,
  text,
  photos,
  findings,
  problem,
  onAddPhotos,
  photoBusy,
  onMakeFinding,
}: QuestionFieldProps) {
  const toast = useToast();
  const id = useId();
  const labelId = `${id}-label`;
  const controlId = `${id}-control`;
  const helpId = q.help ? `${id}-help` : undefined;
  const problemId = problem ? `${id}-problem` : undefined;
  const describedBy = [helpId, problemId].filter(Boolean).join(' ') || undefined;
  const answered = isAnswered(q, value, photos.length);
  const invalidMessage = q.kind === 'number' || q.kind === 'photo' ? null : validateAnswer(q, value);

  const set = (v: unknown) => {
    try {
      setAnswer(session.doc, session.ctx, visitId, q.id, v);
    } catch (err) {
      toast({ tone: 'error', message: errorText(err) });
    }
  };
  const clearable = answered && q.kind !== 'text' && q.kind !== 'photo' && q.kind !== 'number';
  const usesNativeLabel = q.kind === 'text' || q.kind === 'number' || (q.kind === 'single' && q.options.length > 5);
  const LabelTag = usesNativeLabel ? 'label' : 'span';
  const actions = (answered || clearable) && (
    <div className="q-actions">
      {clearable && (
        <Button size="sm" variant="ghost" onClick={() => set(null)} aria-label={`Clear answer to: ${q.label}`}>
          Clear
        </Button>
      )}
      {answered && (
        <Button
          size="sm"
          variant="ghost"
          icon="flag"
          onClick={() => onMakeFinding(q)}
          aria-label={`Make a finding from: ${q.label}`}
          data-testid={`make-finding-${q.id}`}
        >
          Make a finding
        </Button>
      )}
    </div>
  );
  const actionsBelow = q.kind === 'text' || q.kind === 'photo';

  return (
    <div
      className={`q ${problem ? 'has-problem' : ''} ${answered ? 'is-answered' : ''}`}
      id={`q-${q.id}`}
      data-testid={`question-${q.id}`}
      data-question-id={q.id}
    >
      <div className="q-head">
        <span className="q-title">
          <LabelTag className="q-label" id={labelId} {...(usesNativeLabel ? { htmlFor: controlId } : {})}>
            {q.label}
          </LabelTag>
          {q.required && (
            <span className="req" aria-hidden="true" title="Required">
              *
            </span>
          )}
        </span>
        <span className="q-status" aria-hidden="true" title={answered ? 'Answered' : 'Not answered yet'}>
          {answered ? <Icon name="check" size={14} /> : null}
        </span>
      </div>
      {q.help && (
        <p className="q-help" id={helpId}>
          {q.help}
        </p>
      )}
      <div className="q-body">
        <div className="q-control">
          {q.kind === 'rating' && (
            <div className="q-rating">
              {q.lowLabel && (
                <span className="q-scale muted" aria-hidden="true">
                  1 · {q.lowLabel}
                </span>
              )}
              <SegmentedRadio
                options={RATINGS}
                value={typeof value === 'number' ? value : undefined}
                onChange={set}
                labelledBy={labelId}
                describedBy={[describedBy, q.lowLabel || q.highLabel ? `${id}-scale` : ''].filter(Boolean).join(' ') || undefined}
                testId={`answer-${q.id}`}
                invalid={Boolean(problem)}
              />
              {q.highLabel && (
                <span className="q-scale muted" aria-hidden="true">
                  5 · {q.highLabel}
                </span>
              )}
              {(q.lowLabel || q.highLabel) && (
                <span className="sr-only" id={`${id}-scale`}>
                  1 means {q.lowLabel || 'lowest'}, 5 means {q.highLabel || 'highest'}
                </span>
              )}
            </div>
          )}
          {q.kind === 'yesno' && (
            <SegmentedRadio
              options={YES_NO}
              value={typeof value === 'string' ? value : undefined}
              onChange={set}
              labelledBy={labelId}
              describedBy={describedBy}
              testId={`answer-${q.id}`}
              invalid={Boolean(problem)}
            />
          )}
          {q.kind === 'number' && <NumberAnswer id={controlId} question={q} value={value} onSet={set} describedBy={describedBy} problem={Boolean(problem)} />}
          {q.kind === 'single' &&
            (q.options.length > 5 ? (
              <select
                id={controlId}
                className="select q-select"
                value={typeof value === 'string' ? value : ''}
                onChange={(e) => set(e.target.value || null)}
                aria-describedby={describedBy}
                aria-required={q.required || undefined}
                aria-invalid={problem ? true : undefined}
                data-testid={`answer-${q.id}`}
              >
                <option value="">Choose…</option>
                {q.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <div
                className="choice-list"
                role="radiogroup"
                aria-labelledby={labelId}
                aria-describedby={describedBy}
                aria-required={q.required || undefined}
                data-testid={`answer-${q.id}`}
              >
                {q.options.map((o) => (
                  <label key={o} className="choice">
                    <input type="radio" name={`${id}-radio`} value={o} checked={value === o} onChange={() => set(o)} />
                    {o}
                  </label>
                ))}
              </div>
            ))}
          {q.kind === 'multiple' && (
            <div className="choice-list" role="group" aria-labelledby={labelId} aria-describedby={describedBy} data-testid={`answer-${q.id}`}>
              {q.options.map((o) => {
                const list = Array.isArray(value) ? (value as string[]) : [];
                const checked = list.includes(o);
                return (
                  <label key={o} className="choice">
                    <input type="checkbox" checked={checked} onChange={() => set(checked ? list.filter((x) => x !== o) : [...list, o])} />
                    {o}
                  </label>
                );
              })}
            </div>
          )}
          {q.kind === 'text' && (
            <LazyCollabTextarea
              id={controlId}
              text={text}
              value={typeof value === 'string' ? value : ''}
              onEdit={(next) => {
                try {
                  editAnswerText(session.doc, session.ctx, visitId, q.id, next);
                } catch (err) {
                  toast({ tone: 'error', message: errorText(err) });
                }
              }}
              placeholder={q.placeholder}
              rows={3}
              aria-describedby={describedBy}
              aria-required={q.required || undefined}
              aria-invalid={problem ? true : undefined}
              data-testid={`answer-${q.id}`}
            />
          )}
          {q.kind === 'photo' && (
            <div className="q-photos">
              {photos.length > 0 && (
                <ul className="q-photo-strip" aria-label={`Photos for: ${q.label}`}>
                  {photos.map((a, i) => (
                    <li key={a.id}>
                      <PhotoImage attachment={a} variant="thumb" alt={photoAlt(a, i)} />
                    </li>
                  ))}
                </ul>
              )}
              <PhotoDropZone
                compact
                questionId={q.id}
                onFiles={(files) => onAddPhotos(files, q.id)}
                inputLabel={`Photo files for: ${q.label}`}
                buttonLabel={`${photos.length ? 'Add more photos' : 'Attach photos'} to: ${q.label}`}
                buttonText={photos.length ? 'Add more' : 'Attach photos'}
                busy={photoBusy}
                hint={photos.length ? `${photos.length} attached · captions in Photos below` : 'or drop pictures here'}
                testId={`photo-zone-${q.id}`}
              />
            </div>
          )}
        </div>
        {!actionsBelow && actions}
      </div>
      {(problem || invalidMessage) && (
        <p className="q-problem" id={problemId} role={problem ? 'alert' : undefined}>
          <Icon name="alert" size={12} />
          {problem ?? invalidMessage}
        </p>
      )}
      {(findings.length > 0 || (actionsBelow && actions)) && (
        <div className="q-foot">
          {findings.map((f) => (
            <a key={f.id} className="q-finding-link" href={href.finding(engagementId, f.id)}>
              <Icon name="flag" size={12} />
              {f.title}
            </a>
          ))}
          <span className="spacer" />
          {actionsBelow && actions}
        </div>
      )}
    </div>
  );
}

function NumberAnswer({
  id,
  question: q,
  value,
  onSet,
  describedBy,
  problem,
}: {
  id: string;
  question: Extract<Question, { kind: 'number' }>;
  value: unknown;
  onSet: (v: unknown) => void;
  describedBy?: string;
  problem: boolean;
}) {
  const stored = typeof value === 'number' ? String(value) : '';
  const [draft, setDraft] = useState(stored);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(stored);
  }, [stored]);
  const trimmed = draft.trim().replace(',', '.');
  const parsed = trimmed === '' ? null : Number(trimmed);
  const notNumber = parsed !== null && !Number.isFinite(parsed);
  const rangeError = parsed !== null && !notNumber ? validateAnswer(q, parsed) : null;
  const error = notNumber ? 'Type a number, for example 12 or 3.5.' : rangeError;
  const errorId = `${id}-error`;
  const range =
    q.min !== undefined && q.max !== undefined
      ? `${q.min}–${q.max}`
      : q.min !== undefined
        ? `at least ${q.min}`
        : q.max !== undefined
          ? `at most ${q.max}`
          : '';
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div className="q-number">
        <input
          id={id}
          className="input"
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={draft}
          aria-describedby={[describedBy, error ? errorId : ''].filter(Boolean).join(' ') || undefined}
          aria-invalid={error || problem ? true : undefined}
          aria-required={q.required || undefined}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            if (!notNumber) setDraft(stored);
          }}
          onChange={(e) => {
            setDraft(e.target.value);
            const t = e.target.value.trim().replace(',', '.');
            if (t === '') onSet(null);
            else if (Number.isFinite(Number(t))) onSet(Number(t));
          }}
          data-testid={`answer-${q.id}`}
        />
        {q.unit && <span className="q-unit">{q.unit}</span>}
        {range && <span className="muted q-range">{range}</span>}
      </div>
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}
