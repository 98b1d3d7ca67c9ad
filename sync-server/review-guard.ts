/**
 * The relay's review guard (issue #5, ADR 0009): only a lead may set or take away a lead decision (approved,
 * changes-requested). Clients can be modified, so the relay checks every update from a non-lead BEFORE it is
 * applied, stored or relayed.
 *
 * 1. Read where the update's structs sit (update-scan.ts: ids, origins, parents, keys — not their content) and
 *    look at what it would touch in the current document, resolving each new item's parent through its explicit
 *    parent or its origins (Yjs omits the parent when an origin is given):
 *    - an item with parentSub 'review', or anywhere below one (a review replaced by a nested map);
 *    - an item set directly into a reviewed collection (a new entity, or one replacing an existing entity);
 *    - a deletion covering an entity, a review value or anything below one;
 *    Typing, field edits, comments and log entries touch none of these: they pass here (microseconds).
 * 2. A suspect update is applied to a scratch copy of the document and every entity's review is compared before
 *    and after with the same rule the app uses (core/review/rules.ts nonLeadMayChange).
 * 3. An update Yjs could not integrate completely right now (unknown origins or parents, clock gaps, deletions of
 *    unknown items — `unplaceableReason`) is never applied for a non-lead: Yjs would park it and integrate it later,
 *    unchecked, when its dependencies arrive. It is dropped and the sender is asked for everything the relay lacks
 *    (sync step 1); an honest client's answer is one complete update that places and is checked. `applyGuarded`
 *    is the backstop: whatever Yjs still parks from a non-lead's update is discarded again.
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
import { type DeleteRanges, type ScannedItem, type ScannedStruct, type ScannedUpdate, scanUpdate } from './update-scan.ts';

/** `fresh`: the update holds only what the document lacks (see isFresh) — its bytes are exactly the new part.
 * `plain`: and Yjs will read all of it without an error (update-scan.ts) — it may be relayed before it is applied. */
export type GuardResult = { ok: true; checked: 'lead' | 'fast' | 'full'; fresh?: boolean; plain?: boolean } | { ok: false; reason: string; pending?: true };

const REVIEWED_ROOTS = new Set<string>(REVIEWED);

/** An item of the update (scanned, not integrated) or of the document. */
type Placed = ScannedItem | Y.Item;
interface Located {
  parentSub: string | null;
  /** The parent type's item (of the document or of this update), or null for a root type. */
  parentItem: Placed | null;
  rootName: string | null;
}

/** Sorts one client's structs by clock. An update lists each client's structs in clock order already, so the
 * check usually saves the sort (its comparator calls cost as much as the rest of the analysis). */
function sortByClock(list: { id: Y.ID }[]): void {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.id.clock > list[i]!.id.clock) {
      list.sort((a, b) => a.id.clock - b.id.clock);
      return;
    }
  }
}

/** Items in the update, by client, in clock order. */
function indexUpdate(structs: ScannedStruct[]): Map<number, ScannedItem[]> {
  const m = new Map<number, ScannedItem[]>();
  for (const s of structs) {
    if (s.kind !== 'item') continue;
    let list = m.get(s.id.client);
    if (!list) m.set(s.id.client, (list = []));
    list.push(s);
  }
  for (const list of m.values()) sortByClock(list);
  return m;
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = doc.store.clients.get(id.client) as (Y.Item | Y.GC)[] | undefined;
  if (!structs || id.clock >= Y.getState(doc.store, id.client)) return undefined;
  return structs[Y.findIndexSS(structs as never, id.clock)];
}

