import { describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, CHANNELS, CONTRACT, EVENTS, MENU_COMMANDS, RELAY_TOKEN_PLACEHOLDER, isMenuCommand, MAX_OPEN_TOTAL_BYTES, MAX_SAVE_BYTES, isChannel, parseRequest, parseResponse, type GroundworkBridge } from '#core/ipc/contract.ts';

const save = { suggestedName: 'Mombasa.zip', mime: 'application/zip', filters: [{ name: 'Groundwork bundle', extensions: ['zip'] }], data: new Uint8Array([1, 2, 3]) };

describe('IPC contract', () => {
  it('has one schema pair per channel and one bridge method per channel', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual(Object.values(CHANNELS).sort());
    expect(BRIDGE_METHODS).toEqual(['appInfo', 'clearRelayToken', 'onMenuCommand', 'openFiles', 'persistRelayToken', 'relayTokenStatus', 'saveFile', 'setTheme', 'storeRelayToken', 'takeCrashNotice']);
    for (const [method, channel] of Object.entries(CHANNELS)) expect(CONTRACT[channel].method).toBe(method);
    // Events are not invoke channels: main never handles them, it sends them.
    for (const channel of Object.values(EVENTS)) expect(isChannel(channel)).toBe(false);
  });

  it('knows its channels and nothing else', () => {
    expect(isChannel('file:save')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('shell:exec')).toBe(false);
    expect(isChannel(42)).toBe(false);
  });

  it('accepts a valid save request, Buffers included', () => {
    expect(parseRequest('file:save', save).ok).toBe(true);
    expect(parseRequest('file:save', { ...save, data: Buffer.from('abc') }).ok).toBe(true);
  });

  it('refuses bad save requests with a message naming the channel and field', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...save, data: [1, 2, 3] }, /data: must be a Uint8Array of bytes/],
      [{ ...save, data: 'AQID' }, /data: must be a Uint8Array/],
      [{ ...save, suggestedName: '../../.bashrc' }, /suggestedName: must be a file name, not a path/],
      [{ ...save, suggestedName: 'C:\\Windows\\x.dll' }, /suggestedName/],
      [{ ...save, suggestedName: 'a\u0000b.zip' }, /control characters/],
      [{ ...save, suggestedName: '' }, /suggestedName/],
      [{ ...save, mime: 'zip' }, /mime: must be a media type/],
      [{ ...save, filters: [{ name: 'Zip', extensions: ['.zip'] }] }, /filters\.0\.extensions\.0: must be a bare extension/],
      [{ ...save, filters: undefined }, /filters/],
      [null, /Invalid request for file:save/],
    ];
    for (const [payload, message] of cases) {
      const r = parseRequest('file:save', payload);
      expect(r.ok, JSON.stringify(payload)).toBe(false);
      if (!r.ok) {
        expect(r.message).toMatch(/^Invalid request for file:save: /);
        expect(r.message).toMatch(message);
      }
    }
  });

  it('refuses a save larger than the limit without copying it', () => {
    // A view that claims to be huge: byteLength is what is checked.
    const huge = new Uint8Array(new ArrayBuffer(MAX_SAVE_BYTES + 1));
    const r = parseRequest('file:save', { ...save, data: huge });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/data: must be at most 256 MB/);
  });

  it('validates open requests and caps the total size of opened files', () => {
    expect(parseRequest('file:open', { filters: [], multiple: true }).ok).toBe(true);
    expect(parseRequest('file:open', { filters: [], multiple: 'yes' }).ok).toBe(false);
    const big = new Uint8Array(new ArrayBuffer(MAX_OPEN_TOTAL_BYTES / 2 + 1));
    const two = { files: [{ name: 'a.jpg', mime: 'image/jpeg', data: big }, { name: 'b.jpg', mime: 'image/jpeg', data: big }] };
    const r = parseResponse('file:open', two);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Invalid response from file:open: files: the files must be at most 256 MB together/);
    expect(parseResponse('file:open', { files: [two.files[0]] }).ok).toBe(true);
  });

  it('app:info takes no request and answers with versions', () => {
    expect(parseRequest('app:info', undefined).ok).toBe(true);
    expect(parseRequest('app:info', { sneaky: true }).ok).toBe(false);
    const info = { name: 'Groundwork', version: '0.1.0', platform: 'linux', electron: '45.3.4', chrome: '140.0', packaged: false };
    expect(parseResponse('app:info', info)).toEqual({ ok: true, value: info });
    expect(parseResponse('app:info', { ...info, packaged: 'no' }).ok).toBe(false);
  });

  it('types the bridge from the contract', () => {
    // Compile-time: these lines fail `tsc` if the bridge type drifts from the contract.
    const bridge: GroundworkBridge = {
      saveFile: async (r) => ({ saved: r.data.byteLength > 0, path: `/tmp/${r.suggestedName}` }),
      openFiles: async (r) => ({ files: r.multiple ? [] : [] }),
      appInfo: async () => ({ name: 'x', version: '1', platform: 'linux', electron: '1', chrome: '1', packaged: false }),
      relayTokenStatus: async () => ({ signedIn: false, relayUrl: null, protection: 'plain-text', warning: 'unprotected', persisted: false }),
      storeRelayToken: async (r) => (r.whenUnprotected === 'ask' ? { outcome: 'needs-consent', prompt: { title: 't', message: 'm', confirm: 'c', cancel: 'x' } } : { outcome: 'stored', protection: 'encrypted', persisted: true }),
      clearRelayToken: async () => ({ cleared: true }),
      persistRelayToken: async () => ({ persisted: true, protection: 'plain-text' }),
      takeCrashNotice: async () => ({ crashed: false, message: null }),
      setTheme: async (r) => ({ dark: r.theme === 'dark' }),
      onMenuCommand: (listener) => {
        listener('new-visit');
        return () => undefined;
      },
    };
    expect(Object.keys(bridge).sort()).toEqual(BRIDGE_METHODS);
  });
});

