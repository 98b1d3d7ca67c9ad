import * as Y from 'yjs';

/**
 * Counts local changes the relay has not acknowledged yet. y-websocket has no acknowledgements, but the
 * protocol is ordered per socket and the relay answers a sync step 1 with a step 2 only after everything it
 * received before it is stored. So: every local transaction bumps `seq`; a "probe" (a sync step 1 we send)
 * remembers the `seq` it covers; when a step 2 comes back, the oldest outstanding probe's `seq` is acknowledged.
 */
export class PendingTracker {
  private seq = 0;
  private acked = 0;
  private probes: number[] = [];

  get pending(): number {
    return this.seq - this.acked;
  }

  /** A local transaction happened. */
  local(n = 1): void {
    this.seq += n;
  }

  /** A socket opened: the provider's own step 1 is answered before anything we send, so it acknowledges nothing new. */
  opened(): void {
    this.probes = [this.acked];
  }

  /** The socket closed: answers to outstanding probes will never come. */
  closed(): void {
    this.probes = [];
  }

  /** Whether a probe would acknowledge something not already covered by one in flight. */
  needsProbe(): boolean {
    if (this.pending === 0) return false;
    const last = this.probes[this.probes.length - 1];
    return last === undefined || last < this.seq;
  }

  /** We sent a step 1 after everything local so far was sent. */
  probeSent(): void {
    this.probes.push(this.seq);
  }

  /** A step 2 arrived: the oldest probe is answered. Returns whether the pending count changed. */
  step2(): boolean {
    const s = this.probes.shift();
    if (s !== undefined && s > this.acked) {
      this.acked = s;
      return true;
    }
    return false;
  }
}

/** Whether the relay's state vector lacks something `doc` has (an offline edit from an earlier run, for example). */
export function relayLacks(doc: Y.Doc, relayStateVector: Map<number, number>): boolean {
  const ours = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of ours) if (clock > (relayStateVector.get(client) ?? 0)) return true;
  return false;
}