function findInUpdate(index: Map<number, ScannedItem[]>, id: Y.ID): ScannedItem | undefined {
  const list = index.get(id.client);
  if (!list) return undefined;
  // Items of one client come in clock order: binary search (a full re-send holds thousands).
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = list[mid]!;
    if (id.clock < s.id.clock) hi = mid - 1;
    else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
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

/**
 * Whether Yjs could integrate ALL of this update now, judged the way Yjs does (Item.getMissing): every new struct
 * continues its client's clocks (from the document, or from earlier structs of the same update), and every
 * origin, right origin and parent id, and every deleted clock, is in the document or in that reachable part of the
 * update. Anything else would be parked by Yjs (store.pendingStructs / pendingDs) and integrated later, when
 * its dependencies arrive, without the guard ever seeing it again (ADR 0009) — so a non-lead's such update is
 * never applied. Returns the reason it cannot be placed, or null.
 */
export function unplaceableReason(doc: Y.Doc, structs: ScannedStruct[], ds: DeleteRanges): string | null {
  const byClient = new Map<number, ScannedStruct[]>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  /** Per client: how far its clocks reach once this update is integrated (contiguous from the document's state). */
  const reach = new Map<number, number>();
  for (const [client, list] of byClient) {
    sortByClock(list);
    let end = Y.getState(doc.store, client);
    for (const s of list) {
      if (s.kind === 'skip') continue; // a hole: what follows it is only reachable if the document already has it
      if (s.id.clock > end) return GAP;
      end = Math.max(end, s.id.clock + s.length);
    }
    reach.set(client, end);
  }
  for (const s of structs) {
    if (s.kind !== 'item') continue;
    const parent = s.parent;
    // Yjs asks every item for what it depends on (Item.getMissing), even one it has already and will skip: a
    // dependency it lacks parks the item, and the rest of the update with it.
    if (missing(doc, reach, s, s.origin) || missing(doc, reach, s, s.rightOrigin)) return UNPLACED;
    if (parent instanceof Y.ID && missing(doc, reach, s, parent)) return UNPLACED;
    if (s.id.clock + s.length <= Y.getState(doc.store, s.id.client)) continue; // already integrated: Yjs skips it
    if (!s.origin && !s.rightOrigin && parent === null) return UNPLACED;
  }
  for (const [client, ranges] of ds) for (const { clock, len } of ranges) if (clock + len > reachOf(doc, reach, client)) return UNKNOWN_DELETE;
  return null;
}

// unplaceableReason's helpers live out here, not as closures inside it: it runs for every update. (When the relay ran
// through tsx, whose esbuild wraps every named closure in a `__name` call each time it is created, ~2 % of its
// per-message work went to that; it now runs built without those wrappers, ADR 0020.)
const reachOf = (doc: Y.Doc, reach: Map<number, number>, client: number) => reach.get(client) ?? Y.getState(doc.store, client);
/** Whether `dep` is out of reach. Same client: only an earlier clock can be a dependency (Yjs does not wait for it,
 * it reads it). */
const missing = (doc: Y.Doc, reach: Map<number, number>, s: ScannedItem, dep: Y.ID | null) =>
  !!dep && (dep.client === s.id.client ? dep.clock >= s.id.clock : dep.clock >= reachOf(doc, reach, dep.client));

/**
 * Whether applying this update adds exactly what it holds: nothing in it is known already (every struct starts at
 * or after the document's clock for its client, no Skip), every deletion in it is new (an item it brings itself,
 * or a document item not deleted yet — a field edit deletes the old value, typing deletes characters), and the
 * document holds nothing pending that the apply could integrate along with it. Then the update's own bytes ARE
 * the new part, and the relay can store and relay them as received instead of having Yjs re-encode the delta. A
 * full sync's delete set (everything the sender ever deleted) is not fresh: re-storing it would grow the log.
 * Call only for an update `unplaceableReason` found placeable (no clock gaps, nothing missing).
 */
function isFresh(doc: Y.Doc, { structs, ds }: ScannedUpdate): boolean {
  const store = doc.store;
  if (store.pendingStructs || store.pendingDs) return false;
  for (const s of structs) if (s.kind === 'skip' || s.id.clock < Y.getState(store, s.id.client)) return false;
  for (const [client, ranges] of ds.clients) {
    const have = Y.getState(store, client);
    const structsOf = store.clients.get(client) as (Y.Item | Y.GC)[] | undefined;
    for (const { clock, len } of ranges) {
      if (clock >= have) continue; // an item of this update
      if (!structsOf || clock + len > have) return false;
      for (let i = Y.findIndexSS(structsOf as never, clock); i < structsOf.length && structsOf[i]!.id.clock < clock + len; i++) {
        const it = structsOf[i]!;
        if (!(it instanceof Y.Item) || it.deleted) return false;
      }
    }
  }
  return true;
}

/** Why an update needs the full check, or null when it cannot affect any review. */
export function suspectReason(doc: Y.Doc, update: Uint8Array): string | null {
  return suspectReasonOf(doc, scanUpdate(update));
}

/**
 * Where an update's items go, for suspectReasonOf: one object per check with its helpers as methods (closures made
 * per update cost an allocation each — and under tsx, before ADR 0020, a `__name` call each: ~1.5 % of the relay's
 * message path), and the update's index and the memo made only when an item does not name its parent (most do: a
 * map entry, a root).
 */
class Placement {
  /** Each client's state once this update's items before the current one are applied. */
  readonly next = new Map<number, number>();
  private index: Map<number, ScannedItem[]> | null = null;
  private memo: Map<Placed, Located | null> | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: ScannedStruct[],
  ) {}

  stateOf(client: number): number {
    return this.next.get(client) ?? Y.getState(this.doc.store, client);
  }

  private inUpdate(id: Y.ID): ScannedItem | undefined {
    return findInUpdate((this.index ??= indexUpdate(this.structs)), id);
  }

  /**
   * Where an item goes: its explicit parent, or (Yjs omits the parent when an origin is given) its origin's place.
   * Followed iteratively and memoised: one update can carry a chain of hundreds of items, each placed after the
   * previous one (a full re-send after being offline) — a depth limit would call honest updates unplaceable.
   */
  locate(start: Placed): Located | null {
    // Most items name their parent (a map entry, a root): answered without the chain bookkeeping below.
    if (typeof start.parent === 'string') return { parentSub: start.parentSub, parentItem: null, rootName: start.parent };
    const doc = this.doc;
    const memo = (this.memo ??= new Map());
    const chain: Placed[] = [];
    let result: Located | null = null;
    for (let s: Placed | undefined = start; s; ) {
      const known = memo.get(s);
      if (known !== undefined) {
        result = known;
        break;
      }
      // A cycle (never what Yjs writes): without one, a chain visits each of the update's items at most once.
      if (chain.length > this.structs.length) break;
      chain.push(s);
      const parent = s.parent as unknown;
      if (typeof parent === 'string') {
        result = { parentSub: s.parentSub, parentItem: null, rootName: parent };
        break;
      }
      if (parent instanceof Y.ID) {
        // The parent's item is in the document or in this update (a map created and filled in one change); a GC'd
        // parent (Yjs drops such an item) is no place.
        const p = findInDoc(doc, parent) ?? this.inUpdate(parent);
        result = p && !(p instanceof Y.GC) ? { parentSub: s.parentSub, parentItem: p, rootName: null } : null;
        break;
      }
      if (parent && typeof parent === 'object') {
        // A document item (underReview walks up through those too).
        const t = parent as Y.AbstractType<unknown>;
        result = { parentSub: s.parentSub, parentItem: t._item, rootName: t._item ? null : Y.findRootTypeKey(t) };
        break;
      }
      const ref = s.origin ?? s.rightOrigin;
      if (!ref) break;
      const inDoc = findInDoc(doc, ref);
      if (inDoc instanceof Y.Item) {
        const t = inDoc.parent as Y.AbstractType<unknown> | null;
        result = t ? { parentSub: inDoc.parentSub, parentItem: t._item, rootName: t._item ? null : Y.findRootTypeKey(t) } : null;
        break;
      }
      if (inDoc) {
        result = { parentSub: null, parentItem: null, rootName: GC_ORIGIN }; // Yjs drops such an item
        break;
      }
      const inUpdate = this.inUpdate(ref);
      s = inUpdate && inUpdate !== s ? inUpdate : undefined;
    }
    for (const c of chain) memo.set(c, result);
    return result;
  }

  /** Walk up from a parent item (of the document or of this update) looking for a review above it. */
  underReview(start: Placed | null): boolean | null {
    let p = start;
    for (let depth = 0; p; depth++) {
      if (depth > 64) return null;
      if (p.parentSub === 'review') return true;
      if (p.parent instanceof Y.AbstractType) {
        p = p.parent._item as Y.Item | null;
        continue;
      }
      const loc = this.locate(p);
      if (!loc) return null;
      if (loc.parentSub === 'review') return true;
      p = loc.parentItem;
    }
    return false;
  }
}

