import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PendingTracker, relayLacks } from '#renderer/sync/pending.ts';

describe('pending local changes', () => {
  it('counts local changes until a probe covering them is answered', () => {
    const t = new PendingTracker();
    t.local();
    t.local();
    expect(t.pending).toBe(2);
    t.opened(); // the provider's own step 1
    expect(t.needsProbe()).toBe(true);
    t.probeSent(); // covers 2
    t.local(); // 3rd, sent after the probe
    expect(t.step2()).toBe(false); // answer to the provider's step 1 acknowledges nothing new
    expect(t.pending).toBe(3);
    expect(t.step2()).toBe(true); // our probe
    expect(t.pending).toBe(1);
    expect(t.needsProbe()).toBe(true);
    t.probeSent();
    expect(t.needsProbe()).toBe(false); // already covered by the one in flight
    t.step2();
    expect(t.pending).toBe(0);
    expect(t.needsProbe()).toBe(false);
  });

  it('a closed socket forgets outstanding probes: their answers never come, the changes stay pending', () => {
    const t = new PendingTracker();
    t.opened();
    t.local(4);
    t.probeSent();
    t.closed();
    expect(t.step2()).toBe(false);
    expect(t.pending).toBe(4);
    // reconnect: the provider's step 1 answer, then a new probe
    t.opened();
    t.probeSent();
    t.step2();
    expect(t.pending).toBe(4);
    t.step2();
    expect(t.pending).toBe(0);
  });

  it('stray step 2 messages (no probe outstanding) change nothing', () => {
    const t = new PendingTracker();
    t.local();
    expect(t.step2()).toBe(false);
    expect(t.pending).toBe(1);
  });

  it('relayLacks compares state vectors: true when the relay misses a local edit', () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'hello');
    const relay = new Y.Doc();
    expect(relayLacks(a, Y.decodeStateVector(Y.encodeStateVector(relay)))).toBe(true);
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(a));
    expect(relayLacks(a, Y.decodeStateVector(Y.encodeStateVector(relay)))).toBe(false);
    relay.getText('t').insert(0, 'x'); // relay has more than us: nothing pending here
    expect(relayLacks(a, Y.decodeStateVector(Y.encodeStateVector(relay)))).toBe(false);
  });
});
