/**
 * The relay's review guard (issue #5, ADR 0009): only a lead may set or take away a lead decision (approved,
 * changes-requested). Clients can be modified, so the relay checks every update from a non-lead BEFORE it is
 * applied, stored or relayed.
 *
 * 1. Decode the update (Y.decodeUpdate) and look at what it would touch in the current document, resolving each
 *    new item's parent through its explicit parent or its origins (Yjs omits the parent when an origin is given):
 *    - an item with parentSub 'review', or anywhere below one (a review replaced by a nested map);
 *    - an item set directly into a reviewed collection (a new entity, or one replacing an existing entity);
 *    - a deletion covering an entity, a review value or anything below one;
 *    - anything the relay cannot place (unknown origins, clock gaps, deletions of unknown items): Yjs would park
 *      it as pending and integrate it later, unchecked — so it is treated as suspect too.
 *    Typing, field edits, comments and log entries touch none of these: they pass here (microseconds).
 * 2. A suspect update is applied to a scratch copy of the document and every entity's review is compared before
 *    and after with the same rule the app uses (core/review/rules.ts nonLeadMayChange). Anything left pending
 *    in the copy is refused (it could change a review later, when its dependencies arrive).
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { toPlain } from '#core/model/plain.ts';
import { nonLeadMayChange, REVIEWED } from '#core/review/rules.ts';
import type { Review } from '#core/schemas/common.ts';
import type { Claims } from './auth/tokens.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import { encodePermissionDenied, encodeSyncStep1 } from './protocol.ts';

export type GuardResult = { ok: true; checked: 'lead' | 'fast' | 'full' } | { ok: false; reason: string; pending?: true };

const REVIEWED_ROOTS = new Set<string>(REVIEWED);

type AnyStruct = Y.Item | Y.GC | Y.Skip;
interface Located {
  parentSub: string | null;
  /** The parent type's item, or null for a root type. */
  parentItem: Y.Item | null;
  rootName: string | null;
}

/** Items in the update, by client, in clock order (decodeUpdate sorts them). */
function indexUpdate(structs: AnyStruct[]): Map<number, Y.Item[]> {
  const m = new Map<number, Y.Item[]>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    let list = m.get(s.id.client);
    if (!list) m.set(s.id.client, (list = []));
    list.push(s);
  }
  return m;
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = doc.store.clients.get(id.client) as (Y.Item | Y.GC)[] | undefined;
  if (!structs || id.clock >= Y.getState(doc.store, id.client)) return undefined;
  return structs[Y.findIndexSS(structs as never, id.clock)];
}

function findInUpdate(index: Map<number, Y.Item[]>, id: Y.ID): Y.Item | undefined {
  const list = index.get(id.client);
  if (!list) return undefined;
  for (const s of list) if (id.clock >= s.id.clock && id.clock < s.id.clock + s.length) return s;
  return undefined;
}

/** Whether an item of the current document is, or is inside, an entity's review, or is an entity itself. */
function protectedInDoc(item: Y.Item): boolean {
  const parent = item.parent as Y.AbstractType<unknown> | null;
  if (item.parentSub === 'review') return true;
  if (parent && !parent._item && item.parentSub !== null) {
    const root = Y.findRootTypeKey(parent);
    if (REVIEWED_ROOTS.has(root)) return true;
  }
  for (let p = parent?._item ?? null; p; p = (p.parent as Y.AbstractType<unknown> | null)?._item ?? null) if (p.parentSub === 'review') return true;
  return false;
}

const GC_ORIGIN = '\u0000gc';
const GAP = 'clock gap (missing earlier changes)';
const UNPLACED = 'change whose place in the document is unknown';
const UNKNOWN_DELETE = 'deletes changes the relay does not have';
/** Reasons that mean "depends on changes the relay does not have yet": such an update waits (parked, unapplied). */
const WAITING = new Set([GAP, UNPLACED, UNKNOWN_DELETE]);

