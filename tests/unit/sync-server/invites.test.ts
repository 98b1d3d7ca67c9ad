import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createInvite, newInviteCode, normalizeInviteCode, RedeemThrottle, redeemInvite } from '#sync-server/auth/invites.ts';
import { verifyToken } from '#sync-server/auth/tokens.ts';
import { SqliteStore } from '#sync-server/store/sqlite-store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('codes are GW- plus 12 Crockford base32 symbols and survive typing slips', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const c = newInviteCode();
    expect(c).toMatch(/^GW-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    seen.add(c);
  }
  expect(seen.size).toBe(200);
  expect(normalizeInviteCode('gw-7k3m-q9xa-2hdp')).toBe('7K3MQ9XA2HDP');
  expect(normalizeInviteCode(' 7K3M Q9XA 2HDP ')).toBe('7K3MQ9XA2HDP');
  expect(normalizeInviteCode('GW-OOOO-IIII-LLLL')).toBe('000011111111');
  expect(normalizeInviteCode('GW-7K3M-Q9XA-2HD')).toBeNull();
  expect(normalizeInviteCode('GW-7K3M-Q9XA-2HDU')).toBeNull(); // U is not in the alphabet
  expect(normalizeInviteCode('gw1.abc.def')).toBeNull();
});

test('redeem: once, before expiry, for an active user; the token carries the user and the chosen validity', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-invites-'));
  dirs.push(dir);
  const store = new SqliteStore(dir);
  const secret = Buffer.alloc(32, 7);
  await store.addUser({ id: 'u-ana', name: 'Ana', role: 'expert', engagements: ['eng-a'], createdAt: 0, revokedAt: null });
  const now = 1_800_000_000;
  const { code, expiresAt } = await createInvite(store, 'u-ana', { tokenDays: 30, validDays: 7, now });
  expect(expiresAt).toBe(now + 7 * 86400);
  expect(await redeemInvite(store, 'not a code', secret, now)).toEqual({ ok: false, reason: 'malformed' });
  expect(await redeemInvite(store, 'GW-0000-0000-0000', secret, now)).toEqual({ ok: false, reason: 'unknown' });
  expect(await redeemInvite(store, code, secret, expiresAt)).toEqual({ ok: false, reason: 'expired' });
  const r = await redeemInvite(store, code.toLowerCase(), secret, now + 60);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const v = verifyToken(r.token, secret, now + 120);
  expect(v.ok && v.claims).toMatchObject({ sub: 'u-ana', role: 'expert', eng: ['eng-a'], exp: now + 60 + 30 * 86400 });
  expect(await redeemInvite(store, code, secret, now + 61)).toEqual({ ok: false, reason: 'used' });
  // Revoked before redeeming.
  const second = await createInvite(store, 'u-ana', { tokenDays: 1, now });
  await store.revokeUser('u-ana', 1);
  expect(await redeemInvite(store, second.code, secret, now + 1)).toEqual({ ok: false, reason: 'revoked' });
  await store.close();
});

test('the redeem throttle allows a burst per address, then one every 6 s, and stays bounded', () => {
  const t = new RedeemThrottle(10, 10, 3);
  for (let i = 0; i < 10; i++) expect(t.allow('1.1.1.1', 0)).toBe(true);
  expect(t.allow('1.1.1.1', 0)).toBe(false);
  expect(t.allow('1.1.1.1', 6_000)).toBe(true);
  expect(t.allow('2.2.2.2', 0)).toBe(true);
  for (const ip of ['a', 'b', 'c', 'd']) t.allow(ip, 0);
  expect(t.allow('1.1.1.1', 6_000)).toBe(true); // table was cleared when it passed 3 addresses: a fresh burst
});
