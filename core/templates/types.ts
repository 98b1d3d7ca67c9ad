import type { z } from 'zod';
import type { Template } from '../schemas/index.ts';

/** A template as written in source: defaults (required: false, unit: '') may be left out. */
export type TemplateInput = z.input<typeof Template>;