/** Why an update needs the full check, or null when it cannot affect any review. */
export function suspectReason(doc: Y.Doc, update: Uint8Array): string | null {
  const { structs, ds } = Y.decodeUpdate(update) as unknown as { structs: AnyStruct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  const index = indexUpdate(structs);
  const next = new Map<number, number>();
  const stateOf = (client: number) => next.get(client) ?? Y.getState(doc.store, client);

  const locate = (s: Y.Item, depth: number): Located | null => {
    if (depth > 64) return null;
    const parent = s.parent as unknown;
    if (typeof parent === 'string') return { parentSub: s.parentSub, parentItem: null, rootName: parent };
    if (parent instanceof Y.ID) {
      const p = findInDoc(doc, parent) ?? findInUpdate(index, parent);
      if (!(p instanceof Y.Item)) return null;
      return { parentSub: s.parentSub, parentItem: p, rootName: null };
    }
    if (parent && typeof parent === 'object') {
      // Already integrated item (not the case for decoded structs, kept for safety).
      const t = parent as Y.AbstractType<unknown>;
      return { parentSub: s.parentSub, parentItem: t._item, rootName: t._item ? null : Y.findRootTypeKey(t) };
    }
    const ref = s.origin ?? s.rightOrigin;
    if (!ref) return null;
    const inDoc = findInDoc(doc, ref);
    if (inDoc instanceof Y.Item) {
      const t = inDoc.parent as Y.AbstractType<unknown> | null;
      if (!t) return null;
      return { parentSub: inDoc.parentSub, parentItem: t._item, rootName: t._item ? null : Y.findRootTypeKey(t) };
    }
    if (inDoc) return { parentSub: null, parentItem: null, rootName: GC_ORIGIN }; // Yjs drops such an item
    const inUpdate = findInUpdate(index, ref);
    return inUpdate && inUpdate !== s ? locate(inUpdate, depth + 1) : null;
  };

  /** Walk up from a parent item (of the document or of this update) looking for a review above it. */
  const underReview = (start: Y.Item | null): boolean | null => {
    let p = start;
    for (let depth = 0; p; depth++) {
      if (depth > 64) return null;
      if (p.parentSub === 'review') return true;
      if (p.parent instanceof Y.AbstractType) {
        p = p.parent._item;
        continue;
      }
      const loc = locate(p, 0);
      if (!loc) return null;
      if (loc.parentSub === 'review') return true;
      p = loc.parentItem;
    }
    return false;
  };

  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const client = s.id.client;
    const known = stateOf(client);
    if (s.id.clock + s.length <= Y.getState(doc.store, client)) continue; // already integrated: Yjs skips it
    if (s.id.clock > known) return GAP;
    next.set(client, Math.max(known, s.id.clock + s.length));
    const loc = locate(s, 0);
    if (!loc) return UNPLACED;
    if (loc.rootName === GC_ORIGIN) return 'change anchored on removed content';
    if (loc.parentSub === 'review') return 'writes a review';
    if (loc.rootName && REVIEWED_ROOTS.has(loc.rootName) && loc.parentSub !== null) return 'creates or replaces an item';
    const below = underReview(loc.parentItem);
    if (below === null) return UNPLACED;
    if (below) return 'writes inside a review';
  }
  for (const [client, ranges] of ds.clients) {
    const have = Y.getState(doc.store, client);
    const after = stateOf(client);
    const structsOf = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
    for (const { clock, len } of ranges) {
      if (clock + len > after) return UNKNOWN_DELETE;
      if (!structsOf || clock >= have) continue; // only items of this same update
      const end = Math.min(clock + len, have);
      for (let i = Y.findIndexSS(structsOf as never, clock); i < structsOf.length && structsOf[i]!.id.clock < end; i++) {
        const it = structsOf[i]!;
        if (it instanceof Y.Item && !it.deleted && protectedInDoc(it)) return 'deletes an item or its review';
      }
    }
  }
  return null;
}

/** Every reviewed entity's review as the app reads it (a Y.Map entity, or a plain object a peer put there). */
export function reviewStates(doc: Y.Doc): Map<string, Review | undefined> {
  const out = new Map<string, Review | undefined>();
  for (const name of REVIEWED) {
    collection(doc, name).forEach((entity, id) => {
      let review: unknown;
      if (entity instanceof Y.Map) review = toPlain(entity.get('review'));
      else if (entity && typeof entity === 'object') review = (entity as { review?: unknown }).review;
      out.set(`${name}/${id}`, review && typeof review === 'object' ? (review as Review) : undefined);
    });
  }
  return out;
}

