/**
 * Presence may only speak for oneself: a connection is bound to the awareness client id it announces first;
 * updates naming anyone else's id are dropped and counted; a closed connection's presence disappears.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import { WebSocket as WS } from 'ws';
import { connectClient, mintToken, removeDir, synced, tokenProtocols, waitFor, Y } from './harness.ts';
import { startInProcess, type InProcessRelay } from './inprocess.ts';

let r: InProcessRelay;
let token: string;
beforeAll(async () => {
  r = await startInProcess({ awarenessPerSecond: 1000 });
  token = mintToken(r.dataDir, { eng: ['*'] });
});
afterAll(async () => {
  await r?.relay.close();
  removeDir(r.dataDir);
});

/** An awareness message for `clientID` with `state` (null = removed) at `clock`, as y-protocols encodes it. */
function awarenessMessage(clientID: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientID);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}
const open = (room: string) =>
  new Promise<WS>((resolve, reject) => {
    const ws = new WS(`${r.url}/${room}`, tokenProtocols(token));
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
const foreign = () => r.relay.metrics.refusals.get({ reason: 'awareness_foreign_id' });
type State = { user?: { name: string } } | undefined;

test('a connection cannot overwrite, remove or claim another client’s presence; its own works; presence goes when it closes', async () => {
  const room = 'eng-presence';
  const ana = connectClient(r.url, room, token);
  const watcher = connectClient(r.url, room, token);
  await Promise.all([synced(ana), synced(watcher)]);
  ana.provider.awareness.setLocalStateField('user', { name: 'Ana' });
  const anaId = ana.doc.clientID;
  await waitFor(() => (watcher.provider.awareness.getStates().get(anaId) as State)?.user?.name === 'Ana', 'Ana’s presence relayed');

  // Mallory announces herself first: bound to her id, which is relayed.
  const mallory = await open(room);
  const malloryId = 4242;
  mallory.send(awarenessMessage(malloryId, 1, { user: { name: 'Mallory' } }));
  await waitFor(() => (watcher.provider.awareness.getStates().get(malloryId) as State)?.user?.name === 'Mallory', 'own presence relayed');
  // …then tries to speak for Ana: rename her, and remove her.
  const before = foreign();
  mallory.send(awarenessMessage(anaId, 1000, { user: { name: 'Ana (fake)' }, editing: { kind: 'finding', id: 'x' } }));
  mallory.send(awarenessMessage(anaId, 1001, null));
  // A bundle of her own id plus Ana's is dropped whole.
  mallory.send(
    (() => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 2);
      for (const [id, name] of [
        [malloryId, 'Mallory 2'],
        [anaId, 'Ana (fake 2)'],
      ] as const) {
        encoding.writeVarUint(inner, id);
        encoding.writeVarUint(inner, 2000);
        encoding.writeVarString(inner, JSON.stringify({ user: { name } }));
      }
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      return encoding.toUint8Array(e);
    })(),
  );
  await waitFor(() => foreign() === before + 3, 'foreign awareness updates counted');
  const afterAttempts = foreign();
  // Her own update after the attempts still goes through (the socket stays open) — and proves ordering.
  mallory.send(awarenessMessage(malloryId, 3, { user: { name: 'Mallory again' } }));
  await waitFor(() => (watcher.provider.awareness.getStates().get(malloryId) as State)?.user?.name === 'Mallory again', 'own update after the attempts');
  expect((watcher.provider.awareness.getStates().get(anaId) as State)?.user?.name).toBe('Ana');
  expect(mallory.readyState).toBe(WS.OPEN);
  // The providers' echoes of others' presence (y-websocket re-sends what it receives) were not counted.
  expect(foreign()).toBe(afterAttempts);

  // A newcomer cannot claim an id already bound to a live connection as its first announcement.
  const claimer = await open(room);
  claimer.send(awarenessMessage(anaId, 5000, { user: { name: 'Ana (claimed)' } }));
  await waitFor(() => foreign() === afterAttempts + 1, 'claim of a bound id refused');
  expect((watcher.provider.awareness.getStates().get(anaId) as State)?.user?.name).toBe('Ana');

  // Closing removes the connection's presence: Mallory's raw socket (never sent a removal) and Ana's provider.
  mallory.close();
  await waitFor(() => !watcher.provider.awareness.getStates().has(malloryId), 'closed connection’s presence removed');
  ana.destroy();
  await waitFor(() => !watcher.provider.awareness.getStates().has(anaId), 'Ana’s presence removed on leave');
  claimer.close();
  watcher.destroy();
});

test('a client that clears its presence and sets it again keeps its id (background link → screen)', async () => {
  const a = connectClient(r.url, 'eng-p2', token);
  const b = connectClient(r.url, 'eng-p2', token);
  await Promise.all([synced(a), synced(b)]);
  a.provider.awareness.setLocalStateField('user', { name: 'A' });
  await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as State)?.user?.name === 'A', 'presence');
  a.provider.awareness.setLocalState(null);
  await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'cleared');
  const before = foreign();
  a.provider.awareness.setLocalState({ user: { name: 'A back' } });
  await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as State)?.user?.name === 'A back', 'set again');
  expect(foreign()).toBe(before);
  a.destroy();
  b.destroy();
  // Unused import guard for tree-shaking linters: the Awareness type documents the format used above.
  expect(typeof awarenessProtocol.encodeAwarenessUpdate).toBe('function');
  expect(Y).toBeDefined();
});
