import { z } from 'zod';

/** Stable ids: short, url-safe, generated on the device that creates the entity. */
export const Id = z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters').regex(/^[A-Za-z0-9_-]+$/, 'may only contain letters, digits, "-" and "_"');

/** Calendar date as the expert types it (no time zone games): YYYY-MM-DD. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD');

/** An instant, ISO 8601 with time zone, as produced by Date.toISOString(). */
export const IsoDateTime = z.string().datetime({ offset: true, message: 'must be a date and time in ISO 8601 form' });

export const FOCUS_AREAS = [
  'operations-budget',
  'economic-development',
  'land-use',
  'transportation',
  'workforce-development',
  'community-development',
  'housing',
  'public-safety',
] as const;
export const FocusArea = z.enum(FOCUS_AREAS, { message: `must be one of: ${FOCUS_AREAS.join(', ')}` });
export type FocusArea = z.infer<typeof FocusArea>;

export const FOCUS_AREA_LABELS: Record<FocusArea, string> = {
  'operations-budget': 'Government operations & budget',
  'economic-development': 'Economic development',
  'land-use': 'Land use',
  transportation: 'Transportation',
  'workforce-development': 'Workforce development',
  'community-development': 'Community development',
  housing: 'Housing',
  'public-safety': 'Public safety',
};

/** Review life cycle shared by visits, findings and recommendations (DOMAIN.md: Review). */
export const REVIEW_STATES = ['draft', 'submitted', 'changes-requested', 'approved'] as const;
export const ReviewState = z.enum(REVIEW_STATES);
export type ReviewState = z.infer<typeof ReviewState>;

/** Who last touched an entity and when: every local write stamps these. */
export const Stamp = z.object({
  createdAt: IsoDateTime,
  createdBy: z.string().min(1),
  updatedAt: IsoDateTime,
  updatedBy: z.string().min(1),
});
export type Stamp = z.infer<typeof Stamp>;

export const Review = z.object({
  state: ReviewState,
  by: z.string().optional(),
  at: IsoDateTime.optional(),
  /** Why a lead sent the item back (or any note given with the last review action). */
  note: z.string().max(5000).optional(),
});
export type Review = z.infer<typeof Review>;
