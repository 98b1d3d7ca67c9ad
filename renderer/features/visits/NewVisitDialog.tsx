import { useEffect, useId, useRef, useState } from 'react';
import { createEntity } from '#core/model/write.ts';
import { TEMPLATE_IDS } from '#core/templates/index.ts';
import { allQuestions, type Template } from '#core/schemas/index.ts';
import { href, navigate } from '../../app/router.tsx';
import { useSession, useWorkspace } from '../../app/workspace-context.tsx';
import { useTemplates } from '../../data/templates.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Field } from '../../ui/Field.tsx';
import { todayIso } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { errorText, focusLabel, plural } from './shared.tsx';
import { ProblemsBanner } from '../../ui/ProblemsBanner.tsx';

const SUGGESTED_TITLES: Record<string, string> = {
  [TEMPLATE_IDS.downtownWalk]: 'Downtown site walk',
};
const suggestedTitle = (t: Template | undefined) => (t ? (SUGGESTED_TITLES[t.id] ?? t.name) : '');

/** Start a visit: pick the template, check the title and date, Enter creates it and opens it. */
export function NewVisitDialog({ engagementId, open, onClose }: { engagementId: string; open: boolean; onClose: () => void }) {
  const ws = useWorkspace();
  const { session } = useSession(engagementId);
  const templates = useTemplates(ws.templates);
  const formId = useId();
  const groupLabelId = useId();
  const [templateId, setTemplateId] = useState<string>('');
  const [title, setTitle] = useState('');
  const [titleEdited, setTitleEdited] = useState(false);
  const [date, setDate] = useState(todayIso);
  const [errors, setErrors] = useState<string[]>([]);
  const [titleError, setTitleError] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  const chosen = templates.find((t) => t.id === templateId) ?? templates[0];

  // Fresh form each time it opens, with the first template chosen and the keyboard on the choice.
  useEffect(() => {
    if (!open) return;
    const first = templates[0];
    setTemplateId(first?.id ?? '');
    setTitle(suggestedTitle(first));
    setTitleEdited(false);
    setDate(todayIso());
    setErrors([]);
    setTitleError(null);
    const t = setTimeout(() => listRef.current?.querySelector<HTMLInputElement>('input:checked, input')?.focus(), 0);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const choose = (t: Template) => {
    setTemplateId(t.id);
    if (!titleEdited) setTitle(suggestedTitle(t));
  };

  const create = () => {
    if (!session || !chosen) return;
    if (!title.trim()) {
      setTitleError('Give the visit a title, for example “Downtown site walk”.');
      return;
    }
    try {
      const visit = createEntity(session.doc, session.ctx, 'visits', {
        title: title.trim(),
        date,
        template: structuredClone(chosen),
        location: { address: '' },
        attendees: [],
        answers: {},
        observations: '',
        photoIds: [],
        confidential: false,
        review: { state: 'draft' },
      });
      onClose();
      navigate(href.visit(engagementId, visit.id));
    } catch (err) {
      setErrors([errorText(err)]);
    }
  };

  return (
    <Dialog
      open={open}
      title="New site visit"
      onClose={onClose}
      wide
      footer={
        <>
          <span className="muted new-visit-footnote">
            <kbd>Enter</kbd> creates the visit
          </span>
          <span className="spacer" />
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" type="submit" form={formId} disabled={!session || !chosen} data-testid="create-visit">
            Create visit
          </Button>
        </>
      }
    >
      <form
        id={formId}
        className="stack new-visit-form"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
        data-testid="new-visit-dialog"
      >
        <ProblemsBanner icon title="The visit could not be created." problems={errors} />
        <div className="stack" style={{ gap: 8 }}>
          <span className="field-label" id={groupLabelId}>
            Template
          </span>
          {templates.length === 0 ? (
            <div className="banner banner-warn" role="status">
              <Icon name="alert" />
              <span>
                There are no templates to choose from. <a href={href.templates()}>Open Templates</a> to restore a built-in one or make your own.
              </span>
            </div>
          ) : (
            <div className="template-choices" role="radiogroup" aria-labelledby={groupLabelId} ref={listRef}>
              {templates.map((t) => {
                const questions = allQuestions(t);
                const required = questions.filter((q) => q.required).length;
                return (
                  <label key={t.id} className="template-choice" data-testid={`template-option-${t.id}`}>
                    <input
                      type="radio"
                      name={`${formId}-template`}
                      value={t.id}
                      checked={chosen?.id === t.id}
                      onChange={() => choose(t)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') {
                          e.preventDefault();
                          e.currentTarget.form?.requestSubmit();
                        }
                      }}
                      aria-describedby={`${formId}-${t.id}-desc`}
                    />
                    <span className="template-choice-body">
                      <span className="template-choice-name">
                        {t.name}
                        {!t.builtIn && <span className="tag">Custom</span>}
                      </span>
                      <span className="template-choice-desc" id={`${formId}-${t.id}-desc`}>
                        {t.description || 'No description.'}
                      </span>
                      <span className="template-choice-meta">
                        {plural(questions.length, 'question')} · {plural(t.sections.length, 'section')}
                        {required ? ` · ${required} required` : ''}
                        {t.focusAreas.length > 0 && ` · ${t.focusAreas.map(focusLabel).join(', ')}`}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
          )}
        </div>
        <div className="new-visit-fields">
          <Field label="Title" error={titleError}>
            {(p) => (
              <input
                {...p}
                className="input"
                value={title}
                maxLength={200}
                aria-required="true"
                onChange={(e) => {
                  setTitle(e.target.value);
                  setTitleEdited(true);
                  setTitleError(null);
                }}
                data-testid="new-visit-title"
              />
            )}
          </Field>
          <Field label="Date">
            {(p) => (
              <input
                {...p}
                type="date"
                className="input"
                value={date}
                onChange={(e) => setDate(e.target.value || todayIso())}
                required
                data-testid="new-visit-date"
              />
            )}
          </Field>
        </div>
      </form>
    </Dialog>
  );
}