/** The check room.ts runs before applying a peer's update. */
export function checkReviewUpdate(doc: Y.Doc, update: Uint8Array, role: string): GuardResult {
  if (role === 'lead') return { ok: true, checked: 'lead' };
  let suspect: string | null;
  try {
    suspect = suspectReason(doc, update);
  } catch {
    suspect = 'update that does not decode cleanly';
  }
  if (suspect === null) return { ok: true, checked: 'fast' };
  // Nothing is applied while it waits, so no copy is needed to decide that; it is checked in full once placeable.
  if (WAITING.has(suspect)) return { ok: false, pending: true, reason: `${suspect}: it depends on changes the relay does not have` };
  const before = reviewStates(doc);
  const scratch = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(scratch, update);
    if (scratch.store.pendingStructs || scratch.store.pendingDs) return { ok: false, pending: true, reason: `${suspect}: it depends on changes the relay does not have` };
    const after = reviewStates(scratch);
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      // An item that stays but loses its review (a deletion with no new value) is never what the app does.
      if (before.get(key) && after.has(key) && !after.get(key)) return { ok: false, reason: `removes the review of ${key}` };
      if (!nonLeadMayChange(before.get(key), after.get(key))) {
        const s0 = before.get(key)?.state ?? 'none';
        const s1 = after.get(key)?.state ?? 'deleted';
        return { ok: false, reason: `only a lead may change the review of ${key} (${s0} → ${s1})` };
      }
    }
    return { ok: true, checked: 'full' };
  } catch {
    return { ok: false, reason: `${suspect}: the update does not apply` };
  } finally {
    scratch.destroy();
  }
}

/**
 * The refused update's clock ranges as GC structs (V1 update: per client one GC from what the relay has to the
 * end of what the update brings; empty delete set). Applying it keeps the sender's clocks contiguous, so its
 * LATER updates still integrate (Yjs parks any update after a clock gap forever), while none of the refused
 * content exists anywhere but on the sender. Null when the update brought no new clocks.
 */
export function neutralize(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const { structs } = Y.decodeUpdate(update) as unknown as { structs: AnyStruct[] };
  const ends = new Map<number, number>();
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    const end = s.id.clock + s.length;
    if (end > (ends.get(s.id.client) ?? 0)) ends.set(s.id.client, end);
  }
  const ranges = [...ends].map(([client, end]) => [client, Y.getState(doc.store, client), end] as const).filter(([, from, end]) => end > from);
  if (ranges.length === 0) return null;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, ranges.length);
  for (const [client, from, end] of ranges) {
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, from);
    encoding.writeUint8(e, 0); // GC
    encoding.writeVarUint(e, end - from);
  }
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

type DeleteRanges = Map<number, { clock: number; len: number }[]>;

function encodeDeleteSet(ds: DeleteRanges): Uint8Array {
  const e = encoding.createEncoder();
  const clients = [...ds].filter(([, r]) => r.length > 0).sort((a, b) => b[0] - a[0]);
  encoding.writeVarUint(e, clients.length);
  for (const [client, ranges] of clients) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const r of ranges) {
      encoding.writeVarUint(e, r.clock);
      encoding.writeVarUint(e, r.len);
    }
  }
  return encoding.toUint8Array(e);
}

/**
 * The same update without the deletions that touch an entity or a review (whole ranges are dropped). A client
 * that once had a change refused re-sends that change's deletions with every full sync (step 2: the whole
 * delete set); dropping just those lets its other offline work through. Null when the bytes are not laid out
 * as expected (V1: structs, then the delete set) or there is nothing to drop.
 */
