import { z } from 'zod';
import { FocusArea, Id, IsoDate, IsoDateTime, Review, Stamp } from './common.ts';

export const RECOMMENDATION_STATUSES = ['draft', 'proposed', 'accepted', 'in-progress', 'implemented', 'declined'] as const;
export const RecommendationStatus = z.enum(RECOMMENDATION_STATUSES);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

export const TIMEFRAMES = ['immediate', 'short-term', 'medium-term', 'long-term'] as const;

export const ProgressUpdate = z.object({
  id: Id,
  date: IsoDate,
  note: z.string().trim().min(1, 'is required').max(10000),
  /** The status the recommendation moved to with this update, if it moved. */
  status: RecommendationStatus.optional(),
  author: z.string().min(1),
  at: IsoDateTime,
});
export type ProgressUpdate = z.infer<typeof ProgressUpdate>;

export const Recommendation = Stamp.extend({
  id: Id,
  /** Human-friendly number within the engagement, e.g. R-12. */
  number: z.number().int().positive(),
  title: z.string().trim().min(1, 'is required').max(240),
  rationale: z.string().max(50000).default(''),
  focusArea: FocusArea,
  priority: Priority,
  owner: z.string().max(160).default(''),
  timeframe: z.enum(TIMEFRAMES).default('short-term'),
  dueDate: IsoDate.optional(),
  status: RecommendationStatus,
  findingIds: z.array(Id).default([]),
  visitIds: z.array(Id).default([]),
  /** Library items (core/knowledge) this recommendation rests on: its basis. */
  libraryIds: z.array(Id).default([]),
  progress: z.array(ProgressUpdate).default([]),
  internalNotes: z.string().max(50000).default(''),
  confidential: z.boolean().default(false),
  review: Review.default({ state: 'draft' }),
});
export type Recommendation = z.infer<typeof Recommendation>;
