/**
 * Search at startup and after a city rename (ADR 0010): the workspace is usable before the stored search documents
 * are loaded (the index says "loading", with counts), edits made meanwhile win over the older stored rows and
 * nothing deleted meanwhile comes back; renaming an engagement's city re-projects its children's documents.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEntity, updateEntity } from '#core/model/write.ts';
import { LOCAL_ORIGIN } from '#core/model/layout.ts';
import type { GroundworkDb } from '#renderer/data/db.ts';
import { SearchIndex } from '#renderer/data/search-index.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import { newEngagement } from '../fixtures.ts';

const open: Workspace[] = [];
let n = 0;
afterEach(async () => {
  vi.restoreAllMocks();
  for (const ws of open.splice(0)) {
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  }
});

const ENGAGEMENT = newEngagement({ summary: 'Waterfront and mill district.' });

async function start(name: string): Promise<Workspace> {
  const ws = await Workspace.start(name);
  open.push(ws);
  return ws;
}

async function restart(ws: Workspace): Promise<Workspace> {
  await ws.closeAll();
  ws.db.close();
  open.splice(open.indexOf(ws), 1);
  return start(ws.db.name);
}

/** Make the startup load's stored documents arrive only when `gate` opens (a 50,000-item database takes seconds). */
function slowSearchLoad(gate: Promise<void>) {
  const original = SearchIndex.prototype.load;
  return vi.spyOn(SearchIndex.prototype, 'load').mockImplementation(function (this: SearchIndex, db: GroundworkDb, chunk?: number) {
    const slow = Object.create(db) as GroundworkDb;
    Object.defineProperty(slow, 'searchDocs', {
      value: {
        count: () => db.searchDocs.count(),
        // The rows are read at once (a snapshot from before any edit made during the load), handed over later.
        toArray: async () => {
          const rows = await db.searchDocs.toArray();
          await gate;
          return rows;
        },
      },
    });
    return original.call(this, slow, chunk);
  });
}

describe('search at startup', () => {
  it('does not hold up the workspace: loading state with counts, edits meanwhile win, deletions stay deleted, then ready', async () => {
    const ws = await start(`search-startup-${process.pid}-${++n}`);
    const id = await ws.createEngagement(ENGAGEMENT);
    const s = await ws.open(id);
    createEntity(s.doc, s.ctx, 'findings', { id: 'f1', title: 'Boarded-up houses on Mill Street', kind: 'need', focusArea: 'housing' });
    createEntity(s.doc, s.ctx, 'findings', { id: 'f2', title: 'Zoning map predates the bypass', kind: 'need', focusArea: 'land-use' });
    await s.settle();
    const stored = await ws.db.searchDocs.count();

    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    slowSearchLoad(gate);
    // If start() waited for the index this would never resolve (the gate is shut): it must resolve on its own.
    const again = await Promise.race([
      restart(ws),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Workspace.start waited for the search index')), 10_000)),
    ]);
    expect(again.search.ready).toBe(false);
    expect(again.search.status).toEqual({ state: 'loading', loaded: 0, total: stored });
    const ready = again.search.whenReady();

    // Meanwhile: one finding edited (its new title must win over the stored row), one deleted (must not come back).
    const s2 = await again.open(id);
    updateEntity(s2.doc, s2.ctx, 'findings', 'f1', { title: 'Boarded-up houses on Depot Street' });
    s2.doc.transact(() => s2.doc.getMap('findings').delete('f2'), LOCAL_ORIGIN);
    await s2.settle();

    release();
    await ready;
    expect(again.search.ready).toBe(true);
    expect(again.search.status).toEqual({ state: 'ready', loaded: stored, total: stored });
    expect(again.search.search('depot').map((h) => h.id)).toEqual(['f1']);
    expect(again.search.search('mill street', { kinds: ['finding'] })).toEqual([]);
    expect(again.search.search('zoning', { kinds: ['finding'] })).toEqual([]);
    expect(again.search.search('waterfront', { kinds: ['engagement'] }).map((h) => h.id)).toEqual([id]);
  });

  it('a fresh index (no startup load) is ready at once', async () => {
    const idx = new SearchIndex();
    expect(idx.ready).toBe(true);
    await idx.whenReady();
  });
});

describe('city rename', () => {
  it('re-projects the city onto every child document (index and stored rows), so city filters and words find them', async () => {
    const ws = await start(`search-rename-${process.pid}-${++n}`);
    const id = await ws.createEngagement(ENGAGEMENT);
    const s = await ws.open(id);
    createEntity(s.doc, s.ctx, 'findings', { id: 'f1', title: 'Boarded-up houses', kind: 'need', focusArea: 'housing' });
    createEntity(s.doc, s.ctx, 'recommendations', {
      id: 'r1',
      number: 1,
      title: 'Adopt a rental registry',
      focusArea: 'housing',
      priority: 'high',
      status: 'draft',
    });
    s.doc.transact(
      () =>
        s.doc
          .getMap('comments')
          .set('c1', {
            id: 'c1',
            target: { collection: 'findings', id: 'f1' },
            body: 'Ask the treasurer for the lien list',
            author: 'lead-1',
            at: '2026-02-01T10:00:00.000Z',
            resolved: false,
          }),
      LOCAL_ORIGIN,
    );
    await s.settle();
    expect(ws.search.search('boarded', { city: 'Port Alder' }).map((h) => h.id)).toEqual(['f1']);

    s.doc.transact(() => s.doc.getMap('engagement').set('city', 'Alder Harbor'), LOCAL_ORIGIN);
    await s.settle();
    for (const [q, hit] of [
      ['boarded', 'f1'],
      ['registry', 'r1'],
      ['treasurer', 'c1'],
    ] as const) {
      expect(ws.search.search(q, { city: 'Alder Harbor, MA' }).map((h) => h.id)).toEqual([hit]);
      expect(ws.search.search(q, { city: 'Port Alder' })).toEqual([]);
    }
    // The city's name is indexed too: the new one finds the children, the old one no longer does.
    expect(ws.search.search('alder harbor', { kinds: ['finding'] }).map((h) => h.id)).toEqual(['f1']);
    expect(ws.search.search('port alder', { kinds: ['recommendation'] })).toEqual([]);
    const rows = await ws.db.searchDocs.where('engagementId').equals(id).toArray();
    expect(new Set(rows.map((r) => r.city))).toEqual(new Set(['Alder Harbor, MA']));

    // …and after a restart (from the stored rows).
    const again = await restart(ws);
    await again.search.whenReady();
    expect(again.search.search('registry', { city: 'Alder Harbor' }).map((h) => h.id)).toEqual(['r1']);
  });
});
