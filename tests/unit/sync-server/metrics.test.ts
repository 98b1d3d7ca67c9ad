/**
 * The relay's Prometheus registry: a counter counts the same whether it is incremented through a bound hot-path
 * handle or with its labels, and /metrics renders each labelled series once.
 */
import { expect, test } from 'vitest';
import { Metrics } from '#sync-server/metrics.ts';

const lines = (m: Metrics, name: string) =>
  m
    .render()
    .split('\n')
    .filter((l) => l.startsWith(name));

test('bound handles and labelled increments add up to one series each', () => {
  const m = new Metrics();
  m.updatesStored.inc(3);
  m.updates.inc({ outcome: 'stored' }); // the same series as the bound handle
  m.updates.inc({ outcome: 'rejected' }, 2);
  expect(m.updates.get({ outcome: 'stored' })).toBe(4);
  expect(m.updates.get({ outcome: 'rejected' })).toBe(2);
  expect(lines(m, 'groundwork_relay_updates_total')).toEqual(['groundwork_relay_updates_total{outcome="stored"} 4', 'groundwork_relay_updates_total{outcome="rejected"} 2']);
});

test('a counter with no increments renders 0; bytes counted per send add up', () => {
  const m = new Metrics();
  expect(lines(m, 'groundwork_relay_broadcasts_total')).toEqual(['groundwork_relay_broadcasts_total 0']);
  for (let i = 0; i < 5; i++) m.wsOut.inc(100);
  m.messages.inc();
  expect(lines(m, 'groundwork_relay_bytes_out_total')).toEqual(['groundwork_relay_bytes_out_total{kind="ws"} 500']);
  expect(lines(m, 'groundwork_relay_messages_in_total')).toEqual(['groundwork_relay_messages_in_total 1']);
});

test('binding a series that was already counted keeps its count', () => {
  const m = new Metrics();
  m.refusals.inc({ reason: 'backpressure' }, 7);
  const handle = m.refusals.bind({ reason: 'backpressure' });
  handle.inc();
  expect(m.refusals.get({ reason: 'backpressure' })).toBe(8);
  expect(lines(m, 'groundwork_relay_refusals_total')).toEqual(['groundwork_relay_refusals_total{reason="backpressure"} 8']);
});
