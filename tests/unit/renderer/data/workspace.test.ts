import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import * as Y from 'yjs';
import { sha256Hex } from '#core/hash.ts';
import { readAll, readEngagement } from '#core/model/read.ts';
import { createEntity, editText, updateEntity } from '#core/model/write.ts';
import { COLLECTIONS, type Collection } from '#core/model/layout.ts';
import { BUILT_IN_TEMPLATES } from '#core/templates/index.ts';
import { ImportError, Workspace, type NewEngagementInput } from '#renderer/data/workspace.ts';

let counter = 0;
const open: Workspace[] = [];

afterEach(async () => {
  for (const ws of open.splice(0)) {
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  }
});

async function freshWorkspace(): Promise<Workspace> {
  const ws = await Workspace.start(`workspace-test-${process.pid}-${++counter}`);
  open.push(ws);
  return ws;
}

const ENGAGEMENT: NewEngagementInput = {
  city: 'Port Alder',
  state: 'MA',
  kind: 'direct',
  intensity: 'moderate',
  status: 'active',
  focusAreas: ['housing', 'operations-budget'],
  startDate: '2026-01-05',
  sponsor: 'Mayor Okafor',
  stakeholders: ['Finance director'],
  team: [{ id: 'you', name: 'You', role: 'expert' }],
  indicators: [],
  summary: '',
};

