import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOCAL_ORIGIN, SCHEMA_VERSION, collection, engagementMap, meta } from '#core/model/layout.ts';
import { MIGRATION_ORIGIN, migrate } from '#core/model/migrations.ts';
import { readAll, readEngagement, readEntity } from '#core/model/read.ts';
import { tinyTemplate } from '../fixtures.ts';

const stamp = { createdAt: '2023-05-01T09:00:00.000Z', createdBy: 'p-old', updatedAt: '2023-05-01T09:00:00.000Z', updatedBy: 'p-old' };

/** A doc as an early (v1) Groundwork wrote it: plain strings for prose, plain arrays, numeric priorities, no review. */
function legacyDoc(version: number | null = 1): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (version !== null) meta(doc).set('schemaVersion', version);
    const e = engagementMap(doc);
    const fields = {
      ...stamp,
      id: 'eng-old',
      city: 'Calloway Springs',
      state: 'MS',
      kind: 'direct',
      intensity: 'light',
      focusAreas: ['housing'],
      status: 'closed',
      startDate: '2023-05-01',
      summary: 'An old engagement.',
      stakeholders: ['Mayor'],
      team: [{ id: 'p-old', name: 'Old Lead', role: 'lead' }],
      indicators: [],
    };
    for (const [k, v] of Object.entries(fields)) e.set(k, v);

    const r = new Y.Map<unknown>();
    collection(doc, 'recommendations').set('r-1', r);
    for (const [k, v] of Object.entries({
      ...stamp,
      id: 'r-1',
      number: 1,
      title: 'Register vacant properties',
      rationale: 'Owners are hard to reach.',
      focusArea: 'housing',
      priority: 1,
      status: 'accepted',
      findingIds: ['f-1'],
      visitIds: [],
      progress: [],
    }))
      r.set(k, v);
    const r2 = new Y.Map<unknown>();
    collection(doc, 'recommendations').set('r-2', r2);
    for (const [k, v] of Object.entries({
      ...stamp,
      id: 'r-2',
      number: 2,
      title: 'Publish the budget',
      focusArea: 'operations-budget',
      priority: 3,
      status: 'draft',
    }))
      r2.set(k, v);

    const f = new Y.Map<unknown>();
    collection(doc, 'findings').set('f-1', f);
    for (const [k, v] of Object.entries({
      ...stamp,
      id: 'f-1',
      title: 'Vacant houses',
      kind: 'need',
      focusArea: 'housing',
      description: 'Many.',
      interviewNotes: 'Off the record.',
      photoIds: [],
    }))
      f.set(k, v);

    // v0 stored a whole visit as one plain JSON value.
    (collection(doc, 'visits') as unknown as Y.Map<unknown>).set('v-1', {
      ...stamp,
      id: 'v-1',
      title: 'Walk',
      date: '2023-05-02',
      template: tinyTemplate,
      answers: { 'q-rating': 2 },
      observations: 'Quiet street.',
      attendees: ['Mayor'],
    });
  });
  return doc;
}

describe('migrate', () => {
  it('brings a v1 doc to the current layout and makes it readable', () => {
    const doc = legacyDoc(1);
    expect(readEntity(doc, 'recommendations', 'r-1')?.ok).toBe(false);
    const result = migrate(doc);
    expect(result).toEqual({ from: 1, to: SCHEMA_VERSION, changed: true });
    expect(meta(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(meta(doc).get('engagementId')).toBe('eng-old');

    const r1 = collection(doc, 'recommendations').get('r-1')!;
    expect(r1.get('priority')).toBe('high');
    expect(r1.get('rationale')).toBeInstanceOf(Y.Text);
    expect(r1.get('findingIds')).toBeInstanceOf(Y.Array);
    expect(r1.get('review')).toEqual({ state: 'draft' });
    expect(collection(doc, 'recommendations').get('r-2')!.get('priority')).toBe('low');

    const f1 = collection(doc, 'findings').get('f-1')!;
    expect(f1.get('description')).toBeInstanceOf(Y.Text);
    expect(f1.get('interviewNotes')).toBeInstanceOf(Y.Text);
    expect(f1.get('photoIds')).toBeInstanceOf(Y.Array);

    const v1 = collection(doc, 'visits').get('v-1');
    expect(v1).toBeInstanceOf(Y.Map);
    expect(v1!.get('observations')).toBeInstanceOf(Y.Text);
    expect(v1!.get('answers')).toBeInstanceOf(Y.Map);
    expect(v1!.get('attendees')).toBeInstanceOf(Y.Array);

    const e = engagementMap(doc);
    expect(e.get('summary')).toBeInstanceOf(Y.Text);
    expect(e.get('focusAreas')).toBeInstanceOf(Y.Array);
    expect(e.get('team')).toBeInstanceOf(Y.Map);

    expect(readEngagement(doc).ok).toBe(true);
    for (const name of ['visits', 'findings', 'recommendations'] as const) expect(readAll(doc, name).quarantined).toEqual([]);
    const r = readEntity(doc, 'recommendations', 'r-1');
    expect(r?.ok && r.value).toMatchObject({ priority: 'high', rationale: 'Owners are hard to reach.', findingIds: ['f-1'] });
  });

  it('treats a doc with no version as v0', () => {
    const doc = legacyDoc(null);
    expect(migrate(doc)).toEqual({ from: 0, to: SCHEMA_VERSION, changed: true });
  });

  it('is idempotent: a second run changes nothing, byte for byte', () => {
    const doc = legacyDoc(1);
    migrate(doc);
    const once = Y.encodeStateAsUpdate(doc);
    const second = migrate(doc);
    expect(second).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION, changed: false });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(once);
  });

  it('runs in its own origin, one transaction, never the undoable local origin', () => {
    const doc = legacyDoc(1);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    migrate(doc);
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    expect(origins).not.toContain(LOCAL_ORIGIN);
  });

  it('gives the same result when two devices migrate the same legacy doc and then sync', () => {
    const a = legacyDoc(1);
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrate(a);
    migrate(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const ra = readEntity(a, 'recommendations', 'r-1');
    const rb = readEntity(b, 'recommendations', 'r-1');
    expect(ra?.ok).toBe(true);
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
  });

  it('leaves a doc from a newer version alone and says so', () => {
    const doc = legacyDoc(SCHEMA_VERSION + 1);
    const before = Y.encodeStateAsUpdate(doc);
    expect(migrate(doc)).toEqual({ from: SCHEMA_VERSION + 1, to: SCHEMA_VERSION + 1, changed: false, newer: true });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(collection(doc, 'recommendations').get('r-1')!.get('priority')).toBe(1);
  });

  it('does not write into an empty doc that is still waiting for its first sync', () => {
    const doc = new Y.Doc();
    expect(migrate(doc)).toEqual({ from: 0, to: 0, changed: false, empty: true });
    expect(meta(doc).size).toBe(0);
  });

  it('leaves a current doc unchanged', () => {
    const doc = legacyDoc(1);
    migrate(doc);
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(other);
    expect(migrate(other).changed).toBe(false);
    expect(Y.encodeStateVector(other)).toEqual(before);
  });
});