export function withoutProtectedDeletes(doc: Y.Doc, update: Uint8Array): Uint8Array | null {
  const { ds } = Y.decodeUpdate(update) as unknown as { ds: { clients: DeleteRanges } };
  const original = encodeDeleteSet(ds.clients);
  if (original.length > update.length) return null;
  const tail = update.subarray(update.length - original.length);
  if (!tail.every((b, i) => b === original[i])) return null;
  const kept: DeleteRanges = new Map();
  let dropped = false;
  for (const [client, ranges] of ds.clients) {
    const have = Y.getState(doc.store, client);
    const structsOf = doc.store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
    const keep = ranges.filter(({ clock, len }) => {
      if (!structsOf || clock >= have) return true;
      const end = Math.min(clock + len, have);
      for (let i = Y.findIndexSS(structsOf as never, clock); i < structsOf.length && structsOf[i]!.id.clock < end; i++) {
        const it = structsOf[i]!;
        if (it instanceof Y.Item && !it.deleted && protectedInDoc(it)) return false;
      }
      return true;
    });
    if (keep.length !== ranges.length) dropped = true;
    kept.set(client, keep);
  }
  if (!dropped) return null;
  const head = update.subarray(0, update.length - original.length);
  const ds2 = encodeDeleteSet(kept);
  const out = new Uint8Array(head.length + ds2.length);
  out.set(head);
  out.set(ds2, head.length);
  return out;
}

/**
 * room.ts's hook, before a peer's update is applied. Returns the bytes to apply: the update itself, or the update
 * without the deletions that would have changed a lead decision; or null when it is refused outright.
 *
 * A refusal is logged, counted (groundwork_relay_updates_total{outcome="refused_review"},
 * groundwork_relay_refusals_total{reason="review_guard"}) and told to the sender with y-protocols' "permission
 * denied" message (reason starts with "review:"). Its clocks are filled with GC structs (`neutralize`), so the
 * socket stays useful: the sender's later edits keep flowing. The sender's own copy keeps the refused change
 * until it reloads from the relay (the app offers that when it sees the message); nobody else ever sees it.
 */
export function reviewGuard(doc: Y.Doc, deps: { metrics: Metrics; log: Logger }, room: string, peer: { claims: Claims; send(m: Uint8Array): void }, update: Uint8Array): Uint8Array | null {
  const r = checkReviewUpdate(doc, update, peer.claims.role);
  if (r.ok) {
    if (r.checked === 'full') deps.metrics.updates.inc({ outcome: 'review_checked' });
    return update;
  }
  if (r.pending) {
    // Out of order: after a relay restart lost the tail, a client's next edits depend on changes the relay no longer
    // has. Dropping them lost edits in the SIGKILL test, so pure insertions go to Yjs, which holds them pending
    // until the gap fills — nothing is lost. An update that also deletes is dropped: Yjs would apply its deletions
    // at once, and a deletion is how a review is overwritten or cleared. Either way the sender is asked for
    // everything the relay lacks (sync step 1); its answer is one complete update that places and is checked in
    // full. Known hole (ADR 0009): a crafted out-of-order insertion (a new item claiming approval) is integrated by
    // Yjs when its dependencies arrive, without this check; counted so it can be watched.
    const now = Date.now();
    const last = RESYNC_ASKED.get(peer) ?? 0;
    if (now - last > RESYNC_EVERY_MS) {
      RESYNC_ASKED.set(peer, now);
      peer.send(encodeSyncStep1(doc));
    }
    let deletes = true;
    try {
      deletes = Y.decodeUpdate(update).ds.clients.size > 0;
    } catch {
      /* undecodable: treat as deleting */
    }
    deps.metrics.updates.inc({ outcome: deletes ? 'unplaceable_dropped' : 'unplaceable_pending' });
    return deletes ? null : update;
  }
  deps.metrics.updates.inc({ outcome: 'refused_review' });
  deps.metrics.refusals.inc({ reason: 'review_guard' });
  deps.log.warn('review change refused', { room, user: peer.claims.sub, role: peer.claims.role, reason: r.reason });
  peer.send(encodePermissionDenied(`review: ${r.reason}`));
  try {
    const trimmed = withoutProtectedDeletes(doc, update);
    if (trimmed && checkReviewUpdate(doc, trimmed, peer.claims.role).ok) return trimmed;
    const filler = neutralize(doc, update);
    if (filler) Y.applyUpdate(doc, filler, peer);
  } catch (err) {
    deps.log.warn('could not fill a refused update’s clocks', { room, err });
  }
  return null;
}

/** When each peer was last asked to re-send what the relay lacks: at most one ask per peer per interval. */
const RESYNC_ASKED = new WeakMap<object, number>();
const RESYNC_EVERY_MS = 1000;
