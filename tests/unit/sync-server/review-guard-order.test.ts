/**
 * The review guard against updates that arrive out of order (ADR 0009): an update Yjs cannot integrate yet would be
 * parked (store.pendingStructs / pendingDs) and integrated later, when its dependencies arrive, without the guard
 * seeing it again. From a non-lead such an update is never applied: it is dropped, the sender is asked for what the
 * relay lacks, and its honest answer (one complete update) is checked like any other.
 *
 * Each relay step here is what room.ts does: `reviewGuard` (may drop or trim), then `applyGuarded` (the backstop
 * that discards anything Yjs still parks). A "lead" document receives exactly what the relay would broadcast (its
 * document's update events) and must never see a lead decision change that a lead did not make.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { createEntity, editText, updateEntity } from '#core/model/write.ts';
import { applyReviewAction, nonLeadMayChange } from '#core/review/rules.ts';
import type { Review, ReviewState } from '#core/schemas/common.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { applyGuarded, reviewGuard, reviewStates, unplaceableReason } from '#sync-server/review-guard.ts';
import { scanUpdate } from '#sync-server/update-scan.ts';
import { ctxAt, newEngagementDoc } from '../core/fixtures.ts';

const lead = { author: 'p-lead', role: 'lead' as const, now: () => new Date('2025-02-03T10:00:00.000Z') };
const expert = { author: 'p-expert', role: 'expert' as const, now: () => new Date('2025-02-04T10:00:00.000Z') };
const IDS = ['r-draft', 'r-sub', 'r-ok', 'r-back'];
const review = (state: ReviewState): Review => ({ state, by: 'p-expert', at: '2025-02-05T10:00:00.000Z' });

function relayDoc(): Y.Doc {
  const doc = newEngagementDoc();
  IDS.forEach((id, i) => createEntity(doc, ctxAt('p-expert', '2025-02-01T09:00:00.000Z'), 'recommendations', { id, number: i + 1, title: id, focusArea: 'housing', priority: 'high', status: 'draft', rationale: 'Fix the roads first.' }));
  for (const id of ['r-sub', 'r-ok', 'r-back']) applyReviewAction(doc, expert, 'recommendations', id, 'submit');
  applyReviewAction(doc, lead, 'recommendations', 'r-ok', 'approve');
  applyReviewAction(doc, lead, 'recommendations', 'r-back', 'request-changes', 'Add costs.');
  return doc;
}

const entity = (doc: Y.Doc, id: string) => collection(doc, 'recommendations').get(id)!;
const stateOf = (doc: Y.Doc, id: string) => reviewStates(doc).get(`recommendations/${id}`)?.state;

/** A relay document with a lead's copy attached to its broadcasts, and a peer that records what it is sent. */
function setup() {
  const relay = relayDoc();
  const leadCopy = new Y.Doc();
  Y.applyUpdate(leadCopy, Y.encodeStateAsUpdate(relay));
  relay.on('update', (u: Uint8Array) => Y.applyUpdate(leadCopy, u));
  const metrics = new Metrics();
  const asked: Uint8Array[] = [];
  const peerOf = (role: 'expert' | 'lead') => ({ claims: { sub: `u-${role}`, name: role, role, eng: ['*'], iat: 0, exp: 0, jti: 't' }, send: (m: Uint8Array) => asked.push(m) });
  const peers = { expert: peerOf('expert'), lead: peerOf('lead') };
  /** room.ts's applyFromPeer, minus storage. Returns whether anything was applied. */
  const deliver = (update: Uint8Array, role: 'expert' | 'lead' = 'expert') => {
    const bytes = reviewGuard(relay, { metrics, log: createLogger({ quiet: true }) }, 'eng-test', peers[role], update);
    if (!bytes) return false;
    applyGuarded(relay, bytes, peers[role]);
    return true;
  };
  const step1Asks = () => asked.filter((m) => m[0] === 0 && m[1] === 0).length;
  return { relay, leadCopy, deliver, metrics, step1Asks };
}

