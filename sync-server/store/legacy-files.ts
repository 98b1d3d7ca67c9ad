/**
 * Before invites and blob refs moved into the Store (ADR 0011 addendum) each node kept them in its own SQLite
 * files: `<data>/invites.sqlite` and `<data>/blobs/refs.sqlite`. Opening the store copies the rows of any such
 * file into it — SQLite or PostgreSQL alike, so with several nodes each one brings its own rows when it first
 * starts on this version — then renames the file `….imported` so it is read once and kept for reference.
 *
 * Copying is idempotent: a row already in the store stays as it is (addInvite / addBlobRef keep the first), so an
 * import cut short by a crash simply runs again on the next start, and an invite redeemed since is not reset. The
 * file is renamed only after every row is in; two processes opening the same data dir at once (the relay and the
 * CLI) both copy, harmlessly, and one of them renames.
 */
import Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { toInvite, type InviteRow } from './sqlite-store.ts';
import type { BlobRef, Store } from './store.ts';

export const LEGACY_INVITES = 'invites.sqlite';
export const LEGACY_REFS = join('blobs', 'refs.sqlite');
export const IMPORTED_SUFFIX = '.imported';

/** Rows written concurrently to a networked store (each is its own statement). */
const PARALLEL = 16;

export interface LegacyImport {
  invites: number;
  refs: number;
  /** Files renamed `….imported`, relative to the data dir. */
  files: string[];
}

/** Every row of `table` in the old file, or [] when the file never got that table. */
function readRows<T>(path: string, table: string): T[] {
  const db = new Database(path, { fileMustExist: true });
  try {
    const has = db.prepare<[string], { one: number }>("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return has ? (db.prepare(`SELECT * FROM ${table}`).all() as T[]) : [];
  } finally {
    // The last connection closing checkpoints the file's WAL into it, so the rename below moves everything.
    db.close();
  }
}

async function inBatches<T>(rows: T[], write: (row: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += PARALLEL) await Promise.all(rows.slice(i, i + PARALLEL).map(write));
}

function retire(path: string): void {
  // -wal / -shm keep their pairing with the renamed file (SQLite names them after it).
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      renameSync(path + suffix, path + IMPORTED_SUFFIX + suffix);
    } catch (err) {
      // Gone already: the other process opening this data dir renamed it first, or there was no WAL.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

interface OldRef {
  engagement: string;
  sha256: string;
  user: string;
  at: number;
}

/** Copies the rows of the old per-node files in `dataDir` into `store`; counts the rows that were new to it. */
export async function importLegacyFiles(store: Store, dataDir: string): Promise<LegacyImport> {
  const out: LegacyImport = { invites: 0, refs: 0, files: [] };
  const invitesPath = join(dataDir, LEGACY_INVITES);
  if (existsSync(invitesPath)) {
    const rows = readRows<InviteRow>(invitesPath, 'invites').map(toInvite);
    await inBatches(rows, async (r) => {
      if (await store.addInvite(r)) out.invites++;
    });
    retire(invitesPath);
    out.files.push(LEGACY_INVITES);
  }
  const refsPath = join(dataDir, LEGACY_REFS);
  if (existsSync(refsPath)) {
    const rows = readRows<OldRef>(refsPath, 'blob_refs').map((r): BlobRef => ({ engagement: r.engagement, sha256: r.sha256, user: r.user, at: r.at }));
    await inBatches(rows, async (r) => {
      if (await store.addBlobRef(r)) out.refs++;
    });
    retire(refsPath);
    out.files.push(LEGACY_REFS);
  }
  return out;
}
