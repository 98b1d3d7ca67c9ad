/**
 * Reads where each struct of a Yjs update (format V1, what y-websocket sends) sits — its id, length, origins,
 * parent and key — without building its content. The review guard needs only that (review-guard.ts); Y.decodeUpdate
 * builds every struct's content too (a ContentAny with its values, a string, nested objects), which for a 2,000-edit
 * offline sync was most of the guard's time and garbage, on top of the decode Yjs does again when it applies the
 * update. The layout follows Yjs 13's readClientsStructRefs / readDeleteSet; an item's length is what Yjs's
 * content would report (a string's UTF-16 length, the number of values of a JSON or Any content, else 1).
 *
 * Stricter than Yjs, never laxer: truncation and unknown content or value tags throw (Yjs would read undefined
 * past the end). A throw sends the update down the guard's slow path, which applies it to a scratch copy.
 *
 * `plain` says more: that Yjs will read every value of it without an error — each string valid UTF-8, each JSON
 * value parsed, nesting shallow enough for lib0's recursive reader — that it ends where its delete set ends, that
 * it holds no empty item, and that it holds no sub-document (Yjs builds a Y.Doc from a sub-document's options,
 * which a peer can make throw).
 * Only such an update may be stored and relayed before the relay's own Yjs has applied it (room.ts forwardFirst).
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

export interface ScannedItem {
  readonly kind: 'item';
  readonly id: Y.ID;
  readonly length: number;
  readonly origin: Y.ID | null;
  readonly rightOrigin: Y.ID | null;
  /** A root type's name, the parent type's item id, or null when the parent is that of the origin. */
  readonly parent: string | Y.ID | null;
  readonly parentSub: string | null;
}

/** A GC struct (content collected away) or a Skip (a hole in a merged update). */
export interface ScannedFiller {
  readonly kind: 'gc' | 'skip';
  readonly id: Y.ID;
  readonly length: number;
}

export type ScannedStruct = ScannedItem | ScannedFiller;
export type DeleteRanges = Map<number, { clock: number; len: number }[]>;

export interface ScannedUpdate {
  /** In the update's order: clients as encoded, each client's structs in clock order. */
  structs: ScannedStruct[];
  ds: { clients: DeleteRanges };
  /** Every value reads cleanly in Yjs, nothing trails the delete set, no sub-document (see the module comment). */
  plain: boolean;
}

/** Deeper nested values than this make an update not `plain` (lib0 reads them recursively; far below its limit). */
const MAX_PLAIN_DEPTH = 64;
/** Cleared by whatever makes the update being scanned not `plain` (scanUpdate is synchronous; reset per call). */
let plain = true;

/** Bytes Yjs could not read: cut short, or a content kind or value tag that does not exist. */
class UpdateScanError extends Error {
  override name = 'UpdateScanError';
}

function skipBytes(d: decoding.Decoder, n: number): void {
  if (n > d.arr.length - d.pos) throw new UpdateScanError('update ends inside a value');
  d.pos += n;
}

function readByte(d: decoding.Decoder): number {
  if (d.pos >= d.arr.length) throw new UpdateScanError('update ends early');
  return d.arr[d.pos++]!;
}

const skipVarBytes = (d: decoding.Decoder) => skipBytes(d, decoding.readVarUint(d));

// As lib0 decodes: invalid UTF-8 throws, a leading BOM is kept.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether arr[start, end) is all ASCII: such a string needs no UTF-8 decoder to be read, measured or checked. */
function ascii(arr: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (arr[i]! >= 0x80) return false;
  return true;
}

/** Skips a string, noting whether it is valid UTF-8 (lib0 decodes strictly; a bad one makes Yjs throw). */
function skipString(d: decoding.Decoder): void {
  const n = decoding.readVarUint(d);
  const start = d.pos;
  skipBytes(d, n);
  if (ascii(d.arr, start, start + n)) return;
  try {
    utf8.decode(d.arr.subarray(start, start + n));
  } catch {
    plain = false;
  }
}

/**
 * lib0's readVarString, without a TextDecoder call for short ASCII (map keys, root names: most of an update's
 * strings): the native decoder's per-call cost was 40% of a scan. Other strings go through the same decoder as lib0,
 * so the result is what Yjs reads.
 */
function readString(d: decoding.Decoder): string {
  const n = decoding.readVarUint(d);
  const start = d.pos;
  skipBytes(d, n);
  const arr = d.arr;
  if (n > 64 || !ascii(arr, start, start + n)) return utf8.decode(arr.subarray(start, start + n));
  let out = '';
  for (let i = start; i < start + n; i++) out += String.fromCharCode(arr[i]!);
  return out;
}

/** A string's length in UTF-16 units (what ContentString reports), without building it when it is ASCII. */
function stringLength(d: decoding.Decoder): number {
  const n = decoding.readVarUint(d);
  const start = d.pos;
  skipBytes(d, n);
  return ascii(d.arr, start, start + n) ? n : utf8.decode(d.arr.subarray(start, start + n)).length;
}

