/** Opens the store a config names: the embedded SQLite file in the data dir, or a shared PostgreSQL. */
import type { ClusterConfig } from '../fanout/config.ts';
import { PostgresStore } from './postgres-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export async function openStore(config: ClusterConfig['store'], dataDir: string, opts: { fsync?: boolean } = {}): Promise<Store> {
  if (config.kind === 'postgres') return PostgresStore.open(config.url);
  return new SqliteStore(dataDir, opts);
}
