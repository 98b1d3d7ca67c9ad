/**
 * A tiny Prometheus registry: counters (optionally with one label), gauges read at scrape time and one
 * latency histogram. Enough for the relay; no dependency.
 */
type Labels = Record<string, string>;

class Counter {
  private values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels?: Labels, by = 1): void {
    const key = labels ? labelText(labels) : '';
    const handle = this.bound.get(key);
    if (handle) handle.value += by;
    else this.values.set(key, (this.values.get(key) ?? 0) + by);
  }
  /** Pre-labelled handles for hot paths (a send counts its bytes): a field added to, no label string or map lookup
   * per increment. Rendered together with the map's values. */
  private bound = new Map<string, BoundCounter>();
  bind(labels: Labels): BoundCounter {
    const key = labelText(labels);
    let handle = this.bound.get(key);
    if (!handle) {
      handle = new BoundCounter(this.values.get(key) ?? 0);
      this.values.delete(key);
      this.bound.set(key, handle);
    }
    return handle;
  }
  get(labels?: Labels): number {
    const key = labels ? labelText(labels) : '';
    return this.bound.get(key)?.value ?? this.values.get(key) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    if (this.values.size === 0 && this.bound.size === 0) lines.push(`${this.name} 0`);
    for (const [key, h] of this.bound) lines.push(`${this.name}${key} ${h.value}`);
    for (const [key, v] of this.values) lines.push(`${this.name}${key} ${v}`);
    return lines.join('\n');
  }
}

class BoundCounter {
  constructor(public value: number) {}
  inc(by = 1): void {
    this.value += by;
  }
}

class Histogram {
  private counts: number[];
  private sum = 0;
  private count = 0;
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: number[],
  ) {
    this.counts = buckets.map(() => 0);
  }
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (seconds <= this.buckets[i]!) this.counts[i]!++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`);
    return lines.join('\n');
  }
}

function labelText(labels: Labels): string {
  if (Object.keys(labels).length === 0) return '';
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`);
  return `{${parts.join(',')}}`;
}

export class Metrics {
  readonly bytesIn = new Counter('groundwork_relay_bytes_in_total', 'Bytes received, by kind (ws payloads, blob uploads).');
  readonly bytesOut = new Counter('groundwork_relay_bytes_out_total', 'Bytes sent, by kind (ws payloads with each recipient counted, blob downloads).');
  readonly messagesIn = new Counter('groundwork_relay_messages_in_total', 'WebSocket messages received.');
  readonly updates = new Counter('groundwork_relay_updates_total', 'Document updates by outcome (stored, dropped_viewer, rejected).');
  readonly broadcasts = new Counter('groundwork_relay_broadcasts_total', 'Merged update messages broadcast (one per room flush).');
  readonly refusals = new Counter('groundwork_relay_refusals_total', 'Connections or messages refused, by reason.');
  readonly closes = new Counter('groundwork_relay_socket_closes_total', 'Sockets closed by the relay, by close code.');
  readonly connectionsOpened = new Counter('groundwork_relay_connections_opened_total', 'WebSocket connections accepted.');
  readonly storeLatency = new Histogram('groundwork_relay_store_latency_seconds', 'Time to persist one batch of updates.', [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]);
  private gauges: { name: string; help: string; read: () => number }[] = [];
  readonly wsIn = this.bytesIn.bind({ kind: 'ws' });
  readonly wsOut = this.bytesOut.bind({ kind: 'ws' });
  readonly messages = this.messagesIn.bind({});
  readonly updatesStored = this.updates.bind({ outcome: 'stored' });

  /** The last failed store write, until a write succeeds again (/healthz reports it). */
  storeFailure: { at: number; message: string } | null = null;

  storeFailed(err: unknown): void {
    this.refusals.inc({ reason: 'store_error' });
    this.storeFailure = { at: Date.now(), message: err instanceof Error ? err.message : String(err) };
  }

  storeSucceeded(seconds: number): void {
    this.storeLatency.observe(seconds);
    this.storeFailure = null;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.push({ name, help, read });
  }

  render(): string {
    const parts = [this.bytesIn, this.bytesOut, this.messagesIn, this.updates, this.broadcasts, this.refusals, this.closes, this.connectionsOpened].map((c) => c.render());
    parts.push(this.storeLatency.render());
    for (const g of this.gauges) parts.push(`# HELP ${g.name} ${g.help}\n# TYPE ${g.name} gauge\n${g.name} ${g.read()}`);
    return parts.join('\n') + '\n';
  }
}
