import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ValidationError } from '#core/errors.ts';
import {
  canMoveRequest,
  createLibraryItem,
  createLibraryItems,
  createRequest,
  editLibraryBody,
  editRequestMemo,
  libraryMap,
  linkLibraryItem,
  moveRequest,
  publishRequest,
  readLibrary,
  readLibraryItem,
  readRequest,
  readRequests,
  requestMemoText,
  requestMoveProblem,
  RequestFlowError,
  requestsMap,
  setArchived,
  setFeatured,
  unlinkLibraryItem,
  updateRequest,
  type NewRequest,
} from '#core/knowledge/index.ts';
import { readEntity } from '#core/model/read.ts';
import { createEntity, initEngagementDoc, type WriteContext } from '#core/model/write.ts';

const at = (s: string) => () => new Date(s);
const lead: WriteContext = { author: 'lead-1', now: at('2026-03-01T10:00:00Z') };
const expert: WriteContext = { author: 'exp-1', now: at('2026-03-02T10:00:00Z') };

const REQ: NewRequest = {
  id: 'q1',
  city: 'Port Alder',
  state: 'MA',
  official: { name: 'Renata Osei', title: 'Finance Director' },
  focusArea: 'operations-budget',
  topic: 'Structural deficit',
  question: 'How do we close a recurring gap?',
  urgency: 'high',
};

function withRequest(): Y.Doc {
  const doc = new Y.Doc();
  createRequest(doc, lead, REQ);
  return doc;
}

