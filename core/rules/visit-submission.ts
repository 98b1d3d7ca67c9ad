import type { AnswerValue, Attachment, Question, Visit } from '../schemas/index.ts';
import { IsoDate } from '../schemas/index.ts';

const YES_NO = ['yes', 'no', 'na'] as const;

const quote = (q: Question) => `“${q.label.trim()}”`;

/** An answer left empty (nothing typed, nothing chosen) — a missing answer, not a wrong one. */
export function isEmptyAnswer(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/**
 * Whether `value` is a valid answer to `question`, given its kind. Returns a sentence naming the
 * question when it is not, null when it is (an empty answer is valid here: "required" is checked at submit).
 */
export function validateAnswer(question: Question, value: unknown): string | null {
  if (isEmptyAnswer(value)) return null;
  switch (question.kind) {
    case 'rating':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5
        ? null
        : `The answer to ${quote(question)} must be a whole-number rating from 1 to 5.`;
    case 'yesno':
      return typeof value === 'string' && (YES_NO as readonly string[]).includes(value) ? null : `The answer to ${quote(question)} must be Yes, No or N.A.`;
    case 'number': {
      const unit = question.unit ? ` ${question.unit}` : '';
      if (typeof value !== 'number' || !Number.isFinite(value)) return `The answer to ${quote(question)} must be a number.`;
      if (question.min !== undefined && value < question.min) return `The answer to ${quote(question)} must be at least ${question.min}${unit}.`;
      if (question.max !== undefined && value > question.max) return `The answer to ${quote(question)} must be at most ${question.max}${unit}.`;
      return null;
    }
    case 'single':
      return typeof value === 'string' && question.options.includes(value)
        ? null
        : `The answer to ${quote(question)} must be one of: ${question.options.join(', ')}.`;
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return `The answer to ${quote(question)} must be a list of choices.`;
      const unknown = value.filter((v) => !question.options.includes(v));
      if (unknown.length) return `The answer to ${quote(question)} has choices that are not offered: ${unknown.join(', ')}.`;
      if (new Set(value).size !== value.length) return `The answer to ${quote(question)} repeats a choice.`;
      return null;
    }
    case 'text':
      return typeof value === 'string' ? null : `The answer to ${quote(question)} must be text.`;
    case 'photo':
      if (typeof value === 'string') return null;
      return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0)
        ? null
        : `The answer to ${quote(question)} must be one or more attached photos.`;
  }
}

export interface SubmitProblem {
  questionId?: string;
  /** Title of the template section the question sits in. */
  section?: string;
  message: string;
}

export type VisitForSubmit = Pick<Visit, 'template'> & {
  id?: string;
  title?: string;
  date?: string;
  answers?: Record<string, AnswerValue | undefined>;
};

/**
 * Everything that stands between a visit and "submitted": title and date present, every required
 * question answered (a photo question counts as answered when a photo is attached to it), every given
 * answer valid for its question. Pass the engagement's attachments so photo questions can be checked.
 */
export function checkVisitForSubmit(
  visit: VisitForSubmit,
  attachments: readonly Pick<Attachment, 'visitId' | 'questionId'>[] = [],
): { ok: boolean; problems: SubmitProblem[] } {
  const problems: SubmitProblem[] = [];
  if (!visit.title || visit.title.trim() === '') problems.push({ message: 'The visit needs a title.' });
  if (!visit.date) problems.push({ message: 'The visit needs a date.' });
  else if (!IsoDate.safeParse(visit.date).success) problems.push({ message: 'The visit date must be written as YYYY-MM-DD.' });
  const answers = visit.answers ?? {};
  const photoQuestions = new Set(attachments.filter((a) => a.questionId && (!visit.id || !a.visitId || a.visitId === visit.id)).map((a) => a.questionId));
  for (const section of visit.template.sections) {
    for (const question of section.questions) {
      const value = answers[question.id];
      const answered = !isEmptyAnswer(value) || (question.kind === 'photo' && photoQuestions.has(question.id));
      if (!answered) {
        if (question.required) {
          const message =
            question.kind === 'photo'
              ? `${quote(question)} needs at least one photo before the visit can be submitted.`
              : `${quote(question)} is required and has no answer yet.`;
          problems.push({ questionId: question.id, section: section.title, message });
        }
        continue;
      }
      const problem = isEmptyAnswer(value) ? null : validateAnswer(question, value);
      if (problem) problems.push({ questionId: question.id, section: section.title, message: problem });
    }
  }
  return { ok: problems.length === 0, problems };
}
