/**
 * `groundwork-relay` / `npm run relay --`:
 *   [serve] --port 4444 --host 127.0.0.1 --data ./relay-data [--quiet] [--debug] [--fsync] [limit flags]
 *   user add --name "Ana Reyes" --role expert|lead|viewer --engagement ID [--engagement ID2 | --engagement '*'] [--days 90]
 *   user add … --invite [--invite-days 7] (prints a single-use invite code instead of a token) | user invite --user ID
 *   user add … --no-network (an outside guest: the engagements only, not the 311 requests and library — ADR 0018)
 *   user list | user revoke --user ID | --token-id JTI | user token --user ID [--days 90]
 *   engagement add --id ID --city … --state … | engagement list
 * Every command takes --data (default ./relay-data, or GW_RELAY_DATA).
 */
import { newId } from '#core/ids.ts';
import { claimsForUser, loadOrCreateSecret, nowSeconds, ROLES, signToken, type Role } from './auth/tokens.ts';
import { LIMIT_DEFS, readLimits } from './limits.ts';
import { createInvite, DEFAULT_INVITE_DAYS } from './auth/invites.ts';
import { youngGenerationAdvice } from './heap-flags.ts';
import { createLogger } from './log.ts';
import { startRelay } from './server.ts';
import { CLUSTER_DEFS, readClusterConfig, redact, type ClusterConfig } from './fanout/config.ts';
import { announceRevocation, RedisFanout } from './fanout/redis-fanout.ts';
import type { LegacyImport } from './store/legacy-files.ts';
import { openStore } from './store/open-store.ts';
import type { Store, UserRecord } from './store/store.ts';

const BOOLEAN_FLAGS = new Set(['quiet', 'debug', 'fsync', 'help', 'json', 'invite', 'no-network']);

export interface ParsedArgs {
  words: string[];
  flags: Record<string, string | undefined>;
  lists: Record<string, string[]>;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const words: string[] = [];
  const flags: Record<string, string | undefined> = {};
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      words.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    let value: string;
    if (eq > 0) value = a.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(name)) value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      value = next;
      i++;
    }
    flags[name] = value;
    (lists[name] ??= []).push(value);
  }
  return { words, flags, lists };
}

const USAGE = `groundwork-relay — the Groundwork sync relay

  serve [--port 4444] [--host 127.0.0.1] [--data ./relay-data] [--quiet] [--debug] [--fsync]
  user add --name NAME --role expert|lead|viewer --engagement ID [--engagement ID…|'*'] [--days 90]
  user list
  user add … --invite [--invite-days 7]       print a short single-use invite code instead of the token
  user add … --no-network                    an outside guest: their engagements only, not the requests and library
  user invite --user ID [--invite-days 7]     another invite for an existing user
  user token --user ID [--days 90]            issue another token for an existing user
  user revoke --user ID | --token-id JTI      live sockets close within ~1 s
  engagement add --id ID --city CITY --state STATE
  engagement list

Scale-out (flag / environment) — several nodes share one PostgreSQL and fan out over Redis:
${Object.values(CLUSTER_DEFS)
  .map((d) => `  --${d.flag} / ${d.env}: ${d.help}`)
  .join('\n')}
  Account commands take --store too; "user revoke" with --redis tells every node at once.

Limits (flag / environment, default):
${Object.values(LIMIT_DEFS)
  .map((d) => `  --${d.flag} / ${d.env} (${d.default}): ${d.help}`)
  .join('\n')}
`;

function fail(message: string): never {
  process.stderr.write(`groundwork-relay: ${message}\n`);
  process.exit(2);
}

function dataDirOf(flags: ParsedArgs['flags']): string {
  return flags.data ?? process.env.GW_RELAY_DATA ?? './relay-data';
}

function clusterConfigOf(flags: ParsedArgs['flags']): ClusterConfig {
  try {
    return readClusterConfig(flags);
  } catch (err) {
    fail((err as Error).message);
  }
}

async function issueToken(store: Store, secret: Buffer, user: UserRecord, days: number): Promise<string> {
  const claims = claimsForUser(user, nowSeconds(), days, newId('t'));
  await store.addToken({ jti: claims.jti, userId: user.id, issuedAt: claims.iat, expiresAt: claims.exp, revokedAt: null });
  return signToken(claims, secret);
}

