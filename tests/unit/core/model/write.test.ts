import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ValidationError } from '#core/errors.ts';
import { LOCAL_ORIGIN, SCHEMA_VERSION, collection, engagementMap, meta } from '#core/model/layout.ts';
import { readEngagement, readEntity } from '#core/model/read.ts';
import {
  answerText,
  createEntity,
  deleteEntity,
  editAnswerText,
  editText,
  initEngagementDoc,
  setAnswer,
  textField,
  updateEngagement,
  updateEntity,
} from '#core/model/write.ts';
import { ctxAt, engagementInput, newEngagementDoc, visitInput } from '../fixtures.ts';

const rec = (id: string, number: number, extra: Record<string, unknown> = {}) => ({
  id,
  number,
  title: `Recommendation ${number}`,
  focusArea: 'housing',
  priority: 'high',
  status: 'draft',
  ...extra,
});

/** Count the transactions and update events a write makes. */
function watch(doc: Y.Doc) {
  const origins: unknown[] = [];
  let updates = 0;
  doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
  doc.on('update', () => updates++);
  return { origins, updates: () => updates };
}

function fork(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}
function sync(a: Y.Doc, b: Y.Doc) {
  const ua = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, ua);
  Y.applyUpdate(a, ub);
}

describe('initEngagementDoc and updateEngagement', () => {
  it('writes meta, stamps, and the right Y types in one local transaction', () => {
    const doc = new Y.Doc();
    const w = watch(doc);
    const e = initEngagementDoc(doc, ctxAt('p-lead', '2025-01-06T09:00:00.000Z'), engagementInput());
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    expect(meta(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(meta(doc).get('engagementId')).toBe('eng-test');
    expect(e.createdAt).toBe('2025-01-06T09:00:00.000Z');
    const map = engagementMap(doc);
    expect(map.get('summary')).toBeInstanceOf(Y.Text);
    expect(map.get('focusAreas')).toBeInstanceOf(Y.Array);
    expect(map.get('team')).toBeInstanceOf(Y.Map);
    expect((map.get('team') as Y.Map<unknown>).has('p-lead')).toBe(true);
  });

  it('refuses invalid input with readable messages and writes nothing', () => {
    const doc = new Y.Doc();
    expect(() => initEngagementDoc(doc, ctxAt('p'), engagementInput({ state: 'mass' }))).toThrow(/State must be a two-letter state code/);
    expect(engagementMap(doc).size).toBe(0);
    expect(meta(doc).size).toBe(0);
  });

  it('updates only the patched fields plus the stamp', () => {
    const doc = newEngagementDoc();
    const summary = engagementMap(doc).get('summary');
    const e = updateEngagement(doc, ctxAt('p-2', '2025-02-01T12:00:00.000Z'), {
      status: 'continuation',
      summary: 'A fiscal plan, a housing survey and a downtown walk.',
    });
    expect(e.status).toBe('continuation');
    expect(e.updatedBy).toBe('p-2');
    expect(e.createdBy).toBe('p-lead');
    // The same Y.Text was edited in place (so concurrent typing survives), not replaced.
    expect(engagementMap(doc).get('summary')).toBe(summary);
    expect(String(summary)).toBe('A fiscal plan, a housing survey and a downtown walk.');
  });

  it('refuses an update that would make the engagement invalid', () => {
    const doc = newEngagementDoc();
    const before = Y.encodeStateVector(doc);
    expect(() => updateEngagement(doc, ctxAt('p'), { endDate: '2020-01-01' })).toThrow(ValidationError);
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});

describe('createEntity / updateEntity / deleteEntity', () => {
  it('validates, stamps author and time, and writes in exactly one local transaction', () => {
    const doc = newEngagementDoc();
    const w = watch(doc);
    const r = createEntity(doc, ctxAt('p-exp', '2025-01-10T08:30:00.000Z'), 'recommendations', rec('r-1', 1, { rationale: 'Because.', findingIds: ['f-1'] }));
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    expect(w.updates()).toBe(1);
    expect(r).toMatchObject({
      id: 'r-1',
      createdBy: 'p-exp',
      updatedBy: 'p-exp',
      createdAt: '2025-01-10T08:30:00.000Z',
      updatedAt: '2025-01-10T08:30:00.000Z',
      review: { state: 'draft' },
    });
    const map = collection(doc, 'recommendations').get('r-1')!;
    expect(map.get('rationale')).toBeInstanceOf(Y.Text);
    expect(map.get('findingIds')).toBeInstanceOf(Y.Array);
    expect(map.get('progress')).toBeInstanceOf(Y.Array);
  });

  it('makes an id when none is given, and refuses a used one', () => {
    const doc = newEngagementDoc();
    const a = createEntity(doc, ctxAt('p'), 'recommendations', { number: 1, title: 'A', focusArea: 'housing', priority: 'low', status: 'draft' });
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(() => createEntity(doc, ctxAt('p'), 'recommendations', rec(a.id, 2))).toThrow(`Id "${a.id}" is already used.`);
  });

  it('refuses invalid input naming the field, and writes nothing', () => {
    const doc = newEngagementDoc();
    let err: ValidationError | undefined;
    try {
      createEntity(doc, ctxAt('p'), 'recommendations', rec('r-x', 0, { title: '' }));
    } catch (e) {
      err = e as ValidationError;
    }
    expect(err?.messages).toEqual(expect.arrayContaining(['Title is required.', 'Number must be greater than 0.']));
    expect(collection(doc, 'recommendations').has('r-x')).toBe(false);
  });

  it('updates fields, keeps the creator and stamps the editor', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-a', '2025-01-10T08:00:00.000Z'), 'recommendations', rec('r-1', 1));
    const w = watch(doc);
    const r = updateEntity(doc, ctxAt('p-b', '2025-01-11T08:00:00.000Z'), 'recommendations', 'r-1', { priority: 'low', owner: 'Code enforcement' });
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    expect(r).toMatchObject({ priority: 'low', owner: 'Code enforcement', createdBy: 'p-a', updatedBy: 'p-b', updatedAt: '2025-01-11T08:00:00.000Z' });
    const read = readEntity(doc, 'recommendations', 'r-1');
    expect(read?.ok && read.value.owner).toBe('Code enforcement');
  });

  it('clears a field set to undefined', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'recommendations', rec('r-1', 1, { dueDate: '2025-06-30' }));
    updateEntity(doc, ctxAt('p'), 'recommendations', 'r-1', { dueDate: undefined });
    expect(collection(doc, 'recommendations').get('r-1')!.has('dueDate')).toBe(false);
  });

  it('refuses an invalid patch and an unknown id', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'recommendations', rec('r-1', 1));
    expect(() => updateEntity(doc, ctxAt('p'), 'recommendations', 'r-1', { status: 'maybe' as never })).toThrow(/Status/);
    expect(() => updateEntity(doc, ctxAt('p'), 'recommendations', 'nope', { priority: 'low' })).toThrow(/no item with id "nope"/);
  });

  it('deletes an entity', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'recommendations', rec('r-1', 1));
    deleteEntity(doc, 'recommendations', 'r-1');
    expect(readEntity(doc, 'recommendations', 'r-1')).toBeUndefined();
  });

  it('replaces a visit’s answer set on update, removing answers no longer there', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'visits', visitInput({ answers: { 'q-rating': 2, 'q-yesno': 'yes' } }));
    updateEntity(doc, ctxAt('p'), 'visits', 'vis-1', { answers: { 'q-rating': 4 } });
    const v = readEntity(doc, 'visits', 'vis-1');
    expect(v?.ok && v.value.answers).toEqual({ 'q-rating': 4 });
  });

  it('is undone as one step by an UndoManager tracking the local origin', () => {
    const doc = newEngagementDoc();
    const undo = new Y.UndoManager([collection(doc, 'recommendations')], { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    createEntity(doc, ctxAt('p'), 'recommendations', rec('r-1', 1));
    undo.undo();
    expect(collection(doc, 'recommendations').has('r-1')).toBe(false);
  });
});