describe('IPC contract: the desktop shell channels', () => {
  it('menu commands are a closed list', () => {
    expect(MENU_COMMANDS).toEqual(expect.arrayContaining(['new-visit', 'import-bundle', 'export-bundle', 'export-report', 'toggle-theme', 'show-shortcuts']));
    expect(isMenuCommand('export-report')).toBe(true);
    for (const bad of ['rm -rf', 'toString', '', 42, null, { command: 'new-visit' }]) expect(isMenuCommand(bad)).toBe(false);
  });

  it('the relay token placeholder passes the relay client’s own token shape check', () => {
    expect(RELAY_TOKEN_PLACEHOLDER).toMatch(/^gw1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('a stored-token answer is either stored or needs-consent, nothing in between', () => {
    expect(parseResponse('secret:store', { outcome: 'stored', protection: 'plain-text', persisted: true }).ok).toBe(true);
    expect(parseResponse('secret:store', { outcome: 'needs-consent', prompt: { title: 't', message: 'm', confirm: 'c', cancel: 'x' } }).ok).toBe(true);
    expect(parseResponse('secret:store', { outcome: 'stored' }).ok).toBe(false);
    expect(parseResponse('secret:store', { outcome: 'maybe', protection: 'encrypted', persisted: true }).ok).toBe(false);
  });

  it('the token status has no place for the token', () => {
    const r = parseResponse('secret:status', { signedIn: true, relayUrl: 'https://r.example.org', protection: 'encrypted', warning: null, persisted: true, token: 'gw1.a.b' });
    expect(r.ok).toBe(true);
    expect(r.ok && 'token' in r.value).toBe(false);
    // secret:persist answers whether it wrote, never with the token either.
    const p = parseResponse('secret:persist', { persisted: true, protection: 'plain-text', token: 'gw1.a.b' });
    expect(p).toEqual({ ok: true, value: { persisted: true, protection: 'plain-text' } });
  });

  it('refuses relay URLs with other schemes or credentials', () => {
    const base = { token: 'gw1.abc.def', whenUnprotected: 'ask' };
    for (const relayUrl of ['https://relay.example.org', 'http://127.0.0.1:4400', 'wss://relay.example.org/sync']) expect(parseRequest('secret:store', { ...base, relayUrl }).ok, relayUrl).toBe(true);
    for (const relayUrl of ['javascript:alert(1)', 'file:///x', 'https://a:b@relay.example.org', 'not a url', 'x'.repeat(3000)]) expect(parseRequest('secret:store', { ...base, relayUrl }).ok, relayUrl).toBe(false);
  });
});
