import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_METHODS } from '#core/ipc/contract.ts';

// The preload, run against a fake contextBridge: what reaches the page is exactly the contract's methods.
const exposed = vi.hoisted(() => new Map<string, unknown>());
const invoke = vi.hoisted(() => vi.fn(async (..._args: unknown[]) => ({ ok: true })));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() },
}));

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
    expect(invoke.mock.calls).toEqual([['file:save', save], ['file:open', { filters: [], multiple: true }], ['app:info']]);
  });

  it("strips Electron's remote-method prefix from errors", async () => {
    const bridge = buildBridge(async () => {
      throw new Error("Error invoking remote method 'file:save': Error: Invalid request for file:save: data: must be a Uint8Array of bytes");
    });
    await expect(bridge.appInfo()).rejects.toThrow(/^Invalid request for file:save: data: must be a Uint8Array of bytes$/);
  });
});
