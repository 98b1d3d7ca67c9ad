/**
 * Auth matrix at the upgrade (before any protocol byte is read) and live: no token, malformed, bad signature,
 * expired, revoked, wrong engagement → 401/403 and nothing of theirs reaches the document or other clients;
 * a viewer's writes are dropped and counted; revoking a live user closes their socket within ~2 s.
 */
import { randomBytes } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { nowSeconds, signToken, type Claims } from '#sync-server/auth/tokens.ts';
import { connectClient, metric, mintToken, rawConnect, relayCli, removeDir, startRelay, synced, tokenProtocols, waitFor, type Client, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const claims = (over: Partial<Claims>): Claims => ({ sub: 'u-x', name: 'X', role: 'expert', eng: ['eng-a'], iat: nowSeconds(), exp: nowSeconds() + 3600, jti: `t-${Math.random()}`, ...over });

describe('auth matrix', () => {
  test('each bad credential is refused at the upgrade with the right status, and its edits reach no one', async () => {
    const d = relay.dataDir;
    const expert = mintToken(d, { eng: ['eng-a'] });
    const otherEngagement = mintToken(d, { eng: ['eng-b'] });
    const expired = mintToken(d, { exp: nowSeconds() - 5 });
    const badSignature = signToken(claims({}), randomBytes(32));
    const tampered = (() => {
      const [p, body, sig] = expert.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), eng: ['*'], role: 'lead' })).toString('base64url');
      return [p, forged, sig].join('.');
    })();
    const cases: { name: string; protocols: string[]; status: number }[] = [
      { name: 'no token', protocols: ['groundwork'], status: 401 },
      { name: 'malformed', protocols: tokenProtocols('gw1.not-a-token'), status: 401 },
      { name: 'bad signature', protocols: tokenProtocols(badSignature), status: 401 },
      { name: 'tampered claims', protocols: tokenProtocols(tampered), status: 401 },
      { name: 'expired', protocols: tokenProtocols(expired), status: 401 },
      { name: 'wrong engagement', protocols: tokenProtocols(otherEngagement), status: 403 },
    ];
    for (const c of cases) {
      const r = await rawConnect(`${relay.url}/eng-a`, c.protocols);
      expect({ name: c.name, status: 'status' in r ? r.status : 'opened' }).toEqual({ name: c.name, status: c.status });
    }
    const ok = await rawConnect(`${relay.url}/eng-a`, tokenProtocols(expert));
    expect('ws' in ok && ok.ws.protocol).toBe('groundwork');
    if ('ws' in ok) ok.ws.close();

    // The same credentials in real providers that edit: nothing arrives at a legitimate client or in the room.
    const observer = connectClient(relay.url, 'eng-a', expert);
    await synced(observer);
    const refusedBefore = await metric(relay.http, 'groundwork_relay_refusals_total');
    const intruders: Client[] = [null, 'gw1.not-a-token', badSignature, tampered, expired, otherEngagement].map((t, i) => {
      const c = connectClient(relay.url, 'eng-a', t);
      c.doc.getMap('m').set(`intruder-${i}`, true);
      return c;
    });
    await waitFor(async () => (await metric(relay.http, 'groundwork_relay_refusals_total')) >= refusedBefore + 12, 'each intruder refused at least twice', 10_000);
    for (const c of intruders) {
      expect(c.provider.synced).toBe(false);
      c.destroy();
    }
    observer.doc.getMap('m').set('legit', true);
    const fresh = connectClient(relay.url, 'eng-a', expert);
    await synced(fresh);
    await waitFor(() => fresh.doc.getMap('m').get('legit') === true, 'legit edit relayed');
    expect([...fresh.doc.getMap('m').keys()]).toEqual(['legit']);
    expect([...observer.doc.getMap('m').keys()]).toEqual(['legit']);
    observer.destroy();
    fresh.destroy();

    // HTTP endpoints apply the same rules.
    expect((await fetch(`${relay.http}/api/me`)).status).toBe(401);
    expect((await fetch(`${relay.http}/api/me`, { headers: { Authorization: `Bearer ${expired}` } })).status).toBe(401);
    expect((await fetch(`${relay.http}/api/me`, { headers: { Authorization: `Bearer ${badSignature}` } })).status).toBe(401);
    const me = await fetch(`${relay.http}/api/me`, { headers: { Authorization: `Bearer ${expert}` } });
    expect(me.status).toBe(200);
  });

  test('a viewer reads but its writes are dropped, counted, and never reach the doc or other clients', async () => {
    const d = relay.dataDir;
    const expert = connectClient(relay.url, 'eng-v', mintToken(d, { eng: ['eng-v'] }));
    const viewer = connectClient(relay.url, 'eng-v', mintToken(d, { eng: ['eng-v'], role: 'viewer' }));
    // The relay tells the viewer once, with y-protocols' "permission denied" auth message.
    const denied: string[] = [];
    (viewer.provider.messageHandlers as unknown[])[2] = (_e: unknown, decoder: decoding.Decoder) => {
      decoding.readVarUint(decoder);
      denied.push(decoding.readVarString(decoder));
    };
    await Promise.all([synced(expert), synced(viewer)]);
    expert.doc.getText('t').insert(0, 'from the expert');
    await waitFor(() => viewer.doc.getText('t').toString() === 'from the expert', 'viewer reads');

    const dropped = await metric(relay.http, 'groundwork_relay_updates_total', 'dropped_viewer');
    viewer.doc.getText('t').insert(0, 'VIEWER WAS HERE ');
    viewer.doc.getMap('m').set('viewer', true);
    await waitFor(async () => (await metric(relay.http, 'groundwork_relay_updates_total', 'dropped_viewer')) >= dropped + 2, 'viewer updates dropped and counted');
    expect(denied).toEqual(['read-only: your role may not change this document']);
    // Reconnecting re-sends the viewer's state (sync step 2): dropped again.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await synced(viewer);
    await waitFor(async () => (await metric(relay.http, 'groundwork_relay_updates_total', 'dropped_viewer')) >= dropped + 3, 'viewer step 2 dropped');

    expert.doc.getMap('m').set('marker', 1);
    await waitFor(() => viewer.doc.getMap('m').get('marker') === 1, 'later expert edit still reaches the viewer');
    expect(expert.doc.getText('t').toString()).toBe('from the expert');
    expect(expert.doc.getMap('m').has('viewer')).toBe(false);
    const fresh = connectClient(relay.url, 'eng-v', mintToken(d, { eng: ['eng-v'] }));
    await synced(fresh);
    expect(fresh.doc.getText('t').toString()).toBe('from the expert');
    expect(fresh.doc.getMap('m').has('viewer')).toBe(false);
    for (const c of [expert, viewer, fresh]) c.destroy();
  });

  test('revoking a user (CLI, another process) closes their live socket within 2 s with 4401; reconnecting is refused', async () => {
    const d = relay.dataDir;
    await relayCli(d, ['engagement', 'add', '--id', 'eng-r', '--city', 'Tula', '--state', 'Hidalgo']);
    const added = await relayCli(d, ['user', 'add', '--name', 'Rosa Revoked', '--role', 'expert', '--engagement', 'eng-r']);
    const lines = added.trim().split('\n');
    const token = lines[lines.length - 1]!;
    const userId = /^user (\S+)/.exec(lines[0]!)![1]!;
    const target = connectClient(relay.url, 'eng-r', token);
    const observer = connectClient(relay.url, 'eng-r', mintToken(d, { eng: ['eng-r'] }));
    await Promise.all([synced(target), synced(observer)]);
    const closes: { code: number; at: number }[] = [];
    target.provider.on('connection-close', (e: CloseEvent | null) => {
      if (e) closes.push({ code: e.code, at: Date.now() });
    });

    await relayCli(d, ['user', 'revoke', '--user', userId]);
    const revokedAt = Date.now();
    await waitFor(() => closes.length > 0, 'revoked socket closed', 3_000);
    expect(closes[0]!.code).toBe(4401);
    expect(closes[0]!.at - revokedAt).toBeLessThan(2_000);
    // 44xx: y-websocket stops reconnecting by itself.
    expect(target.provider.shouldConnect).toBe(false);

    // Edits made after revocation never arrive, even when the client insists on reconnecting.
    const refused = await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="revoked"');
    target.doc.getMap('m').set('after-revoke', true);
    target.provider.connect();
    await waitFor(async () => (await metric(relay.http, 'groundwork_relay_refusals_total', 'reason="revoked"')) > refused, 'reconnect refused as revoked');
    observer.doc.getMap('m').set('marker', true);
    const fresh = connectClient(relay.url, 'eng-r', mintToken(d, { eng: ['eng-r'] }));
    await synced(fresh);
    await waitFor(() => fresh.doc.getMap('m').get('marker') === true, 'marker relayed');
    expect(fresh.doc.getMap('m').has('after-revoke')).toBe(false);
    expect((await rawConnect(`${relay.url}/eng-r`, tokenProtocols(token))).valueOf()).toEqual({ status: 401 });
    for (const c of [target, observer, fresh]) c.destroy();
  });

  test('every user may read the programme room; viewers may not write it', async () => {
    const viewerToken = mintToken(relay.dataDir, { eng: ['eng-zzz'], role: 'viewer' });
    const r = await rawConnect(`${relay.url}/programme`, tokenProtocols(viewerToken));
    expect('ws' in r).toBe(true);
    if ('ws' in r) r.ws.close();
    expect(await rawConnect(`${relay.url}/eng-a`, tokenProtocols(viewerToken))).toEqual({ status: 403 });
    expect(await rawConnect(`${relay.url}/bad%20room!`, tokenProtocols(viewerToken))).toEqual({ status: 400 });
  });
});
