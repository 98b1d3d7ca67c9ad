import { describe, expect, it } from 'vitest';
import { BUILT_IN_TEMPLATES, builtInTemplate, TEMPLATE_IDS } from '#core/templates/index.ts';
import { allQuestions, QUESTION_KINDS, Template } from '#core/schemas/index.ts';

describe('built-in templates', () => {
  it('has the four domain templates with stable ids', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.id)).toEqual(['tpl-fiscal-health', 'tpl-downtown-walk', 'tpl-housing-conditions', 'tpl-stakeholder-interview']);
    expect(Object.values(TEMPLATE_IDS).sort()).toEqual(BUILT_IN_TEMPLATES.map((t) => t.id).sort());
    expect(builtInTemplate('tpl-housing-conditions')?.name).toBe('Housing conditions survey');
    expect(builtInTemplate('nope')).toBeUndefined();
  });

  for (const template of BUILT_IN_TEMPLATES) {
    describe(template.name, () => {
      it('is valid against the Template schema, built in, version 1', () => {
        const r = Template.safeParse(template);
        expect(r.success, r.success ? '' : JSON.stringify(r.error.issues)).toBe(true);
        expect(template.builtIn).toBe(true);
        expect(template.version).toBe(1);
        expect(template.description.length).toBeGreaterThan(40);
      });

      it('has 3 to 6 sections mixing every question kind, some required', () => {
        expect(template.sections.length).toBeGreaterThanOrEqual(3);
        expect(template.sections.length).toBeLessThanOrEqual(6);
        const questions = allQuestions(template);
        expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(QUESTION_KINDS));
        expect(questions.some((q) => q.required)).toBe(true);
        expect(questions.some((q) => !q.required)).toBe(true);
      });

      it('labels rating ends, gives numbers a unit, and tags focus areas', () => {
        const questions = allQuestions(template);
        for (const q of questions) {
          if (q.kind === 'rating') expect(q.lowLabel && q.highLabel, q.id).toBeTruthy();
          if (q.kind === 'number') expect(q.unit, q.id).not.toBe('');
          if (q.kind === 'single' || q.kind === 'multiple') expect(new Set(q.options).size, q.id).toBe(q.options.length);
        }
        expect(questions.some((q) => q.focusArea)).toBe(true);
      });
    });
  }

  it('gives the stakeholder interview a role, key concerns and internal quotes', () => {
    const t = builtInTemplate('tpl-stakeholder-interview')!;
    const labels = allQuestions(t).map((q) => q.label.toLowerCase());
    expect(labels.some((l) => l.includes('role'))).toBe(true);
    expect(t.sections.some((s) => s.title === 'Key concerns')).toBe(true);
    expect(labels.some((l) => l.includes('quotes') && l.includes('internal'))).toBe(true);
  });

  it('uses question ids that are unique across all built-in templates', () => {
    const ids = BUILT_IN_TEMPLATES.flatMap((t) => allQuestions(t).map((q) => q.id));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
