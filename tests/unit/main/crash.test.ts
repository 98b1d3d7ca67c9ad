import { describe, expect, it, vi } from 'vitest';
import { CRASH_NOTICE, CRASH_WINDOW_MS, MAX_RELOADS, createCrashRecovery, decideOnRenderGone } from '#main/crash.ts';

describe('renderer crash recovery', () => {
  it('reloads after a crash, ignores a clean exit', () => {
    expect(decideOnRenderGone('crashed', 0, [])).toEqual({ action: 'reload' });
    expect(decideOnRenderGone('oom', 0, [])).toEqual({ action: 'reload' });
    expect(decideOnRenderGone('killed', 0, [])).toEqual({ action: 'reload' });
    expect(decideOnRenderGone('clean-exit', 0, [])).toEqual({ action: 'ignore' });
  });

  it('stops reloading a window that keeps crashing, and says what to do', () => {
    const recent = Array.from({ length: MAX_RELOADS }, (_, i) => 1000 + i);
    const decision = decideOnRenderGone('crashed', 2000, recent);
    expect(decision.action).toBe('give-up');
    if (decision.action === 'give-up') expect(decision.message).toMatch(/crashed 4 times in a minute.*data is stored on this computer/);
    // Old crashes no longer count.
    expect(decideOnRenderGone('crashed', 1000 + CRASH_WINDOW_MS + 10, recent)).toEqual({ action: 'reload' });
  });

  it('reloads the window and leaves one notice for the renderer to read', () => {
    const reload = vi.fn();
    const showError = vi.fn();
    let now = 0;
    const recovery = createCrashRecovery({ reload, showError, now: () => now });
    expect(recovery.takeNotice()).toEqual({ crashed: false, message: null });
    recovery.onRenderProcessGone({ reason: 'crashed' });
    expect(reload).toHaveBeenCalledTimes(1);
    expect(recovery.takeNotice()).toEqual({ crashed: true, message: CRASH_NOTICE });
    expect(CRASH_NOTICE).toBe('Groundwork restarted the window after a crash; your data is intact.');
    // Read once: a manual reload later shows nothing.
    expect(recovery.takeNotice()).toEqual({ crashed: false, message: null });

    for (let i = 0; i < MAX_RELOADS; i++) {
      now += 1000;
      recovery.onRenderProcessGone({ reason: 'crashed' });
    }
    expect(reload).toHaveBeenCalledTimes(MAX_RELOADS);
    expect(showError).toHaveBeenCalledTimes(1);
  });

  it('does nothing on a clean exit', () => {
    const reload = vi.fn();
    const recovery = createCrashRecovery({ reload, showError: vi.fn(), now: () => 0 });
    recovery.onRenderProcessGone({ reason: 'clean-exit' });
    expect(reload).not.toHaveBeenCalled();
    expect(recovery.takeNotice().crashed).toBe(false);
  });
});
