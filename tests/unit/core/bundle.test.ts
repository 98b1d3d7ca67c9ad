import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, packBundle, unpackBundle, type BundleManifest } from '#core/bundle/index.ts';
import { sha256Hex } from '#core/hash.ts';
import { collection, engagementMap } from '#core/model/layout.ts';
import { readAll, readEngagement } from '#core/model/read.ts';
import { createEntity } from '#core/model/write.ts';
import { ctxAt, newEngagementDoc } from './fixtures.ts';

const NOW = new Date('2025-05-15T12:00:00.000Z');

/** Fake photo bytes, different per seed. */
function photoBytes(seed: number, size = 2048): Uint8Array {
  const out = new Uint8Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

async function engagementWithPhotos(n = 2) {
  const doc = newEngagementDoc();
  const attachments = new Map<string, Uint8Array>();
  createEntity(doc, ctxAt('p-lead'), 'recommendations', {
    id: 'r-1',
    number: 1,
    title: 'Create a vacant property registry',
    focusArea: 'housing',
    priority: 'high',
    status: 'proposed',
    rationale: 'Owners are hard to reach.',
  });
  for (let i = 0; i < n; i++) {
    const bytes = photoBytes(i + 1);
    const sha = await sha256Hex(bytes);
    attachments.set(sha, bytes);
    createEntity(doc, ctxAt('p-lead'), 'attachments', { id: `att-${i}`, sha256: sha, mime: 'image/jpeg', size: bytes.length, caption: `Photo ${i}` });
  }
  return { doc, attachments };
}

const pack = (doc: Y.Doc, attachments: Map<string, Uint8Array>) => packBundle({ doc, attachments, exportedBy: 'p-lead', appVersion: '0.1.0', now: NOW });

/** Open a bundle, change its files, and zip it again (the way someone tampering with it would). */
function rezip(bytes: Uint8Array, mutate: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  mutate(files);
  return zipSync(files);
}
function editManifest(bytes: Uint8Array, edit: (m: Record<string, unknown>) => void): Uint8Array {
  return rezip(bytes, (files) => {
    const m = JSON.parse(strFromU8(files['manifest.json']!)) as Record<string, unknown>;
    edit(m);
    files['manifest.json'] = strToU8(JSON.stringify(m));
  });
}
/** Replace a file and fix the manifest so only the deeper checks can catch it. */
async function replaceFile(bytes: Uint8Array, path: string, data: Uint8Array): Promise<Uint8Array> {
  const sha = await sha256Hex(data);
  return rezip(bytes, (files) => {
    files[path] = data;
    const m = JSON.parse(strFromU8(files['manifest.json']!)) as BundleManifest;
    m.files = m.files.map((f) => (f.path === path ? { ...f, sha256: sha, size: data.length } : f));
    files['manifest.json'] = strToU8(JSON.stringify(m));
  });
}
const errorOf = async (bytes: Uint8Array, limits?: Parameters<typeof unpackBundle>[1]) => {
  const r = await unpackBundle(bytes, limits);
  if (r.ok) throw new Error('expected the bundle to be refused');
  return r.error;
};

describe('sha256Hex', () => {
  it('matches the standard test vectors', async () => {
    expect(await sha256Hex(strToU8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const big = new Uint8Array(10);
    expect(await sha256Hex(big.subarray(2, 5))).toBe(await sha256Hex(new Uint8Array(3)));
  });
});

describe('packBundle / unpackBundle round trip', () => {
  it('gives back the same engagement, document and attachments', async () => {
    const { doc, attachments } = await engagementWithPhotos(3);
    const bytes = await pack(doc, attachments);
    const r = await unpackBundle(bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.engagementId).toBe('eng-test');
    expect(r.engagement.city).toBe('Port Alder');
    expect(r.newerSchema).toBe(false);
    expect([...r.attachments.keys()].sort()).toEqual([...attachments.keys()].sort());
    for (const [sha, data] of attachments) expect(r.attachments.get(sha)).toEqual(data);

    const copy = new Y.Doc();
    Y.applyUpdate(copy, r.update);
    expect(readAll(copy, 'recommendations').items).toEqual(readAll(doc, 'recommendations').items);
    expect(readEngagement(copy)).toEqual(readEngagement(doc));
  });

  it('writes a readable manifest and snapshot', async () => {
    const { doc, attachments } = await engagementWithPhotos(1);
    const files = unzipSync(await pack(doc, attachments));
    expect(Object.keys(files).sort()).toEqual(['attachments/' + [...attachments.keys()][0], 'doc.bin', 'engagement.json', 'manifest.json'].sort());
    const manifest = JSON.parse(strFromU8(files['manifest.json']!)) as BundleManifest;
    expect(manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      engagementId: 'eng-test',
      exportedAt: NOW.toISOString(),
      exportedBy: 'p-lead',
      appVersion: '0.1.0',
      schemaVersion: 2,
      missingAttachments: [],
    });
    for (const f of manifest.files) {
      expect(f.size).toBe(files[f.path]!.length);
      expect(f.sha256).toBe(await sha256Hex(files[f.path]!));
    }
    const snapshot = JSON.parse(strFromU8(files['engagement.json']!));
    expect(snapshot.engagement.city).toBe('Port Alder');
    expect(snapshot.recommendations[0].rationale).toBe('Owners are hard to reach.');
  });

  it('merges into an engagement that already has local edits (the bundle only carries data)', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(doc));
    createEntity(local, ctxAt('p-me'), 'recommendations', {
      id: 'r-local',
      number: 2,
      title: 'Local idea',
      focusArea: 'housing',
      priority: 'low',
      status: 'draft',
    });
    createEntity(doc, ctxAt('p-lead'), 'recommendations', {
      id: 'r-remote',
      number: 3,
      title: 'Remote idea',
      focusArea: 'housing',
      priority: 'low',
      status: 'draft',
    });
    const r = await unpackBundle(await pack(doc, attachments));
    if (!r.ok) throw new Error(r.error);
    Y.applyUpdate(local, r.update);
    expect([...collection(local, 'recommendations').keys()].sort()).toEqual(['r-1', 'r-local', 'r-remote']);
  });

  it('declares attachments whose bytes were not on this device, and the importer accepts that', async () => {
    const { doc, attachments } = await engagementWithPhotos(2);
    const [first] = [...attachments.keys()];
    const partial = new Map([...attachments].filter(([k]) => k !== first));
    const bytes = await pack(doc, partial);
    const manifest = JSON.parse(strFromU8(unzipSync(bytes)['manifest.json']!)) as BundleManifest;
    expect(manifest.missingAttachments).toEqual([first]);
    const r = await unpackBundle(bytes);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.attachments.has(first!)).toBe(false);
  });

  it('refuses to pack an invalid engagement or attachment bytes that do not match their hash', async () => {
    const { doc, attachments } = await engagementWithPhotos(1);
    const [sha] = [...attachments.keys()];
    await expect(pack(doc, new Map([[sha!, photoBytes(99)]]))).rejects.toThrow(/do not match their checksum/);
    doc.transact(() => engagementMap(doc).set('state', 'Massachusetts'));
    await expect(pack(doc, attachments)).rejects.toThrow(/State must be a two-letter state code/);
  });

  it('packs and unpacks a full sample engagement', async () => {
    const { buildSampleProgramme, writeSampleEngagement } = await import('#core/sample/index.ts');
    const sample = buildSampleProgramme().engagements[1]!;
    const doc = new Y.Doc();
    const blobs = new Map<string, Uint8Array>();
    const meta = new Map<string, { sha256: string; size: number; mime: string }>();
    for (const p of sample.photos) {
      const data = strToU8(p.svg);
      const sha = await sha256Hex(data);
      blobs.set(sha, data);
      meta.set(p.id, { sha256: sha, size: data.length, mime: 'image/svg+xml' });
    }
    writeSampleEngagement(doc, sample, meta, { author: 'p-me' });
    const r = await unpackBundle(await pack(doc, blobs));
    if (!r.ok) throw new Error(r.error);
    expect(r.attachments.size).toBe(sample.photos.length);
    expect(r.engagement.city).toBe(sample.engagement.city);
  });
});