/** Skips one lib0 `writeAny` value (tags 127 … 116, as lib0's readAny reads them). */
function skipAny(d: decoding.Decoder, depth = 0): void {
  if (depth > MAX_PLAIN_DEPTH) plain = false;
  const tag = readByte(d);
  switch (tag) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      decoding.readVarInt(d);
      return;
    case 124:
      skipBytes(d, 4);
      return;
    case 123:
    case 122:
      skipBytes(d, 8);
      return;
    case 119: // string
      skipString(d);
      return;
    case 116: // Uint8Array
      skipVarBytes(d);
      return;
    case 118: {
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) {
        skipString(d); // key
        skipAny(d, depth + 1);
      }
      return;
    }
    case 117: {
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) skipAny(d, depth + 1);
      return;
    }
    default:
      throw new UpdateScanError(`unknown value tag ${tag}`);
  }
}

const readID = (d: decoding.Decoder) => Y.createID(decoding.readVarUint(d), decoding.readVarUint(d));

/** Skips an item's content (info's low 5 bits name its kind); returns the item's length. */
function skipContent(d: decoding.Decoder, ref: number): number {
  switch (ref) {
    case 1: // ContentDeleted
      return decoding.readVarUint(d);
    case 2: {
      // ContentJSON: each value a JSON string ('undefined' for undefined), parsed as Yjs does
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) {
        const s = readString(d);
        if (s !== 'undefined') JSON.parse(s);
      }
      return n;
    }
    case 3: // ContentBinary
      skipVarBytes(d);
      return 1;
    case 4: // ContentString: its length in UTF-16 units, decoded the way Yjs decodes it
      return stringLength(d);
    case 5: // ContentEmbed
      JSON.parse(readString(d));
      return 1;
    case 6: // ContentFormat: key, JSON value
      skipString(d);
      JSON.parse(readString(d));
      return 1;
    case 7: {
      // ContentType: a type ref (0 array … 6 xml text); an xml element and a hook also carry a name
      const typeRef = decoding.readVarUint(d);
      if (typeRef > 6) throw new UpdateScanError(`unknown type ref ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) skipString(d);
      return 1;
    }
    case 8: {
      // ContentAny
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) skipAny(d);
      return n;
    }
    case 9: // ContentDoc: guid, options
      plain = false;
      skipVarBytes(d);
      skipAny(d);
      return 1;
    default:
      throw new UpdateScanError(`unknown content ref ${ref}`);
  }
}

/** Throws on anything Yjs could not read (see the module comment). */
export function scanUpdate(update: Uint8Array): ScannedUpdate {
  const d = decoding.createDecoder(update);
  const structs: ScannedStruct[] = [];
  plain = true;
  const clientCount = decoding.readVarUint(d);
  for (let c = 0; c < clientCount; c++) {
    const count = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    let clock = decoding.readVarUint(d);
    for (let i = 0; i < count; i++) {
      const info = readByte(d);
      const ref = info & 0b11111;
      if (ref === 0 || ref === 10) {
        const length = decoding.readVarUint(d);
        structs.push({ kind: ref === 0 ? 'gc' : 'skip', id: Y.createID(client, clock), length });
        clock += length;
        continue;
      }
      const origin = info & 0b1000_0000 ? readID(d) : null;
      const rightOrigin = info & 0b0100_0000 ? readID(d) : null;
      // Without origins the item carries its parent: a root type's name, or the id of the item holding the type.
      const ownParent = (info & 0b1100_0000) === 0;
      const parent = ownParent ? (decoding.readVarUint(d) === 1 ? readString(d) : readID(d)) : null;
      const parentSub = ownParent && info & 0b0010_0000 ? readString(d) : null;
      const length = skipContent(d, ref);
      // No Yjs client makes an empty item (inserting "" or [] is a no-op), and one at the document's clock passes
      // for new while adding nothing: only Yjs's own apply decides what it does.
      if (length === 0) plain = false;
      structs.push({ kind: 'item', id: Y.createID(client, clock), length, origin, rightOrigin, parent, parentSub });
      clock += length;
    }
  }
  const clients: DeleteRanges = new Map();
  const dsCount = decoding.readVarUint(d);
  for (let c = 0; c < dsCount; c++) {
    const client = decoding.readVarUint(d);
    const n = decoding.readVarUint(d);
    if (n === 0) continue;
    // A client listed twice adds to its list, as Yjs reads it.
    let ranges = clients.get(client);
    if (!ranges) clients.set(client, (ranges = []));
    for (let i = 0; i < n; i++) ranges.push({ clock: decoding.readVarUint(d), len: decoding.readVarUint(d) });
  }
  return { structs, ds: { clients }, plain: plain && d.pos === update.length };
}
