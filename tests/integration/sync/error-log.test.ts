/**
 * What an operator reads when the relay meets damaged stored data, through the running bin:
 * - an error-level log line carries the error's stack, naming the relay's TypeScript source (stack-map.ts maps the
 *   build's frames), not dist/relay/cli.mjs;
 * - a snapshot damaged at rest is caught by its checksum and the room is rebuilt from its update log: a fresh client
 *   still gets every edit, where before it was sent the damaged bytes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterEach, expect, test } from 'vitest';
import { connectClient, mintToken, removeDir, startRelay, synced, waitFor, type Client, type RelayProcess } from './harness.ts';
import { readRoomFromStore } from './store.ts';

let relay: RelayProcess | undefined;
const clients: Client[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await relay?.stop();
  relay = undefined;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** Runs `change` on the relay's SQLite file while no relay has it open. */
function withDb(dataDir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dataDir, 'relay.sqlite'));
  try {
    change(db);
  } finally {
    db.close();
  }
}

/** The first error-level log line of the relay about `room`, parsed. */
function errorLine(r: RelayProcess, room: string): { msg: string; err?: { name: string; message: string; stack: string }; [k: string]: unknown } | undefined {
  const line = r
    .output()
    .split('\n')
    .find((l) => l.includes('"level":"error"') && l.includes(room));
  return line === undefined ? undefined : (JSON.parse(line) as ReturnType<typeof errorLine>);
}

test('a stored update that does not apply is logged with a stack that names room.ts, and the room still opens', async () => {
  relay = await startRelay(); // creates the store's schema
  const { dataDir } = relay;
  dirs.push(dataDir);
  await relay.stop();
  // An item whose content tag (31) Yjs does not know: Yjs throws a TypeError made where it reads it (not one of
  // lib0's errors made once at load, whose stack says nothing about where they were thrown).
  withDb(dataDir, (db) =>
    db
      .prepare('INSERT INTO updates (room, user, at, bytes) VALUES (?, ?, ?, ?)')
      .run('eng-badrow', 'u-x', Date.now(), Buffer.from([1, 1, 1, 0, 31, 1, 1, 0x61, 0])),
  );

  relay = await startRelay({ dataDir });
  const c = connectClient(relay.url, 'eng-badrow', mintToken(dataDir, { eng: ['eng-badrow'] }));
  clients.push(c);
  await waitFor(() => errorLine(relay!, 'eng-badrow') !== undefined, 'the relay logs the failed room load');
  const entry = errorLine(relay, 'eng-badrow')!;
  expect(entry.msg).toMatch(/^room load:/);
  expect(entry.err!.name).toBe('TypeError');
  expect(entry.err!.stack).toMatch(/sync-server\/room\.ts:\d+:\d+/);
  expect(entry.err!.stack).not.toContain('dist/relay/cli.mjs');
  await synced(c); // one bad row does not lock the room
});

test('a snapshot damaged at rest is caught by its checksum; a fresh client still gets every edit', async () => {
  relay = await startRelay();
  const { dataDir, port } = relay;
  dirs.push(dataDir);
  const token = mintToken(dataDir, { eng: ['eng-snap'] });
  const writer = connectClient(relay.url, 'eng-snap', token);
  await synced(writer);
  for (let i = 0; i < 40; i++) writer.doc.getMap('fields').set(`k${i}`, `value ${i}`);
  writer.doc.getText('notes').insert(0, 'Boiler room: two valves seized.');
  const expected = writer.doc.getMap('fields').toJSON();
  await waitFor(() => {
    const stored = readRoomFromStore(dataDir, 'eng-snap').doc;
    return Object.keys(stored.getMap('fields').toJSON()).length === 40 && stored.getText('notes').length > 0;
  }, 'every edit stored');
  writer.destroy();
  await relay.stop(); // SIGTERM compacts every room into a snapshot
  withDb(dataDir, (db) => {
    const row = db.prepare('SELECT bytes, crc32 FROM snapshots WHERE room = ?').get('eng-snap') as { bytes: Buffer; crc32: number | null };
    expect(row.crc32).not.toBeNull();
    const bytes = Buffer.from(row.bytes);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x40; // one flipped bit, the kind of damage a disk does
    db.prepare('UPDATE snapshots SET bytes = ? WHERE room = ?').run(bytes, 'eng-snap');
  });

  relay = await startRelay({ dataDir, port });
  const reader = connectClient(relay.url, 'eng-snap', token);
  clients.push(reader);
  await synced(reader);
  await waitFor(() => reader.doc.getText('notes').toString() === 'Boiler room: two valves seized.', 'the fresh client has the text');
  expect(reader.doc.getMap('fields').toJSON()).toEqual(expected);
  const entry = errorLine(relay, 'eng-snap');
  expect(entry?.msg).toMatch(/stored snapshot is damaged/);
  await relay.stop(); // the rebuilt room is compacted again, over the damaged snapshot
  withRead(dataDir, (db) => {
    const row = db.prepare('SELECT bytes, crc32 FROM snapshots WHERE room = ?').get('eng-snap') as { bytes: Buffer; crc32: number };
    expect(crc32(row.bytes)).toBe(row.crc32);
  });
  relay = undefined;
});

function withRead<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
