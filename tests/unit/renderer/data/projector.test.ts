import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { createEntity, deleteEntity, editText, initEngagementDoc, updateEntity } from '#core/model/write.ts';
import { readAll } from '#core/model/read.ts';
import { collection } from '#core/model/layout.ts';
import { BUILT_IN_TEMPLATES } from '#core/templates/index.ts';
import { openDb, type GroundworkDb } from '#renderer/data/db.ts';
import { Projector, findingRow, recommendationRow, visitRow } from '#renderer/data/projector.ts';
import { FOCUS_AREAS, PRIORITIES, RECOMMENDATION_STATUSES } from '#core/schemas/index.ts';

const ctx = { author: 'tester', now: () => new Date('2026-03-01T10:00:00Z') };
let dbCounter = 0;
const dbs: GroundworkDb[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

function freshDb(): GroundworkDb {
  const db = openDb(`projector-test-${++dbCounter}`);
  dbs.push(db);
  return db;
}

function newEngagementDoc(id = 'eng1'): Y.Doc {
  const doc = new Y.Doc();
  initEngagementDoc(doc, ctx, { id, city: 'Port Alder', state: 'MA', kind: 'direct', intensity: 'moderate', focusAreas: ['housing'], status: 'active', startDate: '2026-01-01', sponsor: '', stakeholders: [], team: [], summary: '', indicators: [] });
  return doc;
}

type Op =
  | { t: 'addRec'; title: string; status: number; priority: number; focus: number }
  | { t: 'editRec'; pick: number; title: string; status: number }
  | { t: 'delRec'; pick: number }
  | { t: 'addFinding'; title: string; focus: number }
  | { t: 'editFindingText'; pick: number; text: string }
  | { t: 'addVisit'; title: string; tpl: number }
  | { t: 'delVisit'; pick: number }
  | { t: 'undo' };

const title = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('addRec' as const), title, status: fc.nat(5), priority: fc.nat(2), focus: fc.nat(7) }),
  fc.record({ t: fc.constant('editRec' as const), pick: fc.nat(), title, status: fc.nat(5) }),
  fc.record({ t: fc.constant('delRec' as const), pick: fc.nat() }),
  fc.record({ t: fc.constant('addFinding' as const), title, focus: fc.nat(7) }),
  fc.record({ t: fc.constant('editFindingText' as const), pick: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({ t: fc.constant('addVisit' as const), title, tpl: fc.nat(3) }),
  fc.record({ t: fc.constant('delVisit' as const), pick: fc.nat() }),
  fc.constant({ t: 'undo' as const }),
);

function apply(doc: Y.Doc, undo: Y.UndoManager, o: Op, n: { rec: number }) {
  const ids = (c: 'recommendations' | 'findings' | 'visits') => [...collection(doc, c).keys()].sort();
  const pick = (c: 'recommendations' | 'findings' | 'visits', i: number) => {
    const all = ids(c);
    return all.length ? all[i % all.length] : undefined;
  };
  switch (o.t) {
    case 'addRec':
      createEntity(doc, ctx, 'recommendations', { number: ++n.rec, title: o.title, status: RECOMMENDATION_STATUSES[o.status]!, priority: PRIORITIES[o.priority]!, focusArea: FOCUS_AREAS[o.focus]! });
      break;
    case 'editRec': {
      const id = pick('recommendations', o.pick);
      if (id) updateEntity(doc, ctx, 'recommendations', id, { title: o.title, status: RECOMMENDATION_STATUSES[o.status]! });
      break;
    }
    case 'delRec': {
      const id = pick('recommendations', o.pick);
      if (id) deleteEntity(doc, 'recommendations', id);
      break;
    }
    case 'addFinding':
      createEntity(doc, ctx, 'findings', { title: o.title, kind: 'need', focusArea: FOCUS_AREAS[o.focus]! });
      break;
    case 'editFindingText': {
      const id = pick('findings', o.pick);
      if (id) editText(doc, ctx, 'findings', id, 'description', o.text);
      break;
    }
    case 'addVisit':
      createEntity(doc, ctx, 'visits', { title: o.title, date: '2026-02-02', template: BUILT_IN_TEMPLATES[o.tpl % BUILT_IN_TEMPLATES.length]! });
      break;
    case 'delVisit': {
      const id = pick('visits', o.pick);
      if (id) deleteEntity(doc, 'visits', id);
      break;
    }
    case 'undo':
      undo.undo();
      break;
  }
}

async function expectIndexMatchesDoc(db: GroundworkDb, doc: Y.Doc, engagementId: string) {
  const sortById = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const photoCounts = new Map<string, number>();
  const recs = readAll(doc, 'recommendations');
  const finds = readAll(doc, 'findings');
  const visits = readAll(doc, 'visits');
  expect(sortById(await db.recommendations.where('engagementId').equals(engagementId).toArray())).toEqual(sortById(recs.items.map((r) => recommendationRow(engagementId, r))));
  expect(sortById(await db.findings.where('engagementId').equals(engagementId).toArray())).toEqual(sortById(finds.items.map((f) => findingRow(engagementId, f))));
  expect(sortById(await db.visits.where('engagementId').equals(engagementId).toArray())).toEqual(sortById(visits.items.map((v) => visitRow(engagementId, v, photoCounts.get(v.id) ?? 0))));
  const summary = await db.engagements.get(engagementId);
  expect(summary?.recommendationCount).toBe(recs.items.length);
  expect(summary?.findingCount).toBe(finds.items.length);
  expect(summary?.visitCount).toBe(visits.items.length);
}

describe('Projector', () => {
  it('keeps the Dexie index equal to the Y.Doc after any random sequence of local edits (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        const db = freshDb();
        const doc = newEngagementDoc();
        const projector = new Projector(db, 'eng1', doc, 0);
        await projector.rebuild();
        const undo = new Y.UndoManager([collection(doc, 'recommendations'), collection(doc, 'findings'), collection(doc, 'visits')], { trackedOrigins: new Set([(await import('#core/model/layout.ts')).LOCAL_ORIGIN]), captureTimeout: 0 });
        const n = { rec: 0 };
        for (const o of ops) apply(doc, undo, o, n);
        await projector.flush();
        await expectIndexMatchesDoc(db, doc, 'eng1');
        projector.destroy();
      }),
      { numRuns: 40 },
    );
  });

  it('indexes remote updates from a peer too, and quarantines a peer’s invalid entity instead of crashing', async () => {
    const db = freshDb();
    const doc = newEngagementDoc();
    const projector = new Projector(db, 'eng1', doc, 0);
    await projector.rebuild();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    createEntity(peer, { author: 'peer' }, 'recommendations', { number: 7, title: 'From a peer', status: 'proposed', priority: 'high', focusArea: 'housing' });
    const bad = new Y.Map<unknown>();
    peer.transact(() => {
      collection(peer, 'recommendations').set('broken', bad as never);
      bad.set('title', 42);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer), 'remote');
    await projector.flush();
    const rows = await db.recommendations.where('engagementId').equals('eng1').toArray();
    expect(rows.map((r) => r.title)).toEqual(['From a peer']);
    const q = await db.quarantine.where('engagementId').equals('eng1').toArray();
    expect(q).toHaveLength(1);
    expect(q[0]!.entityId).toBe('broken');
    expect(q[0]!.problems.join(' ')).toMatch(/Title/);
    expect((await db.engagements.get('eng1'))?.quarantinedCount).toBe(1);
  });

  it('rebuild() recreates the index from the doc after the tables were cleared', async () => {
    const db = freshDb();
    const doc = newEngagementDoc();
    for (let i = 1; i <= 25; i++) createEntity(doc, ctx, 'recommendations', { number: i, title: `Rec ${i}`, status: 'draft', priority: 'low', focusArea: 'housing' });
    const projector = new Projector(db, 'eng1', doc, 0);
    await projector.rebuild();
    await db.recommendations.clear();
    await projector.rebuild();
    expect(await db.recommendations.count()).toBe(25);
  });
});
