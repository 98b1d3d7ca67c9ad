import { describe, expect, it } from 'vitest';
import { parseCredential, redeemInvite, RelayError } from '#renderer/sync/relay.ts';

describe('sign-in field: token or invite, told apart by shape', () => {
  it('recognises tokens and invites, forgiving how an invite was typed', () => {
    expect(parseCredential('  Bearer gw1.abc_-.def  ')).toEqual({ kind: 'token', token: 'gw1.abc_-.def' });
    expect(parseCredential('gw-7k3m-q9xa-2hdp')).toEqual({ kind: 'invite', code: 'GW-7K3M-Q9XA-2HDP' });
    expect(parseCredential('7K3M Q9XA 2HDP')).toEqual({ kind: 'invite', code: 'GW-7K3M-Q9XA-2HDP' });
    expect(parseCredential('GW-OK3M-Q9XA-2HDL')).toEqual({ kind: 'invite', code: 'GW-0K3M-Q9XA-2HD1' });
    expect(() => parseCredential('')).toThrow(RelayError);
    expect(() => parseCredential('hello')).toThrow(/neither a token nor an invite/);
    expect(() => parseCredential('gw1.not a token')).toThrow(/gw1/);
  });

  it('redeems an invite over HTTP and turns refusals into readable errors', async () => {
    const calls: { url: string; body: string }[] = [];
    const answer = (status: number, body: unknown) => async (url: string, init?: RequestInit) => {
      calls.push({ url, body: String(init?.body) });
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    };
    expect(await redeemInvite(answer(200, { token: 'gw1.a.b' }), 'ws://127.0.0.1:4444', 'GW-7K3M-Q9XA-2HDP')).toBe('gw1.a.b');
    expect(calls[0]).toEqual({ url: 'http://127.0.0.1:4444/api/invites/redeem', body: JSON.stringify({ code: 'GW-7K3M-Q9XA-2HDP' }) });
    await expect(redeemInvite(answer(410, { error: 'used', message: 'This invite was already used.' }), 'ws://h:1', 'x')).rejects.toMatchObject({ kind: 'unauthorized', message: 'This invite was already used.' });
    await expect(redeemInvite(answer(404, { error: 'unknown', message: 'No such invite.' }), 'ws://h:1', 'x')).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(redeemInvite(answer(404, { error: 'not found' }), 'ws://h:1', 'x')).rejects.toMatchObject({ kind: 'not-relay' });
    await expect(
      redeemInvite(
        async () => {
          throw new TypeError('Failed to fetch');
        },
        'ws://h:1',
        'x',
      ),
    ).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
