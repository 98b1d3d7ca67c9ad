/**
 * mergeUpdates (core/model/merge-updates.ts) merges in a tree of at most MERGE_FAN_IN updates per Yjs merge. It must
 * mean exactly what Y.mergeUpdates of the whole list means: a document that applies either ends up the same, whatever
 * the updates are — several clients, text, maps and arrays, deletions, updates that repeat each other, and updates
 * whose dependencies are missing (Yjs keeps those pending until they arrive).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MERGE_FAN_IN, mergeUpdates } from '#core/model/merge-updates.ts';

type Op = { client: number; kind: 'text' | 'del' | 'map' | 'push' | 'sync'; n: number };

/** Runs the ops on `clients` docs and returns every update any doc emitted (so remote ones repeat local ones). */
function history(clients: number, ops: Op[]): Uint8Array[] {
  const docs = Array.from({ length: clients }, (_, i) => {
    const d = new Y.Doc();
    d.clientID = i + 1; // fixed ids: a failing case replays the same
    return d;
  });
  const updates: Uint8Array[] = [];
  for (const d of docs) d.on('update', (u: Uint8Array) => updates.push(u));
  for (const op of ops) {
    const d = docs[op.client % clients]!;
    const text = d.getText('t');
    if (op.kind === 'text') text.insert(op.n % (text.length + 1), `w${op.n}`);
    else if (op.kind === 'del' && text.length > 0) text.delete(op.n % text.length, 1 + (op.n % 3));
    else if (op.kind === 'map') d.getMap('m').set(`k${op.n % 7}`, op.n % 2 ? op.n : { nested: [op.n] });
    else if (op.kind === 'push') d.getArray('a').push([op.n]);
    else if (op.kind === 'sync') {
      const other = docs[(op.client + 1 + (op.n % (clients - 1))) % clients]!;
      if (other !== d) Y.applyUpdate(other, Y.encodeStateAsUpdate(d, Y.encodeStateVector(other)));
    }
  }
  return updates;
}

const contents = (d: Y.Doc) => ({ t: d.getText('t').toString(), m: d.getMap('m').toJSON(), a: d.getArray('a').toJSON() });

function applied(update: Uint8Array): Y.Doc {
  const d = new Y.Doc();
  Y.applyUpdate(d, update);
  return d;
}

const opArb = fc.record({
  client: fc.nat(3),
  kind: fc.constantFrom<Op['kind']>('text', 'text', 'del', 'map', 'push', 'sync'),
  n: fc.nat(1000),
});

describe('mergeUpdates', () => {
  it('means what Y.mergeUpdates of the whole list means, for any mix and order of updates', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(opArb, { minLength: MERGE_FAN_IN, maxLength: 4 * MERGE_FAN_IN }),
        fc.func(fc.boolean()),
        fc.integer(),
        (clients, ops, keep, seed) => {
          const all = history(clients, ops);
          // A subset in a shuffled order: gaps (missing dependencies) and repeats are both in play.
          const chosen = all.filter((_, i) => keep(i)).sort((a, b) => ((a.length * 31 + b.length + seed) % 3) - 1);
          if (chosen.length === 0) return;
          const whole = applied(Y.mergeUpdates(chosen));
          const tree = applied(mergeUpdates(chosen));
          expect(contents(tree)).toEqual(contents(whole));
          expect(Y.encodeStateVector(tree)).toEqual(Y.encodeStateVector(whole));
          // What is pending (waiting for a missing dependency) is pending in both: with everything else added, they
          // end up identical, and equal to the whole history.
          for (const u of all) {
            Y.applyUpdate(whole, u);
            Y.applyUpdate(tree, u);
          }
          expect(contents(tree)).toEqual(contents(whole));
          expect(contents(tree)).toEqual(contents(applied(Y.mergeUpdates(all))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merges in more than one level when the list is long, and passes short lists to Yjs as they are', () => {
    const w = new Y.Doc();
    const updates: Uint8Array[] = [];
    w.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < MERGE_FAN_IN * MERGE_FAN_IN + 5; i++) w.getMap('m').set(`k${i}`, i);
    expect(contents(applied(mergeUpdates(updates)))).toEqual(contents(w));
    expect(mergeUpdates([updates[0]!])).toBe(updates[0]);
    expect(contents(applied(mergeUpdates([])))).toEqual(contents(new Y.Doc()));
  });
});
