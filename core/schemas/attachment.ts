import { z } from 'zod';
import { Id, IsoDateTime } from './common.ts';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hash written as 64 lowercase hex digits');

/** Metadata only: the bytes live content-addressed in the blob store (Dexie locally, the relay remotely). */
export const Attachment = z.object({
  id: Id,
  sha256: Sha256,
  name: z.string().max(255).default(''),
  mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'must be a media type such as image/jpeg'),
  size: z.number().int().nonnegative(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  caption: z.string().max(1000).default(''),
  /** Where it was attached: a visit (and question) or a finding. */
  visitId: Id.optional(),
  questionId: Id.optional(),
  findingId: Id.optional(),
  createdAt: IsoDateTime,
  createdBy: z.string().min(1),
});
export type Attachment = z.infer<typeof Attachment>;
