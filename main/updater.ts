import { z } from 'zod';

/**
 * Updates through electron-updater from a generic feed (a folder of latest*.yml + installers on any https
 * server). Off by default: nothing is checked unless a feed is configured — baked in at build time
 * (electron-builder `publish`, which writes app-update.yml) or given as GROUNDWORK_UPDATE_FEED — and never in
 * development builds. The decisions are pure functions; `startUpdater` only wires them to electron-updater.
 */

export const UPDATE_CHANNELS = ['latest', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];
/** At most one check per this interval, however often the app is started. */
export const CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdateConfig {
  /** The person or admin turned updates off (GROUNDWORK_UPDATES=off). */
  disabled: boolean;
  /** A feed URL given at run time; null when none (or not https). */
  feedUrl: string | null;
  /** electron-builder wrote app-update.yml (a `publish` feed was configured when the app was built). */
  bakedFeed: boolean;
  channel: UpdateChannel;
}

export function readUpdateConfig(env: Record<string, string | undefined>, bakedFeed: boolean): UpdateConfig {
  const feed = env.GROUNDWORK_UPDATE_FEED?.trim();
  let feedUrl: string | null = null;
  if (feed) {
    try {
      const u = new URL(feed);
      // Installers are code: only over https, never with credentials in the URL.
      if (u.protocol === 'https:' && !u.username && !u.password) feedUrl = u.href;
    } catch {
      feedUrl = null;
    }
  }
  const channel = (UPDATE_CHANNELS as readonly string[]).includes(env.GROUNDWORK_UPDATE_CHANNEL ?? '')
    ? (env.GROUNDWORK_UPDATE_CHANNEL as UpdateChannel)
    : 'latest';
  return { disabled: /^(off|0|false|no)$/i.test(env.GROUNDWORK_UPDATES ?? ''), feedUrl, bakedFeed, channel };
}

export type CheckDecision = { action: 'check'; feedUrl: string | null; channel: UpdateChannel } | { action: 'skip'; reason: string };

export function decideUpdateCheck(input: { config: UpdateConfig; packaged: boolean; lastCheckedAt: number | null; now: number }): CheckDecision {
  const { config, packaged, lastCheckedAt, now } = input;
  if (config.disabled) return { action: 'skip', reason: 'updates are turned off (GROUNDWORK_UPDATES)' };
  if (!packaged) return { action: 'skip', reason: 'development build' };
  if (!config.feedUrl && !config.bakedFeed) return { action: 'skip', reason: 'no update feed configured' };
  if (lastCheckedAt !== null && lastCheckedAt <= now && now - lastCheckedAt < CHECK_INTERVAL_MS) return { action: 'skip', reason: 'checked recently' };
  return { action: 'check', feedUrl: config.feedUrl, channel: config.channel };
}

export interface RestartPrompt {
  type: 'info';
  title: string;
  message: string;
  detail: string;
  buttons: [string, string];
  defaultId: 0;
  cancelId: 1;
}

/** Once an update is downloaded: ask, never restart by surprise (an expert may be mid-visit). */
export function downloadedPrompt(version: string, currentVersion: string): RestartPrompt {
  return {
    type: 'info',
    title: 'Update ready',
    message: `Groundwork ${version} is ready to install.`,
    detail: `You have ${currentVersion}. Your work is saved on this computer as you type, so restarting loses nothing. If you choose Later, the update is installed when you next quit.`,
    buttons: ['Restart now', 'Later'],
    defaultId: 0,
    cancelId: 1,
  };
}

const UpdateState = z.object({ lastCheckedAt: z.number().nullable() });

export function parseUpdateState(text: string | null): { lastCheckedAt: number | null } {
  if (!text) return { lastCheckedAt: null };
  try {
    const parsed = UpdateState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { lastCheckedAt: null };
  } catch {
    return { lastCheckedAt: null };
  }
}

/** The part of electron-updater's AppUpdater the wiring uses. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowPrerelease: boolean;
  channel: string | null;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(): void;
}

export interface UpdaterDeps {
  config: UpdateConfig;
  packaged: boolean;
  currentVersion: string;
  now(): number;
  readState(): Promise<string | null>;
  writeState(text: string): Promise<void>;
  /** Loaded only when a check is due, so a build without a feed never touches electron-updater. */
  loadUpdater(): Promise<UpdaterLike>;
  ask(prompt: RestartPrompt): Promise<number>;
  log(message: string): void;
}

export async function startUpdater(deps: UpdaterDeps): Promise<CheckDecision> {
  const { lastCheckedAt } = parseUpdateState(await deps.readState().catch(() => null));
  const decision = decideUpdateCheck({ config: deps.config, packaged: deps.packaged, lastCheckedAt, now: deps.now() });
  if (decision.action === 'skip') {
    deps.log(`updates: skipped (${decision.reason})`);
    return decision;
  }
  const updater = await deps.loadUpdater();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowPrerelease = decision.channel !== 'latest';
  if (decision.feedUrl) updater.setFeedURL({ provider: 'generic', url: decision.feedUrl, channel: decision.channel });
  else updater.channel = decision.channel;
  updater.on('error', (error) => deps.log(`updates: ${error.message}`));
  updater.on('update-downloaded', (info) => {
    void deps.ask(downloadedPrompt(info.version, deps.currentVersion)).then((choice) => {
      if (choice === 0) updater.quitAndInstall();
    });
  });
  await deps.writeState(JSON.stringify({ lastCheckedAt: deps.now() })).catch(() => undefined);
  await updater.checkForUpdates().catch((error: Error) => deps.log(`updates: ${error.message}`));
  return decision;
}
