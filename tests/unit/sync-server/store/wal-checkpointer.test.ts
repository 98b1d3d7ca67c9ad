/**
 * The relay's SQLite store checkpoints its write-ahead log from a worker thread (wal-checkpointer.ts): what the
 * relay commits reaches the database file without the relay's own connection ever running the checkpoint (its
 * automatic threshold is raised far above what these tests write).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { dbPath, SqliteStore } from '#sync-server/store/sqlite-store.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '#sync-server/store/wal-checkpointer.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gw-wal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** ~5 MB of update rows in 100 commits (about 2,000 WAL pages: past the worker's 1,000, short of the fallback's 10,000). */
async function write(store: SqliteStore): Promise<void> {
  const bytes = new Uint8Array(5000).fill(7);
  for (let c = 0; c < 100; c++) await store.appendUpdates('eng-1', Array.from({ length: 10 }, (_, i) => ({ user: 'u', at: c * 10 + i, bytes })));
}
const dbFileBytes = () => statSync(dbPath(dir)).size;
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

test('with the worker, commits reach the database file once about 1,000 pages are written, while the relay’s connection never checkpoints', async () => {
  const store = new SqliteStore(dir, { checkpointInWorker: true });
  try {
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_AUTOCHECKPOINT_PAGES);
    await write(store);
    expect(await until(() => dbFileBytes() > 2_000_000, 15_000)).toBe(true);
  } finally {
    await store.close();
  }
  // Everything is there after a reopen, and close stopped the worker (the test process would hang otherwise).
  const again = new SqliteStore(dir);
  expect((await again.loadRoom('eng-1')).updates).toHaveLength(1000);
  await again.close();
});

test('control: the same writes with the raised threshold and no worker leave the database file small', async () => {
  const store = new SqliteStore(dir);
  try {
    store.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    await write(store);
    await new Promise((r) => setTimeout(r, 600));
    expect(dbFileBytes()).toBeLessThan(500_000);
  } finally {
    await store.close();
  }
});

test('a worker that cannot open the database is not the relay’s failure: nothing throws, stop returns at once', async () => {
  const cp = new WalCheckpointer(join(dir, 'missing', 'relay.sqlite'));
  cp.written(50_000); // asks for a checkpoint: a message to a worker that is failing or gone is harmless
  expect(await until(() => !cp.running, 10_000)).toBe(true); // it failed to open the file and exited
  const t0 = performance.now();
  await cp.stop();
  expect(performance.now() - t0).toBeLessThan(200); // not the 2 s a stuck worker is given
});
