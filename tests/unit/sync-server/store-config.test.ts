/** Scale-out configuration (--store / --redis and their environment variables), node labels, node messages. */
import { describe, expect, test } from 'vitest';
import { withNodeLabel } from '#sync-server/fanout/cluster-http.ts';
import { readClusterConfig, redact } from '#sync-server/fanout/config.ts';
import { decodeNodeMessage, encodeNodeMessage, KIND } from '#sync-server/fanout/messages.ts';

describe('readClusterConfig', () => {
  test('defaults: SQLite, no Redis, a generated node id', () => {
    const c = readClusterConfig({}, {});
    expect(c.store).toEqual({ kind: 'sqlite' });
    expect(c.redis).toBeNull();
    expect(c.nodeId).toMatch(/^[A-Za-z0-9_.:-]+-\d+-[0-9a-f]{4}$/);
    expect(readClusterConfig({}, {}).nodeId).not.toBe(c.nodeId);
  });

  test('flags and environment; flags win', () => {
    const env = { GW_RELAY_STORE: 'postgres://gw:pw@db:5432/gw', GW_RELAY_REDIS: 'redis://cache:6379', GW_RELAY_NODE_ID: 'env-node', GW_RELAY_REDIS_PREFIX: 'staging' };
    expect(readClusterConfig({}, env)).toEqual({ store: { kind: 'postgres', url: 'postgres://gw:pw@db:5432/gw' }, redis: { url: 'redis://cache:6379', prefix: 'staging' }, nodeId: 'env-node' });
    const c = readClusterConfig({ store: 'postgresql://other/db', redis: 'rediss://secure:6380', 'node-id': 'flag-node' }, env);
    expect(c).toEqual({ store: { kind: 'postgres', url: 'postgresql://other/db' }, redis: { url: 'rediss://secure:6380', prefix: 'staging' }, nodeId: 'flag-node' });
  });

  test('refuses what cannot work, with a sentence and without echoing a password', () => {
    expect(() => readClusterConfig({ store: 'mysql://root:hunter2@db/gw' }, {})).toThrow(/--store must be.*root:\*\*\*@db/);
    expect(() => readClusterConfig({ store: 'mysql://root:hunter2@db/gw' }, {})).not.toThrow(/hunter2/);
    expect(() => readClusterConfig({ redis: 'redis://x:6379' }, {})).toThrow(/--redis needs --store postgres/);
    expect(() => readClusterConfig({ store: 'postgres://db/gw', redis: 'http://x' }, {})).toThrow(/--redis must be/);
    expect(() => readClusterConfig({ 'node-id': 'has space' }, {})).toThrow(/--node-id/);
    expect(() => readClusterConfig({ store: 'postgres://db/gw', redis: 'redis://x', 'redis-prefix': 'a b' }, {})).toThrow(/--redis-prefix/);
  });

  test('redact hides only the password', () => {
    expect(redact('postgres://gw:s3cret@db:5432/gw')).toBe('postgres://gw:***@db:5432/gw');
    expect(redact('redis://:s3cret@cache:6379')).toBe('redis://:***@cache:6379');
    expect(redact('redis://cache:6379')).toBe('redis://cache:6379');
  });
});

test('withNodeLabel adds node="…" to every sample, last, and leaves comments alone', () => {
  const text = ['# HELP a_total A.', '# TYPE a_total counter', 'a_total 3', 'b_total{reason="x"} 2', 'h_bucket{le="0.5"} 1', ''].join('\n');
  expect(withNodeLabel(text, 'node-1').split('\n')).toEqual(['# HELP a_total A.', '# TYPE a_total counter', 'a_total{node="node-1"} 3', 'b_total{reason="x",node="node-1"} 2', 'h_bucket{le="0.5",node="node-1"} 1', '']);
});

test('node messages round-trip; unknown versions and garbage decode to null', () => {
  const m = { kind: KIND.stateVector, from: 'node-a', to: 'node-b', payload: new Uint8Array([1, 2, 3]), want: true };
  expect(decodeNodeMessage(encodeNodeMessage(m))).toEqual(m);
  const bumped = encodeNodeMessage(m);
  bumped[0] = 9;
  expect(decodeNodeMessage(bumped)).toBeNull();
  expect(decodeNodeMessage(new Uint8Array([1, 2]))).toBeNull();
  expect(decodeNodeMessage(new Uint8Array([1, 42, 0, 0, 0, 0]))).toBeNull();
});
