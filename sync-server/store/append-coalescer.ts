/**
 * Stores several rooms' updates in one transaction (Store.appendMany). On SQLite a commit costs about as much as
 * three single-row inserts (~50 µs here), so fifty quiet rooms each committing their one update made the store a
 * large part of the relay's work per edit; on PostgreSQL a batch is one round trip instead of one per room.
 *
 * Rooms call `add` as they drain (right after the socket read that queued the update). A batch is committed
 * when it holds MAX_ROOMS rooms, or at setImmediate — after the poll phase has handled every socket that was ready
 * — whichever comes first; each room broadcasts once its own rows are committed (stored before sent on).
 * Why a bound: waiting for the whole turn (50 rooms in the fan-out bench) held the first room's broadcast back
 * until every other socket had been read, and fan-out latency suffered more from that than it gained from the
 * saved commits (bench, 3 runs each, fan-out p50 against the reference: per room 1.10–1.15×, whole turn
 * 1.11–1.18×, 4 rooms 0.98–1.00×, 12 rooms 0.97–1.03×).
 *
 * A store that commits synchronously (SQLite: `appendManySync`) is called synchronously, and each room hears of its
 * commit by callback inside it: no promise per room between the commit and its broadcast. (Through promises, the
 * hops and async frames of storing an update cost about as much relay CPU as the guard: ADR 0013, session 12.)
 *
 * A failed batch is retried room by room, so a failure that belongs to one room breaks only that room. Both stores
 * roll a failed batch back as a whole, so the retry stores nothing twice (PostgreSQL: a commit whose answer is lost
 * on the wire could be retried after it succeeded — harmless to Yjs, the audit log would show those rows twice).
 */
import type { RoomAppend, Store, StoredUpdate } from './store.ts';

/** Told once the room's rows are committed (`err` null, `seq` the room's last sequence number) or refused. */
export type Stored = (err: unknown, seq: number) => void;

interface Waiting extends RoomAppend {
  done: Stored;
}

/** Rooms per transaction before a batch is committed without waiting for the end of the turn (see above). */
export const MAX_ROOMS = 8;

type AppendingStore = Pick<Store, 'appendUpdates' | 'appendMany'> & { appendManySync?: (batches: readonly RoomAppend[]) => number[] };

export class AppendCoalescer {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly store: AppendingStore,
    private readonly maxRooms = MAX_ROOMS,
  ) {}

  /**
   * Queues a room's rows for the next batch; `done` is called once they are committed with the rest of it — with a
   * synchronous store, possibly before this returns (when this room fills the batch).
   */
  readonly add = (room: string, updates: StoredUpdate[], done: Stored): void => {
    this.waiting.push({ room, updates, done });
    if (this.waiting.length >= this.maxRooms) this.run();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runLater);
    }
  };

  private readonly runLater = (): void => {
    this.scheduled = false;
    this.run();
  };

  private run(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    if (this.store.appendManySync) this.runSync(batch, this.store.appendManySync.bind(this.store));
    else void this.runAsync(batch);
  }

  private runSync(batch: Waiting[], appendMany: (batches: readonly RoomAppend[]) => number[]): void {
    if (batch.length > 1) {
      let seqs: number[] | null = null;
      try {
        seqs = appendMany(batch);
      } catch {
        // Rolled back as a whole: find out room by room which of them cannot be stored.
      }
      if (seqs) {
        for (let i = 0; i < batch.length; i++) tell(batch[i]!.done, null, seqs[i]!);
        return;
      }
    }
    for (const w of batch) {
      let seq: number;
      try {
        seq = appendMany([w])[0]!;
      } catch (err) {
        tell(w.done, err, 0);
        continue;
      }
      tell(w.done, null, seq);
    }
  }

  private async runAsync(batch: Waiting[]): Promise<void> {
    if (batch.length > 1) {
      let seqs: number[] | null = null;
      try {
        seqs = await this.store.appendMany(batch);
      } catch {
        // Rolled back as a whole: find out room by room which of them cannot be stored.
      }
      if (seqs) {
        batch.forEach((w, i) => tell(w.done, null, seqs[i]!));
        return;
      }
    }
    await Promise.all(
      batch.map((w) =>
        this.store.appendUpdates(w.room, w.updates).then(
          (seq) => tell(w.done, null, seq),
          (err: unknown) => tell(w.done, err, 0),
        ),
      ),
    );
  }
}

/** One room's callback throwing must not keep the others of its batch from hearing of their commit; the error
 * still surfaces (as an uncaught exception, which the relay logs). */
function tell(done: Stored, err: unknown, seq: number): void {
  try {
    done(err, seq);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}
