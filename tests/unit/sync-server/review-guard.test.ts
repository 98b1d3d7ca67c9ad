/**
 * The relay's review guard: a non-lead's update that sets or clears a lead decision is refused before it is
 * applied; everything an expert legitimately does passes. Property test: random updates from non-leads (field
 * writes, review writes in every state and shape, deletions, entity replacement, text edits, mixes) never
 * change a lead decision on the relay's document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { createEntity, editText, updateEntity } from '#core/model/write.ts';
import { addComment } from '#core/review/comments.ts';
import { applyReviewAction, LEAD_STATES, nonLeadMayChange } from '#core/review/rules.ts';
import { REVIEW_STATES, type ReviewState } from '#core/schemas/common.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { checkReviewUpdate, reviewGuard, reviewStates, suspectReason } from '#sync-server/review-guard.ts';
import { ctxAt, newEngagementDoc } from '../core/fixtures.ts';

const lead = { author: 'p-lead', role: 'lead' as const, now: () => new Date('2025-02-03T10:00:00.000Z') };
const expert = { author: 'p-expert', role: 'expert' as const, now: () => new Date('2025-02-04T10:00:00.000Z') };
const IDS = ['r-draft', 'r-sub', 'r-ok', 'r-back'];

/** The relay's document: four recommendations, one in each review state (the lead did the reviewing). */
function relayDoc(): Y.Doc {
  const doc = newEngagementDoc();
  IDS.forEach((id, i) => createEntity(doc, ctxAt('p-expert', '2025-02-01T09:00:00.000Z'), 'recommendations', { id, number: i + 1, title: id, focusArea: 'housing', priority: 'high', status: 'draft', rationale: 'Fix the roads first.' }));
  for (const id of ['r-sub', 'r-ok', 'r-back']) applyReviewAction(doc, expert, 'recommendations', id, 'submit');
  applyReviewAction(doc, lead, 'recommendations', 'r-ok', 'approve');
  applyReviewAction(doc, lead, 'recommendations', 'r-back', 'request-changes', 'Add costs.');
  return doc;
}

/** A client that is in sync with the relay; returns the update its change produces. */
function clientUpdate(relay: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
  const sv = Y.encodeStateVector(doc);
  change(doc);
  return Y.encodeStateAsUpdate(doc, sv);
}

const stateOf = (doc: Y.Doc, id: string) => reviewStates(doc).get(`recommendations/${id}`)?.state;
const entity = (doc: Y.Doc, id: string) => collection(doc, 'recommendations').get(id)!;
const review = (state: ReviewState) => ({ state, by: 'p-expert', at: '2025-02-05T10:00:00.000Z' });

const metrics = new Metrics();
const log = createLogger({ quiet: true });
const denied: string[] = [];

/** Relay side, as room.ts does it: the guard says what to apply (the update, a trimmed update, or only a clock filler). */
function offer(relay: Y.Doc, update: Uint8Array, role: 'expert' | 'lead' = 'expert') {
  const r = checkReviewUpdate(relay, update, role);
  const claims = { sub: `u-${role}`, name: role, role, eng: ['*'], iat: 0, exp: 0, jti: 't' };
  const bytes = reviewGuard(relay, { metrics, log }, 'eng-test', { claims, send: (m) => denied.push(new TextDecoder().decode(m.slice(2))) }, update);
  if (bytes) Y.applyUpdate(relay, bytes);
  return r;
}

