/**
 * What the room stores for an expert's update: an update that holds only what the relay lacks ("fresh") is stored
 * and relayed as received (Yjs is spared re-encoding it); anything else — a re-send, a full sync carrying old
 * deletions — stores only the new part, as before. Either way the stored rows rebuild exactly the room's document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '#sync-server/limits.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { Room, type Peer } from '#sync-server/room.ts';
import type { Store, StoredUpdate } from '#sync-server/store/store.ts';

function setup(role: 'expert' | 'lead' = 'expert') {
  const stored: StoredUpdate[] = [];
  const room = new Room(
    'eng-fresh',
    { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, bytes: 0 },
    {
      store: {} as Store, // only `append` is used while nothing compacts
      append: (_room, rows, done) => {
        stored.push(...rows);
        done(null, stored.length);
      },
      limits: DEFAULT_LIMITS,
      metrics: new Metrics(),
      log: createLogger({ quiet: true, write: () => undefined }),
      onIdle: () => undefined,
    },
  );
  const sent: Uint8Array[] = [];
  const claims = { sub: `u-${role}`, name: role, role, eng: ['*'], iat: 0, exp: 0, jti: 't' };
  const peer: Peer = { claims, awarenessIds: new Set(), send: (m) => sent.push(m), close: () => undefined };
  const other: Peer = { ...peer, awarenessIds: new Set(), send: (m) => relayed.push(m) };
  const relayed: Uint8Array[] = [];
  room.join(peer);
  room.join(other);
  const rebuilt = () => {
    const d = new Y.Doc();
    for (const r of stored) Y.applyUpdate(d, r.bytes);
    return d;
  };
  return { room, peer, stored, relayed, rebuilt };
}

const json = (d: Y.Doc) => ({ edits: d.getMap('edits').toJSON(), text: d.getText('notes').toString() });

describe('Room: a fresh update is stored as received', () => {
  it('stores a new client’s offline edits byte for byte, and a re-send not at all', async () => {
    const { room, peer, stored, relayed, rebuilt } = setup();
    const client = new Y.Doc();
    for (let i = 0; i < 50; i++) client.getMap('edits').set(`k${i}`, i);
    const update = Y.encodeStateAsUpdate(client);
    const before = relayed.length; // the relay's step 1 on join
    expect(room.applyFromPeer(peer, update)).toBe('applied');
    await room.flush();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.bytes).toBe(update);
    expect(stored[0]!.user).toBe('u-expert');
    expect(relayed).toHaveLength(before + 1); // the other peer got it, the sender did not

    expect(room.applyFromPeer(peer, update)).toBe('applied');
    await room.flush();
    expect(stored).toHaveLength(1);
    expect(json(rebuilt())).toEqual(json(room.doc));
  });

  it('a field edit and typing (which delete what they replace) are fresh too', async () => {
    const { room, peer, stored, rebuilt } = setup();
    const client = new Y.Doc();
    client.getMap('edits').set('status', 'draft');
    client.getText('notes').insert(0, 'Potholes on Main St');
    room.applyFromPeer(peer, Y.encodeStateAsUpdate(client));
    const sv = Y.encodeStateVector(client);
    client.getMap('edits').set('status', 'open');
    client.getText('notes').delete(0, 9);
    const edit = Y.encodeStateAsUpdate(client, sv);
    room.applyFromPeer(peer, edit);
    await room.flush();
    expect(stored.map((r) => r.bytes)).toContain(edit);
    expect(json(rebuilt())).toEqual(json(client));
    expect(json(room.doc)).toEqual(json(client));
  });

  it('a full sync that repeats old deletions stores only what is new', async () => {
    const { room, peer, stored, rebuilt } = setup();
    const client = new Y.Doc();
    client.getText('notes').insert(0, 'abcdef');
    client.getText('notes').delete(1, 2);
    room.applyFromPeer(peer, Y.encodeStateAsUpdate(client));
    await room.flush();
    const rows = stored.length;
    client.getMap('edits').set('later', true);
    // What y-websocket sends after a reconnect: everything the relay lacks, plus the client's whole delete set.
    const fullSync = Y.encodeStateAsUpdate(client, Y.encodeStateVector(room.doc));
    expect(room.applyFromPeer(peer, fullSync)).toBe('applied');
    await room.flush();
    expect(stored).toHaveLength(rows + 1);
    const added = stored.at(-1)!.bytes;
    expect(added).not.toBe(fullSync);
    // The stored row carries no deletions: the old one was stored with the first update.
    const decoded = Y.decodeUpdate(added);
    expect(decoded.ds.clients.size).toBe(0);
    expect(json(rebuilt())).toEqual(json(client));
  });

  it('a lead’s ordinary edit is stored and relayed as received, before the relay applies it, like an expert’s', async () => {
    const { room, peer, stored, relayed, rebuilt } = setup('lead');
    const inner = room.awareness.doc;
    const client = new Y.Doc();
    client.getMap('edits').set('approved', 'yes');
    client.getText('notes').insert(0, 'Signed off the Main St visit');
    const update = Y.encodeStateAsUpdate(client);
    const before = relayed.length;
    expect(room.applyFromPeer(peer, update)).toBe('applied');
    expect(inner.getMap('edits').size).toBe(0); // forwarded first: not applied yet
    await room.flush();
    expect(stored.map((r) => r.bytes)).toEqual([update]);
    expect(stored[0]!.user).toBe('u-lead');
    expect(relayed).toHaveLength(before + 1);
    expect(json(rebuilt())).toEqual(json(client));
    expect(json(room.doc)).toEqual(json(client));
  });

  it('a lead’s review decision is applied first and stored as Yjs reports it, as before', async () => {
    const { room, peer, stored, rebuilt } = setup('lead');
    const client = new Y.Doc();
    const finding = new Y.Map<unknown>();
    client.getMap('findings').set('f1', finding);
    finding.set('title', 'Permit backlog');
    room.applyFromPeer(peer, Y.encodeStateAsUpdate(client));
    await room.flush();
    const sv = Y.encodeStateVector(client);
    finding.set('review', { state: 'approved', by: 'u-lead', at: 1 });
    const decision = Y.encodeStateAsUpdate(client, sv);
    const inner = room.awareness.doc;
    expect(room.applyFromPeer(peer, decision)).toBe('applied');
    // Not forwarded first: the relay's doc has it before anything is stored or relayed.
    expect((inner.getMap('findings').get('f1') as Y.Map<unknown>).get('review')).toEqual({ state: 'approved', by: 'u-lead', at: 1 });
    await room.flush();
    expect(stored).toHaveLength(2);
    expect(rebuilt().getMap('findings').toJSON()).toEqual(client.getMap('findings').toJSON());
  });
});

describe('Room: a fresh, plain update is stored and relayed before the relay applies it', () => {
  it('reaches the other peer before the relay’s Yjs applies it, and the doc has it whenever read', async () => {
    const { room, peer, stored, relayed } = setup();
    // awareness.doc is the room's Y.Doc without the `doc` getter (which applies what is outstanding).
    const inner = room.awareness.doc;
    const seenAtSend: number[] = [];
    const other = [...room.peers].find((p) => p !== peer)!;
    const send = other.send;
    other.send = (m) => {
      seenAtSend.push(inner.getMap('edits').size);
      send(m);
    };
    const client = new Y.Doc();
    for (let i = 0; i < 2000; i++) client.getMap('edits').set(`k${i}`, i);
    const update = Y.encodeStateAsUpdate(client);
    expect(room.applyFromPeer(peer, update)).toBe('applied');
    expect(inner.getMap('edits').size).toBe(0); // not applied yet
    await room.flush();
    expect(stored.map((r) => r.bytes)).toEqual([update]);
    expect(seenAtSend).toEqual([0]); // relayed while the relay's own copy did not have it yet
    expect(relayed.at(-1)!.length).toBeGreaterThan(update.length); // the update, in a sync message
    expect(inner.getMap('edits').size).toBe(0); // stored and relayed; the relay's own apply waits for the turn's end
    await new Promise((r) => setImmediate(r));
    expect(inner.getMap('edits').size).toBe(2000); // applied at the end of the turn, without anyone reading the doc
  });

  it('a later update that builds on a forwarded one (read in the same turn) is checked against the doc with it', async () => {
    const { room, peer, stored, rebuilt } = setup();
    const client = new Y.Doc();
    const updates: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => updates.push(u));
    client.getText('notes').insert(0, 'Potholes');
    client.getText('notes').insert(8, ' on Main St');
    client.getMap('edits').set('status', 'draft');
    client.getMap('edits').set('status', 'open');
    // All read before any flush: each guard sees the ones before it through the doc, which applies them first.
    for (const u of updates) expect(room.applyFromPeer(peer, u)).toBe('applied');
    await room.flush();
    expect(stored.map((r) => r.bytes)).toEqual(updates);
    expect(json(room.doc)).toEqual(json(client));
    expect(json(rebuilt())).toEqual(json(client));
  });

  it('an update Yjs cannot read is never stored or relayed (invalid UTF-8 in a value)', async () => {
    const { room, peer, stored, relayed } = setup();
    const client = new Y.Doc();
    client.getMap('edits').set('k', 'zzzz');
    const update = Y.encodeStateAsUpdate(client);
    const at = update.findIndex((b, i) => b === 0x7a && update[i + 1] === 0x7a && update[i + 2] === 0x7a && update[i + 3] === 0x7a);
    update.set([0xff, 0xfe, 0xfd, 0xfc], at);
    const before = relayed.length;
    expect(room.applyFromPeer(peer, update)).toBe('invalid');
    await room.flush();
    expect(stored).toHaveLength(0);
    expect(relayed).toHaveLength(before);
    expect(room.doc.getMap('edits').size).toBe(0);
  });
});