describe('answers and prose', () => {
  it('sets and clears answers, stamping the visit in the same transaction', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-a', '2025-01-20T09:00:00.000Z'), 'visits', visitInput());
    const w = watch(doc);
    setAnswer(doc, ctxAt('p-b', '2025-01-20T10:00:00.000Z'), 'vis-1', 'q-rating', 3);
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    let v = readEntity(doc, 'visits', 'vis-1');
    expect(v?.ok && v.value).toMatchObject({ answers: { 'q-rating': 3 }, updatedBy: 'p-b', updatedAt: '2025-01-20T10:00:00.000Z' });
    setAnswer(doc, ctxAt('p-b'), 'vis-1', 'q-rating', null);
    v = readEntity(doc, 'visits', 'vis-1');
    expect(v?.ok && v.value.answers).toEqual({ 'q-text': '' });
    expect(() => setAnswer(doc, ctxAt('p'), 'nope', 'q', 1)).toThrow(/no visit with id "nope"/);
  });

  it('keeps text answers in Y.Text when asked', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'visits', visitInput());
    setAnswer(doc, ctxAt('p'), 'vis-1', 'q-text', 'Boarded houses near the rail line.', true);
    expect(answerText(doc, 'vis-1', 'q-text')!.toString()).toBe('Boarded houses near the rail line.');
  });

  it('edits prose with the smallest change and stamps in one transaction, even when the Y.Text is new', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'visits', visitInput());
    doc.transact(() => collection(doc, 'visits').get('vis-1')!.delete('observations'));
    const w = watch(doc);
    editText(doc, ctxAt('p-b', '2025-01-21T10:00:00.000Z'), 'visits', 'vis-1', 'observations', 'Busy at lunch.');
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    expect(textField(doc, 'visits', 'vis-1', 'observations')!.toString()).toBe('Busy at lunch.');
    expect(collection(doc, 'visits').get('vis-1')!.get('updatedBy')).toBe('p-b');
  });

  it('edits a text answer and stamps the visit in one transaction', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p'), 'visits', visitInput());
    const w = watch(doc);
    editAnswerText(doc, ctxAt('p-c'), 'vis-1', 'q-text', 'Strong block clubs.');
    expect(w.origins).toEqual([LOCAL_ORIGIN]);
    expect(answerText(doc, 'vis-1', 'q-text')!.toString()).toBe('Strong block clubs.');
    expect(collection(doc, 'visits').get('vis-1')!.get('updatedBy')).toBe('p-c');
  });
});

