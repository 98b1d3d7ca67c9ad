/**
 * Presence may only speak for oneself. A connection is bound to the awareness client id(s) it first announces
 * (a y-websocket client announces exactly its own); a later message that changes any other id's presence is
 * dropped whole and counted, so one client cannot overwrite, fake or remove another's presence (“X is editing…”).
 * An id already bound to another live connection in the room cannot be claimed. When a connection closes its
 * ids are released and the room removes their states.
 *
 * Echoes are not changes: y-websocket's provider re-sends every awareness change it receives (others' ids, at
 * the clock the relay already has). Such entries neither bind nor count; a message made only of them is dropped
 * quietly (applying it would change nothing — or, for an equal-clock removal, wrongly remove a live state).
 *
 * Kept outside the Room (a map per room, one number per connection in the usual case) so idle connections that
 * never send presence cost nothing here.
 */
import type { Peer } from './room.ts';

type Bound = number | number[];
export type AwarenessVerdict = 'apply' | 'echo' | 'foreign';

/** What the guard needs of a room: the clock it holds for each client id. */
export interface AwarenessRoom {
  readonly awareness: { readonly meta: Map<number, { clock: number }> };
}

export class AwarenessGuard {
  /** Per room: client id → the connection bound to it. */
  private readonly owners = new WeakMap<AwarenessRoom, Map<number, Peer>>();
  /** Per connection: the id(s) it is bound to. */
  private readonly bound = new WeakMap<Peer, Bound>();

  /** Whether `peer` may send this awareness update (`entries` = its id/clock pairs) to `room`; binds on its first change. */
  admit(room: AwarenessRoom, peer: Peer, entries: { id: number; clock: number }[]): AwarenessVerdict {
    const meta = room.awareness.meta;
    const changes = entries.filter((e) => {
      const known = meta.get(e.id);
      return known === undefined || e.clock > known.clock;
    });
    if (changes.length === 0) return 'echo';
    const mine = this.bound.get(peer);
    if (mine !== undefined) {
      for (const { id } of changes) if (!(typeof mine === 'number' ? id === mine : mine.includes(id))) return 'foreign';
      return 'apply';
    }
    let owners = this.owners.get(room);
    if (owners) for (const { id } of changes) if (owners.has(id) && owners.get(id) !== peer) return 'foreign';
    if (!owners) this.owners.set(room, (owners = new Map()));
    const ids = [...new Set(changes.map((e) => e.id))];
    for (const id of ids) owners.set(id, peer);
    this.bound.set(peer, ids.length === 1 ? ids[0]! : ids);
    return 'apply';
  }

  /** The ids `peer` was bound to (for removing their states), and forget the binding. */
  release(room: AwarenessRoom, peer: Peer): number[] {
    const mine = this.bound.get(peer);
    if (mine === undefined) return [];
    this.bound.delete(peer);
    const ids = typeof mine === 'number' ? [mine] : mine;
    const owners = this.owners.get(room);
    if (owners) {
      for (const id of ids) if (owners.get(id) === peer) owners.delete(id);
      if (owners.size === 0) this.owners.delete(room);
    }
    return ids;
  }
}
