import { describe, expect, test } from 'vitest';
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
