import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { BUILT_IN_TEMPLATES } from '#core/templates/index.ts';
import { ValidationError } from '#core/errors.ts';
import {
  FOCUS_AREAS,
  FOCUS_AREA_LABELS,
  QUESTION_KINDS,
  QUESTION_KIND_LABELS,
  Template,
  type FocusArea,
  type Question,
  type QuestionKind,
  type TemplateSection,
} from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Field } from '../../ui/Field.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { QuestionPreview } from './QuestionPreview.tsx';
import { blankQuestion, blankSection, move, tidy, withKind } from './template-edit.ts';
import { ProblemsBanner } from '../../ui/ProblemsBanner.tsx';

const FIELD_NAMES: Record<string, string> = {
  label: 'Label',
  title: 'Title',
  name: 'Name',
  options: 'Options',
  help: 'Help text',
  unit: 'Unit',
  min: 'Minimum',
  max: 'Maximum',
  lowLabel: 'Low label',
  highLabel: 'High label',
  description: 'Description',
  questions: 'Questions',
  sections: 'Sections',
};

/** Zod issues keyed by their path ("sections.0.questions.2.label"), for errors shown beside each field. */
function issuesByPath(t: Template): Map<string, string> {
  const r = Template.safeParse(tidy(t));
  const m = new Map<string, string>();
  if (r.success) return m;
  for (const i of r.error.issues) {
    const path = i.path.map(String);
    const last = [...path].reverse().find((p) => !/^\d+$/.test(p)) ?? '';
    const msg = i.code === 'too_small' && i.origin === 'string' ? 'is required' : i.message;
    const key = path.join('.');
    if (!m.has(key)) m.set(key, `${FIELD_NAMES[last] ?? 'This'} ${msg}.`);
  }
  return m;
}

/** "Sections (item 1, questions, item 2, label) is required." → "Section 1, question 2: label is required." */
function friendly(message: string): string {
  return message
    .replace(/^Sections \(item (\d+), questions, item (\d+), options, item (\d+)\) (.*)$/, 'Section $1, question $2, option $3 $4')
    .replace(
      /^Sections \(item (\d+), questions, item (\d+), (\w+)\) (.*)$/,
      (_m, s, q, f: string, rest: string) => `Section ${s}, question ${q}: ${(FIELD_NAMES[f] ?? f).toLowerCase()} ${rest}`,
    )
    .replace(/^Sections \(item (\d+), questions, item (\d+)\) (.*)$/, 'Section $1, question $2 $3')
    .replace(/^Sections \(item (\d+), (\w+)\) (.*)$/, (_m, s, f: string, rest: string) => `Section ${s}: ${(FIELD_NAMES[f] ?? f).toLowerCase()} ${rest}`);
}

const numberOrUndefined = (v: string) => (v.trim() === '' || Number.isNaN(Number(v)) ? undefined : Number(v));

/** Edit a template as a draft; "Save template" validates it and stores a new version. */
export function TemplateEditor({ templateId }: { templateId: string }) {
  const ws = useWorkspace();
  const [saved, setSaved] = useState<Template | undefined>(() => ws.templates.get(templateId));
  if (!saved)
    return (
      <EmptyState icon="template" title="This template does not exist" actions={<Button onClick={() => navigate(href.templates())}>Back to templates</Button>}>
        It may have been deleted or hidden. Hidden built-in templates can be shown again from the templates list.
      </EmptyState>
    );
  return <TemplateForm saved={saved} onSaved={setSaved} />;
}

