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
    'secret:status': vi.fn(() => ({ signedIn: false, relayUrl: null, protection: 'encrypted' as const, warning: null, persisted: false })),
    'secret:store': vi.fn(async () => ({ outcome: 'stored' as const, protection: 'encrypted' as const, persisted: true })),
    'secret:clear': vi.fn(async () => ({ cleared: true })),
    'secret:persist': vi.fn(async () => ({ persisted: true, protection: 'plain-text' as const })),
    'window:crash-notice': vi.fn(() => ({ crashed: false, message: null })),
    'theme:set': vi.fn(() => ({ dark: true })),
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

describe('the shell channels (secrets, crash notice, theme)', () => {
  const token = { relayUrl: 'https://relay.example.org', token: 'gw1.abc.def', whenUnprotected: 'ask' };

  it('secret:store takes a token and a choice, and refuses anything else before main sees it', async () => {
    const h = handlers();
    const store = createInvokeHandler('secret:store', h['secret:store'], trusted);
    await expect(store(event(top()), token)).resolves.toEqual({ outcome: 'stored', protection: 'encrypted', persisted: true });
    for (const bad of [
      { ...token, relayUrl: 'file:///etc/passwd' },
      { ...token, relayUrl: 'https://user:pw@relay.example.org' },
      { ...token, token: 'has spaces in it' },
      { ...token, token: 'x'.repeat(5000) },
      { ...token, whenUnprotected: 'yes' },
      { relayUrl: token.relayUrl, token: token.token },
    ]) {
      await expect(store(event(top()), bad)).rejects.toThrow(/^Invalid request for secret:store: /);
    }
    expect(h['secret:store']).toHaveBeenCalledTimes(1);
  });

  it('secret:status never answers with the token, even if main had a bug that put it there', async () => {
    const leaky = () => ({ signedIn: true, relayUrl: 'https://relay.example.org', protection: 'encrypted', warning: null, persisted: true, token: 'gw1.abc.def' }) as never;
    const status = createInvokeHandler('secret:status', leaky, trusted);
    const answer = await status(event(top()));
    expect(answer).toEqual({ signedIn: true, relayUrl: 'https://relay.example.org', protection: 'encrypted', warning: null, persisted: true });
    expect(JSON.stringify(answer)).not.toContain('gw1.abc.def');
  });

  it('every channel checks the sender: a sub-frame or another origin cannot read the status or store a token', async () => {
    const h = handlers();
    for (const channel of ['secret:status', 'secret:store', 'secret:clear', 'secret:persist', 'window:crash-notice', 'theme:set'] as const) {
      const invoke = createInvokeHandler(channel, h[channel] as never, trusted);
      await expect(invoke(event(child()), undefined)).rejects.toThrow(`Refused ${channel}: the sender is a sub-frame.`);
      await expect(invoke(event(top('https://evil.example/')), undefined)).rejects.toThrow(`Refused ${channel}: the sender's origin is not the app`);
      expect(h[channel]).not.toHaveBeenCalled();
    }
  });

  it('theme:set takes only system, light or dark; the argument-less channels take no argument', async () => {
    const h = handlers();
    const theme = createInvokeHandler('theme:set', h['theme:set'], trusted);
    await expect(theme(event(top()), { theme: 'dark' })).resolves.toEqual({ dark: true });
    await expect(theme(event(top()), { theme: 'purple' })).rejects.toThrow(/^Invalid request for theme:set: theme: /);
    const notice = createInvokeHandler('window:crash-notice', h['window:crash-notice'], trusted);
    await expect(notice(event(top()), { crashed: true })).rejects.toThrow(/^Invalid request for window:crash-notice/);
    await expect(notice(event(top()))).resolves.toEqual({ crashed: false, message: null });
  });
});

describe('registerIpc', () => {
  const all = ['app:info', 'file:open', 'file:save', 'secret:clear', 'secret:persist', 'secret:status', 'secret:store', 'theme:set', 'window:crash-notice'];
  it('registers exactly the contract channels, and can remove them', () => {
    const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
    const remove = registerIpc(ipcMain, handlers(), trusted);
    expect(ipcMain.handle.mock.calls.map((c) => c[0]).sort()).toEqual(all);
    remove();
    expect(ipcMain.removeHandler.mock.calls.map((c) => c[0]).sort()).toEqual(all);
  });
});