/** Creates an invite (single use, `--invite-days`, default 7) whose token will be valid `days`. */
async function inviteFor(store: Store, userId: string, flags: ParsedArgs['flags'], days: number): Promise<{ line: string; code: string }> {
  const validDays = flags['invite-days'] === undefined ? DEFAULT_INVITE_DAYS : Number(flags['invite-days']);
  if (!(validDays > 0)) fail('--invite-days must be a positive number');
  const { code, expiresAt } = await createInvite(store, userId, { validDays, tokenDays: days });
  return { code, line: `single-use invite, valid until ${new Date(expiresAt * 1000).toISOString()} (Settings → Sync → paste it where the token goes):` };
}

const importLine = (done: LegacyImport) => `moved ${done.invites} invite(s) and ${done.refs} blob ref(s) from ${done.files.join(', ')} into the store (old files renamed *.imported)`;

async function admin(words: string[], args: ParsedArgs): Promise<void> {
  const { flags, lists } = args;
  const dataDir = dataDirOf(flags);
  const secret = loadOrCreateSecret(dataDir);
  const cluster = clusterConfigOf(flags);
  // stderr: stdout stays the command's own answer (scripts read its last line).
  const toStderr = (msg: string, fields?: Record<string, unknown>) => process.stderr.write(`groundwork-relay: ${msg}${fields ? ` ${JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? v.message : v))}` : ''}\n`);
  const store = await openStore(cluster.store, dataDir, { log: { warn: toStderr, notice: toStderr }, onImport: (done) => toStderr(importLine(done)) });
  const out = (line: string) => process.stdout.write(line + '\n');
  // Polling reaches every node within --revocation-poll-ms anyway; Redis makes it immediate.
  const announce = async () => {
    if (!cluster.redis) return;
    try {
      await announceRevocation(cluster.redis.url, cluster.redis.prefix);
    } catch (err) {
      process.stderr.write(`groundwork-relay: revocation stored, but Redis could not be told (${(err as Error).message}); nodes pick it up at their next poll\n`);
    }
  };
  try {
    const [noun, verb] = words;
    const days = flags.days === undefined ? 90 : Number(flags.days);
    if (!(days > 0)) fail('--days must be a positive number');
    if (noun === 'engagement' && verb === 'add') {
      if (!flags.id || !/^[A-Za-z0-9_.:-]{1,128}$/.test(flags.id)) fail('engagement add needs --id (letters, digits, _ . : -)');
      await store.addEngagement({ id: flags.id, city: flags.city ?? '', state: flags.state ?? '' });
      out(`engagement ${flags.id} registered`);
    } else if (noun === 'engagement' && verb === 'list') {
      for (const e of await store.listEngagements()) out(`${e.id}\t${e.city}\t${e.state}`);
    } else if (noun === 'user' && verb === 'add') {
      const name = flags.name?.trim();
      const role = flags.role as Role | undefined;
      const engagements = lists.engagement ?? [];
      if (!name) fail('user add needs --name');
      if (!role || !(ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
      if (engagements.length === 0) fail("user add needs at least one --engagement ID (or --engagement '*')");
      if (!engagements.includes('*')) {
        const known = new Set((await store.listEngagements()).map((e) => e.id));
        const unknown = engagements.filter((e) => !known.has(e));
        if (unknown.length) fail(`unknown engagement(s): ${unknown.join(', ')} — register them with "engagement add --id …" first`);
      }
      const user: UserRecord = { id: flags.id ?? newId('u'), name, role, engagements, network: flags['no-network'] !== 'true', createdAt: Date.now(), revokedAt: null };
      await store.addUser(user);
      const grants = `engagements: ${engagements.join(', ')}${user.network ? '' : ' (not the network room)'}`;
      if (flags.invite === 'true') {
        // A short single-use code instead of a token: the app exchanges it (POST /api/invites/redeem).
        const invite = await inviteFor(store, user.id, flags, days);
        out(`user ${user.id} (${name}, ${role}) — ${grants} — ${invite.line}`);
        out(invite.code);
      } else {
        const token = await issueToken(store, secret, user, days);
        out(`user ${user.id} (${name}, ${role}) — ${grants} — token valid ${days} days:`);
        out(token);
      }
    } else if (noun === 'user' && verb === 'token') {
      const user = flags.user ? await store.getUser(flags.user) : null;
      if (!user) fail('user token needs --user ID of an existing user');
      if (user.revokedAt) fail(`user ${user.id} is revoked`);
      out(await issueToken(store, secret, user, days));
    } else if (noun === 'user' && verb === 'invite') {
      const user = flags.user ? await store.getUser(flags.user) : null;
      if (!user) fail('user invite needs --user ID of an existing user');
      if (user.revokedAt) fail(`user ${user.id} is revoked`);
      const invite = await inviteFor(store, user.id, flags, days);
      out(invite.line);
      out(invite.code);
    } else if (noun === 'user' && verb === 'list') {
      for (const u of await store.listUsers()) out(`${u.id}\t${u.name}\t${u.role}\t${u.engagements.join(',')}${u.network === false ? ' (no network)' : ''}\t${u.revokedAt ? 'revoked ' + new Date(u.revokedAt).toISOString() : 'active'}`);
    } else if (noun === 'user' && verb === 'revoke') {
      if (flags.user) {
        if (!(await store.revokeUser(flags.user, Date.now()))) fail(`no active user ${flags.user}`);
        await announce();
        out(`user ${flags.user} revoked; their live sockets close within ~1 s`);
      } else if (flags['token-id']) {
        if (!(await store.revokeToken(flags['token-id'], Date.now()))) fail(`no active token ${flags['token-id']}`);
        await announce();
        out(`token ${flags['token-id']} revoked`);
      } else fail('user revoke needs --user ID or --token-id JTI');
    } else {
      fail(`unknown command "${words.join(' ')}"\n\n${USAGE}`);
    }
  } finally {
    await store.close();
  }
}

async function serve(args: ParsedArgs): Promise<void> {
  const { flags } = args;
  let limits;
  try {
    limits = readLimits(flags);
  } catch (err) {
    fail((err as Error).message);
  }
  const port = Number(flags.port ?? process.env.GW_RELAY_PORT ?? 4444);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0–65535');
  const host = flags.host ?? process.env.GW_RELAY_HOST ?? '127.0.0.1';
  const dataDir = dataDirOf(flags);
  const log = createLogger({ quiet: flags.quiet === 'true', debug: flags.debug === 'true' });
  const secret = loadOrCreateSecret(dataDir);
  const cluster = clusterConfigOf(flags);
  let store: Store;
  try {
    // The serving relay checkpoints SQLite's WAL in a worker, so no commit stalls it (store/wal-checkpointer.ts).
    store = await openStore(cluster.store, dataDir, { fsync: flags.fsync === 'true', checkpointInWorker: true, log, onImport: (done) => log.notice(importLine(done), { ...done }) });
  } catch (err) {
    fail(`store ${cluster.store.kind === 'postgres' ? redact(cluster.store.url) : 'sqlite'} failed to open: ${(err as Error).message}`);
  }
  const fanout = cluster.redis ? new RedisFanout({ ...cluster.redis, nodeId: cluster.nodeId, log }) : null;
  await fanout?.start();
  const relay = await startRelay({ host, port, dataDir, secret, store, limits, log, nodeId: cluster.nodeId, fanout });
  log.notice('listening', {
    host,
    port: relay.port,
    data: dataDir,
    store: store.kind,
    node: cluster.nodeId,
    ...(cluster.redis ? { redis: redact(cluster.redis.url), redisStatus: fanout?.status() } : {}),
    url: `ws://${host}:${relay.port}`,
  });
  const heapAdvice = youngGenerationAdvice(process.execArgv, process.env.NODE_OPTIONS);
  if (heapAdvice) log.warn(heapAdvice, { execArgv: process.execArgv });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const hard = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    hard.unref();
    relay.close().then(
      () => {
        log.info('stopped cleanly', { signal });
        process.exit(0);
      },
      (err: unknown) => {
        log.error('shutdown failed', { err });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('uncaughtException', (err) => log.error('uncaught exception (relay keeps running)', { err }));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection (relay keeps running)', { err }));
}

export async function main(argv: string[]): Promise<void> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.flags.help === 'true' || args.words[0] === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const words = args.words[0] === 'serve' ? args.words.slice(1) : args.words;
  if (words.length === 0) return serve(args);
  return admin(words, args);
}

await main(process.argv.slice(2));
