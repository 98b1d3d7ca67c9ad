import { describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, CHANNELS, CONTRACT, MAX_OPEN_TOTAL_BYTES, MAX_SAVE_BYTES, isChannel, parseRequest, parseResponse, type GroundworkBridge } from '#core/ipc/contract.ts';

const save = { suggestedName: 'Mombasa.zip', mime: 'application/zip', filters: [{ name: 'Groundwork bundle', extensions: ['zip'] }], data: new Uint8Array([1, 2, 3]) };

describe('IPC contract', () => {
  it('has one schema pair per channel and one bridge method per channel', () => {
    expect(Object.keys(CONTRACT).sort()).toEqual(Object.values(CHANNELS).sort());
    expect(BRIDGE_METHODS).toEqual(['appInfo', 'openFiles', 'saveFile']);
    for (const [method, channel] of Object.entries(CHANNELS)) expect(CONTRACT[channel].method).toBe(method);
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
    };
    expect(Object.keys(bridge).sort()).toEqual(BRIDGE_METHODS);
  });
});
