/**
 * The y-websocket wire format (what `WebsocketProvider` speaks): a varuint message type, then
 *   0 sync:      varuint 0 step1 + varbytes state vector | 1 step2 + varbytes update | 2 update + varbytes update
 *   1 awareness: varbytes awareness update
 *   2 auth:      relay → client only (permission denied + reason)
 *   3 query awareness (no body)
 * Parsing is strict: unknown types, truncation or trailing bytes throw a ProtocolError and the socket is closed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export type Incoming =
  | { type: 'step1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; step2: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' }
  | { type: 'auth' };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export function parseMessage(buf: Uint8Array): Incoming {
  try {
    const d = decoding.createDecoder(buf);
    const type = decoding.readVarUint(d);
    let msg: Incoming;
    switch (type) {
      case MESSAGE_SYNC: {
        const sub = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (sub === SYNC_STEP1) msg = { type: 'step1', stateVector: payload };
        else if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) msg = { type: 'update', update: payload, step2: sub === SYNC_STEP2 };
        else throw new ProtocolError(`unknown sync message ${sub}`);
        break;
      }
      case MESSAGE_AWARENESS:
        msg = { type: 'awareness', update: decoding.readVarUint8Array(d) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        msg = { type: 'query-awareness' };
        break;
      case MESSAGE_AUTH:
        // Only the relay sends auth messages; a client's is read and ignored, as y-websocket servers do.
        decoding.readVarUint(d);
        decoding.readVarString(d);
        msg = { type: 'auth' };
        break;
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
    if (decoding.hasContent(d)) throw new ProtocolError('trailing bytes after message');
    return msg;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`malformed message: ${(err as Error).message}`);
  }
}

/** Checks a state vector decodes before it is used (a bad one would throw deep inside Yjs). */
export function decodeStateVectorStrict(sv: Uint8Array): Map<number, number> {
  try {
    const d = decoding.createDecoder(sv);
    const n = decoding.readVarUint(d);
    if (n > sv.length) throw new ProtocolError('state vector length out of range');
    const map = new Map<number, number>();
    for (let i = 0; i < n; i++) map.set(decoding.readVarUint(d), decoding.readVarUint(d));
    if (decoding.hasContent(d)) throw new ProtocolError('trailing bytes after state vector');
    return map;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`malformed state vector: ${(err as Error).message}`);
  }
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}

/**
 * A message of one or two varuint header numbers and a varbytes payload, written straight into one Buffer of the
 * exact size — what the relay sends for every relayed update. lib0's encoder writes into a 100-byte buffer that it
 * grows and then copies out, and ws would then wrap the Uint8Array in a Buffer of its own for each of the room's
 * sends; this is one allocation (from Node's pool when small) and ws sends it as it is.
 */
function framePayload(first: number, second: number | null, payload: Uint8Array): Uint8Array {
  const n = payload.length;
  let lengthBytes = 1;
  for (let v = n; v > 0x7f; v = Math.floor(v / 0x80)) lengthBytes++;
  // Header numbers are message types (< 0x80): one byte each.
  const head = second === null ? 1 : 2;
  const out = Buffer.allocUnsafe(head + lengthBytes + n);
  out[0] = first;
  if (second !== null) out[1] = second;
  let at = head;
  let v = n;
  while (v > 0x7f) {
    out[at++] = 0x80 | (v & 0x7f);
    v = Math.floor(v / 0x80);
  }
  out[at++] = v;
  out.set(payload, at);
  return out;
}

export const encodeSyncStep1 = (doc: Y.Doc) => framePayload(MESSAGE_SYNC, SYNC_STEP1, Y.encodeStateVector(doc));

export const encodeSyncStep2 = (update: Uint8Array) => framePayload(MESSAGE_SYNC, SYNC_STEP2, update);

export const encodeUpdate = (update: Uint8Array) => framePayload(MESSAGE_SYNC, SYNC_UPDATE, update);

export const encodeAwareness = (update: Uint8Array) => framePayload(MESSAGE_AWARENESS, null, update);

export const encodeQueryAwareness = () => frame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS));

/** y-protocols/auth "permission denied": y-websocket clients surface it (console.warn / messageHandlers[2]). */
export const encodePermissionDenied = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AUTH);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });

/** An update that changes nothing (V1): no structs, empty delete set. Viewers' providers send one on connect. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** The (client id, clock) entries of an awareness update (y-protocols format: count, then id, clock, JSON state each). */
export function awarenessEntries(update: Uint8Array): { id: number; clock: number }[] {
  try {
    const d = decoding.createDecoder(update);
    const n = decoding.readVarUint(d);
    if (n > update.length) throw new ProtocolError('awareness entry count out of range');
    const entries: { id: number; clock: number }[] = [];
    for (let i = 0; i < n; i++) {
      const id = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      decoding.readVarString(d);
      entries.push({ id, clock });
    }
    if (decoding.hasContent(d)) throw new ProtocolError('trailing bytes after awareness update');
    return entries;
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(`malformed awareness update: ${(err as Error).message}`);
  }
}
