/**
 * Scale-out settings: which store, which Redis, this node's id. Flags win over the environment (the same rule as
 * limits.ts). SQLite stays the zero-setup default; Redis fan-out only makes sense with a shared PostgreSQL store,
 * because each node's SQLite file would hold a different part of the history.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

export const CLUSTER_DEFS = {
  store: { flag: 'store', env: 'GW_RELAY_STORE', help: 'sqlite (default: <data>/relay.sqlite) or postgres://user:pass@host:5432/db' },
  redis: { flag: 'redis', env: 'GW_RELAY_REDIS', help: 'redis://host:6379 — fan-out between relay nodes (needs a postgres store)' },
  redisPrefix: { flag: 'redis-prefix', env: 'GW_RELAY_REDIS_PREFIX', help: 'channel prefix, so several deployments can share one Redis (default gw)' },
  nodeId: { flag: 'node-id', env: 'GW_RELAY_NODE_ID', help: 'this node’s id in /metrics, /healthz and fan-out messages (default host-pid-random)' },
} as const;

export interface ClusterConfig {
  store: { kind: 'sqlite' } | { kind: 'postgres'; url: string };
  redis: { url: string; prefix: string } | null;
  nodeId: string;
}

const NODE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function readClusterConfig(flags: Record<string, string | undefined>, env: Record<string, string | undefined> = process.env): ClusterConfig {
  const pick = (d: { flag: string; env: string }) => {
    const v = flags[d.flag] ?? env[d.env];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const storeRaw = pick(CLUSTER_DEFS.store) ?? 'sqlite';
  let store: ClusterConfig['store'];
  if (storeRaw === 'sqlite') store = { kind: 'sqlite' };
  else if (/^postgres(ql)?:\/\//.test(storeRaw)) store = { kind: 'postgres', url: storeRaw };
  else throw new Error(`--store must be "sqlite" or a postgres://… URL (got "${redact(storeRaw)}")`);

  const redisRaw = pick(CLUSTER_DEFS.redis);
  let redis: ClusterConfig['redis'] = null;
  if (redisRaw !== undefined) {
    if (!/^rediss?:\/\//.test(redisRaw)) throw new Error(`--redis must be a redis://… or rediss://… URL (got "${redact(redisRaw)}")`);
    if (store.kind !== 'postgres') throw new Error('--redis needs --store postgres://…: nodes fanning out over Redis must share one store');
    const prefix = pick(CLUSTER_DEFS.redisPrefix) ?? 'gw';
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(prefix)) throw new Error('--redis-prefix: letters, digits, _ . : - only');
    redis = { url: redisRaw, prefix };
  }

  const nodeId = pick(CLUSTER_DEFS.nodeId) ?? defaultNodeId();
  if (!NODE_ID.test(nodeId)) throw new Error('--node-id: 1–64 letters, digits, _ . : -');
  return { store, redis, nodeId };
}

/** Unique per process even across restarts on one host: a restarted node must not mistake old messages for its own. */
function defaultNodeId(): string {
  const host = hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40) || 'node';
  return `${host}-${process.pid}-${randomBytes(2).toString('hex')}`;
}

/** A URL safe to log: the password replaced. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
