/**
 * What /healthz and /metrics add about this node: its id, whether the store answers, the Redis link, and the
 * fan-out counters. Every sample gets a `node` label so one Prometheus (or a human comparing two scrapes) can
 * tell nodes apart even behind a load balancer.
 */
import type { Store } from '../store/store.ts';
import { KIND, type Kind } from './messages.ts';
import type { RedisFanout } from './redis-fanout.ts';

export interface ClusterHttp {
  nodeId: string;
  /** `ok: false` (HTTP 503) only when the store does not answer: such a node can store nothing. */
  health(): Promise<{ ok: boolean; node: string; storeOk: boolean; storeError?: string; redis: 'off' | 'ready' | 'connecting' | 'down' }>;
  metrics(base: string): string;
}

const KIND_NAMES = Object.fromEntries(Object.entries(KIND).map(([k, v]) => [v, k])) as Record<Kind, string>;
const STORE_PING_TIMEOUT_MS = 2_000;

export function clusterHttp(opts: { nodeId: string; store: Store; fanout?: RedisFanout | null }): ClusterHttp {
  const { nodeId, store, fanout } = opts;
  return {
    nodeId,
    async health() {
      let storeOk = true;
      let storeError: string | undefined;
      try {
        await Promise.race([store.ping(), new Promise((_, reject) => setTimeout(() => reject(new Error('store ping timed out')), STORE_PING_TIMEOUT_MS).unref())]);
      } catch (err) {
        storeOk = false;
        storeError = (err as Error).message;
      }
      return { ok: storeOk, node: nodeId, storeOk, ...(storeError ? { storeError } : {}), redis: fanout ? fanout.status() : 'off' };
    },
    metrics(base) {
      const lines = [base.trimEnd()];
      if (fanout) {
        const c = fanout.counts;
        lines.push('# HELP groundwork_relay_redis_up 1 when both Redis connections (publish, subscribe) are ready.', '# TYPE groundwork_relay_redis_up gauge', `groundwork_relay_redis_up ${fanout.status() === 'ready' ? 1 : 0}`);
        lines.push('# HELP groundwork_relay_fanout_messages_total Messages exchanged with other nodes over Redis, by direction and kind.', '# TYPE groundwork_relay_fanout_messages_total counter');
        for (const [kind, name] of Object.entries(KIND_NAMES)) {
          lines.push(`groundwork_relay_fanout_messages_total{direction="out",kind="${name}"} ${c.published.get(Number(kind) as Kind) ?? 0}`);
          lines.push(`groundwork_relay_fanout_messages_total{direction="in",kind="${name}"} ${c.received.get(Number(kind) as Kind) ?? 0}`);
        }
        lines.push('# HELP groundwork_relay_fanout_publish_failures_total Publishes that failed (Redis down); the resync on reconnect covers them.', '# TYPE groundwork_relay_fanout_publish_failures_total counter', `groundwork_relay_fanout_publish_failures_total ${c.publishFailed}`);
        lines.push('# HELP groundwork_relay_fanout_resyncs_total State-vector exchanges of every loaded room after (re)connecting to Redis.', '# TYPE groundwork_relay_fanout_resyncs_total counter', `groundwork_relay_fanout_resyncs_total ${c.resyncs}`);
      }
      return withNodeLabel(lines.join('\n'), nodeId) + '\n';
    },
  };
}

/** Adds `node="<id>"` to every sample line of a Prometheus text exposition (last, so existing label filters still match). */
export function withNodeLabel(text: string, nodeId: string): string {
  const label = `node="${nodeId.replace(/["\\\n]/g, '_')}"`;
  return text
    .split('\n')
    .map((line) => {
      if (line === '' || line.startsWith('#')) return line;
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (.*)$/.exec(line);
      if (!m) return line;
      const labels = m[2] ? `${m[2].slice(0, -1)},${label}}` : `{${label}}`;
      return `${m[1]}${labels} ${m[3]}`;
    })
    .join('\n');
}