/** A client in sync with `relay`; `step` runs a change and returns the update y-websocket would send for it. */
function client(relay: Y.Doc, clientID?: number) {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
  const step = (change: (d: Y.Doc) => void) => {
    const out: Uint8Array[] = [];
    const on = (u: Uint8Array, origin: unknown) => origin !== 'remote' && out.push(u);
    doc.on('update', on);
    doc.transact(() => change(doc));
    doc.off('update', on);
    return out.length === 1 ? out[0]! : Y.mergeUpdates(out);
  };
  return { doc, step, resend: () => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relay)) };
}

const noPending = (doc: Y.Doc) => expect([doc.store.pendingStructs, doc.store.pendingDs]).toEqual([null, null]);

describe('review guard: out-of-order updates from a non-lead', () => {
  it('the attack is real: a plain Yjs relay integrates "approve" (clock 5, origin X:4) once X:0..4 arrive', () => {
    const relay = relayDoc();
    const x = client(relay, 4242);
    const first = x.step((d) => {
      for (const k of ['a', 'b', 'c', 'd']) entity(d, 'r-sub').set(k, k); // X:0..3
      entity(d, 'r-sub').set('review', review('submitted')); // X:4
    });
    const second = x.step((d) => entity(d, 'r-sub').set('review', review('approved'))); // X:5, origin X:4
    expect((Y.decodeUpdate(second).structs[0] as Y.Item).origin).toEqual(Y.createID(4242, 4));
    Y.applyUpdate(relay, second);
    expect(relay.store.pendingStructs).not.toBeNull();
    Y.applyUpdate(relay, first);
    expect(stateOf(relay, 'r-sub')).toBe('approved');
  });

  it('through the guard, that same sequence never changes approval, never reaches the lead, and the sender is asked to re-send', () => {
    const { relay, leadCopy, deliver, metrics, step1Asks } = setup();
    const x = client(relay, 4242);
    const first = x.step((d) => {
      for (const k of ['a', 'b', 'c', 'd']) entity(d, 'r-sub').set(k, k);
      entity(d, 'r-sub').set('review', review('submitted'));
    });
    const second = x.step((d) => entity(d, 'r-sub').set('review', review('approved')));
    expect(deliver(second)).toBe(false);
    noPending(relay);
    expect(step1Asks()).toBe(1);
    expect(metrics.updates.get({ outcome: 'unplaceable_dropped' })).toBe(1);
    expect(deliver(first)).toBe(true);
    expect(entity(relay, 'r-sub').get('d')).toBe('d');
    // The honest answer to the ask: everything the relay lacks, in one update. It places, and is refused in full.
    expect(deliver(x.resend())).toBe(false);
    for (const d of [relay, leadCopy]) expect(stateOf(d, 'r-sub')).toBe('submitted');
    expect(entity(leadCopy, 'r-sub').get('d')).toBe('d');
    noPending(relay);
  });

  it('a new item claiming approval, sent ahead of the typing it follows, is dropped; typing and the item’s refusal follow in order', () => {
    const { relay, leadCopy, deliver } = setup();
    const x = client(relay);
    const typing = x.step((d) => editText(d, ctxAt('p-expert'), 'recommendations', 'r-draft', 'rationale', 'Fix the roads first. Then the bridges.'));
    const crafted = x.step((d) => createEntity(d, ctxAt('p-expert'), 'recommendations', { id: 'r-new', number: 9, title: 'New', focusArea: 'housing', priority: 'high', status: 'draft', review: review('approved') }));
    expect(unplaceableReason(relay, scanUpdate(crafted).structs, scanUpdate(crafted).ds.clients)).toMatch(/clock gap/);
    expect(deliver(crafted)).toBe(false);
    expect(deliver(typing)).toBe(true);
    expect(deliver(x.resend())).toBe(false);
    for (const d of [relay, leadCopy]) {
      expect(stateOf(d, 'r-new')).toBeUndefined();
      expect(entity(d, 'r-draft').get('rationale')!.toString()).toBe('Fix the roads first. Then the bridges.');
    }
    noPending(relay);
  });

  it('an item whose right origin the relay lacks is not parked: the relay asks, and the complete re-send converges', () => {
    const { relay, leadCopy, deliver } = setup();
    const z = client(relay, 7);
    const x = client(relay, 8);
    // Z's text reaches X directly (not through this relay); X then types right before it.
    const zUpdate = z.step((d) => editText(d, ctxAt('p-z'), 'recommendations', 'r-sub', 'rationale', 'Fix the roads first. Z'));
    Y.applyUpdate(x.doc, zUpdate, 'remote');
    const xUpdate = x.step((d) => editText(d, ctxAt('p-expert'), 'recommendations', 'r-sub', 'rationale', 'Fix the roads first. XZ'));
    const structs = Y.decodeUpdate(xUpdate).structs.filter((s): s is Y.Item => s instanceof Y.Item);
    expect(structs.some((s) => s.rightOrigin?.client === 7)).toBe(true);
    expect(deliver(xUpdate)).toBe(false);
    noPending(relay);
    expect(deliver(x.resend())).toBe(true); // carries Z's text too
    for (const d of [relay, leadCopy]) expect(entity(d, 'r-sub').get('rationale')!.toString()).toBe('Fix the roads first. XZ');
    noPending(relay);
  });

  it('a delete set naming clocks the relay lacks is not parked: a lead’s approval that arrives later stays', () => {
    const { relay, leadCopy, deliver } = setup();
    const l = client(relay, 99);
    const approve = l.step((d) => applyReviewAction(d, lead, 'recommendations', 'r-sub', 'approve'));
    // A crafted update that deletes only the lead's (not yet relayed) approval value.
    const approvalItem = Y.decodeUpdate(approve).structs.find((s) => s instanceof Y.Item && (s as Y.Item).parentSub === 'review') as Y.Item | undefined;
    const target = approvalItem ? approvalItem.id : Y.createID(99, 0);
    const crafted = (() => {
      // An update with no structs and one delete range: built by deleting the same item in a copy that has it.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(relay));
      Y.applyUpdate(copy, approve);
      const sv = Y.encodeStateVector(copy);
      copy.transact(() => entity(copy, 'r-sub').delete('review'));
      const u = Y.encodeStateAsUpdate(copy, sv);
      copy.destroy();
      return u;
    })();
    expect([...Y.decodeUpdate(crafted).ds.clients.keys()]).toContain(target.client);
    expect(deliver(crafted)).toBe(false);
    noPending(relay);
    expect(deliver(approve, 'lead')).toBe(true);
    for (const d of [relay, leadCopy]) expect(stateOf(d, 'r-sub')).toBe('approved');
  });

  it('backstop: whatever Yjs would park from a non-lead is discarded, and what a lead left pending is kept', () => {
    const relay = relayDoc();
    const leadPeer = { claims: { sub: 'l', name: 'l', role: 'lead' as const, eng: ['*'], iat: 0, exp: 0, jti: 't' }, send: () => {} };
    const asked: Uint8Array[] = [];
    const expertPeer = { claims: { ...leadPeer.claims, sub: 'x', role: 'expert' as const }, send: (m: Uint8Array) => asked.push(m) };
    // A lead's out-of-order update: Yjs holds it pending (leads are trusted).
    const l = client(relay, 99);
    const l1 = l.step((d) => updateEntity(d, ctxAt('p-lead'), 'recommendations', 'r-draft', { owner: 'Lead 1' }));
    const l2 = l.step((d) => updateEntity(d, ctxAt('p-lead'), 'recommendations', 'r-draft', { owner: 'Lead 2' }));
    expect(applyGuarded(relay, l2, leadPeer)).toBe(false);
    const leadPending = relay.store.pendingStructs?.update;
    expect(leadPending).toBeInstanceOf(Uint8Array);
    // A non-lead's out-of-order approved item, applied straight through the backstop (as if the pre-check had missed
    // it). A pure insertion: Yjs applies an update's deletions at once, which is why the pre-check must refuse those.
    const x = client(relay, 4242);
    const x0 = x.step((d) => entity(d, 'r-sub').set('x', 1));
    const crafted = x.step((d) => collection(d, 'recommendations').set('r-new', new Y.Map<unknown>([['title', 'New'], ['review', review('approved')]])));
    expect(Y.decodeUpdate(crafted).ds.clients.size).toBe(0);
    expect(applyGuarded(relay, crafted, expertPeer)).toBe(true);
    expect(asked.length).toBe(1);
    expect(relay.store.pendingStructs?.update).toBe(leadPending);
    // The gaps fill: the non-lead's parked approval is gone; the lead's pending change integrates.
    expect(applyGuarded(relay, x0, expertPeer)).toBe(false);
    expect(entity(relay, 'r-sub').get('x')).toBe(1);
    applyGuarded(relay, l1, leadPeer);
    noPending(relay);
    expect(entity(relay, 'r-draft').get('owner')).toBe('Lead 2');
    expect(stateOf(relay, 'r-new')).toBeUndefined();
  });

  it('property: any delivery order of a non-lead’s updates (dropped, duplicated, then an honest re-send) never changes a lead decision; honest work always converges', () => {
    type Op = { legit: boolean; run: (d: Y.Doc) => void };
    const arbId = fc.constantFrom(...IDS);
    const has = (d: Y.Doc, id: string) => collection(d, 'recommendations').get(id) instanceof Y.Map;
    const tryIt = (f: () => unknown) => {
      try {
        f();
      } catch {
        /* the app refuses this write here: nothing written */
      }
    };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.tuple(arbId, fc.string({ minLength: 1, maxLength: 12 })).map(([id, t]) => ({ legit: true, run: (d: Y.Doc) => has(d, id) && t.trim() && tryIt(() => updateEntity(d, ctxAt('p-expert'), 'recommendations', id, { title: t })) })),
      fc.tuple(arbId, fc.string({ maxLength: 30 })).map(([id, t]) => ({ legit: true, run: (d: Y.Doc) => has(d, id) && editText(d, ctxAt('p-expert'), 'recommendations', id, 'rationale', t) })),
      arbId.map((id) => ({ legit: true, run: (d: Y.Doc) => {
        const s = reviewStates(d).get(`recommendations/${id}`)?.state;
        if (has(d, id) && (s === 'draft' || s === 'changes-requested')) tryIt(() => applyReviewAction(d, expert, 'recommendations', id, 'submit'));
      } })),
      fc.tuple(arbId, fc.constantFrom<ReviewState>('approved', 'changes-requested', 'draft')).map(([id, s]) => ({ legit: false, run: (d: Y.Doc) => has(d, id) && entity(d, id).set('review', review(s)) })),
      arbId.map((id) => ({ legit: false, run: (d: Y.Doc) => has(d, id) && entity(d, id).delete('review') })),
      arbId.map((id) => ({ legit: false, run: (d: Y.Doc) => collection(d, 'recommendations').delete(id) })),
    );
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
        (ops, order) => {
          const { relay, leadCopy, deliver } = setup();
          const decisions = (d: Y.Doc) => JSON.stringify([...reviewStates(d)].filter(([, r]) => r && (r.state === 'approved' || r.state === 'changes-requested')));
          const x = client(relay);
          const updates = ops.map((o) => x.step(o.run));
          const check = (before: Map<string, Review | undefined>) => {
            const after = reviewStates(relay);
            for (const k of new Set([...before.keys(), ...after.keys()])) expect(nonLeadMayChange(before.get(k), after.get(k))).toBe(true);
            noPending(relay);
          };
          // Any order, with repeats and omissions; then the honest re-send a step 1 asks for.
          for (const i of order) {
            const before = reviewStates(relay);
            deliver(updates[i % updates.length]!);
            check(before);
          }
          const before = reviewStates(relay);
          deliver(x.resend());
          check(before);
          // Only resubmitting sent-back work takes a lead decision away; none is ever added.
          const then = relayDoc();
          for (const [k, v] of JSON.parse(decisions(relay)) as [string, Review][]) expect(reviewStates(then).get(k)).toEqual(v);
          expect(decisions(leadCopy)).toBe(decisions(relay));
          expect(stateOf(leadCopy, 'r-ok')).toBe('approved');
          if (ops.every((o) => o.legit)) expect(JSON.stringify(collection(relay, 'recommendations').toJSON())).toBe(JSON.stringify(collection(x.doc, 'recommendations').toJSON()));
        },
      ),
      { numRuns: 80 },
    );
  }, 120_000);
});
