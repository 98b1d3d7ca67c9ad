import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ValidationError } from '#core/errors.ts';
import { LOCAL_ORIGIN, collection } from '#core/model/layout.ts';
import { readEntity } from '#core/model/read.ts';
import { createEntity } from '#core/model/write.ts';
import { addProgressUpdate, assertTransition, canTransition, nextStatuses, pathBetween, transitionProblem } from '#core/rules/recommendation-status.ts';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '#core/schemas/index.ts';
import { ctxAt, newEngagementDoc } from '../fixtures.ts';

describe('status transitions', () => {
  it('allows the real-world moves', () => {
    const allowed: [RecommendationStatus, RecommendationStatus][] = [
      ['draft', 'proposed'],
      ['proposed', 'accepted'],
      ['proposed', 'declined'],
      ['proposed', 'draft'],
      ['accepted', 'in-progress'],
      ['accepted', 'declined'],
      ['in-progress', 'implemented'],
      ['in-progress', 'accepted'],
      ['implemented', 'in-progress'],
      ['declined', 'proposed'],
    ];
    for (const [from, to] of allowed) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
    const count = RECOMMENDATION_STATUSES.reduce((n, s) => n + nextStatuses(s).length, 0);
    expect(count).toBe(allowed.length);
  });

  it('refuses skips and standing still', () => {
    expect(canTransition('draft', 'implemented')).toBe(false);
    expect(canTransition('draft', 'accepted')).toBe(false);
    expect(canTransition('declined', 'implemented')).toBe(false);
    expect(canTransition('implemented', 'draft')).toBe(false);
    expect(canTransition('accepted', 'accepted')).toBe(false);
  });

  it('lists next statuses as a copy', () => {
    const next = nextStatuses('proposed');
    expect(next).toEqual(['accepted', 'declined', 'draft']);
    next.push('implemented');
    expect(nextStatuses('proposed')).toEqual(['accepted', 'declined', 'draft']);
  });

  it('explains a refused move with the statuses in between', () => {
    expect(transitionProblem('draft', 'implemented')).toBe(
      'A recommendation cannot move from Draft to Implemented; it must be Proposed first, then Accepted and In progress.',
    );
    expect(transitionProblem('draft', 'accepted')).toBe('A recommendation cannot move from Draft to Accepted; it must be Proposed first.');
    expect(transitionProblem('declined', 'in-progress')).toBe(
      'A recommendation cannot move from Declined to In progress; it must be Proposed first, then Accepted.',
    );
    expect(transitionProblem('accepted', 'accepted')).toBe('The recommendation is already Accepted.');
    expect(transitionProblem('draft', 'proposed')).toBeUndefined();
  });

  it('assertTransition throws a ValidationError carrying the sentence', () => {
    expect(() => assertTransition('draft', 'proposed')).not.toThrow();
    try {
      assertTransition('draft', 'implemented');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).messages[0]).toMatch(/^A recommendation cannot move from Draft to Implemented; it must be Proposed first/);
    }
  });

  it('every status can reach every other one by allowed steps (no dead ends)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...RECOMMENDATION_STATUSES), fc.constantFrom(...RECOMMENDATION_STATUSES), (from, to) => {
        if (from === to) return pathBetween(from, to) === undefined;
        const path = pathBetween(from, to)!;
        return path[0] === from && path[path.length - 1] === to && path.every((s, i) => i === 0 || canTransition(path[i - 1]!, s));
      }),
    );
  });
});

describe('addProgressUpdate', () => {
  const setup = (status: RecommendationStatus) => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-a', '2025-01-10T09:00:00.000Z'), 'recommendations', {
      id: 'r-1',
      number: 1,
      title: 'Create a vacant property registry',
      focusArea: 'housing',
      priority: 'high',
      status,
    });
    return doc;
  };

  it('appends the update and moves the status in one local transaction', () => {
    const doc = setup('accepted');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const r = addProgressUpdate(doc, ctxAt('p-b', '2025-03-01T15:00:00.000Z'), 'r-1', {
      date: '2025-03-01',
      note: 'Ordinance drafted.',
      status: 'in-progress',
      id: 'pu-1',
    });
    expect(origins).toEqual([LOCAL_ORIGIN]);
    expect(r.status).toBe('in-progress');
    expect(r.progress).toEqual([
      { id: 'pu-1', date: '2025-03-01', note: 'Ordinance drafted.', status: 'in-progress', author: 'p-b', at: '2025-03-01T15:00:00.000Z' },
    ]);
    const read = readEntity(doc, 'recommendations', 'r-1');
    expect(read?.ok && read.value).toMatchObject({ status: 'in-progress', updatedBy: 'p-b', progress: [{ id: 'pu-1' }] });
  });

  it('records a note without moving when no status (or the same status) is given', () => {
    const doc = setup('in-progress');
    const r = addProgressUpdate(doc, ctxAt('p-b'), 'r-1', { date: '2025-03-02', note: 'Check-in: on track.', status: 'in-progress' });
    expect(r.status).toBe('in-progress');
    expect(r.progress[0]!.status).toBeUndefined();
  });

  it('refuses a move the rules do not allow, writing nothing', () => {
    const doc = setup('draft');
    const before = Y.encodeStateVector(doc);
    expect(() => addProgressUpdate(doc, ctxAt('p-b'), 'r-1', { date: '2025-03-01', note: 'Done!', status: 'implemented' })).toThrow(
      /cannot move from Draft to Implemented/,
    );
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('refuses an empty note or a bad date with a sentence naming the field', () => {
    const doc = setup('accepted');
    expect(() => addProgressUpdate(doc, ctxAt('p'), 'r-1', { date: '2025-03-01', note: '   ' })).toThrow('The progress update is not valid: Note is required.');
    expect(() => addProgressUpdate(doc, ctxAt('p'), 'r-1', { date: 'March 1', note: 'x' })).toThrow('Date must be a date written as YYYY-MM-DD.');
  });

  it('refuses an unknown recommendation', () => {
    expect(() => addProgressUpdate(newEngagementDoc(), ctxAt('p'), 'nope', { date: '2025-03-01', note: 'x' })).toThrow(/no recommendation with id "nope"/);
  });

  it('keeps both people’s updates when two add progress at the same time', () => {
    const a = setup('accepted');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addProgressUpdate(a, ctxAt('p-a'), 'r-1', { date: '2025-03-01', note: 'Scope drafted.', id: 'pu-a' });
    addProgressUpdate(b, ctxAt('p-b'), 'r-1', { date: '2025-03-01', note: 'Council briefed.', id: 'pu-b' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    const r = readEntity(a, 'recommendations', 'r-1');
    expect(r?.ok && r.value.progress.map((p) => p.id).sort()).toEqual(['pu-a', 'pu-b']);
    expect(collection(a, 'recommendations').get('r-1')!.get('progress')).toBeInstanceOf(Y.Array);
  });
});