describe('checkReviewUpdate', () => {
  it('refuses an expert approving, sending back, or clearing approval, in every shape', () => {
    const relay = relayDoc();
    const crafted: [string, (d: Y.Doc) => void][] = [
      ['approve a submitted item', (d) => entity(d, 'r-sub').set('review', review('approved'))],
      ['send back a submitted item', (d) => entity(d, 'r-sub').set('review', review('changes-requested'))],
      ['clear an approval', (d) => entity(d, 'r-ok').set('review', review('draft'))],
      ['delete an approval', (d) => entity(d, 'r-ok').delete('review')],
      ['delete an approved item', (d) => collection(d, 'recommendations').delete('r-ok')],
      ['replace an approved item', (d) => collection(d, 'recommendations').set('r-ok', new Y.Map([['title', 'x']]))],
      ['replace an item with a plain approved object', (d) => collection(d, 'recommendations').set('r-draft', { ...entity(d, 'r-draft').toJSON(), review: review('approved') } as never)],
      ['create an approved item', (d) => createEntity(d, ctxAt('p-expert'), 'recommendations', { id: 'r-new', number: 9, title: 'n', focusArea: 'housing', priority: 'high', status: 'draft', review: review('approved') })],
      ['re-sign an approval', (d) => entity(d, 'r-ok').set('review', { ...(entity(d, 'r-ok').get('review') as object), by: 'p-expert' })],
      ['approve and edit text in one go', (d) => d.transact(() => {
        editText(d, ctxAt('p-expert'), 'recommendations', 'r-sub', 'rationale', 'Fix the roads first, now.');
        entity(d, 'r-sub').set('review', review('approved'));
      })],
    ];
    for (const [what, change] of crafted) {
      const before = JSON.stringify([...reviewStates(relay)]);
      const r = offer(relay, clientUpdate(relay, change));
      expect({ what, ok: r.ok }).toEqual({ what, ok: false });
      expect(JSON.stringify([...reviewStates(relay)])).toBe(before);
    }
    // A lead's update of the same shape passes.
    expect(offer(relay, clientUpdate(relay, (d) => applyReviewAction(d, lead, 'recommendations', 'r-sub', 'approve')), 'lead').ok).toBe(true);
    expect(stateOf(relay, 'r-sub')).toBe('approved');
  });

  it('after a refusal the sender’s clocks are filled, so its later edits still apply (and carry nothing refused)', () => {
    const relay = relayDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
    // Like y-websocket: each transaction's own update is sent.
    const outbox: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => outbox.push(u));
    const send = () => offer(relay, Y.mergeUpdates(outbox.splice(0)));
    editText(client, ctxAt('p-expert'), 'recommendations', 'r-sub', 'rationale', 'Fix the roads first. Approved!');
    entity(client, 'r-sub').set('review', review('approved'));
    expect(send().ok).toBe(false);
    updateEntity(client, ctxAt('p-expert'), 'recommendations', 'r-draft', { owner: 'Public works' });
    expect(send()).toMatchObject({ ok: true, checked: 'fast' });
    expect(entity(relay, 'r-draft').get('owner')).toBe('Public works');
    expect(stateOf(relay, 'r-sub')).toBe('submitted');
    expect(entity(relay, 'r-sub').get('rationale')!.toString()).toBe('Fix the roads first.');
    expect(relay.store.pendingStructs).toBeNull();
    // Reconnecting re-sends the whole delete set (sync step 2), including the refused change's deletion of the
    // 'submitted' value: that part is dropped, the offline work that came with it is kept.
    editText(client, ctxAt('p-expert'), 'recommendations', 'r-draft', 'rationale', 'Offline: fix the roads first.');
    outbox.length = 0;
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay));
    expect(offer(relay, step2).ok).toBe(false);
    expect(stateOf(relay, 'r-sub')).toBe('submitted');
    expect(entity(relay, 'r-draft').get('rationale')!.toString()).toBe('Offline: fix the roads first.');
    expect(denied.some((d) => d.includes('review'))).toBe(true);
    expect(metrics.refusals.get({ reason: 'review_guard' })).toBeGreaterThan(0);
  });

  it('a review nested as a map, then its state key set, is caught at the second step too', () => {
    const relay = relayDoc();
    // Step 1: same state, different shape: harmless in itself, so it passes the full check.
    const r1 = offer(relay, clientUpdate(relay, (d) => entity(d, 'r-draft').set('review', new Y.Map<unknown>([['state', 'draft']]))));
    expect(r1).toEqual({ ok: true, checked: 'full' });
    const r2 = offer(relay, clientUpdate(relay, (d) => (entity(d, 'r-draft').get('review') as Y.Map<unknown>).set('state', 'approved')));
    expect(r2.ok).toBe(false);
    expect(stateOf(relay, 'r-draft')).toBe('draft');
  });

  it('lets experts work: typing, fields, comments and log entries take the fast path; submit and resubmit pass', () => {
    const relay = relayDoc();
    const typing = clientUpdate(relay, (d) => editText(d, ctxAt('p-expert'), 'recommendations', 'r-ok', 'rationale', 'Fix the roads first, please.'));
    expect(suspectReason(relay, typing)).toBeNull();
    expect(offer(relay, typing)).toMatchObject({ ok: true, checked: 'fast' });
    expect(offer(relay, clientUpdate(relay, (d) => updateEntity(d, ctxAt('p-expert'), 'recommendations', 'r-back', { title: 'Fixed' })))).toMatchObject({ ok: true, checked: 'fast' });
    expect(offer(relay, clientUpdate(relay, (d) => addComment(d, ctxAt('p-expert'), { target: { collection: 'recommendations', id: 'r-ok' }, body: 'Done' })))).toMatchObject({ ok: true, checked: 'fast' });
    expect(offer(relay, clientUpdate(relay, (d) => applyReviewAction(d, expert, 'recommendations', 'r-draft', 'submit')))).toEqual({ ok: true, checked: 'full' });
    expect(offer(relay, clientUpdate(relay, (d) => applyReviewAction(d, expert, 'recommendations', 'r-back', 'submit')))).toEqual({ ok: true, checked: 'full' });
    expect(offer(relay, clientUpdate(relay, (d) => createEntity(d, ctxAt('p-expert'), 'recommendations', { id: 'r-new', number: 9, title: 'n', focusArea: 'housing', priority: 'high', status: 'draft' })))).toEqual({ ok: true, checked: 'full' });
    expect(offer(relay, clientUpdate(relay, (d) => collection(d, 'recommendations').delete('r-new'))).ok).toBe(true);
    expect(stateOf(relay, 'r-draft')).toBe('submitted');
    expect(stateOf(relay, 'r-back')).toBe('submitted');
  });

  it('a whole engagement sent in one update (maps created and filled in that same update) is placed, not held as pending', () => {
    // An expert's first sync of an engagement made offline: nested maps whose parent item is in the update itself.
    const whole = Y.encodeStateAsUpdate(newEngagementDoc());
    expect(suspectReason(new Y.Doc(), whole)).toBeNull();
    expect(checkReviewUpdate(new Y.Doc(), whole, 'expert')).toEqual({ ok: true, checked: 'fast', fresh: true, plain: true });
    const withEntity = newEngagementDoc();
    createEntity(withEntity, ctxAt('p-expert'), 'recommendations', { id: 'r-1', number: 1, title: 'n', focusArea: 'housing', priority: 'high', status: 'draft' });
    // A new entity in a reviewed collection is checked in full, and passes.
    expect(checkReviewUpdate(new Y.Doc(), Y.encodeStateAsUpdate(withEntity), 'expert')).toEqual({ ok: true, checked: 'full' });
  });

  it('an update that depends on changes the relay does not have is reported as pending and not applied yet', () => {
    const relay = relayDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
    entity(client, 'r-sub').set('note', 'hidden first change');
    const sv1 = Y.encodeStateVector(client);
    entity(client, 'r-sub').set('review', review('approved'));
    const second = Y.encodeStateAsUpdate(client, sv1); // sent without the first
    expect(offer(relay, second)).toMatchObject({ ok: false, pending: true });
    expect(stateOf(relay, 'r-sub')).toBe('submitted');
    // Not parked either: nothing of it can integrate later, unchecked (review-guard-order.test.ts has the variants).
    expect([relay.store.pendingStructs, relay.store.pendingDs]).toEqual([null, null]);
  });

  it('an out-of-order update that deletes is not applied; the sender is asked for what the relay lacks, and its answer applies (nothing lost)', () => {
    const relay = relayDoc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
    updateEntity(client, ctxAt('p-expert'), 'recommendations', 'r-draft', { owner: 'First' });
    const sv1 = Y.encodeStateVector(client);
    applyReviewAction(client, expert, 'recommendations', 'r-draft', 'submit');
    const second = Y.encodeStateAsUpdate(client, sv1); // replaces the review: carries a deletion
    const asked: Uint8Array[] = [];
    const claims = { sub: 'u-expert', name: 'expert', role: 'expert' as const, eng: ['*'], iat: 0, exp: 0, jti: 't' };
    expect(reviewGuard(relay, { metrics, log }, 'eng-test', { claims, send: (m) => asked.push(m) }, second)).toBeNull();
    expect(stateOf(relay, 'r-draft')).toBe('draft');
    // The relay asked the sender for what it lacks (message type 0, sync step 1 = 0).
    expect(asked.length).toBe(1);
    expect([asked[0]![0], asked[0]![1]]).toEqual([0, 0]);
    // The client's answer carries everything the relay lacks in one update: it places, passes, and nothing is lost.
    expect(offer(relay, Y.encodeStateAsUpdate(client, Y.encodeStateVector(relay))).ok).toBe(true);
    expect(stateOf(relay, 'r-draft')).toBe('submitted');
    expect(entity(relay, 'r-draft').get('owner')).toBe('First');
  });

  it('property: random non-lead updates never change a lead decision; legitimate ones always pass', () => {
    const arbState = fc.constantFrom<ReviewState>(...REVIEW_STATES);
    const arbId = fc.constantFrom(...IDS, 'r-new');
    type Op = { legit: boolean; run: (d: Y.Doc) => void; what: string };
    // An earlier accepted update may have left an item the app cannot read: the app's own writes then refuse.
    const tryIt = (f: () => unknown) => {
      try {
        f();
      } catch {
        /* nothing written */
      }
    };
    const has = (d: Y.Doc, id: string) => collection(d, 'recommendations').get(id) instanceof Y.Map;
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.tuple(arbId, fc.string({ minLength: 1, maxLength: 20 })).map(([id, t]) => ({ legit: true, what: `title ${id}`, run: (d: Y.Doc) => has(d, id) && t.trim() && tryIt(() => updateEntity(d, ctxAt('p-expert'), 'recommendations', id, { title: t })) })),
      fc.tuple(arbId, fc.string({ maxLength: 40 })).map(([id, t]) => ({ legit: true, what: `text ${id}`, run: (d: Y.Doc) => has(d, id) && editText(d, ctxAt('p-expert'), 'recommendations', id, 'rationale', t) })),
      arbId.map((id) => ({ legit: true, what: `submit ${id}`, run: (d: Y.Doc) => {
        const s = reviewStates(d).get(`recommendations/${id}`)?.state;
        if (has(d, id) && (s === 'draft' || s === 'changes-requested')) tryIt(() => applyReviewAction(d, expert, 'recommendations', id, 'submit'));
      } })),
      fc.tuple(arbId, arbState).map(([id, s]) => ({ legit: false, what: `review ${id}=${s}`, run: (d: Y.Doc) => has(d, id) && entity(d, id).set('review', review(s)) })),
      fc.tuple(arbId, arbState).map(([id, s]) => ({ legit: false, what: `nested review ${id}=${s}`, run: (d: Y.Doc) => has(d, id) && entity(d, id).set('review', new Y.Map<unknown>([['state', s]])) })),
      fc.tuple(arbId, arbState).map(([id, s]) => ({ legit: false, what: `nested state ${id}=${s}`, run: (d: Y.Doc) => {
        const r = has(d, id) ? entity(d, id).get('review') : undefined;
        if (r instanceof Y.Map) r.set('state', s);
      } })),
      arbId.map((id) => ({ legit: false, what: `delete review ${id}`, run: (d: Y.Doc) => has(d, id) && entity(d, id).delete('review') })),
      arbId.map((id) => ({ legit: false, what: `delete ${id}`, run: (d: Y.Doc) => collection(d, 'recommendations').delete(id) })),
      fc.tuple(arbId, arbState).map(([id, s]) => ({ legit: false, what: `replace ${id} (${s})`, run: (d: Y.Doc) => collection(d, 'recommendations').set(id, new Y.Map<unknown>([['title', 'x'], ['review', review(s)]])) })),
      fc.tuple(arbId, arbState).map(([id, s]) => ({ legit: false, what: `plain ${id} (${s})`, run: (d: Y.Doc) => collection(d, 'recommendations').set(id, { title: 'x', review: review(s) } as never) })),
    );
    fc.assert(
      fc.property(fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (batches) => {
        const relay = relayDoc();
        const decided = () => [...reviewStates(relay)].filter(([, r]) => r && LEAD_STATES.has(r.state)).map(([k, r]) => [k, JSON.stringify(r)]);
        const leadDecisions = JSON.stringify(decided());
        for (const batch of batches) {
          const before = reviewStates(relay);
          const update = clientUpdate(relay, (d) => d.transact(() => batch.forEach((o) => o.run(d))));
          const r = offer(relay, update);
          const after = reviewStates(relay);
          for (const k of new Set([...before.keys(), ...after.keys()])) expect(nonLeadMayChange(before.get(k), after.get(k))).toBe(true);
          if (batch.every((o) => o.legit)) expect({ batch: batch.map((o) => o.what), r }).toMatchObject({ r: { ok: true } });
        }
        // Resubmitting work that was sent back is the one way a lead decision goes away without a lead.
        const now = decided();
        const then = JSON.parse(leadDecisions) as [string, string][];
        for (const [k, v] of now) expect(then).toContainEqual([k, v]);
        for (const [k] of then) if (!now.some(([n]) => n === k)) expect(['recommendations/r-back']).toContain(k);
        expect(stateOf(relay, 'r-ok')).toBe('approved');
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
