import { z } from 'zod';
import { FocusArea, Id } from './common.ts';

export const QUESTION_KINDS = ['rating', 'yesno', 'number', 'single', 'multiple', 'text', 'photo'] as const;
export const QuestionKind = z.enum(QUESTION_KINDS);
export type QuestionKind = z.infer<typeof QuestionKind>;

export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = {
  rating: 'Rating 1–5',
  yesno: 'Yes / No / N.A.',
  number: 'Number with unit',
  single: 'Single choice',
  multiple: 'Multiple choice',
  text: 'Free text',
  photo: 'Photo',
};

const QuestionBase = z.object({
  id: Id,
  label: z.string().trim().min(1, 'is required').max(300),
  help: z.string().max(600).optional(),
  required: z.boolean().default(false),
  /** A finding made from this answer lands in this focus area unless the expert says otherwise. */
  focusArea: FocusArea.optional(),
});

export const Question = z.discriminatedUnion('kind', [
  QuestionBase.extend({ kind: z.literal('rating'), lowLabel: z.string().max(40).optional(), highLabel: z.string().max(40).optional() }),
  QuestionBase.extend({ kind: z.literal('yesno') }),
  QuestionBase.extend({ kind: z.literal('number'), unit: z.string().max(24).default(''), min: z.number().optional(), max: z.number().optional() }),
  QuestionBase.extend({ kind: z.literal('single'), options: z.array(z.string().trim().min(1).max(120)).min(2, 'needs at least two options') }),
  QuestionBase.extend({ kind: z.literal('multiple'), options: z.array(z.string().trim().min(1).max(120)).min(2, 'needs at least two options') }),
  QuestionBase.extend({ kind: z.literal('text'), placeholder: z.string().max(200).optional() }),
  QuestionBase.extend({ kind: z.literal('photo') }),
]);
export type Question = z.infer<typeof Question>;

export const TemplateSection = z.object({
  id: Id,
  title: z.string().trim().min(1, 'is required').max(160),
  questions: z.array(Question).min(1, 'needs at least one question'),
});
export type TemplateSection = z.infer<typeof TemplateSection>;

export const Template = z
  .object({
    id: Id,
    name: z.string().trim().min(1, 'is required').max(160),
    description: z.string().max(2000).default(''),
    focusAreas: z.array(FocusArea).default([]),
    /** Bumped on every edit; a visit keeps the copy it was made with. */
    version: z.number().int().min(1),
    builtIn: z.boolean().default(false),
    sections: z.array(TemplateSection).min(1, 'needs at least one section'),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.sections.forEach((s, si) =>
      s.questions.forEach((q, qi) => {
        if (seen.has(q.id)) ctx.addIssue({ code: 'custom', message: `repeats the question id "${q.id}"`, path: ['sections', si, 'questions', qi, 'id'] });
        seen.add(q.id);
      }),
    );
  });
export type Template = z.infer<typeof Template>;

export function allQuestions(t: Template): Question[] {
  return t.sections.flatMap((s) => s.questions);
}
