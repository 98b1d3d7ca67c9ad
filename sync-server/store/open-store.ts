/** Opens the store a config names: the embedded SQLite file in the data dir, or a shared PostgreSQL. */
import type { ClusterConfig } from '../fanout/config.ts';
import type { Logger } from '../log.ts';
import { importLegacyFiles, type LegacyImport } from './legacy-files.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** Opens the store, then brings in the rows of the data dir's old per-node invite and blob-ref files, if any
 * (legacy-files.ts); `onImport` hears about it when something was imported. */
export async function openStore(
  config: ClusterConfig['store'],
  dataDir: string,
  opts: { fsync?: boolean; checkpointInWorker?: boolean; onImport?: (done: LegacyImport) => void; log?: Pick<Logger, 'warn' | 'notice'> } = {},
): Promise<Store> {
  const store = config.kind === 'postgres' ? await PostgresStore.open(config.url) : new SqliteStore(dataDir, { fsync: opts.fsync, checkpointInWorker: opts.checkpointInWorker, log: opts.log });
  try {
    const done = await importLegacyFiles(store, dataDir);
    if (done.files.length > 0) opts.onImport?.(done);
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
