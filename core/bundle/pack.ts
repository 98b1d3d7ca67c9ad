import { strToU8, zipSync, type Zippable } from 'fflate';
import * as Y from 'yjs';
import { ValidationError } from '../errors.ts';
import { sha256Hex } from '../hash.ts';
import { SCHEMA_VERSION, collection } from '../model/layout.ts';
import { readAll, readEngagement, schemaVersionOf } from '../model/read.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleFile, type BundleManifest } from './manifest.ts';

export interface PackInput {
  doc: Y.Doc;
  /** Attachment bytes by SHA-256; those the doc names but that are absent are listed as missing. */
  attachments: ReadonlyMap<string, Uint8Array>;
  exportedBy: string;
  appVersion: string;
  now: Date;
}

/** A readable plain snapshot of the engagement, for people and other tools (the doc.bin is what imports). */
export function engagementSnapshot(doc: Y.Doc) {
  const engagement = readEngagement(doc);
  const visits = readAll(doc, 'visits');
  const findings = readAll(doc, 'findings');
  const recommendations = readAll(doc, 'recommendations');
  const attachments = readAll(doc, 'attachments');
  return {
    schemaVersion: schemaVersionOf(doc),
    engagement: engagement.ok ? engagement.value : null,
    visits: visits.items,
    findings: findings.items,
    recommendations: recommendations.items.sort((a, b) => a.number - b.number),
    attachments: attachments.items,
    /** Entities that failed validation are named here, not silently dropped. */
    quarantined: [...visits.quarantined, ...findings.quarantined, ...recommendations.quarantined, ...attachments.quarantined],
  };
}

/** Every SHA-256 the doc's attachment metadata refers to (read raw, so a quarantined entity still counts). */
export function referencedAttachments(doc: Y.Doc): Set<string> {
  const out = new Set<string>();
  collection(doc, 'attachments').forEach((m) => {
    const sha = m instanceof Y.Map ? m.get('sha256') : undefined;
    if (typeof sha === 'string') out.add(sha);
  });
  return out;
}

/** Build the bundle zip: manifest.json, engagement.json, doc.bin and attachments/<sha256>. */
export async function packBundle(input: PackInput): Promise<Uint8Array> {
  const { doc, now } = input;
  const engagement = readEngagement(doc);
  if (!engagement.ok) throw new ValidationError('The engagement', engagement.problems);
  const version = schemaVersionOf(doc);
  const mtime = now;
  const entries: Zippable = {};
  const files: BundleFile[] = [];
  const add = async (path: string, bytes: Uint8Array, level: 0 | 6) => {
    entries[path] = [bytes, { level, mtime }];
    files.push({ path, sha256: await sha256Hex(bytes), size: bytes.length });
  };
  await add('engagement.json', strToU8(JSON.stringify(engagementSnapshot(doc), null, 2)), 6);
  await add('doc.bin', Y.encodeStateAsUpdate(doc), 6);
  const missing: string[] = [];
  for (const sha of [...referencedAttachments(doc)].sort()) {
    const bytes = input.attachments.get(sha);
    if (!bytes) {
      missing.push(sha);
      continue;
    }
    const actual = await sha256Hex(bytes);
    if (actual !== sha) throw new Error(`The stored bytes for attachment ${sha.slice(0, 12)}… do not match their checksum; the local copy is damaged.`);
    // Photos are already compressed: store them as they are.
    entries[`attachments/${sha}`] = [bytes, { level: 0, mtime }];
    files.push({ path: `attachments/${sha}`, sha256: sha, size: bytes.length });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    engagementId: engagement.value.id,
    exportedAt: now.toISOString(),
    exportedBy: input.exportedBy,
    appVersion: input.appVersion,
    schemaVersion: version || SCHEMA_VERSION,
    files,
    missingAttachments: missing,
  };
  // The manifest goes first so a reader can tell what the file is from its opening bytes.
  return zipSync({ 'manifest.json': [strToU8(JSON.stringify(manifest, null, 2)), { level: 6, mtime }], ...entries });
}
