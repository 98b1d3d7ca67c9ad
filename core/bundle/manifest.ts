import { z } from 'zod';
import { Id, IsoDateTime, Sha256 } from '../schemas/index.ts';

export const BUNDLE_FORMAT = 'groundwork-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** Paths a bundle may hold; anything else is refused (no path tricks, no smuggled files). */
export const BUNDLE_PATH = /^(engagement\.json|doc\.bin|attachments\/[0-9a-f]{64})$/;

export const BundleFile = z.object({
  path: z.string().regex(BUNDLE_PATH, 'must be engagement.json, doc.bin or attachments/<sha256>'),
  sha256: Sha256,
  size: z.number().int().nonnegative(),
});
export type BundleFile = z.infer<typeof BundleFile>;

export const BundleManifest = z.object({
  format: z.literal(BUNDLE_FORMAT),
  formatVersion: z.number().int().min(1),
  engagementId: Id,
  exportedAt: IsoDateTime,
  exportedBy: z.string().min(1, 'is required'),
  appVersion: z.string().min(1, 'is required'),
  schemaVersion: z.number().int().nonnegative(),
  files: z.array(BundleFile),
  /**
   * Attachments the doc names whose bytes were not on the exporting device (not yet synced). Declared so
   * the importer knows their absence is expected, not damage.
   */
  missingAttachments: z.array(Sha256).default([]),
});
export type BundleManifest = z.infer<typeof BundleManifest>;
