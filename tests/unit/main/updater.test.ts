import { describe, expect, it, vi } from 'vitest';
import { CHECK_INTERVAL_MS, decideUpdateCheck, downloadedPrompt, parseUpdateState, readUpdateConfig, startUpdater, type UpdaterLike } from '#main/updater.ts';

const NOW = 1_800_000_000_000;
const feedConfig = readUpdateConfig({ GROUNDWORK_UPDATE_FEED: 'https://updates.example.org/groundwork/' }, false);

describe('update decisions', () => {
  it('reads the feed, the channel and the off switch from the environment', () => {
    expect(readUpdateConfig({}, false)).toEqual({ disabled: false, feedUrl: null, bakedFeed: false, channel: 'latest' });
    expect(feedConfig.feedUrl).toBe('https://updates.example.org/groundwork/');
    expect(readUpdateConfig({ GROUNDWORK_UPDATE_FEED: 'http://updates.example.org/' }, false).feedUrl).toBeNull(); // installers only over https
    expect(readUpdateConfig({ GROUNDWORK_UPDATE_FEED: 'https://u:p@updates.example.org/' }, false).feedUrl).toBeNull();
    expect(readUpdateConfig({ GROUNDWORK_UPDATE_FEED: 'nonsense' }, false).feedUrl).toBeNull();
    expect(readUpdateConfig({ GROUNDWORK_UPDATE_CHANNEL: 'beta' }, false).channel).toBe('beta');
    expect(readUpdateConfig({ GROUNDWORK_UPDATE_CHANNEL: 'nightly' }, false).channel).toBe('latest');
    expect(readUpdateConfig({ GROUNDWORK_UPDATES: 'off' }, true).disabled).toBe(true);
  });

  it('is off by default: no feed, no check', () => {
    expect(decideUpdateCheck({ config: readUpdateConfig({}, false), packaged: true, lastCheckedAt: null, now: NOW })).toEqual({
      action: 'skip',
      reason: 'no update feed configured',
    });
  });

  it('never checks in development or when turned off', () => {
    expect(decideUpdateCheck({ config: feedConfig, packaged: false, lastCheckedAt: null, now: NOW })).toEqual({ action: 'skip', reason: 'development build' });
    expect(decideUpdateCheck({ config: { ...feedConfig, disabled: true }, packaged: true, lastCheckedAt: null, now: NOW }).action).toBe('skip');
  });

  it('checks a packaged app with a feed (run-time or baked in), at most once per interval', () => {
    expect(decideUpdateCheck({ config: feedConfig, packaged: true, lastCheckedAt: null, now: NOW })).toEqual({
      action: 'check',
      feedUrl: feedConfig.feedUrl,
      channel: 'latest',
    });
    expect(decideUpdateCheck({ config: readUpdateConfig({}, true), packaged: true, lastCheckedAt: null, now: NOW })).toEqual({
      action: 'check',
      feedUrl: null,
      channel: 'latest',
    });
    expect(decideUpdateCheck({ config: feedConfig, packaged: true, lastCheckedAt: NOW - 1000, now: NOW })).toEqual({
      action: 'skip',
      reason: 'checked recently',
    });
    expect(decideUpdateCheck({ config: feedConfig, packaged: true, lastCheckedAt: NOW - CHECK_INTERVAL_MS, now: NOW }).action).toBe('check');
    // A clock that went backwards does not block checks forever.
    expect(decideUpdateCheck({ config: feedConfig, packaged: true, lastCheckedAt: NOW + 10 * CHECK_INTERVAL_MS, now: NOW }).action).toBe('check');
  });

  it('asks before restarting into a downloaded update', () => {
    const prompt = downloadedPrompt('0.2.0', '0.1.0');
    expect(prompt).toMatchObject({ message: 'Groundwork 0.2.0 is ready to install.', buttons: ['Restart now', 'Later'], defaultId: 0, cancelId: 1 });
    expect(prompt.detail).toMatch(/You have 0\.1\.0.*installed when you next quit/);
  });

  it('reads the last-check file defensively', () => {
    expect(parseUpdateState('{"lastCheckedAt":5}')).toEqual({ lastCheckedAt: 5 });
    expect(parseUpdateState('garbage')).toEqual({ lastCheckedAt: null });
    expect(parseUpdateState(null)).toEqual({ lastCheckedAt: null });
  });
});

function fakeUpdater() {
  const handlers = new Map<string, (arg: never) => void>();
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowPrerelease: true,
    channel: null as string | null,
    setFeedURL: vi.fn(),
    on: vi.fn((event: string, fn: (arg: never) => void) => handlers.set(event, fn)),
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
  };
  return { updater: updater as UpdaterLike & typeof updater, handlers };
}

describe('startUpdater (wiring, with a fake electron-updater: no network)', () => {
  const base = { packaged: true, currentVersion: '0.1.0', now: () => NOW, log: vi.fn(), writeState: vi.fn(async () => undefined), readState: async () => null };

  it('does not even load electron-updater when there is nothing to check', async () => {
    const loadUpdater = vi.fn();
    const decision = await startUpdater({ ...base, config: readUpdateConfig({}, false), loadUpdater, ask: vi.fn() });
    expect(decision.action).toBe('skip');
    expect(loadUpdater).not.toHaveBeenCalled();
  });

  it('sets the generic feed, checks, records the time, and restarts only if the person says so', async () => {
    const { updater, handlers } = fakeUpdater();
    const ask = vi.fn(async () => 0);
    const writeState = vi.fn(async () => undefined);
    await startUpdater({ ...base, writeState, config: feedConfig, loadUpdater: async () => updater, ask });
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: feedConfig.feedUrl, channel: 'latest' });
    expect(updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, allowPrerelease: false });
    expect(updater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(writeState).toHaveBeenCalledWith(JSON.stringify({ lastCheckedAt: NOW }));
    handlers.get('update-downloaded')!({ version: '0.2.0' } as never);
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalledTimes(1));
    expect(ask).toHaveBeenCalledWith(downloadedPrompt('0.2.0', '0.1.0'));
  });

  it('“Later” leaves the update for the next quit', async () => {
    const { updater, handlers } = fakeUpdater();
    const ask = vi.fn(async () => 1);
    await startUpdater({ ...base, config: feedConfig, loadUpdater: async () => updater, ask });
    handlers.get('update-downloaded')!({ version: '0.2.0' } as never);
    await vi.waitFor(() => expect(ask).toHaveBeenCalled());
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('a failed check is logged, not thrown', async () => {
    const { updater } = fakeUpdater();
    updater.checkForUpdates.mockRejectedValueOnce(new Error('getaddrinfo ENOTFOUND updates.example.org'));
    const log = vi.fn();
    await startUpdater({ ...base, log, config: feedConfig, loadUpdater: async () => updater, ask: vi.fn() });
    expect(log).toHaveBeenCalledWith('updates: getaddrinfo ENOTFOUND updates.example.org');
  });
});
