import { z } from 'zod';
import { Id, IsoDate } from './common.ts';

export const Indicator = z.object({
  id: Id,
  name: z.string().trim().min(1, 'is required').max(160),
  value: z.number({ message: 'must be a number' }).finite(),
  unit: z.string().max(32).default(''),
  source: z.string().max(240).default(''),
  asOf: IsoDate,
  /** Earlier value, so a report can show change over the engagement. */
  baseline: z.number().finite().optional(),
  baselineAsOf: IsoDate.optional(),
});
export type Indicator = z.infer<typeof Indicator>;
