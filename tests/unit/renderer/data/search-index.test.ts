import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEntity, editText, updateEntity } from '#core/model/write.ts';
import { LOCAL_ORIGIN } from '#core/model/layout.ts';
import { SearchIndex, type SearchDoc } from '#renderer/data/search-index.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import { newEngagement } from '../fixtures.ts';

const doc = (over: Partial<SearchDoc> & Pick<SearchDoc, 'key' | 'kind' | 'id' | 'title'>): SearchDoc => ({
  text: '',
  city: 'Port Alder, MA',
  focusAreas: ['housing'],
  status: 'draft',
  author: 'you',
  date: '2026-01-10',
  tags: '',
  ...over,
});

describe('SearchIndex', () => {
  const docs = [
    doc({ key: 'finding:e1:f1', kind: 'finding', id: 'f1', engagementId: 'e1', title: 'Vacant houses near the depot', text: 'Forty vacant houses, most tax delinquent.', focusAreas: ['housing'] }),
    doc({ key: 'recommendation:e1:r1', kind: 'recommendation', id: 'r1', engagementId: 'e1', title: 'R-1 Start a rental registry', text: 'Proactive inspection of rentals.', status: 'proposed', date: '2026-02-01' }),
    doc({ key: 'recommendation:e2:r2', kind: 'recommendation', id: 'r2', engagementId: 'e2', title: 'R-2 Five-year forecast', text: 'A multi-year budget forecast.', city: 'New Harlow, PA', focusAreas: ['operations-budget'], status: 'accepted', date: '2025-06-01', author: 'lead-1' }),
    doc({ key: 'library:lib1', kind: 'library', id: 'lib1', title: 'Setting up a land bank', text: 'Tax-foreclosed houses returned to use.', city: '', focusAreas: ['land-use', 'housing'], status: 'current', author: 'Ruth Adeyemi', tags: 'guide land bank' }),
    doc({ key: 'comment:e1:c1', kind: 'comment', id: 'c1', engagementId: 'e1', title: 'Check the depot count', text: 'Check the depot count with the assessor', status: 'open', target: 'findings:f1' }),
  ];

  it('finds by prefix and with typos, title matches first, with match info for highlighting', () => {
    const idx = new SearchIndex();
    idx.addAll(docs);
    expect(idx.search('vaca').map((h) => [h.key, h.id, h.engagementId])).toEqual([['finding:e1:f1', 'f1', 'e1']]);
    const typo = idx.search('regsitry');
    expect(typo.map((h) => h.id)).toEqual(['r1']);
    expect(typo[0]!.terms).toEqual(['registry']);
    expect(typo[0]!.matches).toEqual([{ field: 'title', terms: ['registry'] }]);
    const houses = idx.search('houses');
    expect(houses.map((h) => h.id)).toEqual(['f1', 'lib1']);
    expect(houses[0]!.snippet).toBe('Forty vacant houses, most tax delinquent.');
  });

  it('filters by kind, city, focus area, status, author and date', () => {
    const idx = new SearchIndex();
    idx.addAll(docs);
    expect(idx.search('houses', { kinds: ['library'] }).map((h) => h.id)).toEqual(['lib1']);
    expect(idx.search('forecast OR registry'.split(' ')[0]!, { city: 'new harlow' }).map((h) => h.id)).toEqual(['r2']);
    expect(idx.search('houses', { focusArea: 'land-use' }).map((h) => h.id)).toEqual(['lib1']);
    expect(idx.search('r', { status: 'accepted' }).map((h) => h.id)).toEqual(['r2']);
    expect(idx.search('houses', { author: 'Ruth Adeyemi' }).map((h) => h.id)).toEqual(['lib1']);
    expect(idx.search('forecast', { from: '2026-01-01' })).toEqual([]);
    expect(idx.search('forecast', { from: '2025-01-01', to: '2025-12-31' }).map((h) => h.id)).toEqual(['r2']);
  });

  it('gives hrefs that open where the match is', () => {
    const idx = new SearchIndex();
    idx.addAll(docs);
    const by = (q: string) => idx.search(q)[0]!.href;
    expect(by('vacant')).toBe('#/e/e1/findings/f1');
    expect(by('registry')).toBe('#/e/e1/recommendations/r1');
    expect(by('assessor')).toBe('#/e/e1/findings/f1');
    expect(by('land bank')).toBe('#/library/lib1');
  });

  it('applies changes incrementally: add, replace, discard, and drops an engagement', () => {
    const idx = new SearchIndex();
    idx.addAll(docs);
    const v0 = idx.version;
    idx.apply([{ op: 'put', doc: { ...docs[0]!, title: 'Empty storefronts downtown' } }]);
    expect(idx.version).toBeGreaterThan(v0);
    expect(idx.search('depot', { kinds: ['finding'] })).toEqual([]);
    expect(idx.search('storefronts').map((h) => h.id)).toEqual(['f1']);
    idx.apply([{ op: 'delete', key: 'recommendation:e1:r1' }, { op: 'delete', key: 'not-there' }]);
    expect(idx.search('registry')).toEqual([]);
    expect(idx.size).toBe(4);
    idx.removeEngagement('e1');
    expect(idx.size).toBe(2);
    expect(idx.search('storefronts')).toEqual([]);
  });

  it('round-trips through JSON', () => {
    const idx = new SearchIndex();
    idx.addAll(docs);
    const again = SearchIndex.fromJSON(JSON.stringify(idx.toJSON()));
    expect(again.search('registry').map((h) => h.id)).toEqual(['r1']);
    again.removeEngagement('e1');
    expect(again.size).toBe(2);
  });
});

