/**
 * `groundwork-relay` / `npm run relay --`:
 *   [serve] --port 4444 --host 127.0.0.1 --data ./relay-data [--quiet] [--debug] [--fsync] [limit flags]
 *   user add --name "Ana Reyes" --role expert|lead|viewer --engagement ID [--engagement ID2 | --engagement '*'] [--days 90]
 *   user list | user revoke --user ID | --token-id JTI | user token --user ID [--days 90]
 *   engagement add --id ID --city … --state … | engagement list
 * Every command takes --data (default ./relay-data, or GW_RELAY_DATA).
 */
import { newId } from '#core/ids.ts';
import { loadOrCreateSecret, nowSeconds, ROLES, signToken, type Claims, type Role } from './auth/tokens.ts';
import { LIMIT_DEFS, readLimits } from './limits.ts';
import { createLogger } from './log.ts';
import { startRelay } from './server.ts';
import { SqliteStore } from './store/sqlite-store.ts';

const BOOLEAN_FLAGS = new Set(['quiet', 'debug', 'fsync', 'help', 'json']);

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
  user token --user ID [--days 90]            issue another token for an existing user
  user revoke --user ID | --token-id JTI      live sockets close within ~1 s
  engagement add --id ID --city CITY --state STATE
  engagement list

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

async function issueToken(store: SqliteStore, secret: Buffer, user: { id: string; name: string; role: Role; engagements: string[] }, days: number): Promise<string> {
  const iat = nowSeconds();
  const claims: Claims = { sub: user.id, name: user.name, role: user.role, eng: user.engagements, iat, exp: iat + Math.round(days * 86400), jti: newId('t') };
  await store.addToken({ jti: claims.jti, userId: user.id, issuedAt: iat, expiresAt: claims.exp, revokedAt: null });
  return signToken(claims, secret);
}

async function admin(words: string[], args: ParsedArgs): Promise<void> {
  const { flags, lists } = args;
  const dataDir = dataDirOf(flags);
  const secret = loadOrCreateSecret(dataDir);
  const store = new SqliteStore(dataDir);
  const out = (line: string) => process.stdout.write(line + '\n');
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
      const user = { id: flags.id ?? newId('u'), name, role, engagements };
      await store.addUser({ ...user, createdAt: Date.now(), revokedAt: null });
      const token = await issueToken(store, secret, user, days);
      out(`user ${user.id} (${name}, ${role}) — engagements: ${engagements.join(', ')} — token valid ${days} days:`);
      out(token);
    } else if (noun === 'user' && verb === 'token') {
      const user = flags.user ? await store.getUser(flags.user) : null;
      if (!user) fail('user token needs --user ID of an existing user');
      if (user.revokedAt) fail(`user ${user.id} is revoked`);
      out(await issueToken(store, secret, user, days));
    } else if (noun === 'user' && verb === 'list') {
      for (const u of await store.listUsers()) out(`${u.id}\t${u.name}\t${u.role}\t${u.engagements.join(',')}\t${u.revokedAt ? 'revoked ' + new Date(u.revokedAt).toISOString() : 'active'}`);
    } else if (noun === 'user' && verb === 'revoke') {
      if (flags.user) {
        if (!(await store.revokeUser(flags.user, Date.now()))) fail(`no active user ${flags.user}`);
        out(`user ${flags.user} revoked; their live sockets close within ~1 s`);
      } else if (flags['token-id']) {
        if (!(await store.revokeToken(flags['token-id'], Date.now()))) fail(`no active token ${flags['token-id']}`);
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
  const store = new SqliteStore(dataDir, { fsync: flags.fsync === 'true' });
  const relay = await startRelay({ host, port, dataDir, secret, store, limits, log });
  log.notice('listening', { host, port: relay.port, data: dataDir, store: store.kind, url: `ws://${host}:${relay.port}` });
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
