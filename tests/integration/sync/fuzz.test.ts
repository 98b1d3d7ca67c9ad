/**
 * Fuzz (fast-check): random bytes, truncated, corrupted and oversized protocol messages, and bytes sent before
 * authentication. The offending socket is closed (1002 / 1009), the relay stays up (/healthz), and clients in
 * another room keep syncing throughout.
 */
import * as fc from 'fast-check';
import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as encoding from 'lib0/encoding';
import { WebSocket as WS } from 'ws';
import { connectClient, mintToken, rawConnect, removeDir, startRelay, synced, tokenProtocols, waitFor, Y, type Client, type RelayProcess } from './harness.ts';

const MAX_MESSAGE = 64 * 1024;
let relay: RelayProcess;
let token: string;
let a: Client;
let b: Client;
let probeCount = 0;

beforeAll(async () => {
  relay = await startRelay({ args: ['--max-message-bytes', String(MAX_MESSAGE)] });
  token = mintToken(relay.dataDir, { eng: ['*'] });
  a = connectClient(relay.url, 'eng-victim', token);
  b = connectClient(relay.url, 'eng-victim', token);
  await Promise.all([synced(a), synced(b)]);
});
afterAll(async () => {
  a?.destroy();
  b?.destroy();
  await relay?.stop();
  removeDir(relay.dataDir);
});

/** The other room still works: an edit on one client shows up on the other. */
async function otherRoomStillSyncs(): Promise<void> {
  const n = ++probeCount;
  a.doc.getMap('probe').set(String(n), n);
  await waitFor(() => b.doc.getMap('probe').get(String(n)) === n, `victim room probe ${n}`, 5_000, 5);
}

async function healthy(): Promise<void> {
  const r = await fetch(`${relay.http}/healthz`);
  expect(r.status).toBe(200);
  expect(((await r.json()) as { ok: boolean }).ok).toBe(true);
  expect(relay.proc.exitCode).toBeNull();
}

type Outcome = { closed: number } | 'alive';

/**
 * Sends `payload` on a fresh authenticated socket in the fuzz room, then a sync step 1 as a probe: a live socket
 * answers the probe with a step 2; an offended relay closes the socket first (it handles messages in order).
 */
async function send(payload: Uint8Array): Promise<Outcome> {
  const r = await rawConnect(`${relay.url}/eng-fuzz`, tokenProtocols(token));
  if (!('ws' in r)) throw new Error(`upgrade refused: ${r.status}`);
  const ws: WS = r.ws;
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither closed nor answered within 5 s')), 5_000);
    ws.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 1) {
        clearTimeout(timer);
        ws.close();
        resolve('alive');
      }
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ closed: code });
    });
    ws.on('error', () => undefined);
    ws.send(payload);
    ws.send(Uint8Array.from([0, 0, 1, 0]));
  });
}

function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

function realUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  doc.getMap('m').set('k', { nested: [1, 2, text] });
  return Y.encodeStateAsUpdate(doc);
}

test('random bytes: closed with 1002 or answered normally; never crashes the relay', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 300 }), async (bytes) => {
      const out = await send(bytes);
      if (out !== 'alive') expect([1002, 1009]).toContain(out.closed);
    }),
    { numRuns: 80, seed: 42 },
  );
  await healthy();
  await otherRoomStillSyncs();
});

test('truncated protocol messages always close the socket with 1002', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200 }), fc.double({ min: 0, max: 0.999, noNaN: true }), async (text, cut) => {
      const full = updateMessage(realUpdate(text));
      const out = await send(full.slice(0, Math.floor(full.length * cut)));
      expect(out).toEqual({ closed: 1002 });
    }),
    { numRuns: 40, seed: 7 },
  );
  await healthy();
  await otherRoomStillSyncs();
});

test('corrupted updates inside valid framing: closed with 1002 or applied; the relay stays up', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.string({ minLength: 1, maxLength: 100 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      async (text, flips) => {
        const update = realUpdate(text);
        for (const [at, value] of flips) update[at % update.length] = value;
        const out = await send(updateMessage(update));
        if (out !== 'alive') expect(out.closed).toBe(1002);
      },
    ),
    { numRuns: 60, seed: 99 },
  );
  await healthy();
  await otherRoomStillSyncs();
});

test('oversized messages close the socket with 1009', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: MAX_MESSAGE + 1, max: MAX_MESSAGE * 2 }), async (size) => {
      const big = new Uint8Array(size);
      big.set(updateMessage(realUpdate('x')));
      expect(await send(big)).toEqual({ closed: 1009 });
    }),
    { numRuns: 6, seed: 3 },
  );
  await healthy();
  await otherRoomStillSyncs();
});

/** A masked client frame (RFC 6455) carrying `payload`, as a client would pipeline it after its upgrade request. */
function frame(payload: Uint8Array): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const len = payload.length;
  const header = len < 126 ? Buffer.from([0x82, 0x80 | len]) : Buffer.from([0x82, 0x80 | 126, len >> 8, len & 255]);
  const body = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
  return Buffer.concat([header, mask, body]);
}

test('bytes sent before authentication are never read: 401 and the socket closed, nothing applied', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('', 'token.gw1.bad.bad', `token.${token.slice(0, -3)}xyz`),
      fc.uint8Array({ maxLength: 200 }),
      async (protocol, junk) => {
        const request =
          'GET /eng-preauth HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n' +
          `Sec-WebSocket-Protocol: groundwork${protocol ? ', ' + protocol : ''}\r\n\r\n`;
        const payload = Buffer.concat([Buffer.from(request), frame(updateMessage(realUpdate('PREAUTH'))), Buffer.from(junk)]);
        const reply = await new Promise<string>((resolve, reject) => {
          const s = tcpConnect(relay.port, '127.0.0.1', () => s.end(payload));
          let text = '';
          s.on('data', (d) => (text += d.toString('latin1')));
          s.on('close', () => resolve(text));
          s.on('error', reject);
        });
        expect(reply.startsWith('HTTP/1.1 401')).toBe(true);
      },
    ),
    { numRuns: 25, seed: 5 },
  );
  // Garbage that is not even HTTP.
  const garbage = await new Promise<string>((resolve) => {
    const s = tcpConnect(relay.port, '127.0.0.1', () => s.end(Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 13, 10])));
    let text = '';
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('close', () => resolve(text));
    s.on('error', () => resolve(text));
  });
  expect(garbage === '' || garbage.startsWith('HTTP/1.1 400')).toBe(true);
  const check = connectClient(relay.url, 'eng-preauth', token);
  await synced(check);
  expect(check.doc.getText('t').toString()).toBe('');
  check.destroy();
  await healthy();
  await otherRoomStillSyncs();
});
