import type { RenderProcessGoneDetails } from 'electron';

/**
 * When the renderer dies (a crash, out of memory, killed by the OS), the window would stay blank. Every change was
 * already stored in IndexedDB as it was typed, so reloading loses nothing: reload, and tell the person why the
 * window flickered. A renderer that keeps crashing is not reloaded forever.
 */
export const CRASH_NOTICE = 'Groundwork restarted the window after a crash; your data is intact.';

/** More crashes than this within CRASH_WINDOW_MS and we stop reloading (a crash loop would only burn CPU). */
export const MAX_RELOADS = 3;
export const CRASH_WINDOW_MS = 60_000;

export type CrashAction = { action: 'ignore' } | { action: 'reload' } | { action: 'give-up'; message: string };

/** What to do about one `render-process-gone`, given when the earlier ones happened. Pure. */
export function decideOnRenderGone(reason: RenderProcessGoneDetails['reason'], now: number, recentCrashes: readonly number[]): CrashAction {
  // A clean exit is the window closing (or the app quitting), not a crash.
  if (reason === 'clean-exit') return { action: 'ignore' };
  const recent = recentCrashes.filter((t) => now - t < CRASH_WINDOW_MS);
  if (recent.length >= MAX_RELOADS)
    return {
      action: 'give-up',
      message: `The Groundwork window crashed ${recent.length + 1} times in a minute (${reason}). Your data is stored on this computer; quit and start Groundwork again.`,
    };
  return { action: 'reload' };
}

export interface CrashRecoveryDeps {
  reload(): void;
  showError(message: string): void;
  now(): number;
}

/** Holds the crash history and the one-shot notice the renderer reads after the reload (`takeCrashNotice`). */
export function createCrashRecovery(deps: CrashRecoveryDeps) {
  let crashes: number[] = [];
  let pendingNotice = false;
  return {
    onRenderProcessGone(details: Pick<RenderProcessGoneDetails, 'reason'>): CrashAction {
      const now = deps.now();
      const decision = decideOnRenderGone(details.reason, now, crashes);
      if (decision.action === 'ignore') return decision;
      crashes = [...crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
      if (decision.action === 'reload') {
        pendingNotice = true;
        deps.reload();
      } else deps.showError(decision.message);
      return decision;
    },
    /** The notice, once: reading it clears it, so a later manual reload shows nothing. */
    takeNotice(): { crashed: boolean; message: string | null } {
      const crashed = pendingNotice;
      pendingNotice = false;
      return { crashed, message: crashed ? CRASH_NOTICE : null };
    },
  };
}