describe('unpackBundle refuses malformed files with clear sentences', () => {
  it('not a zip', async () => {
    expect(await errorOf(strToU8('Dear team, the budget is attached.'))).toBe('This file is not a Groundwork bundle: it is not a zip archive.');
    expect(await errorOf(new Uint8Array())).toBe('This file is not a Groundwork bundle: it is not a zip archive.');
  });

  it('a truncated zip', async () => {
    const { doc, attachments } = await engagementWithPhotos(2);
    const bytes = await pack(doc, attachments);
    for (const cut of [0.5, 0.9, 0.999]) {
      expect(await errorOf(bytes.slice(0, Math.floor(bytes.length * cut)))).toMatch(/^This bundle is damaged or incomplete/);
    }
  });

  it('a foreign zip with no manifest', async () => {
    const foreign = zipSync({ 'notes.txt': strToU8('meeting notes'), 'photo.jpg': photoBytes(1) });
    expect(await errorOf(foreign)).toBe('This file is not a Groundwork bundle: it has no manifest.');
  });

  it('a zip whose manifest describes something else', async () => {
    const other = zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'other-app-export', version: 3 })) });
    expect(await errorOf(other)).toBe('This file is not a Groundwork bundle: its manifest describes something else.');
  });

  it('a manifest that is not JSON', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = rezip(await pack(doc, attachments), (f) => (f['manifest.json'] = strToU8('{ not json')));
    expect(await errorOf(bytes)).toBe('This bundle is damaged: its manifest cannot be read.');
  });

  it('an invalid manifest, naming the field', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = editManifest(await pack(doc, attachments), (m) => {
      m.exportedAt = 'last Tuesday';
      delete m.engagementId;
    });
    const error = await errorOf(bytes);
    expect(error).toMatch(/^This bundle’s manifest is not valid: /);
    expect(error).toContain('Engagement id is required.');
    expect(error).toContain('Exported at must be a date and time in ISO 8601 form.');
  });

  it('a bundle from a newer format version', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = editManifest(await pack(doc, attachments), (m) => (m.formatVersion = BUNDLE_FORMAT_VERSION + 1));
    expect(await errorOf(bytes)).toBe(
      'This bundle was made by a newer version of Groundwork (bundle format 2; this version reads format 1). Update Groundwork to import it.',
    );
  });

  it('a file whose checksum does not match', async () => {
    const { doc, attachments } = await engagementWithPhotos(1);
    const sha = [...attachments.keys()][0]!;
    const bytes = rezip(await pack(doc, attachments), (f) => {
      const data = f[`attachments/${sha}`]!.slice();
      data[10] = data[10]! ^ 0xff;
      f[`attachments/${sha}`] = data;
    });
    expect(await errorOf(bytes)).toBe(`This bundle is damaged: attachments/${sha} does not match its checksum.`);
  });

  it('a file whose size does not match', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = editManifest(await pack(doc, attachments), (m) => {
      const files = m.files as BundleManifest['files'];
      files[1] = { ...files[1]!, size: files[1]!.size + 1 };
    });
    expect(await errorOf(bytes)).toMatch(/^This bundle is damaged: doc\.bin is \d+ bytes but should be \d+\.$/);
  });

  it('a listed file that is missing, and an unlisted file riding along', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = await pack(doc, attachments);
    expect(await errorOf(rezip(bytes, (f) => delete f['engagement.json']))).toBe('This bundle is not complete: engagement.json is missing.');
    expect(await errorOf(rezip(bytes, (f) => (f['../../evil.sh'] = strToU8('rm -rf /'))))).toBe(
      'This bundle is damaged or has been altered: it holds “../../evil.sh”, which its manifest does not list.',
    );
  });

  it('a manifest listing a path it should not', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = editManifest(await pack(doc, attachments), (m) =>
      (m.files as BundleManifest['files']).push({ path: '../outside.txt', sha256: 'a'.repeat(64), size: 1 }),
    );
    expect(await errorOf(bytes)).toMatch(
      /^This bundle’s manifest is not valid: Files \(item 3, path\) must be engagement\.json, doc\.bin or attachments\/<sha256>\.$/,
    );
  });

  it('doc.bin that is not a Yjs update', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = await replaceFile(await pack(doc, attachments), 'doc.bin', strToU8('this is not a yjs update at all'));
    expect(await errorOf(bytes)).toMatch(/^This bundle is damaged: its engagement data (cannot be read|is incomplete)\.$/);
  });

  it('doc.bin that is only part of the document', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const before = Y.encodeStateVector(doc);
    createEntity(doc, ctxAt('p'), 'recommendations', { id: 'r-2', number: 2, title: 'Later', focusArea: 'housing', priority: 'low', status: 'draft' });
    const tail = Y.encodeStateAsUpdate(doc, before); // depends on structs it does not carry
    const bytes = await replaceFile(await pack(doc, attachments), 'doc.bin', tail);
    expect(await errorOf(bytes)).toMatch(
      /^This bundle is damaged: its engagement data (is incomplete|belongs to a different engagement than its manifest names)\.$/,
    );
  });

  it('an engagement that fails validation', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bad = new Y.Doc();
    Y.applyUpdate(bad, Y.encodeStateAsUpdate(doc));
    bad.transact(() => engagementMap(bad).set('state', 'Massachusetts'));
    const bytes = await replaceFile(await pack(doc, attachments), 'doc.bin', Y.encodeStateAsUpdate(bad));
    expect(await errorOf(bytes)).toBe('The engagement in this bundle is not valid: State must be a two-letter state code such as MA.');
  });

  it('a document for another engagement than the manifest names', async () => {
    const { doc, attachments } = await engagementWithPhotos(0);
    const bytes = editManifest(await pack(doc, attachments), (m) => (m.engagementId = 'eng-other'));
    expect(await errorOf(bytes)).toBe('This bundle is damaged: its engagement data belongs to a different engagement than its manifest names.');
  });

  it('attachments the document refers to but the bundle lacks', async () => {
    const { doc, attachments } = await engagementWithPhotos(2);
    const bytes = await pack(doc, attachments);
    const gone = [...attachments.keys()].slice(0, 2);
    const stripped = rezip(bytes, (f) => {
      for (const sha of gone) delete f[`attachments/${sha}`];
      const m = JSON.parse(strFromU8(f['manifest.json']!)) as BundleManifest;
      m.files = m.files.filter((x) => !gone.some((sha) => x.path.endsWith(sha)));
      f['manifest.json'] = strToU8(JSON.stringify(m));
    });
    expect(await errorOf(stripped)).toBe('This bundle is not complete: 2 photos or files the engagement refers to are missing.');
  });

  it('a bundle over the size limit, compressed or expanded', async () => {
    const { doc, attachments } = await engagementWithPhotos(1);
    const bytes = await pack(doc, attachments);
    expect(await errorOf(bytes, { maxTotalBytes: 1000 })).toMatch(/^This bundle is too large to import \(\d+ KB; the limit is 1 KB\)\.$/);
    const bomb = zipSync({ 'manifest.json': new Uint8Array(5_000_000) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await errorOf(bomb, { maxTotalBytes: 1_000_000 })).toMatch(/^This bundle is too large to import once expanded/);
  });

  it('refuses a bundle with too many files', async () => {
    const { doc, attachments } = await engagementWithPhotos(3);
    expect(await errorOf(await pack(doc, attachments), { maxFiles: 3 })).toBe('This bundle holds too many files to import (6; the limit is 3).');
  });
});