describe('311 requests', () => {
  it('creates a request in status new, stamped with author and time', () => {
    const doc = withRequest();
    const r = readRequest(doc, 'q1')!;
    expect(r.status).toBe('new');
    expect(r.createdBy).toBe('lead-1');
    expect(r.createdAt).toBe('2026-03-01T10:00:00.000Z');
    expect(r.memo).toEqual({ caseStudies: '', bestPractices: '', financing: '', considerations: '' });
    expect(r.history).toEqual([]);
  });

  it('refuses an invalid request with readable sentences', () => {
    const doc = new Y.Doc();
    const bad = () => createRequest(doc, lead, { ...REQ, state: 'Mass', topic: ' ' });
    expect(bad).toThrow(ValidationError);
    try {
      bad();
    } catch (e) {
      expect((e as ValidationError).messages).toEqual(expect.arrayContaining(['State must be a two-letter state code such as MA.', 'Topic is required.']));
    }
    expect(requestsMap(doc).size).toBe(0);
  });

  it('walks new → triaged → assigned → answered → published with the rules, recording history', () => {
    const doc = withRequest();
    moveRequest(doc, lead, 'q1', 'triaged', 'lead');
    expect(() => moveRequest(doc, lead, 'q1', 'assigned', 'lead')).toThrow('Choose the expert who will answer');
    updateRequest(doc, lead, 'q1', { assignee: 'exp-1', due: '2026-03-20' });
    moveRequest(doc, lead, 'q1', 'assigned', 'lead');
    expect(() => moveRequest(doc, expert, 'q1', 'answered', 'expert')).toThrow('Write the answer memo');
    editRequestMemo(doc, expert, 'q1', 'bestPractices', 'Adopt a five-year forecast.');
    moveRequest(doc, expert, 'q1', 'answered', 'expert');
    expect(() => moveRequest(doc, expert, 'q1', 'published', 'expert')).toThrow('Only a programme lead');
    const r = moveRequest(doc, lead, 'q1', 'published', 'lead');
    expect(r.status).toBe('published');
    expect(r.history.map((h) => `${h.from}>${h.to}:${h.by}`)).toEqual(['new>triaged:lead-1', 'triaged>assigned:lead-1', 'assigned>answered:exp-1', 'answered>published:lead-1']);
    expect(r.publishedItemId).toBeTruthy();
  });

  it('forbids skipping steps, moving a published request, and any move by a viewer', () => {
    const doc = withRequest();
    expect(() => moveRequest(doc, lead, 'q1', 'assigned', 'lead')).toThrow(RequestFlowError);
    expect(() => moveRequest(doc, lead, 'q1', 'triaged', 'viewer')).toThrow('Viewers cannot change requests.');
    expect(() => moveRequest(doc, lead, 'q1', 'triaged', 'expert')).toThrow('Only a programme lead');
    expect(canMoveRequest('assigned', 'answered', 'expert')).toBe(true);
    expect(canMoveRequest('assigned', 'triaged', 'expert')).toBe(false);
    expect(canMoveRequest('published', 'answered', 'lead')).toBe(false);
    expect(requestMoveProblem({ status: 'published', assignee: 'x', memo: { caseStudies: 'a', bestPractices: '', financing: '', considerations: '' } }, 'answered', 'lead')).toMatch(/final/);
    expect(readRequest(doc, 'q1')!.status).toBe('new');
  });

  it('lets a lead send a request one step back', () => {
    const doc = withRequest();
    moveRequest(doc, lead, 'q1', 'triaged', 'lead');
    expect(moveRequest(doc, lead, 'q1', 'new', 'lead').status).toBe('new');
  });

  it('publishing makes a memo library item from the answer, in one transaction', () => {
    const doc = withRequest();
    moveRequest(doc, lead, 'q1', 'triaged', 'lead');
    updateRequest(doc, lead, 'q1', { assignee: 'exp-1' });
    moveRequest(doc, lead, 'q1', 'assigned', 'lead');
    editRequestMemo(doc, expert, 'q1', 'caseStudies', 'Harrow Falls closed its gap in three budgets.');
    editRequestMemo(doc, expert, 'q1', 'financing', 'Use fund balance only as a bridge.');
    moveRequest(doc, expert, 'q1', 'answered', 'expert');
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const { request, item } = publishRequest(doc, lead, 'q1', 'lead', { authorName: 'Dana Whitcombe' });
    expect(transactions).toBe(1);
    expect(item.kind).toBe('memo');
    expect(item.title).toBe('Structural deficit');
    expect(item.author).toBe('Dana Whitcombe');
    expect(item.focusAreas).toEqual(['operations-budget']);
    expect(item.sourceRequestId).toBe('q1');
    expect(item.body).toContain('## Case studies\n\nHarrow Falls closed its gap in three budgets.');
    expect(item.body).toContain('## Financing models');
    expect(item.body).not.toContain('## Best practices');
    expect(readLibraryItem(doc, item.id)).toEqual(item);
    expect(request.publishedItemId).toBe(item.id);
  });

  it('merges two experts typing in the same memo section offline', () => {
    const a = withRequest();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    requestMemoText(a, 'q1', 'considerations');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    editRequestMemo(a, lead, 'q1', 'considerations', 'Council first.');
    editRequestMemo(b, expert, 'q1', 'considerations', 'Union second.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const text = readRequest(a, 'q1')!.memo.considerations;
    expect(text).toContain('Council first.');
    expect(text).toContain('Union second.');
    expect(readRequest(b, 'q1')!.memo.considerations).toBe(text);
  });

  it('keeps a malformed request from a peer apart instead of failing the list', () => {
    const doc = withRequest();
    doc.transact(() => {
      const m = new Y.Map<unknown>();
      requestsMap(doc).set('broken', m);
      m.set('id', 'broken');
    });
    const { items, quarantined } = readRequests(doc);
    expect(items.map((r) => r.id)).toEqual(['q1']);
    expect(quarantined[0]!.id).toBe('broken');
    expect(quarantined[0]!.problems.length).toBeGreaterThan(0);
  });
});

describe('resource library', () => {
  const ITEM = { kind: 'guide' as const, title: 'Land banks', author: 'Ruth Adeyemi', date: '2025-01-02', focusAreas: ['land-use' as const], tags: ['land bank'], body: 'Start with the law.' };

  it('creates, edits, features and archives an item', () => {
    const doc = new Y.Doc();
    const item = createLibraryItem(doc, lead, ITEM);
    expect(item.featured).toBe(false);
    editLibraryBody(doc, expert, item.id, 'Start with the state law.');
    setFeatured(doc, lead, item.id, true);
    const archived = setArchived(doc, lead, item.id, true);
    expect(archived.featured).toBe(true);
    expect(archived.archived).toBe(true);
    const read = readLibraryItem(doc, item.id)!;
    expect(read.body).toBe('Start with the state law.');
    expect(read.updatedBy).toBe('lead-1');
    expect(libraryMap(doc).get(item.id)!.get('body')).toBeInstanceOf(Y.Text);
  });

  it('requires a url for a link, and a known kind', () => {
    const doc = new Y.Doc();
    expect(() => createLibraryItem(doc, lead, { ...ITEM, kind: 'link' })).toThrow('Url is required for a link.');
    expect(() => createLibraryItem(doc, lead, { ...ITEM, kind: 'poster' as never })).toThrow(/Kind must be one of/);
  });

  it('writes several items in one transaction, or none when one is invalid', () => {
    const doc = new Y.Doc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    expect(() => createLibraryItems(doc, lead, [ITEM, { ...ITEM, title: '' }])).toThrow(ValidationError);
    expect(libraryMap(doc).size).toBe(0);
    expect(transactions).toBe(0);
    createLibraryItems(doc, lead, [ITEM, { ...ITEM, title: 'Side lots' }]);
    expect(transactions).toBe(1);
    expect(readLibrary(doc).items.map((i) => i.title).sort()).toEqual(['Land banks', 'Side lots']);
  });

  it('links a library item as the basis of a recommendation and a finding, idempotently', () => {
    const eng = new Y.Doc();
    initEngagementDoc(eng, lead, { id: 'e1', city: 'Port Alder', state: 'MA', kind: 'direct', intensity: 'moderate', focusAreas: ['housing'], status: 'active', startDate: '2026-01-01' });
    createEntity(eng, lead, 'findings', { id: 'f1', title: 'Vacant houses', kind: 'need', focusArea: 'housing' });
    createEntity(eng, lead, 'recommendations', { id: 'r1', number: 1, title: 'Start a land bank', focusArea: 'housing', priority: 'high', status: 'draft' });
    linkLibraryItem(eng, expert, 'recommendations', 'r1', 'lib-1');
    linkLibraryItem(eng, expert, 'recommendations', 'r1', 'lib-1');
    linkLibraryItem(eng, expert, 'findings', 'f1', 'lib-2');
    const r = readEntity(eng, 'recommendations', 'r1')!;
    expect(r.ok && r.value.libraryIds).toEqual(['lib-1']);
    const f = readEntity(eng, 'findings', 'f1')!;
    expect(f.ok && f.value.libraryIds).toEqual(['lib-2']);
    unlinkLibraryItem(eng, expert, 'recommendations', 'r1', 'lib-1');
    const r2 = readEntity(eng, 'recommendations', 'r1')!;
    expect(r2.ok && r2.value.libraryIds).toEqual([]);
  });
});
