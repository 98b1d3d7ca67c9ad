import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { RequestFlowError, SAMPLE_REQUESTS, STARTER_LIBRARY } from '#core/knowledge/index.ts';
import { NETWORK_DOC_ID } from '#renderer/data/network.ts';
import { Workspace } from '#renderer/data/workspace.ts';

const open: Workspace[] = [];
let n = 0;
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const ws of open.splice(0)) {
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  }
});

async function start(name = `network-test-${process.pid}-${++n}`): Promise<Workspace> {
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

describe('NetworkStore', () => {
  it('seeds the starter library and sample requests once, projects them into Dexie, and persists them', async () => {
    const ws = await start();
    await ws.network.settle();
    expect(await ws.db.library.count()).toBe(STARTER_LIBRARY.length);
    expect(await ws.db.requests.count()).toBe(SAMPLE_REQUESTS.length);
    const row = await ws.db.requests.get('q-sample-new-harlow-registry');
    expect(row).toMatchObject({ status: 'assigned', assignee: 'you', city: 'New Harlow', officialName: 'Alicia Moravec' });
    expect((await ws.db.library.where('focusAreas').equals('housing').toArray()).length).toBeGreaterThan(3);
    expect(await ws.db.updates.where('docId').equals(NETWORK_DOC_ID).count()).toBeGreaterThan(0);

    ws.network.setArchived('lib-starter-land-bank', true);
    const again = await restart(ws);
    await again.network.settle();
    // Not seeded twice; edits kept.
    expect(again.network.getSnapshot().library).toHaveLength(STARTER_LIBRARY.length);
    expect(again.network.libraryItem('lib-starter-land-bank')!.archived).toBe(true);
    expect((await again.db.library.get('lib-starter-land-bank'))!.archived).toBe(true);
  });

  it('starts empty with ?empty=1', async () => {
    vi.stubGlobal('location', { search: '?empty=1' });
    const ws = await start();
    await ws.network.settle();
    expect(ws.network.getSnapshot()).toMatchObject({ requests: [], library: [] });
    expect(await ws.db.library.count()).toBe(0);
    expect(ws.network.seedStarter()).toBe(STARTER_LIBRARY.length);
    await ws.network.settle();
    expect(await ws.db.library.count()).toBe(STARTER_LIBRARY.length);
  });

  it('a request goes new → published as the signed-in lead, and its answer is then found in library search', async () => {
    vi.stubGlobal('location', { search: '?empty=1' });
    const ws = await start();
    await ws.setUser({ id: 'lead-1', name: 'Lee Lead', role: 'lead' });
    const snapshots: number[] = [];
    const unsubscribe = ws.network.subscribe(() => snapshots.push(ws.network.getSnapshot().requests.length));
    const r = ws.network.createRequest({ city: 'Elk Prairie', state: 'IN', official: { name: 'Marcus Delacroix' }, focusArea: 'land-use', topic: 'Quiet title for abandoned houses', question: 'How long does quiet title take?' });
    expect(r.createdBy).toBe('lead-1');
    ws.network.moveRequest(r.id, 'triaged');
    ws.network.updateRequest(r.id, { assignee: 'exp-2', due: '2026-12-01' });
    ws.network.moveRequest(r.id, 'assigned');
    ws.network.editMemo(r.id, 'bestPractices', 'Batch the filings; expedited quiet title under the state land bank act.');
    ws.network.moveRequest(r.id, 'answered');
    const { item } = ws.network.publish(r.id, { authorName: 'Sam Expert' });
    await ws.network.settle();
    unsubscribe();
    expect(snapshots.length).toBeGreaterThan(0);
    expect((await ws.db.requests.get(r.id))!.status).toBe('published');
    expect((await ws.db.library.get(item.id))!.sourceRequestId).toBe(r.id);
    const hits = ws.search.search('quiet tittle abandonned', { kinds: ['library'] });
    expect(hits.map((h) => [h.id, h.href])).toEqual([[item.id, `#/library/${item.id}`]]);
    expect(ws.search.search('expedited', { kinds: ['request'], status: 'published' }).map((h) => h.id)).toEqual([r.id]);
  });

  it('enforces roles as the signed-in person', async () => {
    vi.stubGlobal('location', { search: '?empty=1' });
    const ws = await start();
    await ws.setUser({ id: 'v', name: 'Viewer', role: 'viewer' });
    const r = ws.network.createRequest({ city: 'Elk Prairie', state: 'IN', official: { name: 'M' }, focusArea: 'land-use', topic: 'T', question: 'Q' });
    expect(() => ws.network.moveRequest(r.id, 'triaged')).toThrow(RequestFlowError);
  });

  it('imports a folder in one transaction and reports what it skipped', async () => {
    vi.stubGlobal('location', { search: '?empty=1' });
    const ws = await start();
    let updates = 0;
    ws.network.doc.on('update', () => updates++);
    const result = ws.network.importLibrary([
      { name: 'a.md', text: '---\ntitle: Side lots\nauthor: R\ndate: 2025-01-01\nfocus areas: [land-use]\n---\nSell to neighbours.' },
      { name: 'b.md', text: '---\ntitle: Bad\nauthor: R\ndate: 2025-13-01\n---\n' },
      { name: 'c.csv', text: 'title,author,date\nOvertime,P,2025-02-02\n' },
    ]);
    expect(result.written.map((i) => i.title)).toEqual(['Side lots', 'Overtime']);
    expect(result.skipped).toEqual([{ name: 'b.md', reason: 'Date "2025-13-01" is not a real date written as YYYY-MM-DD.' }]);
    expect(updates).toBe(1);
    const refused = ws.network.importLibrary([{ name: 'd.md', text: '---\ntitle: Good\nauthor: R\ndate: 2025-01-01\n---\n' }, { name: 'e.json', text: '{' }], { allOrNothing: true });
    expect(refused.refused).toBe(true);
    expect(updates).toBe(1);
    await ws.network.settle();
    expect(await ws.db.library.count()).toBe(2);
  });

  it('merges a remote peer’s update (as sync delivers it) into rows and search', async () => {
    vi.stubGlobal('location', { search: '?empty=1' });
    const ws = await start();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(ws.network.doc));
    const { createLibraryItem } = await import('#core/knowledge/index.ts');
    createLibraryItem(peer, { author: 'peer' }, { id: 'lib-remote', kind: 'guide', title: 'Stormwater utility fees', author: 'P', date: '2025-05-05' });
    Y.applyUpdate(ws.network.doc, Y.encodeStateAsUpdate(peer), 'relay');
    await ws.network.settle();
    expect((await ws.db.library.get('lib-remote'))!.title).toBe('Stormwater utility fees');
    expect(ws.search.search('stormwater').map((h) => h.id)).toEqual(['lib-remote']);
  });
});
