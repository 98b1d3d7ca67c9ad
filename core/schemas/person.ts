import { z } from 'zod';
import { Id } from './common.ts';

export const PERSON_ROLES = ['expert', 'lead', 'viewer'] as const;
export const PersonRole = z.enum(PERSON_ROLES);
export type PersonRole = z.infer<typeof PersonRole>;

export const Person = z.object({
  id: Id,
  name: z.string().trim().min(1, 'is required').max(120),
  role: PersonRole,
  email: z.string().email('must be an email address').optional(),
  organization: z.string().max(160).optional(),
});
export type Person = z.infer<typeof Person>;
