/**
 * The room's path from a peer's update to the store and on to the other peers, with a store that answers when the
 * test says (PostgreSQL's shape: the commit's answer comes later): one batch in flight at a time, nothing relayed
 * before it is stored, what arrives meanwhile goes in the next batch, and flush() waits for all of it.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '#sync-server/limits.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { Room, type Peer } from '#sync-server/room.ts';
import type { Stored } from '#sync-server/store/append-coalescer.ts';
import type { Store, StoredUpdate } from '#sync-server/store/store.ts';

function setup(opts: { compactEvery?: number; saveSnapshot?: Store['saveSnapshot'] } = {}) {
  const calls: { rows: StoredUpdate[]; done: Stored }[] = [];
  const idle: Room[] = [];
  const metrics = new Metrics();
  const room = new Room(
    'eng-pump',
    { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, bytes: 0 },
    {
      store: { saveSnapshot: opts.saveSnapshot ?? (() => Promise.reject(new Error('no snapshots in this test'))) } as Store,
      append: (_room, rows, done) => void calls.push({ rows, done }),
      limits: { ...DEFAULT_LIMITS, compactEvery: opts.compactEvery ?? DEFAULT_LIMITS.compactEvery },
      metrics,
      log: createLogger({ quiet: true, write: () => undefined }),
      onIdle: (r) => void idle.push(r),
    },
  );
  const relayed: Uint8Array[] = [];
  const closed: number[] = [];
  const peer = (name: string, out: Uint8Array[]): Peer => ({
    claims: { sub: name, name, role: 'expert', eng: ['*'], iat: 0, exp: 0, jti: name },
    awarenessIds: new Set(),
    send: (m) => out.push(m),
    close: (code) => void closed.push(code),
  });
  const writer = peer('writer', []);
  room.join(writer);
  room.join(peer('reader', relayed));
  relayed.length = 0; // the join's sync step 1
  const client = new Y.Doc();
  const edit = (k: string) => {
    const before = Y.encodeStateVector(client);
    client.getMap('m').set(k, k);
    return Y.encodeStateAsUpdate(client, before);
  };
  const turn = () => new Promise((r) => setImmediate(r));
  return { room, writer, calls, relayed, closed, idle, metrics, edit, turn };
}

describe('Room: storing, then relaying', () => {
  it('keeps one batch in flight, relays each only once stored, and flush() waits for both', async () => {
    const { room, writer, calls, relayed, edit, turn, metrics } = setup();
    const first = edit('a');
    expect(room.applyFromPeer(writer, first)).toBe('applied');
    await turn();
    expect(calls).toHaveLength(1);
    expect(relayed).toHaveLength(0); // not stored yet: not relayed
    expect(room.size).toBe(first.length); // in flight still counts toward the document's size

    const second = edit('b');
    room.applyFromPeer(writer, second);
    await turn();
    expect(calls).toHaveLength(1); // waits for the batch in flight
    let flushed = false;
    const flushing = room.flush().then(() => (flushed = true));

    calls[0]!.done(null, 1);
    expect(relayed).toHaveLength(1);
    expect(calls).toHaveLength(2); // the next batch goes out as soon as the first is answered
    expect(calls[1]!.rows.map((r) => r.bytes)).toEqual([second]);
    await turn();
    expect(flushed).toBe(false);

    calls[1]!.done(null, 2);
    await flushing;
    expect(relayed).toHaveLength(2);
    expect(metrics.updates.get({ outcome: 'stored' })).toBe(2);
    expect(room.size).toBe(first.length + second.length);
  });

  it('a batch the store refuses is never relayed: the peers are closed (1011) and flush() still resolves', async () => {
    const { room, writer, calls, relayed, closed, idle, edit, turn } = setup();
    room.applyFromPeer(writer, edit('a'));
    await turn();
    const flushing = room.flush();
    calls[0]!.done(new Error('disk full'), 0);
    await flushing;
    expect(relayed).toHaveLength(0);
    expect(closed).toEqual([1011, 1011]);
    expect(idle).toEqual([room]);
    expect(room.applyFromPeer(writer, edit('b'))).toBe('invalid');
  });

  it('compacts once a stored batch passes compactEvery; a snapshot that cannot be written is retried per batch, not in a loop', async () => {
    let attempts = 0;
    // Fails a turn later (like a real write), so a retry loop would spin through turns — counted — not hang the test.
    const saveSnapshot = () => {
      attempts++;
      return new Promise<void>((_, reject) => setImmediate(() => reject(new Error('disk full'))));
    };
    const { room, writer, calls, edit, turn } = setup({ compactEvery: 2, saveSnapshot });
    const store = async (k: string) => {
      room.applyFromPeer(writer, edit(k));
      await turn();
      calls.at(-1)!.done(null, calls.length);
      for (let i = 0; i < 5; i++) await turn();
    };
    await store('a');
    expect(attempts).toBe(0);
    await store('b'); // 2 since the last snapshot
    expect(attempts).toBe(1);
    await store('c');
    expect(attempts).toBe(2); // one more try with the next batch, none in between
    await room.flush();
    expect(attempts).toBe(2);

    const saved: number[] = [];
    const ok = setup({ compactEvery: 2, saveSnapshot: async (_room, seq) => void saved.push(seq) });
    ok.room.applyFromPeer(ok.writer, ok.edit('a'));
    await ok.turn();
    ok.calls[0]!.done(null, 1);
    ok.room.applyFromPeer(ok.writer, ok.edit('b'));
    await ok.turn();
    ok.calls[1]!.done(null, 2);
    await ok.room.flush();
    expect(saved).toEqual([2]);
  });
});
