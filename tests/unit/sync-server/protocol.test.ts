import { describe, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { decodeStateVectorStrict, encodeAwareness, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, isEmptyUpdate, parseMessage, ProtocolError } from '#sync-server/protocol.ts';

describe('protocol', () => {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hi');
  const update = Y.encodeStateAsUpdate(doc);

  test('round-trips the y-websocket messages', () => {
    expect(parseMessage(encodeSyncStep1(doc))).toEqual({ type: 'step1', stateVector: Y.encodeStateVector(doc) });
    expect(parseMessage(encodeSyncStep2(update))).toEqual({ type: 'update', update, step2: true });
    expect(parseMessage(encodeUpdate(update))).toEqual({ type: 'update', update, step2: false });
    expect(parseMessage(encodeAwareness(Uint8Array.of(1, 2)))).toEqual({ type: 'awareness', update: Uint8Array.of(1, 2) });
    expect(parseMessage(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
  });

  test('the relay frames messages byte for byte as y-protocols does, at every varuint length boundary', () => {
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
    const asYProtocols = (write: (e: encoding.Encoder) => void) => {
      const e = encoding.createEncoder();
      write(e);
      return encoding.toUint8Array(e);
    };
    for (const n of [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152]) {
      const payload = Uint8Array.from({ length: n }, (_, i) => (i * 31) & 0xff);
      const expected = {
        update: asYProtocols((e) => {
          encoding.writeVarUint(e, 0);
          syncProtocol.writeUpdate(e, payload);
        }),
        awareness: asYProtocols((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, payload);
        }),
      };
      // Compared as Buffers: toEqual over two million array elements takes seconds.
      expect(same(encodeUpdate(payload), expected.update), `update of ${n} bytes`).toBe(true);
      expect(same(encodeAwareness(payload), expected.awareness), `awareness of ${n} bytes`).toBe(true);
      const step2 = encodeSyncStep2(payload);
      expect([...step2.subarray(0, 2)]).toEqual([0, 1]);
      const read = parseMessage(step2);
      expect(read.type === 'update' && read.step2 && same(read.update, payload)).toBe(true);
    }
    expect([...encodeSyncStep1(doc)]).toEqual([
      ...asYProtocols((e) => {
        encoding.writeVarUint(e, 0);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    ]);
    // A real awareness update reads back through y-protocols from the relay's frame.
    const a = new awarenessProtocol.Awareness(new Y.Doc());
    a.setLocalState({ user: 'x' });
    const body = awarenessProtocol.encodeAwarenessUpdate(a, [a.clientID]);
    expect(parseMessage(encodeAwareness(body))).toEqual({ type: 'awareness', update: body });
  });

  test('unknown types, truncation and trailing bytes are protocol errors', () => {
    for (const bad of [Uint8Array.of(), Uint8Array.of(9), Uint8Array.of(0, 7, 0), encodeUpdate(update).slice(0, -1), Uint8Array.of(...encodeUpdate(update), 0), Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 255, 255, 255)]) {
      expect(() => parseMessage(bad)).toThrow(ProtocolError);
    }
  });

  test('state vectors are checked before use', () => {
    expect(decodeStateVectorStrict(Y.encodeStateVector(doc)).get(doc.clientID)).toBe(2);
    expect(() => decodeStateVectorStrict(Uint8Array.of(5, 1))).toThrow(ProtocolError);
    expect(() => decodeStateVectorStrict(Uint8Array.of(1, 1, 1, 0))).toThrow(ProtocolError);
  });

  test('empty updates are recognised (a viewer’s no-op sync step 2)', () => {
    expect(isEmptyUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)))).toBe(true);
    expect(isEmptyUpdate(update)).toBe(false);
  });
});
