import { newId } from '#core/ids.ts';
import { allQuestions, type Question, type QuestionKind, type Template, type TemplateSection } from '#core/schemas/index.ts';

/** Pure helpers for editing a template draft (no store access), so the editor stays a thin view. */

export function countQuestions(t: Template): number {
  return allQuestions(t).length;
}

export function blankQuestion(kind: QuestionKind = 'rating'): Question {
  return withKind({ id: newId('q'), kind: 'text', label: 'New question', required: false }, kind);
}

export function blankSection(n: number): TemplateSection {
  return { id: newId('s'), title: `Section ${n}`, questions: [blankQuestion()] };
}

export function blankTemplate(): Template {
  return { id: newId('tpl-'), name: 'Untitled template', description: '', focusAreas: [], version: 1, builtIn: false, sections: [blankSection(1)] };
}

/** A copy with its own id; question ids stay (they only need to be unique within one template). */
export function duplicateTemplate(t: Template): Template {
  return { ...structuredClone(t), id: newId('tpl-'), name: `Copy of ${t.name}`.slice(0, 160), version: 1, builtIn: false };
}

/** Change a question's kind, keeping what it shares with the new kind and giving the new kind's settings sensible starts. */
export function withKind(q: Question, kind: QuestionKind): Question {
  const base = { id: q.id, label: q.label, help: q.help, required: q.required, focusArea: q.focusArea };
  const options = 'options' in q ? q.options : ['Option 1', 'Option 2'];
  switch (kind) {
    case 'rating':
      return { ...base, kind, lowLabel: q.kind === 'rating' ? q.lowLabel : undefined, highLabel: q.kind === 'rating' ? q.highLabel : undefined };
    case 'number':
      return {
        ...base,
        kind,
        unit: q.kind === 'number' ? q.unit : '',
        min: q.kind === 'number' ? q.min : undefined,
        max: q.kind === 'number' ? q.max : undefined,
      };
    case 'single':
    case 'multiple':
      return { ...base, kind, options };
    case 'text':
      return { ...base, kind, placeholder: q.kind === 'text' ? q.placeholder : undefined };
    default:
      return { ...base, kind };
  }
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/** Drop empty optional strings so a cleared field does not fail validation or linger as "". */
export function tidy(t: Template): Template {
  return {
    ...t,
    sections: t.sections.map((s) => ({
      ...s,
      questions: s.questions.map((q) => {
        const out: Record<string, unknown> = { ...q };
        for (const k of ['help', 'lowLabel', 'highLabel', 'placeholder']) if (typeof out[k] === 'string' && (out[k] as string).trim() === '') delete out[k];
        for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
        return out as Question;
      }),
    })),
  };
}
