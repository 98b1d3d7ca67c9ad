import { z } from 'zod';
import { FocusArea, Id, IsoDate, Stamp } from './common.ts';
import { Person } from './person.ts';
import { Indicator } from './indicator.ts';

export const ENGAGEMENT_KINDS = ['direct', '311', 'peer'] as const;
export const EngagementKind = z.enum(ENGAGEMENT_KINDS);
export const INTENSITIES = ['light', 'moderate', 'intensive'] as const;
export const Intensity = z.enum(INTENSITIES);
export const ENGAGEMENT_STATUSES = ['pre-assessment', 'active', 'continuation', 'closed'] as const;
export const EngagementStatus = z.enum(ENGAGEMENT_STATUSES);
export type EngagementStatus = z.infer<typeof EngagementStatus>;

export const US_STATE = /^[A-Z]{2}$/;

export const Engagement = Stamp.extend({
  id: Id,
  city: z.string().trim().min(1, 'is required').max(120),
  state: z.string().regex(US_STATE, 'must be a two-letter state code such as MA'),
  kind: EngagementKind,
  intensity: Intensity,
  focusAreas: z.array(FocusArea).min(1, 'needs at least one focus area'),
  status: EngagementStatus,
  startDate: IsoDate,
  endDate: IsoDate.optional(),
  sponsor: z.string().max(160).default(''),
  stakeholders: z.array(z.string().max(160)).default([]),
  team: z.array(Person).default([]),
  summary: z.string().max(20000).default(''),
  indicators: z.array(Indicator).default([]),
  /** Where the city hall sits, for distance between peer cities. */
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
}).refine((e) => !e.endDate || e.endDate >= e.startDate, {
  message: 'must not be before the start date',
  path: ['endDate'],
});
export type Engagement = z.infer<typeof Engagement>;
