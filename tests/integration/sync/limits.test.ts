/**
 * Limits and lifecycle against a real relay: connections per IP, document size, awareness (presence) and its
 * rate, per-tick coalescing, room unload, and SIGTERM flushing everything before a clean exit.
 */
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Socket } from 'node:net';
import { connectClient, metric, mintToken, rawConnect, removeDir, startRelay, synced, tokenProtocols, waitFor, Y, type RelayProcess } from './harness.ts';
import { readRoomFromStore } from './store.ts';

let relay: RelayProcess;
let token: string;
beforeAll(async () => {
  relay = await startRelay({ args: ['--max-connections-per-ip', '6', '--max-document-bytes', '20000', '--awareness-rate', '5', '--unload-grace-ms', '100'] });
  token = mintToken(relay.dataDir, { eng: ['*'] });
});
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

test('connections per IP beyond the limit are refused with 429 before the upgrade', async () => {
  const open = [];
  for (let i = 0; i < 6; i++) {
    const r = await rawConnect(`${relay.url}/eng-ip`, tokenProtocols(token));
    expect('ws' in r).toBe(true);
    open.push(r);
  }
  expect(await rawConnect(`${relay.url}/eng-ip`, tokenProtocols(token))).toEqual({ status: 429 });
  for (const r of open) if ('ws' in r) r.ws.close();
  await waitFor(async () => 'ws' in (await rawConnect(`${relay.url}/eng-ip`, tokenProtocols(token)).then((r) => (('ws' in r && r.ws.close(), r)))), 'slot freed');
});

test('an update that would grow the document past the limit closes the socket with 4413 and is not stored', async () => {
  const a = connectClient(relay.url, 'eng-size', token);
  const b = connectClient(relay.url, 'eng-size', token);
  await Promise.all([synced(a), synced(b)]);
  const closes: number[] = [];
  a.provider.on('connection-close', (e: CloseEvent | null) => e && closes.push(e.code));
  a.doc.getText('t').insert(0, 'small');
  await waitFor(() => b.doc.getText('t').toString() === 'small', 'small edit relayed');
  a.doc.getText('t').insert(0, 'x'.repeat(30_000));
  await waitFor(() => closes.length > 0, 'socket closed');
  expect(closes[0]).toBe(4413);
  expect(b.doc.getText('t').toString()).toBe('small');
  expect(await metric(relay.http, 'groundwork_relay_refusals_total', 'document_too_large')).toBeGreaterThanOrEqual(1);
  a.destroy();
  b.destroy();
});

test('presence reaches the other clients; awareness floods beyond the rate are dropped and counted, the socket stays', async () => {
  const a = connectClient(relay.url, 'eng-presence', token);
  const b = connectClient(relay.url, 'eng-presence', token);
  await Promise.all([synced(a), synced(b)]);
  a.provider.awareness.setLocalStateField('user', { id: 'u-a', name: 'Ana', color: '#c00' });
  await waitFor(() => (b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined)?.user?.name === 'Ana', 'presence relayed');

  const r = await rawConnect(`${relay.url}/eng-presence`, tokenProtocols(token));
  if (!('ws' in r)) throw new Error('refused');
  const flooder = new awarenessProtocol.Awareness(new Y.Doc());
  const before = await metric(relay.http, 'groundwork_relay_refusals_total', 'awareness_rate');
  for (let i = 0; i < 40; i++) {
    flooder.setLocalStateField('n', i);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(flooder, [flooder.clientID]));
    r.ws.send(encoding.toUint8Array(e));
  }
  await waitFor(async () => (await metric(relay.http, 'groundwork_relay_refusals_total', 'awareness_rate')) >= before + 25, 'flood counted');
  expect(r.ws.readyState).toBe(r.ws.OPEN);
  r.ws.close();
  flooder.destroy();
  // When a client leaves, its presence is removed for the others.
  a.destroy();
  await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence removed on leave');
  b.destroy();
});

test('updates arriving in one tick are stored in one batch and relayed as one merged message', async () => {
  const receiver = connectClient(relay.url, 'eng-burst', token);
  await synced(receiver);
  const r = await rawConnect(`${relay.url}/eng-burst`, tokenProtocols(token));
  if (!('ws' in r)) throw new Error('refused');
  const src = new Y.Doc();
  const updates: Uint8Array[] = [];
  src.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 30; i++) src.getArray<number>('a').push([i]);
  const broadcasts = await metric(relay.http, 'groundwork_relay_broadcasts_total');
  const stored = await metric(relay.http, 'groundwork_relay_updates_total', 'stored');
  // One TCP write: the relay reads all 30 messages in one turn of its event loop.
  const socket = (r.ws as unknown as { _socket: Socket })._socket;
  socket.cork();
  for (const u of updates) r.ws.send(updateMessage(u));
  socket.uncork();
  await waitFor(() => receiver.doc.getArray('a').length === 30, 'receiver has all 30');
  expect(receiver.doc.getArray('a').toArray()).toEqual([...Array(30).keys()]);
  expect((await metric(relay.http, 'groundwork_relay_updates_total', 'stored')) - stored).toBe(30);
  expect((await metric(relay.http, 'groundwork_relay_broadcasts_total')) - broadcasts).toBeLessThanOrEqual(3);
  r.ws.close();
  receiver.destroy();
});

test('a room unloads after its last client leaves, and loads again with its content', async () => {
  const a = connectClient(relay.url, 'eng-unload', token);
  await synced(a);
  a.doc.getMap('m').set('kept', 'yes');
  await waitFor(async () => (await metric(relay.http, 'groundwork_relay_updates_total', 'stored')) > 0, 'stored');
  a.destroy();
  await waitFor(async () => {
    const h = (await (await fetch(`${relay.http}/healthz`)).json()) as { rooms: number; connections: number };
    return h.connections === 0 && h.rooms === 0;
  }, 'all rooms unloaded');
  const b = connectClient(relay.url, 'eng-unload', token);
  await synced(b);
  expect(b.doc.getMap('m').get('kept')).toBe('yes');
  b.destroy();
});

test('SIGTERM stores everything, closes sockets with 1012 and exits 0', async () => {
  const own = await startRelay();
  const t = mintToken(own.dataDir, { eng: ['eng-term'] });
  const a = connectClient(own.url, 'eng-term', t);
  const b = connectClient(own.url, 'eng-term', t);
  await Promise.all([synced(a), synced(b)]);
  const closes: number[] = [];
  b.provider.on('connection-close', (e: CloseEvent | null) => e && closes.push(e.code));
  for (let i = 0; i < 200; i++) a.doc.getMap('m').set(`k${i}`, i);
  await waitFor(() => b.doc.getMap('m').size === 200, 'relayed');
  expect(await own.stop()).toBe(0);
  await waitFor(() => closes.length > 0, 'close seen');
  expect(closes[0]).toBe(1012);
  const { doc } = readRoomFromStore(own.dataDir, 'eng-term');
  expect(doc.getMap('m').size).toBe(200);
  a.destroy();
  b.destroy();
  removeDir(own.dataDir);
});
