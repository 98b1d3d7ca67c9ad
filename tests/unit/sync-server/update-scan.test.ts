import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { scanUpdate } from '#sync-server/update-scan.ts';

/** What the guard reads of each struct, from Yjs's own decoder — the scanner must agree on every field. */
function fromYjs(update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update);
  return {
    structs: structs.map((s) =>
      s instanceof Y.Item
        ? { kind: 'item', id: s.id, length: s.length, origin: s.origin, rightOrigin: s.rightOrigin, parent: s.parent as unknown, parentSub: s.parentSub }
        : { kind: s instanceof Y.Skip ? 'skip' : 'gc', id: s.id, length: s.length },
    ),
    ds: [...ds.clients].map(([client, ranges]) => [client, ranges.map((r) => ({ clock: r.clock, len: r.len }))]),
  };
}

function scanned(update: Uint8Array) {
  const { structs, ds } = scanUpdate(update);
  return { structs: structs.map((s) => ({ ...s })), ds: [...ds.clients] };
}

/** A document touched with every kind of content Yjs writes, so every content ref is read. */
function everyKindOfContent(): Y.Doc {
  const doc = new Y.Doc();
  const map = doc.getMap('m');
  map.set('number', 42);
  map.set('float', 1.5);
  map.set('big', 2n ** 40n);
  map.set('text', 'hello');
  map.set('bool', true);
  map.set('null', null);
  map.set('nested', { a: [1, 'two', { three: new Uint8Array([3]) }], b: undefined });
  map.set('bytes', new Uint8Array([1, 2, 3]));
  map.set('sub', new Y.Map());
  map.set('subdoc', new Y.Doc());
  const text = doc.getText('t');
  text.insert(0, 'emoji 😀 and accents é');
  text.format(0, 5, { bold: true });
  text.insertEmbed(3, { image: 'x.png' });
  text.delete(2, 3);
  const arr = doc.getArray<unknown>('a');
  arr.insert(0, [1, 2, 3, 'x', { y: 1 }]);
  arr.delete(1, 2);
  const xml = doc.getXmlFragment('x');
  const el = new Y.XmlElement('p');
  xml.insert(0, [el, new Y.XmlText('body')]);
  el.setAttribute('class', 'c');
  map.delete('text');
  return doc;
}

describe('scanUpdate', () => {
  test('reads every struct and deletion the way Y.decodeUpdate does, for every content kind', () => {
    const doc = everyKindOfContent();
    const whole = Y.encodeStateAsUpdate(doc);
    expect(scanned(whole)).toEqual(fromYjs(whole));
    // Incremental updates (origins instead of parents) and a merged update with a hole (a Skip).
    const updates: Uint8Array[] = [];
    const live = new Y.Doc();
    live.on('update', (u: Uint8Array) => updates.push(u));
    live.getText('t').insert(0, 'abc');
    live.getText('t').insert(1, 'XY');
    live.getMap('m').set('k', 'v');
    live.getText('t').delete(0, 2);
    for (const u of updates) expect(scanned(u)).toEqual(fromYjs(u));
    const holed = Y.mergeUpdates([updates[0]!, updates[2]!]);
    expect(scanned(holed).structs.some((s) => s.kind === 'skip')).toBe(true);
    expect(scanned(holed)).toEqual(fromYjs(holed));
  });

  test('agrees with Yjs on random edit sequences', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(50), fc.string({ maxLength: 6, unit: 'grapheme' })), { minLength: 1, maxLength: 40 }), (ops) => {
        const doc = new Y.Doc({ gc: ops.length % 2 === 0 });
        const text = doc.getText('t');
        const arr = doc.getArray<unknown>('a');
        for (const [kind, at, s] of ops) {
          if (kind === 0) text.insert(Math.min(at, text.length), s || 'x');
          else if (kind === 1 && text.length) text.delete(at % text.length, 1);
          else if (kind === 2) doc.getMap('m').set(`k${at % 5}`, s);
          else arr.insert(Math.min(at, arr.length), [s, at]);
        }
        const update = Y.encodeStateAsUpdate(doc);
        expect(scanned(update)).toEqual(fromYjs(update));
      }),
      { numRuns: 200 },
    );
  });

  test('throws on truncated updates and unknown tags instead of reading past the end', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('k', { nested: ['value', 1] });
    const update = Y.encodeStateAsUpdate(doc);
    for (let cut = 1; cut < update.length - 1; cut++) {
      // Every prefix either throws or (when the cut falls on a boundary Yjs also accepts) scans to fewer structs.
      let result: ReturnType<typeof scanUpdate> | null = null;
      try {
        result = scanUpdate(update.subarray(0, cut));
      } catch (err) {
        expect(err).toBeInstanceOf(Error);
      }
      if (result) expect(result.structs.length).toBeLessThanOrEqual(1);
    }
    // One struct whose content ref is 11 (no such content kind).
    expect(() => scanUpdate(new Uint8Array([1, 1, 5, 0, 11, 1, 1, 109, 0]))).toThrow(/unknown content ref 11/);
  });

  test('random bytes never hang or escape as anything but an Error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          scanUpdate(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
