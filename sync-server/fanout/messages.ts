/**
 * What relay nodes say to each other over Redis, one binary message per publish:
 *   version · type · from (node id) · to (node id, '' = every node) · payload · [want-reply flag for state vectors]
 * `from` lets a node ignore its own messages (Redis delivers a publish to its publisher's subscriptions too);
 * `to` addresses the answers of a state-vector exchange to the node that asked.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const VERSION = 1;

export const KIND = {
  /** A merged update the sender has already stored: apply, relay to local sockets, never store again. */
  update: 0,
  /** Awareness (presence) changes of the sender's own sockets. */
  awareness: 1,
  /** "This is my state vector: send me what I lack" (and, if `want`, "then I'll send you what you lack"). */
  stateVector: 2,
  /** A token or user was revoked: re-read revocations from the store now. */
  revoked: 3,
} as const;

export type Kind = (typeof KIND)[keyof typeof KIND];

export interface NodeMessage {
  kind: Kind;
  from: string;
  to: string;
  payload: Uint8Array;
  want: boolean;
}

export function encodeNodeMessage(m: NodeMessage): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, VERSION);
  encoding.writeVarUint(e, m.kind);
  encoding.writeVarString(e, m.from);
  encoding.writeVarString(e, m.to);
  encoding.writeVarUint8Array(e, m.payload);
  encoding.writeVarUint(e, m.want ? 1 : 0);
  return encoding.toUint8Array(e);
}

/** Returns null for anything this version does not understand (a newer node during a rolling upgrade). */
export function decodeNodeMessage(buf: Uint8Array): NodeMessage | null {
  try {
    const d = decoding.createDecoder(buf);
    if (decoding.readVarUint(d) !== VERSION) return null;
    const kind = decoding.readVarUint(d);
    if (kind > KIND.revoked) return null;
    const from = decoding.readVarString(d);
    const to = decoding.readVarString(d);
    const payload = decoding.readVarUint8Array(d);
    const want = decoding.readVarUint(d) === 1;
    return { kind: kind as Kind, from, to, payload, want };
  } catch {
    return null;
  }
}
