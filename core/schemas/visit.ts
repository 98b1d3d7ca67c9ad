import { z } from 'zod';
import { Id, IsoDate, Review, Stamp } from './common.ts';
import { Template } from './template.ts';

export const YesNo = z.enum(['yes', 'no', 'na']);

/** One answer; the question's kind decides which shape is valid (checked in rules/answers.ts). */
export const AnswerValue = z.union([
  z.number().finite(),
  z.string().max(50000),
  z.array(z.string().max(120)).max(50),
  z.null(),
]);
export type AnswerValue = z.infer<typeof AnswerValue>;

export const Location = z.object({
  address: z.string().max(300).default(''),
  lat: z.number().min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90').optional(),
  lng: z.number().min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180').optional(),
  /** Where the coordinates came from: the device's geolocation or typed by hand. */
  source: z.enum(['gps', 'typed']).optional(),
  accuracyM: z.number().nonnegative().optional(),
});
export type Location = z.infer<typeof Location>;

export const Visit = Stamp.extend({
  id: Id,
  title: z.string().trim().min(1, 'is required').max(200),
  date: IsoDate,
  /** A frozen copy of the template the visit was made with, so edits to the template never rewrite history. */
  template: Template,
  location: Location.default({ address: '' }),
  attendees: z.array(z.string().trim().min(1).max(160)).default([]),
  answers: z.record(z.string(), AnswerValue).default({}),
  observations: z.string().max(100000).default(''),
  photoIds: z.array(Id).default([]),
  confidential: z.boolean().default(false),
  review: Review.default({ state: 'draft' }),
});
export type Visit = z.infer<typeof Visit>;