function suspectReasonOf(doc: Y.Doc, decoded: ScannedUpdate): string | null {
  const { structs, ds } = decoded;
  const unplaceable = unplaceableReason(doc, structs, ds.clients);
  if (unplaceable) return unplaceable;
  const place = new Placement(doc, structs);
  const next = place.next;
  for (const s of structs) {
    if (s.kind !== 'item') continue;
    const client = s.id.client;
    const known = place.stateOf(client);
    if (s.id.clock + s.length <= Y.getState(doc.store, client)) continue; // already integrated: Yjs skips it
    if (s.id.clock > known) return GAP;
    next.set(client, Math.max(known, s.id.clock + s.length));
    const loc = place.locate(s);
    if (!loc) return UNPLACED;
    if (loc.rootName === GC_ORIGIN) return 'change anchored on removed content';
    if (loc.parentSub === 'review') return 'writes a review';
    if (loc.rootName && REVIEWED_ROOTS.has(loc.rootName) && loc.parentSub !== null) return 'creates or replaces an item';
    const below = place.underReview(loc.parentItem);
    if (below === null) return UNPLACED;
    if (below) return 'writes inside a review';
  }
  for (const [client, ranges] of ds.clients) {
    const have = Y.getState(doc.store, client);
    const after = place.stateOf(client);
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
  const lead = role === 'lead';
  let suspect: string | null;
  let decoded: ScannedUpdate | null = null;
  try {
    decoded = scanUpdate(update);
    suspect = suspectReasonOf(doc, decoded);
  } catch {
    suspect = 'update that does not decode cleanly';
  }
  if (suspect === null) {
    const fresh = isFresh(doc, decoded!);
    return { ok: true, checked: lead ? 'lead' : 'fast', fresh, plain: fresh && decoded!.plain };
  }
  // A lead's update is never refused; the scan above only chose its path. One the guard would look at twice (it
  // writes a review, deletes an entity, cannot be placed yet, does not decode) is applied first and stored as Yjs
  // reports it, as every lead update used to be; an ordinary edit takes the quicker paths, exactly as an expert's.
  if (lead) return { ok: true, checked: 'lead' };
  // Nothing is applied while it waits, so no copy is needed to decide that; it is checked in full once placeable.
  if (WAITING.has(suspect)) return { ok: false, pending: true, reason: `${suspect}: it depends on changes the relay does not have` };
  const before = reviewStates(doc);
  const scratch = new Y.Doc({ gc: true, guid: 'review-scratch' }); // no random guid: see room.ts `ydoc`
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    // The copy carries what the relay itself holds pending (a lead's out-of-order update); only new pending counts.
    const ps = scratch.store.pendingStructs?.update;
    const pds = scratch.store.pendingDs;
    Y.applyUpdate(scratch, update);
    if (scratch.store.pendingStructs?.update !== ps || scratch.store.pendingDs !== pds) return { ok: false, pending: true, reason: `${suspect}: it depends on changes the relay does not have` };
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
  const { structs } = scanUpdate(update);
  const ends = new Map<number, number>();
  for (const s of structs) {
    if (s.kind === 'skip') continue;
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
  const { ds } = scanUpdate(update);
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
 * without the deletions that would have changed a lead decision; or null when it is refused outright. When the
 * update itself passes, `verdict.fresh` says whether its bytes are exactly what the doc lacks (room.ts applyFresh),
 * and `verdict.plain` whether they may also be relayed before the relay applies them (room.ts forwardFirst).
 *
 * A refusal is logged, counted (groundwork_relay_updates_total{outcome="refused_review"},
 * groundwork_relay_refusals_total{reason="review_guard"}) and told to the sender with y-protocols' "permission
 * denied" message (reason starts with "review:"). Its clocks are filled with GC structs (`neutralize`), so the
 * socket stays useful: the sender's later edits keep flowing. The sender's own copy keeps the refused change
 * until it reloads from the relay (the app offers that when it sees the message); nobody else ever sees it.
 */
export function reviewGuard(
  doc: Y.Doc,
  deps: { metrics: Metrics; log: Logger },
  room: string,
  peer: { claims: Claims; send(m: Uint8Array): void },
  update: Uint8Array,
  verdict?: { fresh: boolean; plain: boolean },
): Uint8Array | null {
  const r = checkReviewUpdate(doc, update, peer.claims.role);
  if (r.ok) {
    if (r.checked === 'full') deps.metrics.updates.inc({ outcome: 'review_checked' });
    if (verdict) {
      verdict.fresh = r.fresh === true;
      verdict.plain = r.plain === true;
    }
    return update;
  }
  if (r.pending) {
    // Out of order: it depends on changes the relay does not have (after a relay restart lost the unstored tail a
    // client's next edits are like that; so is a crafted "approve" sent ahead of what it builds on). Yjs would park
    // it and integrate it later, unchecked, so it is not applied at all. Nothing honest is lost: the sender is asked
    // for everything the relay lacks (sync step 1) and y-websocket answers with one complete update (step 2, which
    // includes this one), which places and is checked like any other.
    askForMissing(doc, peer);
    deps.metrics.updates.inc({ outcome: 'unplaceable_dropped' });
    deps.log.debug('out-of-order update dropped; sender asked to re-send', { room, user: peer.claims.sub, reason: r.reason });
    return null;
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

/** When each peer was last asked to re-send what the relay lacks, and whether a trailing ask is scheduled. */
const RESYNC = new WeakMap<object, { at: number; trailing: boolean }>();
const RESYNC_EVERY_MS = 250;

/**
 * Sends the peer a sync step 1 (the relay's state vector), at most once per interval. A drop inside the interval
 * schedules one more ask at its end: the peer's answer to an ask made BEFORE an update was sent might not carry
 * that update, an ask made after every drop always does — so no dropped update is ever left un-asked-for.
 */
function askForMissing(doc: Y.Doc, peer: { send(m: Uint8Array): void }): void {
  const now = Date.now();
  const s = RESYNC.get(peer) ?? { at: 0, trailing: false };
  RESYNC.set(peer, s);
  if (now - s.at >= RESYNC_EVERY_MS) {
    s.at = now;
    peer.send(encodeSyncStep1(doc));
    return;
  }
  if (s.trailing) return;
  s.trailing = true;
  setTimeout(() => {
    s.trailing = false;
    s.at = Date.now();
    try {
      peer.send(encodeSyncStep1(doc));
    } catch {
      /* the socket closed meanwhile: its reconnect syncs in full anyway */
    }
  }, RESYNC_EVERY_MS - (now - s.at)).unref?.();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Applies what the guard let through (room.ts calls this instead of Y.applyUpdate). For a non-lead it is also the
 * backstop for `unplaceableReason`: if Yjs nevertheless parked any part of the update (pending structs or
 * deletions it could not place), that part is discarded again, so it can never integrate later, unchecked. The
 * sender is asked for what the relay lacks, as for an update the guard dropped. A lead's updates apply as they are.
 * Returns whether anything had to be discarded.
 */
export function applyGuarded(doc: Y.Doc, update: Uint8Array, peer: { claims: Claims; send(m: Uint8Array): void }): boolean {
  if (peer.claims.role === 'lead') {
    Y.applyUpdate(doc, update, peer);
    return false;
  }
  const store = doc.store;
  const ps = store.pendingStructs;
  const saved = ps ? { missing: new Map(ps.missing), update: ps.update } : null;
  const pds = store.pendingDs;
  let discarded = false;
  try {
    Y.applyUpdate(doc, update, peer);
  } finally {
    // Yjs merges new pending structs into the existing pending object (a new `update`), or creates one; it
    // re-encodes pending deletions on every apply, so those are compared by content.
    if (store.pendingStructs && (!saved || !sameBytes(store.pendingStructs.update, saved.update))) {
      store.pendingStructs = saved;
      discarded = true;
    }
    if (store.pendingDs && (!pds || !sameBytes(store.pendingDs, pds))) {
      store.pendingDs = pds;
      discarded = true;
    }
  }
  if (discarded) askForMissing(doc, peer);
  return discarded;
}
