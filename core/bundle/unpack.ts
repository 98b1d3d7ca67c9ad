import { strFromU8, unzipSync } from 'fflate';
import * as Y from 'yjs';
import { readableErrors } from '../errors.ts';
import { sha256Hex } from '../hash.ts';
import { SCHEMA_VERSION, meta } from '../model/layout.ts';
import { migrate } from '../model/migrations.ts';
import { readEngagement, schemaVersionOf } from '../model/read.ts';
import type { Engagement } from '../schemas/index.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_PATH, BundleManifest } from './manifest.ts';
import { referencedAttachments } from './pack.ts';

export interface BundleLimits {
  /** Largest bundle accepted, compressed or expanded (bytes). */
  maxTotalBytes: number;
  /** Most files in one bundle. */
  maxFiles: number;
}
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxTotalBytes: 500 * 1024 * 1024, maxFiles: 100_000 };

export type UnpackResult =
  | {
      ok: true;
      engagementId: string;
      /** The doc.bin bytes: apply them to the engagement's doc (new or existing: the CRDT merges). */
      update: Uint8Array;
      attachments: Map<string, Uint8Array>;
      engagement: Engagement;
      manifest: BundleManifest;
      /** The doc was written by a newer Groundwork than this one. */
      newerSchema: boolean;
    }
  | { ok: false; error: string };

const fail = (error: string): UnpackResult => ({ ok: false, error });
const megabytes = (n: number) => {
  const mb = n / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb)} MB`;
  if (mb >= 1) return `${mb.toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
};

/**
 * Read and check a bundle completely. It only returns data — nothing is applied — so a damaged,
 * truncated or foreign file can be refused without having changed anything.
 */
export async function unpackBundle(bytes: Uint8Array, limits: Partial<BundleLimits> = {}): Promise<UnpackResult> {
  const { maxTotalBytes, maxFiles } = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  if (bytes.length > maxTotalBytes) return fail(`This bundle is too large to import (${megabytes(bytes.length)}; the limit is ${megabytes(maxTotalBytes)}).`);
  const isZip = bytes.length >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  if (!isZip) return fail('This file is not a Groundwork bundle: it is not a zip archive.');

  // First pass reads only the directory, so sizes are checked before anything is expanded.
  const names: string[] = [];
  let expanded = 0;
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        expanded += f.originalSize;
        return false;
      },
    });
  } catch {
    return fail('This bundle is damaged or incomplete (perhaps the download or copy was cut short): the zip archive cannot be read.');
  }
  if (names.length > maxFiles) return fail(`This bundle holds too many files to import (${names.length}; the limit is ${maxFiles}).`);
  if (expanded > maxTotalBytes)
    return fail(`This bundle is too large to import once expanded (${megabytes(expanded)}; the limit is ${megabytes(maxTotalBytes)}).`);
  if (new Set(names).size !== names.length) return fail('This bundle is damaged: it holds the same file twice.');
  if (!names.includes('manifest.json')) return fail('This file is not a Groundwork bundle: it has no manifest.');

  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    return fail('This bundle is damaged: some of its contents cannot be decompressed.');
  }

  let raw: unknown;
  try {
    raw = JSON.parse(strFromU8(files['manifest.json']!));
  } catch {
    return fail('This bundle is damaged: its manifest cannot be read.');
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== BUNDLE_FORMAT) return fail('This file is not a Groundwork bundle: its manifest describes something else.');
  const formatVersion = (raw as { formatVersion?: unknown }).formatVersion;
  if (typeof formatVersion === 'number' && formatVersion > BUNDLE_FORMAT_VERSION)
    return fail(
      `This bundle was made by a newer version of Groundwork (bundle format ${formatVersion}; this version reads format ${BUNDLE_FORMAT_VERSION}). Update Groundwork to import it.`,
    );
  const parsed = BundleManifest.safeParse(raw);
  if (!parsed.success) return fail(`This bundle’s manifest is not valid: ${readableErrors(parsed.error).join(' ')}`);
  const manifest = parsed.data;

  // Every file listed must be there with the right size and checksum; nothing unlisted may ride along.
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const name of names) {
    if (name !== 'manifest.json' && !listed.has(name))
      return fail(`This bundle is damaged or has been altered: it holds “${name}”, which its manifest does not list.`);
  }
  for (const required of ['doc.bin', 'engagement.json']) {
    if (!listed.has(required)) return fail(`This bundle is not complete: its manifest does not list ${required}.`);
  }
  for (const f of manifest.files) {
    const data = files[f.path];
    if (!data) return fail(`This bundle is not complete: ${f.path} is missing.`);
    if (data.length !== f.size) return fail(`This bundle is damaged: ${f.path} is ${data.length} bytes but should be ${f.size}.`);
    if ((await sha256Hex(data)) !== f.sha256) return fail(`This bundle is damaged: ${f.path} does not match its checksum.`);
    if (f.path.startsWith('attachments/') && f.path !== `attachments/${f.sha256}`)
      return fail(`This bundle is damaged: ${f.path} is not stored under its own checksum.`);
    if (!BUNDLE_PATH.test(f.path)) return fail(`This bundle holds a file Groundwork does not expect: ${f.path}.`);
  }
  try {
    JSON.parse(strFromU8(files['engagement.json']!));
  } catch {
    return fail('This bundle is damaged: engagement.json is not readable.');
  }

  // The document itself: a valid Yjs update, complete, for the engagement the manifest names.
  const update = files['doc.bin']!;
  const probe = new Y.Doc({ gc: true });
  try {
    try {
      Y.applyUpdate(probe, update);
    } catch {
      return fail('This bundle is damaged: its engagement data cannot be read.');
    }
    if (probe.store.pendingStructs || probe.store.pendingDs) return fail('This bundle is damaged: its engagement data is incomplete.');
    const docId = meta(probe).get('engagementId');
    if (docId !== manifest.engagementId) return fail('This bundle is damaged: its engagement data belongs to a different engagement than its manifest names.');
    const newerSchema = schemaVersionOf(probe) > SCHEMA_VERSION;
    // Older docs are read the way this version would read them after opening (the probe is thrown away).
    if (!newerSchema) migrate(probe);
    const engagement = readEngagement(probe);
    if (!engagement.ok) return fail(`The engagement in this bundle is not valid: ${engagement.problems.join(' ')}`);
    if (engagement.value.id !== manifest.engagementId)
      return fail('This bundle is damaged: its engagement data belongs to a different engagement than its manifest names.');

    const attachments = new Map<string, Uint8Array>();
    for (const f of manifest.files) if (f.path.startsWith('attachments/')) attachments.set(f.sha256, files[f.path]!);
    const declaredMissing = new Set(manifest.missingAttachments);
    const absent = [...referencedAttachments(probe)].filter((sha) => !attachments.has(sha) && !declaredMissing.has(sha));
    if (absent.length)
      return fail(
        `This bundle is not complete: ${absent.length === 1 ? 'one photo or file' : `${absent.length} photos or files`} the engagement refers to ${absent.length === 1 ? 'is' : 'are'} missing.`,
      );
    return { ok: true, engagementId: manifest.engagementId, update, attachments, engagement: engagement.value, manifest, newerSchema };
  } finally {
    probe.destroy();
  }
}