describe('search fed by the projector (Workspace, fake-indexeddb)', () => {
  const open: Workspace[] = [];
  let n = 0;
  afterEach(async () => {
    for (const ws of open.splice(0)) {
      await ws.closeAll();
      ws.db.close();
      await ws.db.delete();
    }
  });
  const ENGAGEMENT = newEngagement({ summary: 'Waterfront and mill district.' });

  it('indexes new items, follows edits and deletions, and comes back from Dexie after a restart', async () => {
    const name = `search-test-${process.pid}-${++n}`;
    const ws = await Workspace.start(name);
    open.push(ws);
    const id = await ws.createEngagement(ENGAGEMENT);
    const s = await ws.open(id);
    createEntity(s.doc, s.ctx, 'findings', { id: 'f1', title: 'Boarded-up houses on Mill Street', kind: 'need', focusArea: 'housing' });
    createEntity(s.doc, s.ctx, 'recommendations', { id: 'r1', number: 1, title: 'Adopt a vacant property registry', focusArea: 'housing', priority: 'high', status: 'draft' });
    await s.settle();
    expect(ws.search.search('boarded').map((h) => h.href)).toEqual([`#/e/${id}/findings/f1`]);
    expect(ws.search.search('mill distric', { kinds: ['engagement'] }).map((h) => h.id)).toEqual([id]);

    editText(s.doc, s.ctx, 'findings', 'f1', 'description', 'Owners live out of state; the assessor lists them.');
    updateEntity(s.doc, s.ctx, 'recommendations', 'r1', { title: 'Adopt a rental registry' });
    await s.settle();
    expect(ws.search.search('asessor').map((h) => h.id)).toEqual(['f1']);
    expect(ws.search.search('vacant property', { kinds: ['recommendation'] })).toEqual([]);
    expect(ws.search.search('rental registry', { engagementId: id }).map((h) => h.id)).toEqual(['r1']);

    // A review comment (root map "comments", issue 5) is searchable and opens the item it is about.
    s.doc.transact(() => s.doc.getMap('comments').set('c1', { id: 'c1', target: { collection: 'findings', id: 'f1' }, body: 'Ask the treasurer for the lien list', author: 'lead-1', at: '2026-02-01T10:00:00.000Z', resolved: false }), LOCAL_ORIGIN);
    await s.settle();
    const c = ws.search.search('treasurer', { engagementId: id });
    expect(c.map((h) => [h.kind, h.href])).toEqual([['comment', `#/e/${id}/findings/f1`]]);

    // Deleted comments (the author deletes: the body goes, issue 5) leave the index.
    s.doc.transact(() => s.doc.getMap('comments').set('c2', { id: 'c2', target: { collection: 'findings', id: 'f1' }, body: 'Zebra crossing', author: 'lead-1', at: '2026-02-01T10:00:00.000Z', resolved: false }), LOCAL_ORIGIN);
    await s.settle();
    expect(ws.search.search('zebra', { kinds: ['comment'] }).length).toBe(1);
    s.doc.transact(() => s.doc.getMap('comments').set('c2', { id: 'c2', target: { collection: 'findings', id: 'f1' }, body: '', deleted: true, author: 'lead-1', at: '2026-02-01T10:00:00.000Z', resolved: false }), LOCAL_ORIGIN);
    await s.settle();
    expect(ws.search.search('zebra', { kinds: ['comment'] })).toEqual([]);

    s.doc.transact(() => s.doc.getMap('findings').delete('f1'), LOCAL_ORIGIN);
    await s.settle();
    expect(ws.search.search('boarded')).toEqual([]);
    const stored = await ws.db.searchDocs.where('engagementId').equals(id).toArray();
    expect(stored.map((d) => d.kind).sort()).toEqual(['comment', 'engagement', 'recommendation']);

    // Restart: the index comes back from the stored documents without opening the engagement.
    await ws.closeAll();
    ws.db.close();
    open.splice(0);
    const again = await Workspace.start(name);
    open.push(again);
    await again.search.whenReady();
    expect(again.hasSession(id)).toBe(false);
    expect(again.search.search('rental registry', { engagementId: id }).map((h) => h.id)).toEqual(['r1']);
    expect(again.search.search('treasurer', { kinds: ['comment'] }).length).toBe(1);
    // …and so does the network doc: the starter library is searchable.
    expect(again.search.search('land bank', { kinds: ['library'] }).length).toBeGreaterThan(0);

    await again.deleteEngagement(id);
    expect(again.search.search('rental registry', { engagementId: id })).toEqual([]);
    expect(await again.db.searchDocs.where('engagementId').equals(id).count()).toBe(0);
  });

  it('rebuilds the search documents of a database that predates them', async () => {
    const name = `search-test-${process.pid}-${++n}`;
    const ws = await Workspace.start(name);
    open.push(ws);
    const id = await ws.createEngagement(ENGAGEMENT);
    await ws.closeAll();
    await ws.db.searchDocs.clear();
    ws.db.close();
    open.splice(0);
    const again = await Workspace.start(name);
    open.push(again);
    await again.search.whenReady();
    expect(again.search.search('waterfront').map((h) => h.id)).toEqual([id]);
  });
});
