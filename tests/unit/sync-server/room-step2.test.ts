/**
 * How the room answers a sync step 1 (room.ts replyStep2). The first answer on a connection is Yjs's full one, with
 * the doc's whole delete set. Later, a peer that already has every struct gets an empty step 2: it has been sent
 * every change since, deletions included. Once per `fullSyncEveryMs` the answer is in full again.
 */
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '#sync-server/limits.ts';
import { createLogger } from '#sync-server/log.ts';
import { Metrics } from '#sync-server/metrics.ts';
import { Room, type Peer } from '#sync-server/room.ts';

afterEach(() => vi.useRealTimers());

function setup(fullSyncEveryMs = DEFAULT_LIMITS.fullSyncEveryMs) {
  let seq = 0;
  const room = new Room(
    'eng-step2',
    { snapshot: null, snapshotSeq: 0, updates: [], lastSeq: 0, bytes: 0 },
    {
      store: {} as never,
      append: (_room, _rows, done) => done(null, ++seq), // committed at once, as SQLite does
      limits: { ...DEFAULT_LIMITS, fullSyncEveryMs },
      metrics: new Metrics(),
      log: createLogger({ quiet: true, write: () => undefined }),
      onIdle: () => undefined,
    },
  );
  /** A connection and the client doc behind it, which applies every update and step 2 it is sent. */
  const connect = (name: string, doc = new Y.Doc()) => {
    const step2s: Uint8Array[] = [];
    const peer: Peer = {
      claims: { sub: name, name, role: 'lead', eng: ['*'], iat: 0, exp: 0, jti: name },
      awarenessIds: new Set(),
      send: (m) => {
        const d = decoding.createDecoder(m);
        if (decoding.readVarUint(d) !== 0) return; // presence
        const kind = decoding.readVarUint(d);
        if (kind === 0) return; // the relay's own step 1
        const update = decoding.readVarUint8Array(d);
        Y.applyUpdate(doc, update);
        if (kind === 1) step2s.push(update);
      },
      close: () => undefined,
    };
    room.join(peer);
    const ask = () => room.replyStep2(peer, Y.encodeStateVector(doc));
    const write = (change: (d: Y.Doc) => void) => {
      const before = Y.encodeStateVector(doc);
      change(doc);
      expect(room.applyFromPeer(peer, Y.encodeStateAsUpdate(doc, before))).toBe('applied');
    };
    return { peer, doc, step2s, ask, write, last: () => step2s.at(-1)! };
  };
  return { room, connect };
}

const isEmpty = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;
const contents = (d: Y.Doc) => ({ t: d.getText('t').toString(), m: d.getMap('m').toJSON() });

/** An engagement-like history with deletions: text typed and cut, a field overwritten. */
function history(w: ReturnType<ReturnType<typeof setup>['connect']>) {
  w.write((d) => d.getText('t').insert(0, 'field notes from the site visit'));
  w.write((d) => d.getText('t').delete(0, 6));
  w.write((d) => d.getMap('m').set('status', 'draft'));
  w.write((d) => d.getMap('m').set('status', 'submitted'));
}

describe('Room.replyStep2', () => {
  it('answers a connection in full first, then with an empty step 2 once the peer has every struct', async () => {
    const { room, connect } = setup();
    const writer = connect('writer');
    history(writer);
    await room.flush();

    const reader = connect('reader');
    await reader.ask();
    expect(isEmpty(reader.last())).toBe(false);
    expect(contents(reader.doc)).toEqual(contents(writer.doc));

    // The writer's own edits, then its acknowledgement probe: it holds every struct, so nothing is repeated.
    writer.write((d) => d.getText('t').delete(0, 5));
    await writer.ask();
    expect(isEmpty(writer.last())).toBe(false); // its first step 1 on this connection
    writer.write((d) => d.getMap('m').set('status', 'approved'));
    await writer.ask();
    expect(isEmpty(writer.last())).toBe(true);

    // The reader got the deletion and the overwrite as broadcasts; its probe is answered empty, and it is current.
    await reader.ask();
    expect(isEmpty(reader.last())).toBe(true);
    expect(contents(reader.doc)).toEqual(contents(writer.doc));
  });

  it('still sends what a peer lacks: structs behind its state vector', async () => {
    const { room, connect } = setup();
    const writer = connect('writer');
    const reader = connect('reader');
    await reader.ask();
    history(writer);
    await room.flush();
    // Pretend the broadcasts were lost: a peer whose state vector is behind gets the structs (and the deletions).
    const behind = new Y.Doc();
    await room.replyStep2(reader.peer, Y.encodeStateVector(behind));
    Y.applyUpdate(behind, reader.last());
    expect(isEmpty(reader.last())).toBe(false);
    expect(contents(behind)).toEqual(contents(writer.doc));
  });

  it('answers a new connection in full even when its state vector is complete: it may lack deletions', async () => {
    const { room, connect } = setup();
    const writer = connect('writer');
    writer.write((d) => d.getText('t').insert(0, 'abcdef'));
    await room.flush();
    // A client that went offline holding every struct, while someone deleted text: state vectors do not show that.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(writer.doc));
    writer.write((d) => d.getText('t').delete(1, 3));
    await room.flush();
    expect(Y.encodeStateVector(offline)).toEqual(Y.encodeStateVector(writer.doc));

    const back = connect('back', offline);
    await back.ask();
    expect(isEmpty(back.last())).toBe(false);
    expect(offline.getText('t').toString()).toBe('aef');
  });

  it('sends a peer the deletion its own update let the relay apply (one Yjs had parked from someone else)', async () => {
    const { room, connect } = setup();
    const sender = connect('sender');
    const other = connect('other');
    await sender.ask();
    await other.ask();
    // Someone types "abc", then cuts "b". The cut reaches the relay first (from `other`, a lead: Yjs parks it,
    // since the relay lacks the text); the text arrives from `sender`, whose own doc never had the cut.
    const author = new Y.Doc();
    author.getText('t').insert(0, 'abc');
    const typed = Y.encodeStateAsUpdate(author);
    const beforeCut = Y.encodeStateVector(author);
    author.getText('t').delete(1, 1);
    const cut = Y.encodeStateAsUpdate(author, beforeCut);
    expect(room.applyFromPeer(other.peer, cut)).toBe('applied');
    Y.applyUpdate(sender.doc, typed);
    expect(room.applyFromPeer(sender.peer, typed)).toBe('applied');
    await room.flush();
    expect(room.doc.getText('t').toString()).toBe('ac');
    // The batch holds the sender's text and the parked cut: the sender must get it, by broadcast or by its probe.
    await sender.ask();
    expect(sender.doc.getText('t').toString()).toBe('ac');
  });

  it('answers in full again once fullSyncEveryMs has passed, and always when it is 0', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-30T09:00:00Z'));
    const { room, connect } = setup(60_000);
    const w = connect('writer');
    history(w);
    await room.flush();
    await w.ask();
    await w.ask();
    expect(isEmpty(w.last())).toBe(true);
    vi.setSystemTime(new Date('2026-11-30T09:01:00Z'));
    await w.ask();
    expect(isEmpty(w.last())).toBe(false);
    await w.ask();
    expect(isEmpty(w.last())).toBe(true);

    const always = setup(0);
    const a = always.connect('writer');
    history(a);
    await always.room.flush();
    await a.ask();
    await a.ask();
    expect(a.step2s.map(isEmpty)).toEqual([false, false]);
  });
});