function TemplateForm({ saved, onSaved }: { saved: Template; onSaved: (t: Template) => void }) {
  const ws = useWorkspace();
  const toast = useToast();
  const [draft, setDraft] = useState<Template>(saved);
  const [errors, setErrors] = useState<string[]>([]);
  const [showFieldErrors, setShowFieldErrors] = useState(false);
  const [selected, setSelected] = useState<string | null>(saved.sections[0]?.questions[0]?.id ?? null);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved), [draft, saved]);
  const fieldIssues = useMemo(() => (showFieldErrors ? issuesByPath(draft) : new Map<string, string>()), [draft, showFieldErrors]);
  const err = (path: string) => fieldIssues.get(path) ?? null;
  const builtIn = BUILT_IN_TEMPLATES.some((b) => b.id === saved.id);

  const save = () => {
    try {
      const next = ws.templates.save(tidy(draft));
      onSaved(next);
      setDraft(next);
      setErrors([]);
      setShowFieldErrors(false);
      toast({ message: `Saved “${next.name}” as version ${next.version}. New visits use it; earlier visits keep their version.` });
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.messages.map(friendly) : [String((e as Error)?.message ?? e)]);
      setShowFieldErrors(true);
    }
  };
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const discard = () => {
    setDraft(saved);
    setErrors([]);
    setShowFieldErrors(false);
  };

  const patch = (p: Partial<Template>) => setDraft((d) => ({ ...d, ...p }));
  const setSections = (fn: (s: TemplateSection[]) => TemplateSection[]) => setDraft((d) => ({ ...d, sections: fn(d.sections) }));
  const setSection = (si: number, fn: (s: TemplateSection) => TemplateSection) => setSections((ss) => ss.map((s, i) => (i === si ? fn(s) : s)));
  const setQuestion = (si: number, qi: number, fn: (q: Question) => Question) =>
    setSection(si, (s) => ({ ...s, questions: s.questions.map((q, i) => (i === qi ? fn(q) : q)) }));

  const selectedQ = useMemo(() => {
    for (const [si, s] of draft.sections.entries())
      for (const [qi, q] of s.questions.entries()) if (q.id === selected) return { q, s, label: `${si + 1}.${qi + 1}` };
    return null;
  }, [draft, selected]);
  const totalQuestions = draft.sections.reduce((n, s) => n + s.questions.length, 0);

  return (
    <div className="page tpl-editor" data-testid="template-editor">
      <a className="tpl-back" href={href.templates()}>
        <Icon name="arrowUp" size={12} style={{ transform: 'rotate(-90deg)' }} /> All templates
      </a>
      <header className="tpl-editor-head">
        <div className="tpl-editor-title">
          <div className="row" style={{ gap: 8 }}>
            <h1>{draft.name.trim() || 'Untitled template'}</h1>
            <span className={`pill no-dot ${builtIn ? '' : 'pill-violet'}`}>{builtIn ? 'Built-in' : 'Custom'}</span>
            <span className="tpl-version">v{saved.version}</span>
          </div>
          <p className="muted">
            {draft.sections.length} section{draft.sections.length === 1 ? '' : 's'} · {totalQuestions} question{totalQuestions === 1 ? '' : 's'}
          </p>
        </div>
        <span className="spacer" />
        <span className={`tpl-dirty ${dirty ? 'is-dirty' : ''}`} role="status" aria-live="polite" data-testid="template-dirty">
          {dirty ? (
            <>
              <span className="tpl-dirty-dot" aria-hidden="true" /> Unsaved changes
            </>
          ) : (
            'All changes saved'
          )}
        </span>
        <Button onClick={discard} disabled={!dirty} data-testid="discard-template">
          Discard changes
        </Button>
        <Button
          variant="primary"
          icon="check"
          onClick={save}
          disabled={!dirty}
          title="Save template (Ctrl+S)"
          aria-keyshortcuts="Control+S"
          data-testid="save-template"
        >
          Save template
        </Button>
      </header>

      <div className="banner banner-info tpl-hint" role="note">
        <Icon name="clipboard" />
        <span>
          Saving creates version {saved.version + 1}. Visits already made keep the version they were made with, so their answers always match their questions;
          new visits use the latest version.
          {builtIn && ' This is a built-in template: your edited copy replaces it for this programme.'}
        </span>
      </div>

      <ProblemsBanner icon title="The template was not saved. Fix these first:" problems={errors} testId="template-errors" />

      <div className="tpl-editor-grid">
        <div className="stack tpl-editor-main" style={{ gap: 16 }}>
          <section className="card" aria-labelledby="tpl-details-h">
            <div className="card-header">
              <h2 id="tpl-details-h">Details</h2>
            </div>
            <div className="card-body stack" style={{ gap: 16 }}>
              <Field label="Name" required error={err('name')}>
                {(p) => (
                  <input
                    {...p}
                    className="input"
                    value={draft.name}
                    maxLength={160}
                    onChange={(e) => patch({ name: e.target.value })}
                    data-testid="template-name"
                  />
                )}
              </Field>
              <Field label="Description" hint="When to use this template and what it covers." error={err('description')}>
                {(p) => (
                  <textarea
                    {...p}
                    className="textarea"
                    rows={3}
                    value={draft.description}
                    maxLength={2000}
                    onChange={(e) => patch({ description: e.target.value })}
                    data-testid="template-description"
                  />
                )}
              </Field>
              <fieldset className="tpl-fieldset">
                <legend className="field-label">Focus areas</legend>
                <div className="chips">
                  {FOCUS_AREAS.map((f) => {
                    const on = draft.focusAreas.includes(f);
                    return (
                      <label key={f} className={`chip ${on ? 'is-on' : ''}`}>
                        <input
                          type="checkbox"
                          checked={on}
                          onChange={(e) =>
                            patch({
                              focusAreas: e.target.checked
                                ? FOCUS_AREAS.filter((x) => x === f || draft.focusAreas.includes(x))
                                : draft.focusAreas.filter((x) => x !== f),
                            })
                          }
                        />
                        {on && <Icon name="check" size={12} />}
                        {FOCUS_AREA_LABELS[f]}
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            </div>
          </section>

          {draft.sections.map((s, si) => (
            <section key={s.id} className="card tpl-section" aria-label={`Section ${si + 1}: ${s.title || 'untitled'}`} data-testid="template-section">
              <div className="card-header tpl-section-head">
                <span className="tpl-section-num" aria-hidden="true">
                  {si + 1}
                </span>
                <Field label={`Section ${si + 1} title`} className="tpl-section-title" error={err(`sections.${si}.title`)}>
                  {(p) => (
                    <input
                      {...p}
                      className="input"
                      value={s.title}
                      maxLength={160}
                      onChange={(e) => setSection(si, (x) => ({ ...x, title: e.target.value }))}
                      data-testid="section-title"
                    />
                  )}
                </Field>
                <div className="row tpl-move">
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="arrowUp"
                    label={`Move section ${si + 1} up`}
                    disabled={si === 0}
                    onClick={() => setSections((ss) => move(ss, si, si - 1))}
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    icon="arrowDown"
                    label={`Move section ${si + 1} down`}
                    disabled={si === draft.sections.length - 1}
                    onClick={() => setSections((ss) => move(ss, si, si + 1))}
                  />
                  <Button
                    size="sm"
                    variant="ghost"
                    className="btn-danger"
                    icon="trash"
                    label={`Remove section ${si + 1}`}
                    disabled={draft.sections.length === 1}
                    onClick={() => setSections((ss) => ss.filter((_, i) => i !== si))}
                    data-testid="remove-section"
                  />
                </div>
              </div>
              <ol className="tpl-questions">
                {s.questions.map((q, qi) => (
                  <QuestionEditor
                    key={q.id}
                    q={q}
                    number={`${si + 1}.${qi + 1}`}
                    selected={selected === q.id}
                    onSelect={() => setSelected(q.id)}
                    first={qi === 0}
                    last={qi === s.questions.length - 1}
                    only={s.questions.length === 1}
                    err={(f) => err(`sections.${si}.questions.${qi}${f ? `.${f}` : ''}`)}
                    onChange={(fn) => setQuestion(si, qi, fn)}
                    onMove={(d) => setSection(si, (x) => ({ ...x, questions: move(x.questions, qi, qi + d) }))}
                    onRemove={() => setSection(si, (x) => ({ ...x, questions: x.questions.filter((_, i) => i !== qi) }))}
                  />
                ))}
              </ol>
              <div className="tpl-section-foot">
                <Button
                  size="sm"
                  icon="plus"
                  onClick={() => {
                    const q = blankQuestion();
                    setSection(si, (x) => ({ ...x, questions: [...x.questions, q] }));
                    setSelected(q.id);
                  }}
                  data-testid="add-question"
                >
                  Add question
                </Button>
                {err(`sections.${si}.questions`) && <span className="field-error">{err(`sections.${si}.questions`)}</span>}
              </div>
            </section>
          ))}
          <div>
            <Button icon="plus" onClick={() => setSections((ss) => [...ss, blankSection(ss.length + 1)])} data-testid="add-section">
              Add section
            </Button>
          </div>
        </div>

        <aside className="tpl-preview" aria-label="Preview">
          <div className="card">
            <div className="card-header">
              <h2>Preview</h2>
              <span className="spacer" />
              {selectedQ && <span className="muted">Question {selectedQ.label}</span>}
            </div>
            <div className="card-body">
              {selectedQ ? (
                <>
                  <div className="section-title tpl-preview-section">{selectedQ.s.title || 'Untitled section'}</div>
                  <div inert>
                    <QuestionPreview q={selectedQ.q} />
                  </div>
                  <p className="field-hint tpl-preview-note">
                    {QUESTION_KIND_LABELS[selectedQ.q.kind]}
                    {selectedQ.q.focusArea ? ` · findings go to ${FOCUS_AREA_LABELS[selectedQ.q.focusArea]}` : ''}
                  </p>
                </>
              ) : (
                <p className="muted">Select a question to see how experts will answer it on a visit.</p>
              )}
            </div>
          </div>
        </aside>
      </div>
    </div>
  );
}

function QuestionEditor({
  q,
  number,
  selected,
  onSelect,
  first,
  last,
  only,
  err,
  onChange,
  onMove,
  onRemove,
}: {
  q: Question;
  number: string;
  selected: boolean;
  onSelect: () => void;
  first: boolean;
  last: boolean;
  only: boolean;
  err: (field?: string) => string | null;
  onChange: (fn: (q: Question) => Question) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
}) {
  const set = (p: Partial<Question>) => onChange((x) => ({ ...x, ...p }) as Question);
  return (
    <li
      className={`tpl-q ${selected ? 'is-selected' : ''}`}
      onFocusCapture={onSelect}
      onPointerDown={onSelect}
      aria-label={`Question ${number}`}
      data-testid="template-question"
    >
      <div className="tpl-q-grid">
        <span className="tpl-q-num" aria-hidden="true">
          {number}
        </span>
        <Field label={`Question ${number}`} required error={err('label')} className="tpl-q-label">
          {(p) => (
            <input {...p} className="input" value={q.label} maxLength={300} onChange={(e) => set({ label: e.target.value })} data-testid="question-label" />
          )}
        </Field>
        <Field label="Kind" className="tpl-q-kind">
          {(p) => (
            <select
              {...p}
              className="select"
              value={q.kind}
              onChange={(e) => onChange((x) => withKind(x, e.target.value as QuestionKind))}
              data-testid="question-kind"
            >
              {QUESTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {QUESTION_KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row tpl-move tpl-q-actions">
          <Button size="sm" variant="ghost" icon="arrowUp" label={`Move question ${number} up`} disabled={first} onClick={() => onMove(-1)} />
          <Button size="sm" variant="ghost" icon="arrowDown" label={`Move question ${number} down`} disabled={last} onClick={() => onMove(1)} />
          <Button
            size="sm"
            variant="ghost"
            className="btn-danger"
            icon="trash"
            label={only ? 'A section needs at least one question' : `Remove question ${number}`}
            disabled={only}
            onClick={onRemove}
            data-testid="remove-question"
          />
        </div>

        <Field label="Help text" className="tpl-q-help" error={err('help')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              value={q.help ?? ''}
              maxLength={600}
              placeholder="Optional: what to look for, where to find the number"
              onChange={(e) => set({ help: e.target.value })}
            />
          )}
        </Field>
        <Field label="Focus area" className="tpl-q-focus">
          {(p) => (
            <select
              {...p}
              className="select select-sm"
              value={q.focusArea ?? ''}
              onChange={(e) => set({ focusArea: (e.target.value || undefined) as FocusArea | undefined })}
            >
              <option value="">None</option>
              {FOCUS_AREAS.map((f) => (
                <option key={f} value={f}>
                  {FOCUS_AREA_LABELS[f]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="checkbox tpl-q-required">
          <input type="checkbox" checked={q.required} onChange={(e) => set({ required: e.target.checked })} data-testid="question-required" />
          Required
        </label>
      </div>
      <KindSettings q={q} onChange={onChange} err={err} />
    </li>
  );
}

function KindSettings({ q, onChange, err }: { q: Question; onChange: (fn: (q: Question) => Question) => void; err: (field?: string) => string | null }) {
  let body: ReactNode;
  if (q.kind === 'number') {
    const set = (p: Partial<Extract<Question, { kind: 'number' }>>) => onChange((x) => (x.kind === 'number' ? { ...x, ...p } : x));
    body = (
      <div className="tpl-kind-grid tpl-kind-number">
        <Field label="Unit" error={err('unit')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              value={q.unit}
              maxLength={24}
              placeholder="e.g. %, $ million, units"
              onChange={(e) => set({ unit: e.target.value })}
              data-testid="question-unit"
            />
          )}
        </Field>
        <Field label="Minimum" error={err('min')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              type="number"
              value={q.min ?? ''}
              onChange={(e) => set({ min: numberOrUndefined(e.target.value) })}
              data-testid="question-min"
            />
          )}
        </Field>
        <Field label="Maximum" error={err('max') ?? (q.min !== undefined && q.max !== undefined && q.max < q.min ? 'Maximum is below the minimum.' : null)}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              type="number"
              value={q.max ?? ''}
              onChange={(e) => set({ max: numberOrUndefined(e.target.value) })}
              data-testid="question-max"
            />
          )}
        </Field>
      </div>
    );
  } else if (q.kind === 'rating') {
    const set = (p: Partial<Extract<Question, { kind: 'rating' }>>) => onChange((x) => (x.kind === 'rating' ? { ...x, ...p } : x));
    body = (
      <div className="tpl-kind-grid">
        <Field label="Label for 1 (low)" error={err('lowLabel')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              value={q.lowLabel ?? ''}
              maxLength={40}
              placeholder="e.g. Poor"
              onChange={(e) => set({ lowLabel: e.target.value })}
              data-testid="question-low-label"
            />
          )}
        </Field>
        <Field label="Label for 5 (high)" error={err('highLabel')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              value={q.highLabel ?? ''}
              maxLength={40}
              placeholder="e.g. Excellent"
              onChange={(e) => set({ highLabel: e.target.value })}
              data-testid="question-high-label"
            />
          )}
        </Field>
      </div>
    );
  } else if (q.kind === 'text') {
    body = (
      <div className="tpl-kind-grid tpl-kind-wide">
        <Field label="Placeholder" error={err('placeholder')}>
          {(p) => (
            <input
              {...p}
              className="input input-sm"
              value={q.placeholder ?? ''}
              maxLength={200}
              placeholder="A prompt shown in the empty answer box"
              onChange={(e) => onChange((x) => (x.kind === 'text' ? { ...x, placeholder: e.target.value } : x))}
            />
          )}
        </Field>
      </div>
    );
  } else if (q.kind === 'single' || q.kind === 'multiple') {
    const setOptions = (fn: (o: string[]) => string[]) =>
      onChange((x) => (x.kind === 'single' || x.kind === 'multiple' ? { ...x, options: fn(x.options) } : x));
    body = (
      <fieldset className="tpl-fieldset tpl-options">
        <legend className="field-label">Options {q.kind === 'single' ? '(choose one)' : '(choose any)'}</legend>
        <ol className="tpl-option-list">
          {q.options.map((o, i) => (
            <li key={i} className="row">
              <span className="tpl-option-mark" aria-hidden="true">
                {q.kind === 'single' ? '○' : '☐'}
              </span>
              <input
                className="input input-sm"
                aria-label={`Option ${i + 1}`}
                aria-invalid={err(`options.${i}`) ? true : undefined}
                value={o}
                maxLength={120}
                onChange={(e) => setOptions((os) => os.map((x, j) => (j === i ? e.target.value : x)))}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    const list = e.currentTarget.closest('ol');
                    setOptions((os) => [...os.slice(0, i + 1), '', ...os.slice(i + 1)]);
                    requestAnimationFrame(() => list?.querySelectorAll('input')[i + 1]?.focus());
                  }
                }}
                data-testid="question-option"
              />
              <Button
                size="sm"
                variant="ghost"
                icon="arrowUp"
                label={`Move option ${i + 1} up`}
                disabled={i === 0}
                onClick={() => setOptions((os) => move(os, i, i - 1))}
              />
              <Button size="sm" variant="ghost" icon="x" label={`Remove option ${i + 1}`} onClick={() => setOptions((os) => os.filter((_, j) => j !== i))} />
            </li>
          ))}
        </ol>
        <div className="row">
          <Button size="sm" variant="ghost" icon="plus" onClick={() => setOptions((os) => [...os, `Option ${os.length + 1}`])} data-testid="add-option">
            Add option
          </Button>
          {(err('options') || q.options.some((_, i) => err(`options.${i}`))) && (
            <span className="field-error">{err('options') ?? 'Options must not be empty.'}</span>
          )}
        </div>
      </fieldset>
    );
  } else {
    body = (
      <p className="field-hint tpl-kind-none">
        {q.kind === 'yesno' ? 'Answered Yes, No or N.A.; nothing to set up.' : 'Experts add one or more photos with captions; nothing to set up.'}
      </p>
    );
  }
  return <div className="tpl-kind">{body}</div>;
}
