/**
 * Stores several rooms' updates in one transaction (Store.appendMany). On SQLite a commit costs about as much as
 * three single-row inserts (~50 µs here), so fifty quiet rooms each committing their one update made the store a
 * large part of the relay's work per edit; on PostgreSQL a batch is one round trip instead of one per room.
 *
 * Rooms call `append` as they drain (right after the socket read that queued the update). A batch is committed
 * when it holds MAX_ROOMS rooms, or at setImmediate — after the poll phase has handled every socket that was ready
 * — whichever comes first; each room broadcasts once its own rows are committed (stored before sent on).
 * Why a bound: waiting for the whole turn (50 rooms in the fan-out bench) held the first room's broadcast back
 * until every other socket had been read, and fan-out latency suffered more from that than it gained from the
 * saved commits (bench, 3 runs each, fan-out p50 against the reference: per room 1.10–1.15×, whole turn
 * 1.11–1.18×, 4 rooms 0.98–1.00×, 12 rooms 0.97–1.03×).
 *
 * A failed batch is retried room by room, so a failure that belongs to one room breaks only that room. Both stores
 * roll a failed batch back as a whole, so the retry stores nothing twice (PostgreSQL: a commit whose answer is lost
 * on the wire could be retried after it succeeded — harmless to Yjs, the audit log would show those rows twice).
 */
import type { Store, StoredUpdate } from './store.ts';

interface Waiting {
  room: string;
  updates: StoredUpdate[];
  resolve: (seq: number) => void;
  reject: (err: unknown) => void;
}

/** Rooms per transaction before a batch is committed without waiting for the end of the turn (see above). */
export const MAX_ROOMS = 8;

export class AppendCoalescer {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: Pick<Store, 'appendUpdates' | 'appendMany'>,
    private readonly maxRooms = MAX_ROOMS,
  ) {}

  /** Resolves to the room's last sequence number once its rows are committed (with the rest of its batch). */
  readonly append = (room: string, updates: StoredUpdate[]): Promise<number> =>
    new Promise((resolve, reject) => {
      this.waiting.push({ room, updates, resolve, reject });
      if (this.waiting.length >= this.maxRooms) void this.run();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          void this.run();
        });
      }
    });

  private async run(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    if (batch.length > 1) {
      let seqs: number[] | null = null;
      try {
        seqs = await this.store.appendMany(batch);
      } catch {
        // Rolled back as a whole: find out room by room which of them cannot be stored.
      }
      if (seqs) {
        batch.forEach((w, i) => w.resolve(seqs[i]!));
        return;
      }
    }
    await Promise.all(batch.map((w) => this.store.appendUpdates(w.room, w.updates).then(w.resolve, w.reject)));
  }
}
