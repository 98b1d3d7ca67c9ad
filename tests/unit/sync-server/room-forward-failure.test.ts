/**
 * The last line of defence behind `plain` (update-scan.ts): if the relay's own apply of an update it already
 * stored and relayed fails anyway, the room must not go on with a doc that differs from the store — it closes its
 * peers (1011, so they reconnect and resync) and unloads at once, like a failed store.
 */
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '#sync-server/limits.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { Room, type Peer } from '#sync-server/room.ts';
import type { Store, StoredUpdate } from '#sync-server/store/store.ts';

const failNext = vi.hoisted(() => ({ on: false }));
vi.mock('#sync-server/review-guard.ts', async (original) => {
  const real = await original<typeof import('#sync-server/review-guard.ts')>();
  return {
    ...real,
    applyGuarded: (...args: Parameters<typeof real.applyGuarded>) => {
      if (failNext.on) {
        failNext.on = false;
        throw new Error('simulated: Yjs threw while integrating');
      }
      return real.applyGuarded(...args);
    },
  };
});

describe('Room: a forwarded update that then fails to apply', () => {
  it('closes every peer with 1011 and unloads the room; the stored row is what was relayed', async () => {
    const stored: StoredUpdate[] = [];
    const idle = vi.fn();
    const logged: string[] = [];
    const room = new Room(
      'eng-forward',
      { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, bytes: 0 },
      {
        store: {} as Store,
        append: (_room, rows, done) => {
          stored.push(...rows);
          done(null, stored.length);
        },
        limits: DEFAULT_LIMITS,
        metrics: new Metrics(),
        log: createLogger({ quiet: false, write: (line) => logged.push(line) }),
        onIdle: idle,
      },
    );
    const closes: [string, number][] = [];
    const relayed: Uint8Array[] = [];
    const peer = (name: string): Peer => ({
      claims: { sub: name, name, role: 'expert', eng: ['*'], iat: 0, exp: 0, jti: name },
      awarenessIds: new Set(),
      send: (m) => relayed.push(m),
      close: (code) => closes.push([name, code]),
    });
    const a = peer('a');
    const b = peer('b');
    room.join(a);
    room.join(b);
    const client = new Y.Doc();
    client.getMap('edits').set('k', 1);
    const update = Y.encodeStateAsUpdate(client);
    failNext.on = true;
    expect(room.applyFromPeer(a, update)).toBe('applied');
    await room.flush();
    await new Promise((r) => setImmediate(r)); // the relay's own apply runs at the end of the turn (scheduleApply)
    expect(stored.map((r) => r.bytes)).toEqual([update]);
    expect(closes).toEqual([
      ['a', 1011],
      ['b', 1011],
    ]);
    expect(idle).toHaveBeenCalledWith(room);
    expect(room.peers.size).toBe(0);
    expect(logged.some((l) => l.includes('a forwarded update did not apply'))).toBe(true);
    // Nothing more is taken in: a later update is refused as invalid.
    client.getMap('edits').set('k', 2);
    expect(room.applyFromPeer(a, Y.encodeStateAsUpdate(client))).toBe('invalid');
  });
});
