import { describe, expect, it, vi } from 'vitest';
import { createInvokeHandler, registerIpc, senderInfo, senderProblem, type Handlers, type TrustedSender } from '#main/ipc.ts';

const MAIN_ID = 7;
const trusted: TrustedSender = { mainWebContentsId: () => MAIN_ID };

type Frame = { url: string; parent: Frame | null };
const top = (url = 'app://groundwork/index.html'): Frame => ({ url, parent: null });
const child = (url = 'app://groundwork/index.html'): Frame => ({ url, parent: top() });
const event = (frame: Frame | null, id = MAIN_ID) => ({ sender: { id }, senderFrame: frame }) as never;

const info = { name: 'Groundwork', version: '0.1.0', platform: 'linux', electron: '45.3.4', chrome: '140', packaged: false };
const save = { suggestedName: 'a.zip', mime: 'application/zip', filters: [], data: new Uint8Array([1]) };

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'file:save': vi.fn(async () => ({ saved: true, path: '/home/me/a.zip' })),
    'file:open': vi.fn(async () => ({ files: [] })),
    'app:info': vi.fn(() => info),
    ...overrides,
  };
}

describe('IPC sender check', () => {
  it('trusts the main window top frame on the app origin', () => {
    expect(senderProblem(senderInfo(event(top())), trusted)).toBeNull();
  });

  it('refuses other origins', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'app://evil/index.html', 'http://localhost:5173/', 'about:blank', 'data:text/html,x']) {
      expect(senderProblem(senderInfo(event(top(url))), trusted), url).toMatch(/origin is not the app/);
    }
  });

  it('refuses sub-frames, even on the app origin', () => {
    expect(senderProblem(senderInfo(event(child())), trusted)).toBe('the sender is a sub-frame');
    expect(senderProblem(senderInfo(event(child('https://evil.example/'))), trusted)).toBe('the sender is a sub-frame');
  });

  it('refuses other web contents, a gone frame, and everything when there is no window', () => {
    expect(senderProblem(senderInfo(event(top(), 99)), trusted)).toBe('the sender is not the main window');
    expect(senderProblem(senderInfo(event(null)), trusted)).toBe('the sending frame no longer exists');
    expect(senderProblem(senderInfo(event(top())), { mainWebContentsId: () => null })).toBe('the sender is not the main window');
  });

  it('trusts the dev server only when it is set', () => {
    const dev = top('http://localhost:5173/');
    expect(senderProblem(senderInfo(event(dev)), trusted)).not.toBeNull();
    expect(senderProblem(senderInfo(event(dev)), { ...trusted, devServerUrl: 'http://localhost:5173/' })).toBeNull();
  });
});

describe('IPC invoke handler', () => {
  it('runs the handler with the parsed request and returns the parsed response', async () => {
    const h = handlers();
    const invoke = createInvokeHandler('file:save', h['file:save'], trusted);
    await expect(invoke(event(top()), save)).resolves.toEqual({ saved: true, path: '/home/me/a.zip' });
    expect(h['file:save']).toHaveBeenCalledWith(save);
  });

  it('refuses a wrong origin or a sub-frame before the handler runs', async () => {
    const h = handlers();
    const invoke = createInvokeHandler('file:save', h['file:save'], trusted);
    await expect(invoke(event(top('https://evil.example/')), save)).rejects.toThrow("Refused file:save: the sender's origin is not the app (https://evil.example).");
    await expect(invoke(event(child()), save)).rejects.toThrow('Refused file:save: the sender is a sub-frame.');
    expect(h['file:save']).not.toHaveBeenCalled();
  });

  it('refuses a bad payload with a clear message, before the handler runs', async () => {
    const h = handlers();
    const invoke = createInvokeHandler('file:save', h['file:save'], trusted);
    await expect(invoke(event(top()), { ...save, data: 'not bytes', suggestedName: '../x' })).rejects.toThrow(
      /^Invalid request for file:save: suggestedName: must be a file name, not a path \(no \/ or \\\); data: must be a Uint8Array of bytes$/,
    );
    await expect(invoke(event(top()))).rejects.toThrow(/^Invalid request for file:save: /);
    await expect(invoke(event(top()), save, 'extra')).rejects.toThrow('Invalid request for file:save: expected one argument, got 2.');
    const appInfo = createInvokeHandler('app:info', h['app:info'], trusted);
    await expect(appInfo(event(top()), { x: 1 })).rejects.toThrow(/^Invalid request for app:info: /);
    expect(h['file:save']).not.toHaveBeenCalled();
    expect(h['app:info']).not.toHaveBeenCalled();
  });

  it('refuses a response that breaks the contract (a bug in main)', async () => {
    const invoke = createInvokeHandler('app:info', () => ({ ...info, packaged: 'maybe' }) as never, trusted);
    await expect(invoke(event(top()), undefined)).rejects.toThrow(/^Invalid response from app:info: packaged: /);
  });

  it('strips fields the contract does not name', async () => {
    const invoke = createInvokeHandler('app:info', () => ({ ...info, secret: 'x' }) as never, trusted);
    await expect(invoke(event(top()))).resolves.toEqual(info);
  });
});

describe('registerIpc', () => {
  it('registers exactly the contract channels, and can remove them', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
    const remove = registerIpc(ipcMain, handlers(), trusted);
    expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(['app:info', 'file:open', 'file:save']);
    remove();
    expect(ipcMain.removeHandler.mock.calls.map((c) => c[0]).sort()).toEqual(['app:info', 'file:open', 'file:save']);
  });
});
