import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_METHODS } from '#core/ipc/contract.ts';

// The preload, run against a fake contextBridge: what reaches the page is exactly the contract's methods.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoke = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => ({ ok: true })));
type Listener = (event: unknown, ...args: unknown[]) => void;
const listeners = vi.hoisted(() => new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>());
const ipcRenderer = vi.hoisted(() => ({
  invoke,
  send: vi.fn(),
  on: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(fn);
  }),
  removeListener: vi.fn((channel: string, fn: (event: unknown, ...args: unknown[]) => void) => listeners.get(channel)?.delete(fn)),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer,
}));
const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((fn: Listener) => fn({ sender: ipcRenderer }, ...args));

await import('../../../preload/index.ts');
const { buildBridge } = await import('../../../preload/bridge.ts');

describe('preload', () => {
  it('exposes one object, window.groundwork, with exactly the contract methods', () => {
    expect([...exposed.keys()]).toEqual(['groundwork']);
    const bridge = exposed.get('groundwork') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(BRIDGE_METHODS);
    for (const method of BRIDGE_METHODS) expect(typeof bridge[method]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('never hands out ipcRenderer', () => {
    const bridge = exposed.get('groundwork') as Record<string, unknown>;
    for (const value of Object.values(bridge)) expect(value).not.toBe(invoke);
  });

  it('sends each method on its channel with one argument (none for appInfo)', async () => {
    const bridge = exposed.get('groundwork') as Record<string, (arg?: unknown) => Promise<unknown>>;
    const save = { suggestedName: 'a.zip', mime: 'application/zip', filters: [], data: new Uint8Array([1]) };
    await bridge.saveFile!(save);
    await bridge.openFiles!({ filters: [], multiple: true });
    await bridge.appInfo!('ignored');
    await bridge.relayTokenStatus!('ignored');
    await bridge.storeRelayToken!({ relayUrl: 'https://r.example.org', token: 'gw1.a.b', whenUnprotected: 'ask' });
    await bridge.clearRelayToken!();
    await bridge.persistRelayToken!('ignored');
    await bridge.takeCrashNotice!();
    await bridge.setTheme!({ theme: 'dark' });
    expect(invoke.mock.calls).toEqual([
      ['file:save', save],
      ['file:open', { filters: [], multiple: true }],
      ['app:info'],
      ['secret:status'],
      ['secret:store', { relayUrl: 'https://r.example.org', token: 'gw1.a.b', whenUnprotected: 'ask' }],
      ['secret:clear'],
      ['secret:persist'],
      ['window:crash-notice'],
      ['theme:set', { theme: 'dark' }],
    ]);
  });

  it('passes menu commands to the page without Electron’s event object, drops unknown ones, and unsubscribes', () => {
    const bridge = exposed.get('groundwork') as { onMenuCommand(fn: (...args: unknown[]) => void): () => void };
    const got: unknown[][] = [];
    const off = bridge.onMenuCommand((...args) => got.push(args));
    emit('menu:command', 'export-report');
    emit('menu:command', 'format-disk');
    emit('menu:command', { command: 'new-visit' });
    expect(got).toEqual([['export-report']]);
    off();
    off(); // twice is harmless
    emit('menu:command', 'new-visit');
    expect(got).toHaveLength(1);
    expect(ipcRenderer.removeListener).toHaveBeenCalledTimes(1);
    expect(() => bridge.onMenuCommand('not a function' as never)).toThrow(TypeError);
  });

  it("strips Electron's remote-method prefix from errors", async () => {
    const bridge = buildBridge(
      async () => {
        throw new Error("Error invoking remote method 'file:save': Error: Invalid request for file:save: data: must be a Uint8Array of bytes");
      },
      { on: () => undefined, off: () => undefined },
    );
    await expect(bridge.appInfo()).rejects.toThrow(/^Invalid request for file:save: data: must be a Uint8Array of bytes$/);
  });
});
