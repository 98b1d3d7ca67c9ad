import { z } from 'zod';
import { FocusArea, Id, Review, Stamp } from './common.ts';

export const FINDING_KINDS = ['need', 'strength'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

export const Finding = Stamp.extend({
  id: Id,
  title: z.string().trim().min(1, 'is required').max(200),
  description: z.string().max(50000).default(''),
  kind: z.enum(FINDING_KINDS),
  focusArea: FocusArea,
  severity: z.enum(SEVERITIES).default('medium'),
  /** Evidence: the visit and answer it came from, photos, indicators, interview notes. */
  visitId: Id.optional(),
  questionId: Id.optional(),
  photoIds: z.array(Id).default([]),
  indicatorIds: z.array(Id).default([]),
  /** Library items (core/knowledge) this finding rests on: its basis. */
  libraryIds: z.array(Id).default([]),
  /** Interview notes are internal: never printed in the public edition. */
  interviewNotes: z.string().max(50000).default(''),
  internalNotes: z.string().max(50000).default(''),
  confidential: z.boolean().default(false),
  review: Review.default({ state: 'draft' }),
});
export type Finding = z.infer<typeof Finding>;
