import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection, engagementMap, meta } from '#core/model/layout.ts';
import { readAll, readEngagement, readEntity, schemaVersionOf } from '#core/model/read.ts';
import { createEntity } from '#core/model/write.ts';
import { ctxAt, newEngagementDoc } from '../fixtures.ts';

const rec = (id: string, number: number) => ({ id, number, title: `Recommendation ${number}`, focusArea: 'housing', priority: 'high', status: 'draft' });

function peerDocOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

describe('readEngagement', () => {
  it('returns the validated engagement with team and indicators as arrays', () => {
    const doc = newEngagementDoc();
    const r = readEngagement(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.city).toBe('Port Alder');
    expect(r.value.team).toEqual([{ id: 'p-lead', name: 'Lena Lead', role: 'lead' }]);
    expect(r.value.indicators.map((i) => i.id)).toEqual(['ind-u']);
    expect(r.value.createdBy).toBe('p-lead');
  });

  it('reports an engagement a peer broke instead of throwing', () => {
    const doc = newEngagementDoc();
    const peer = peerDocOf(doc);
    peer.transact(() => engagementMap(peer).set('state', 'Massachusetts'));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));
    const r = readEngagement(doc);
    expect(r).toEqual({ ok: false, collection: 'engagement', id: 'eng-test', problems: ['State must be a two-letter state code such as MA.'] });
  });

  it('reads an empty doc as invalid, not as a crash', () => {
    const r = readEngagement(new Y.Doc());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContain('City is required.');
  });
});

describe('readEntity and readAll', () => {
  it('returns undefined for an id that is not there', () => {
    expect(readEntity(newEngagementDoc(), 'visits', 'nope')).toBeUndefined();
  });

  it('quarantines a peer’s bad entity and still returns the good ones', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-lead'), 'recommendations', rec('r-good', 1));
    const peer = peerDocOf(doc);
    peer.transact(() => {
      const bad = new Y.Map<unknown>();
      collection(peer, 'recommendations').set('r-bad', bad);
      for (const [k, v] of Object.entries({
        ...rec('r-bad', 2),
        priority: 'urgent',
        createdAt: 'yesterday',
        createdBy: 'p-x',
        updatedAt: '2025-01-01T00:00:00Z',
        updatedBy: 'p-x',
      }))
        bad.set(k, v);
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer));

    const all = readAll(doc, 'recommendations');
    expect(all.items.map((r) => r.id)).toEqual(['r-good']);
    expect(all.quarantined).toHaveLength(1);
    expect(all.quarantined[0]!.id).toBe('r-bad');
    expect(all.quarantined[0]!.collection).toBe('recommendations');
    expect(all.quarantined[0]!.problems).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Priority /), 'Created at must be a date and time in ISO 8601 form.']),
    );
    // The bad entity is kept untouched in the doc, so nothing a peer wrote is lost.
    expect(collection(doc, 'recommendations').get('r-bad')!.get('priority')).toBe('urgent');
  });

  it('quarantines an entity stored as something other than a map', () => {
    const doc = newEngagementDoc();
    doc.transact(() => (collection(doc, 'findings') as unknown as Y.Map<unknown>).set('f-weird', 'just a string'));
    const r = readEntity(doc, 'findings', 'f-weird');
    expect(r?.ok).toBe(false);
  });

  it('ignores fields it does not know (written by a newer version) instead of refusing the entity', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-lead'), 'recommendations', rec('r-1', 1));
    doc.transact(() => collection(doc, 'recommendations').get('r-1')!.set('costEstimate', 12000));
    const r = readEntity(doc, 'recommendations', 'r-1');
    expect(r?.ok).toBe(true);
    if (r?.ok) expect('costEstimate' in r.value).toBe(false);
  });
});

describe('schemaVersionOf', () => {
  it('is 0 without meta and the written version otherwise', () => {
    expect(schemaVersionOf(new Y.Doc())).toBe(0);
    const doc = newEngagementDoc();
    expect(schemaVersionOf(doc)).toBe(2);
    doc.transact(() => meta(doc).set('schemaVersion', 'two'));
    expect(schemaVersionOf(doc)).toBe(0);
  });
});