describe('concurrent edits merge', () => {
  it('keeps both people’s typing in the same prose field and both additions to a list', () => {
    const a = newEngagementDoc();
    createEntity(a, ctxAt('p-a'), 'recommendations', rec('r-1', 1, { rationale: 'Owners respond to fees.', findingIds: ['f-1'] }));
    const b = fork(a);

    editText(a, ctxAt('p-a'), 'recommendations', 'r-1', 'rationale', 'Absentee owners respond to fees.');
    editText(b, ctxAt('p-b'), 'recommendations', 'r-1', 'rationale', 'Owners respond to fees. Cities that tried it saw results.');
    updateEntity(a, ctxAt('p-a'), 'recommendations', 'r-1', { findingIds: ['f-1', 'f-2'] });
    updateEntity(b, ctxAt('p-b'), 'recommendations', 'r-1', { findingIds: ['f-1', 'f-3'], owner: 'Code enforcement' });
    sync(a, b);

    for (const doc of [a, b]) {
      const r = readEntity(doc, 'recommendations', 'r-1');
      expect(r?.ok).toBe(true);
      if (!r?.ok) continue;
      expect(r.value.rationale).toBe('Absentee owners respond to fees. Cities that tried it saw results.');
      expect([...r.value.findingIds].sort()).toEqual(['f-1', 'f-2', 'f-3']);
      expect(r.value.owner).toBe('Code enforcement');
    }
    expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
    expect(JSON.stringify(readEntity(a, 'recommendations', 'r-1'))).toBe(JSON.stringify(readEntity(b, 'recommendations', 'r-1')));
  });

  it('keeps answers to different questions and entities created on both sides', () => {
    const a = newEngagementDoc();
    createEntity(a, ctxAt('p-a'), 'visits', visitInput());
    const b = fork(a);
    setAnswer(a, ctxAt('p-a'), 'vis-1', 'q-rating', 2);
    setAnswer(b, ctxAt('p-b'), 'vis-1', 'q-number', 14);
    createEntity(a, ctxAt('p-a'), 'recommendations', rec('r-a', 1));
    createEntity(b, ctxAt('p-b'), 'recommendations', rec('r-b', 2));
    sync(a, b);
    const v = readEntity(b, 'visits', 'vis-1');
    expect(v?.ok && v.value.answers).toEqual({ 'q-text': '', 'q-rating': 2, 'q-number': 14 });
    expect([...collection(a, 'recommendations').keys()].sort()).toEqual(['r-a', 'r-b']);
    expect(readEngagement(a).ok).toBe(true);
  });
});

describe('createEntity (visits): text answers exist as shared text from the start', () => {
  it('two offline experts typing in the same empty text answer both keep their words after merging', async () => {
    const Y = await import('yjs');
    const { createEntity, initEngagementDoc, editAnswerText } = await import('#core/model/write.ts');
    const { readEntity } = await import('#core/model/read.ts');
    const { BUILT_IN_TEMPLATES } = await import('#core/templates/index.ts');
    const template = BUILT_IN_TEMPLATES.find((t) => t.sections.some((s) => s.questions.some((q) => q.kind === 'text')))!;
    const question = template.sections.flatMap((s) => s.questions).find((q) => q.kind === 'text')!;
    const a = new Y.Doc();
    initEngagementDoc(a, { author: 'ana' }, { id: 'e1', city: 'Port Alder', state: 'MA', kind: 'direct', intensity: 'light', focusAreas: ['housing'], status: 'active', startDate: '2026-01-01' });
    const visit = createEntity(a, { author: 'ana' }, 'visits', { title: 'Walk', date: '2026-02-01', template });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    editAnswerText(a, { author: 'ana' }, visit.id, question.id, 'Ana saw boarded windows.');
    editAnswerText(b, { author: 'ben' }, visit.id, question.id, 'Ben counted 12 vacancies.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const merged = readEntity(a, 'visits', visit.id);
    expect(merged?.ok).toBe(true);
    const text = merged && merged.ok ? String(merged.value.answers[question.id]) : '';
    expect(text).toContain('Ana saw boarded windows.');
    expect(text).toContain('Ben counted 12 vacancies.');
    expect(readEntity(b, 'visits', visit.id)).toEqual(merged);
  });
});
