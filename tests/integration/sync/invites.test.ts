/**
 * Invites end to end: `user add --invite` prints a short single-use code; POST /api/invites/redeem exchanges it
 * for a working token once; used, expired, unknown and malformed codes are refused with clear errors.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectClient, rawConnect, relayCli, removeDir, startRelay, synced, tokenProtocols, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
  await relayCli(relay.dataDir, ['engagement', 'add', '--id', 'eng-inv', '--city', 'Tula', '--state', 'Hidalgo']);
}, 60_000);
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const lastLine = (s: string) => s.trim().split('\n').pop()!.trim();
const redeem = (code: unknown) => fetch(`${relay.http}/api/invites/redeem`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });

test('user add --invite prints a short code that is exchanged once for a token that works', async () => {
  const out = await relayCli(relay.dataDir, ['user', 'add', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', 'eng-inv', '--invite', '--days', '30']);
  const code = lastLine(out);
  expect(code).toMatch(/^GW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  expect(out).not.toMatch(/gw1\./); // no token printed
  // Typed by a person: lower case, spaces instead of dashes.
  const typed = code.toLowerCase().replace(/-/g, ' ');
  const r = await redeem(typed);
  expect(r.status).toBe(200);
  const body = (await r.json()) as { token: string; user: { name: string; role: string }; expiresAt: number };
  expect(body.user).toMatchObject({ name: 'Ana Reyes', role: 'expert' });
  expect(body.expiresAt - Date.now() / 1000).toBeGreaterThan(29 * 86400);
  const me = (await (await fetch(`${relay.http}/api/me`, { headers: { Authorization: `Bearer ${body.token}` } })).json()) as { engagements: { id: string }[] };
  expect(me.engagements.map((e) => e.id)).toEqual(['eng-inv']);
  const c = connectClient(relay.url, 'eng-inv', body.token);
  await synced(c);
  c.destroy();
  // Single use.
  const again = await redeem(code);
  expect(again.status).toBe(410);
  expect(await again.json()).toMatchObject({ error: 'used', message: expect.stringMatching(/already used/) });
  // The code itself is never stored, only its hash — in the relay's store (the invites table of relay.sqlite).
  const db = new Database(join(relay.dataDir, 'relay.sqlite'), { readonly: true });
  const rows = db.prepare('SELECT * FROM invites').all() as Record<string, unknown>[];
  db.close();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.filter((r) => r.redeemed_at !== null).map((r) => r.token_id)).toEqual([expect.stringMatching(/^t/)]);
  expect(JSON.stringify(rows)).not.toContain(code.replace(/^GW-/, '').replace(/-/g, ''));
}, 60_000);

test('unknown, malformed, expired and revoked invites are refused with clear errors; tokens from none of them work', async () => {
  expect(await (await redeem('GW-0000-0000-0000')).json()).toMatchObject({ error: 'unknown' });
  expect((await redeem('GW-0000-0000-0000')).status).toBe(404);
  const bad = await redeem('hello');
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ error: 'malformed', message: expect.stringMatching(/GW-XXXX/) });
  expect((await redeem(42)).status).toBe(400);
  expect((await fetch(`${relay.http}/api/invites/redeem`)).status).toBe(405);

  const ben = await relayCli(relay.dataDir, ['user', 'add', '--id', 'u-ben', '--name', 'Ben Ortiz', '--role', 'viewer', '--engagement', 'eng-inv', '--invite', '--invite-days', '0.00001']);
  await new Promise((r) => setTimeout(r, 1500));
  const expired = await redeem(lastLine(ben));
  expect(expired.status).toBe(410);
  expect(await expired.json()).toMatchObject({ error: 'expired', message: expect.stringMatching(/expired/) });

  const cara = lastLine(await relayCli(relay.dataDir, ['user', 'add', '--id', 'u-cara', '--name', 'Cara Vidal', '--role', 'lead', '--engagement', 'eng-inv', '--invite']));
  await relayCli(relay.dataDir, ['user', 'revoke', '--user', 'u-cara']);
  const revoked = await redeem(cara);
  expect(revoked.status).toBe(403);
  expect(await revoked.json()).toMatchObject({ error: 'revoked' });

  // `user invite` gives an existing user a fresh code.
  const fresh = lastLine(await relayCli(relay.dataDir, ['user', 'invite', '--user', 'u-ben']));
  const ok = await redeem(fresh);
  expect(ok.status).toBe(200);
  const { token } = (await ok.json()) as { token: string };
  expect('ws' in (await rawConnect(`${relay.url}/eng-inv`, tokenProtocols(token)))).toBe(true);
}, 60_000);

test('user add --no-network: the printed token and an invite’s token both keep the guest off the network room, not off their engagement', async () => {
  const out = await relayCli(relay.dataDir, ['user', 'add', '--id', 'u-guest', '--name', 'Dana Official', '--role', 'viewer', '--engagement', 'eng-inv', '--no-network']);
  expect(out).toContain('(not the network room)');
  const invited = lastLine(await relayCli(relay.dataDir, ['user', 'invite', '--user', 'u-guest']));
  const viaInvite = ((await (await redeem(invited)).json()) as { token: string }).token;
  const again = lastLine(await relayCli(relay.dataDir, ['user', 'token', '--user', 'u-guest']));
  for (const token of [lastLine(out), viaInvite, again]) {
    expect(await rawConnect(`${relay.url}/network`, tokenProtocols(token))).toEqual({ status: 403 });
    const c = connectClient(relay.url, 'eng-inv', token);
    await synced(c);
    c.destroy();
  }
  expect(await relayCli(relay.dataDir, ['user', 'list'])).toMatch(/u-guest\tDana Official\tviewer\teng-inv \(no network\)\tactive/);
  // An ordinary user keeps the network room.
  const ordinary = lastLine(await relayCli(relay.dataDir, ['user', 'add', '--name', 'Eli Staff', '--role', 'expert', '--engagement', 'eng-inv']));
  const net = connectClient(relay.url, 'network', ordinary);
  await synced(net);
  net.destroy();
});
