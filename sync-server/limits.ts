/**
 * Every limit the relay enforces, with its default, its flag and its environment variable. One table, so the
 * CLI, the README and the tests agree. Flags win over the environment, the environment over defaults.
 */
export const LIMIT_DEFS = {
  maxMessageBytes: { flag: 'max-message-bytes', env: 'GW_RELAY_MAX_MESSAGE_BYTES', default: 16 * 1024 * 1024, help: 'largest WebSocket message accepted; bigger closes the socket with 1009' },
  preAuthQueue: { flag: 'pre-auth-queue', env: 'GW_RELAY_PRE_AUTH_QUEUE', default: 64, help: 'messages held for a socket whose room is still loading; more closes it with 1008' },
  maxConnectionsPerIp: { flag: 'max-connections-per-ip', env: 'GW_RELAY_MAX_CONNECTIONS_PER_IP', default: 256, help: 'open WebSockets per client address; more are refused with HTTP 429' },
  awarenessPerSecond: { flag: 'awareness-rate', env: 'GW_RELAY_AWARENESS_RATE', default: 20, help: 'awareness (presence) messages per second per socket, burst twice that; extra ones are dropped and counted' },
  maxDocumentBytes: { flag: 'max-document-bytes', env: 'GW_RELAY_MAX_DOCUMENT_BYTES', default: 64 * 1024 * 1024, help: 'stored size of one room (snapshot + updates since); an update beyond it closes the socket with 4413' },
  maxBlobBytes: { flag: 'max-blob-bytes', env: 'GW_RELAY_MAX_BLOB_BYTES', default: 50 * 1024 * 1024, help: 'largest attachment accepted by PUT /blobs/<sha256> (400 beyond)' },
  maxBufferedBytes: { flag: 'max-buffered-bytes', env: 'GW_RELAY_MAX_BUFFERED_BYTES', default: 8 * 1024 * 1024, help: 'unsent bytes queued for one socket (ws.bufferedAmount); a slower reader is closed with 1013 and resyncs on reconnect' },
  pingIntervalMs: { flag: 'ping-interval-ms', env: 'GW_RELAY_PING_INTERVAL_MS', default: 30_000, help: 'ping every socket this often; one that has not answered the previous ping is terminated' },
  unloadGraceMs: { flag: 'unload-grace-ms', env: 'GW_RELAY_UNLOAD_GRACE_MS', default: 2_000, help: 'keep a room in memory this long after its last client leaves' },
  revocationPollMs: { flag: 'revocation-poll-ms', env: 'GW_RELAY_REVOCATION_POLL_MS', default: 1_000, help: 'how often revocations (made by the CLI in another process) are read; revoked sockets close within this' },
  compactEvery: { flag: 'compact-every', env: 'GW_RELAY_COMPACT_EVERY', default: 1_000, help: 'updates stored since the last snapshot that trigger a new snapshot' },
  fullSyncEveryMs: { flag: 'full-sync-every-ms', env: 'GW_RELAY_FULL_SYNC_EVERY_MS', default: 60_000, help: "answer a connected client's sync step 1 with the whole delete set at most this often; in between, one that already has every struct gets an empty step 2 (0: always in full)" },
  handshakeTimeoutMs: { flag: 'handshake-timeout-ms', env: 'GW_RELAY_HANDSHAKE_TIMEOUT_MS', default: 10_000, help: 'time allowed to send the HTTP request headers (slowloris guard)' },
} as const;

export type Limits = { -readonly [K in keyof typeof LIMIT_DEFS]: number };

export const DEFAULT_LIMITS: Limits = Object.fromEntries(Object.entries(LIMIT_DEFS).map(([k, d]) => [k, d.default])) as Limits;

/** Reads limits from `--flag value` pairs and the environment; throws a readable sentence on a bad number. */
export function readLimits(flags: Record<string, string | undefined>, env: Record<string, string | undefined> = process.env): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const [key, def] of Object.entries(LIMIT_DEFS) as [keyof Limits, (typeof LIMIT_DEFS)[keyof Limits]][]) {
    const raw = flags[def.flag] ?? env[def.env];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || !Number.isInteger(n)) throw new Error(`--${def.flag} must be a whole number ≥ 0 (got "${raw}")`);
    out[key] = n;
  }
  return out;
}

/** Token bucket: `rate` tokens per second, holding at most `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Open connections per client address. */
export class PerIpCounter {
  private counts = new Map<string, number>();
  constructor(private readonly max: number) {}
  /** Reserves a slot; false when the address already holds `max`. */
  acquire(ip: string): boolean {
    const n = this.counts.get(ip) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(ip, n + 1);
    return true;
  }
  release(ip: string): void {
    const n = (this.counts.get(ip) ?? 0) - 1;
    if (n <= 0) this.counts.delete(ip);
    else this.counts.set(ip, n);
  }
  count(ip: string): number {
    return this.counts.get(ip) ?? 0;
  }
}
