import { useEffect, useState } from 'react';
import { BUILT_IN_TEMPLATES } from '#core/templates/index.ts';
import { ValidationError } from '#core/errors.ts';
import { FOCUS_AREA_LABELS, type Template } from '#core/schemas/index.ts';
import { useWorkspace } from '../../app/workspace-context.tsx';
import { href, navigate } from '../../app/router.tsx';
import { useTemplates } from '../../data/templates.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { useToast } from '../../ui/Toasts.tsx';
import { blankTemplate, countQuestions, duplicateTemplate } from './template-edit.ts';

const isBuiltInId = (id: string) => BUILT_IN_TEMPLATES.some((b) => b.id === id);

/** Built-in templates that were hidden (still in the app, just not offered), so they can be brought back. */
function useHiddenBuiltIns(): string[] {
  const ws = useWorkspace();
  const read = () => {
    const hidden = ws.templates.doc.getMap<unknown>('hidden');
    return BUILT_IN_TEMPLATES.filter((b) => hidden.has(b.id)).map((b) => b.id);
  };
  const [ids, setIds] = useState<string[]>(read);
  useEffect(() => {
    const on = () => setIds(read());
    ws.templates.doc.on('update', on);
    return () => ws.templates.doc.off('update', on);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ws]);
  return ids;
}

function OriginBadge({ t }: { t: Template }) {
  if (!isBuiltInId(t.id)) return <span className="pill pill-violet no-dot">Custom</span>;
  if (t.builtIn) return <span className="pill no-dot">Built-in</span>;
  return (
    <span className="pill pill-blue no-dot" title="A built-in template edited for this programme">
      Built-in · edited
    </span>
  );
}

/** The programme's assessment templates: what visits are made with. */
export function TemplatesPage(_props: { [k: string]: never }) {
  const ws = useWorkspace();
  const toast = useToast();
  const templates = useTemplates(ws.templates);
  const hiddenBuiltIns = useHiddenBuiltIns();

  const fail = (what: string, err: unknown) =>
    toast({ tone: 'error', message: `${what}: ${err instanceof ValidationError ? err.messages.join(' ') : String((err as Error)?.message ?? err)}` });

  const create = () => {
    try {
      const t = ws.templates.save(blankTemplate());
      navigate(href.template(t.id));
    } catch (err) {
      fail('Could not create the template', err);
    }
  };

  const duplicate = (t: Template) => {
    try {
      const copy = ws.templates.save(duplicateTemplate(t));
      toast({ message: `Made “${copy.name}”.`, action: { label: 'Undo', run: () => ws.templates.remove(copy.id) } });
    } catch (err) {
      fail('Could not duplicate the template', err);
    }
  };

  const remove = (t: Template) => {
    const builtIn = isBuiltInId(t.id);
    const stored = !t.builtIn; // a custom template, or a built-in edited here: its content lives in the store
    ws.templates.remove(t.id);
    toast({
      message: builtIn ? `Hid “${t.name}”. Visits made with it keep their copy.` : `Deleted “${t.name}”. Visits made with it keep their copy.`,
      action: {
        label: 'Undo',
        run: () => {
          try {
            // The store drops a deleted template's content, so put it back (its version is kept); a plain built-in only needs un-hiding.
            if (stored) ws.templates.save(t);
            else ws.templates.restore(t.id);
          } catch (err) {
            fail('Could not bring the template back', err);
          }
        },
      },
      timeoutMs: 10000,
    });
  };

  return (
    <div className="page tpl-page">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p className="subtitle">
            The question sets site visits are made with. Editing a template saves a new version; visits keep the version they were made with.
          </p>
        </div>
        <span className="spacer" />
        <Button variant="primary" icon="plus" onClick={create} data-testid="new-template">
          New template
        </Button>
      </header>

      {templates.length === 0 ? (
        <div className="card">
          <EmptyState
            icon="template"
            title="No templates to choose from"
            actions={
              <>
                <Button variant="primary" icon="plus" onClick={create}>
                  New template
                </Button>
                {hiddenBuiltIns.length > 0 && <Button onClick={() => hiddenBuiltIns.forEach((id) => ws.templates.restore(id))}>Show built-in templates</Button>}
              </>
            }
          >
            A template is a list of sections and questions (ratings, yes/no, numbers, choices, notes, photos) that experts answer on a site visit. Create one,
            or bring back the built-in ones.
          </EmptyState>
        </div>
      ) : (
        <ul className="tpl-list card" aria-label="Templates" data-testid="templates-list">
          {templates.map((t) => {
            const builtIn = isBuiltInId(t.id);
            const questions = countQuestions(t);
            return (
              <li key={t.id} className="tpl-row" data-testid={`template-${t.id}`}>
                <div className="tpl-row-main">
                  <div className="row tpl-row-title">
                    <a className="tpl-name" href={href.template(t.id)}>
                      {t.name}
                    </a>
                    <OriginBadge t={t} />
                    <span className="tpl-version" title={`Version ${t.version}`}>
                      v{t.version}
                    </span>
                  </div>
                  {t.description ? <p className="tpl-desc">{t.description}</p> : <p className="tpl-desc muted">No description.</p>}
                  <div className="row tpl-meta">
                    <span className="tpl-counts">
                      {t.sections.length} section{t.sections.length === 1 ? '' : 's'} · {questions} question{questions === 1 ? '' : 's'}
                    </span>
                    {t.focusAreas.length > 0 && (
                      <span className="tags" aria-label="Focus areas">
                        {t.focusAreas.map((f) => (
                          <span key={f} className="tag">
                            {FOCUS_AREA_LABELS[f]}
                          </span>
                        ))}
                      </span>
                    )}
                  </div>
                </div>
                <div className="row tpl-actions">
                  <Button size="sm" onClick={() => navigate(href.template(t.id))} aria-label={`Edit ${t.name}`} data-testid="edit-template">
                    Edit
                  </Button>
                  <Button size="sm" onClick={() => duplicate(t)} aria-label={`Duplicate ${t.name}`} data-testid="duplicate-template">
                    Duplicate
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="btn-danger"
                    icon={builtIn ? 'x' : 'trash'}
                    onClick={() => remove(t)}
                    aria-label={`${builtIn ? 'Hide' : 'Delete'} ${t.name}`}
                    data-testid={builtIn ? 'hide-template' : 'delete-template'}
                  >
                    {builtIn ? 'Hide' : 'Delete'}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {templates.length > 0 && hiddenBuiltIns.length > 0 && (
        <p className="muted tpl-hidden-note">
          {hiddenBuiltIns.length} built-in template{hiddenBuiltIns.length === 1 ? ' is' : 's are'} hidden.{' '}
          <Button size="sm" variant="ghost" onClick={() => hiddenBuiltIns.forEach((id) => ws.templates.restore(id))} data-testid="show-hidden-templates">
            Show {hiddenBuiltIns.length === 1 ? 'it' : 'them'} again
          </Button>
        </p>
      )}
    </div>
  );
}