/** Deterministic fake photo bytes (the workspace only hashes and stores them). */
function photoBytes(seed: number, size = 1500): Uint8Array {
  const out = new Uint8Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/** An engagement with a visit, a finding, a recommendation linked to both, prose, and one stored photo. */
async function populatedEngagement(ws: Workspace): Promise<string> {
  const id = await ws.createEngagement(ENGAGEMENT);
  const s = await ws.open(id);
  const bytes = photoBytes(7);
  const sha = await sha256Hex(bytes);
  await ws.db.blobs.put({
    sha256: sha,
    blob: new Blob([bytes as BlobPart], { type: 'image/jpeg' }),
    mime: 'image/jpeg',
    size: bytes.length,
    createdAt: '2026-02-01T10:00:00.000Z',
  });
  const visit = createEntity(s.doc, s.ctx, 'visits', {
    title: 'Downtown site walk',
    date: '2026-02-01',
    template: structuredClone(BUILT_IN_TEMPLATES[0]!),
    location: { address: '1 Main St' },
    observations: 'Quiet at noon.',
  });
  const att = createEntity(s.doc, s.ctx, 'attachments', {
    sha256: sha,
    mime: 'image/jpeg',
    size: bytes.length,
    caption: 'Facade on Main St',
    visitId: visit.id,
  });
  updateEntity(s.doc, s.ctx, 'visits', visit.id, { photoIds: [att.id] });
  const finding = createEntity(s.doc, s.ctx, 'findings', {
    title: 'Vacant storefronts',
    kind: 'need',
    focusArea: 'housing',
    severity: 'high',
    visitId: visit.id,
    photoIds: [att.id],
  });
  createEntity(s.doc, s.ctx, 'recommendations', {
    number: 1,
    title: 'Create a vacant property registry',
    focusArea: 'housing',
    priority: 'high',
    status: 'proposed',
    rationale: 'Owners are hard to reach.',
    findingIds: [finding.id],
    visitIds: [visit.id],
  });
  editText(s.doc, s.ctx, 'engagement', id, 'summary', 'A housing survey and a fiscal plan.');
  await s.settle();
  return id;
}

async function snapshot(ws: Workspace, id: string) {
  const s = await ws.open(id);
  await s.settle();
  const out: Record<string, unknown> = { engagement: readEngagement(s.doc) };
  for (const c of COLLECTIONS) {
    const { items, quarantined } = readAll(s.doc, c as Collection);
    out[c] = { items: [...items].sort((a, b) => a.id.localeCompare(b.id)), quarantined };
  }
  return out;
}

/** Every stored update row, bytes included: what "the database did not change" means. */
async function updatesTable(ws: Workspace) {
  const rows = await ws.db.updates.toArray();
  return rows.map((r) => ({ seq: r.seq, docId: r.docId, update: Array.from(r.update) }));
}

describe('Workspace', () => {
  it('starts on a fresh database with no engagements and the built-in templates', async () => {
    const ws = await freshWorkspace();
    expect(await ws.engagementIds()).toEqual([]);
    expect(await ws.db.engagements.count()).toBe(0);
    expect(ws.user.id).toBe('you');
    expect(ws.templates.list().templates.length).toBeGreaterThan(0);
  });

  it('creates an engagement: stored as a document and indexed for lists', async () => {
    const ws = await freshWorkspace();
    const id = await ws.createEngagement(ENGAGEMENT);
    expect(await ws.engagementIds()).toEqual([id]);
    const row = await ws.db.engagements.get(id);
    expect(row).toMatchObject({ id, city: 'Port Alder', state: 'MA', visitCount: 0, recommendationCount: 0 });
    const read = readEngagement((await ws.open(id)).doc);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.value).toMatchObject({ id, city: 'Port Alder', createdBy: 'you', focusAreas: ['housing', 'operations-budget'] });
  });

  it('survives a restart: a second Workspace on the same database reads the same engagement', async () => {
    const ws = await freshWorkspace();
    const id = await populatedEngagement(ws);
    const before = await snapshot(ws, id);
    await ws.closeAll();
    const again = await Workspace.start(ws.db.name);
    try {
      expect(await snapshot(again, id)).toEqual(before);
    } finally {
      await again.closeAll();
      again.db.close();
    }
  });

  it('exports a bundle that imports into another workspace with identical contents, photos and index', async () => {
    const a = await freshWorkspace();
    const id = await populatedEngagement(a);
    const { name, bytes } = await a.exportBundle(id, '0.1.0');
    expect(name).toMatch(/^groundwork-port-alder-ma-\d{4}-\d{2}-\d{2}\.zip$/);

    const b = await freshWorkspace();
    const result = await b.importBundle(bytes);
    expect(result).toEqual({ engagementId: id, merged: false, photos: 1 });
    expect(await snapshot(b, id)).toEqual(await snapshot(a, id));
    // The photo bytes came along, and the index lists read from was rebuilt.
    const [blobA] = await a.db.blobs.toArray();
    const blobB = await b.db.blobs.get(blobA!.sha256);
    expect(blobB?.mime).toBe('image/jpeg');
    expect(new Uint8Array(await blobB!.blob.arrayBuffer())).toEqual(new Uint8Array(await blobA!.blob.arrayBuffer()));
    const { lastActivity: _a, ...rowA } = (await a.db.engagements.get(id))!;
    const { lastActivity: _b, ...rowB } = (await b.db.engagements.get(id))!;
    expect(rowB).toEqual(rowA);
    expect(rowB).toMatchObject({ visitCount: 1, findingCount: 1, recommendationCount: 1 });
    expect(await b.db.recommendations.where('engagementId').equals(id).toArray()).toEqual(
      await a.db.recommendations.where('engagementId').equals(id).toArray(),
    );
  });

  describe('refuses a bad bundle with a readable ImportError and changes nothing', () => {
    async function expectRefused(bytes: Uint8Array, message: RegExp) {
      const ws = await freshWorkspace();
      const id = await populatedEngagement(ws);
      const before = await updatesTable(ws);
      const blobsBefore = await ws.db.blobs.count();
      const snapBefore = await snapshot(ws, id);
      const err = await ws.importBundle(bytes).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportError);
      const text = (err as ImportError).message;
      expect(text).toMatch(message);
      // A sentence for a person, not a stack trace or an exception name.
      expect(text).toMatch(/^[A-Z].{20,}\.$/s);
      expect(text).not.toMatch(/undefined|TypeError|RangeError|\bat \w+ \(/);
      expect(await updatesTable(ws)).toEqual(before);
      expect(await ws.db.blobs.count()).toBe(blobsBefore);
      expect(await ws.db.engagements.count()).toBe(1);
      expect(await snapshot(ws, id)).toEqual(snapBefore);
    }

    it('random bytes', async () => {
      const junk = photoBytes(42, 4096);
      await expectRefused(junk, /not a Groundwork bundle.*not a zip/);
    });

    it('an empty file', async () => {
      await expectRefused(new Uint8Array(), /not a zip/);
    });

    it('a truncated real export', async () => {
      const src = await freshWorkspace();
      const { bytes } = await src.exportBundle(await populatedEngagement(src), '0.1.0');
      await expectRefused(bytes.slice(0, Math.floor(bytes.length * 0.6)), /damaged|incomplete|not a zip/);
    });

    it('a real export with one byte flipped in the middle', async () => {
      const src = await freshWorkspace();
      const { bytes } = await src.exportBundle(await populatedEngagement(src), '0.1.0');
      const bad = bytes.slice();
      const at = Math.floor(bad.length / 2);
      bad[at] = bad[at]! ^ 0xff;
      await expectRefused(bad, /damaged|checksum|cannot be/);
    });

    it('a zip without a manifest', async () => {
      await expectRefused(zipSync({ 'notes.txt': strToU8('hello'), 'doc.bin': new Uint8Array([0, 0]) }), /no manifest/);
    });

    it('a foreign zip whose manifest describes something else', async () => {
      await expectRefused(zipSync({ 'manifest.json': strToU8(JSON.stringify({ format: 'something-else', version: 3 })) }), /describes something else/);
    });
  });

  it('importing into an existing engagement merges concurrent edits from both sides', async () => {
    const a = await freshWorkspace();
    const id = await populatedEngagement(a);
    const b = await freshWorkspace();
    expect((await b.importBundle((await a.exportBundle(id, '0.1.0')).bytes)).merged).toBe(false);
    // B works under another name.
    await b.setUser({ id: 'p-colleague', name: 'Colleague', role: 'expert' });

    const sa = await a.open(id);
    const sb = await b.open(id);
    const recId = readAll(sa.doc, 'recommendations').items[0]!.id;
    const visitId = readAll(sa.doc, 'visits').items[0]!.id;
    // Concurrent, offline: A retitles the recommendation and adds a finding; B adds a recommendation,
    // changes the priority of the same recommendation and appends to the same visit's observations.
    updateEntity(sa.doc, sa.ctx, 'recommendations', recId, { title: 'Create a vacant property registry with fees' });
    const fa = createEntity(sa.doc, sa.ctx, 'findings', { title: 'Strong code enforcement team', kind: 'strength', focusArea: 'housing' });
    editText(sa.doc, sa.ctx, 'visits', visitId, 'observations', 'Quiet at noon. Busy at five.');
    const rb = createEntity(sb.doc, sb.ctx, 'recommendations', {
      number: 2,
      title: 'Publish a monthly budget report',
      focusArea: 'operations-budget',
      priority: 'medium',
      status: 'draft',
    });
    updateEntity(sb.doc, sb.ctx, 'recommendations', recId, { priority: 'low' });
    editText(sb.doc, sb.ctx, 'visits', visitId, 'observations', 'Owners interviewed. Quiet at noon.');
    await sa.settle();
    await sb.settle();

    // Exchange bundles both ways.
    const fromA = (await a.exportBundle(id, '0.1.0')).bytes;
    const fromB = (await b.exportBundle(id, '0.1.0')).bytes;
    expect((await b.importBundle(fromA)).merged).toBe(true);
    expect((await a.importBundle(fromB)).merged).toBe(true);

    for (const ws of [a, b]) {
      const s = await ws.open(id);
      const recs = readAll(s.doc, 'recommendations').items;
      expect(recs.map((r) => r.id).sort()).toEqual([recId, rb.id].sort());
      const rec = recs.find((r) => r.id === recId)!;
      expect(rec.title).toBe('Create a vacant property registry with fees');
      expect(rec.priority).toBe('low');
      expect(readAll(s.doc, 'findings').items.map((f) => f.id)).toContain(fa.id);
      const obs = readAll(s.doc, 'visits').items[0]!.observations;
      expect(obs).toContain('Owners interviewed.');
      expect(obs).toContain('Busy at five.');
      const row = await ws.db.engagements.get(id);
      expect(row).toMatchObject({ recommendationCount: 2, findingCount: 2 });
    }
    // Both sides converge to the same state.
    expect(await snapshot(b, id)).toEqual(await snapshot(a, id));
    // The merge is idempotent: importing the same bundle again changes nothing visible.
    const before = await snapshot(b, id);
    await b.importBundle(fromA);
    expect(await snapshot(b, id)).toEqual(before);
    expect(Y.encodeStateVector(sa.doc)).toEqual(Y.encodeStateVector((await b.open(id)).doc));
  });
});
