/**
 * A real relay process (sync-server CLI) for end-to-end specs: started on a free port with its own data directory,
 * driven through the same CLI an administrator uses (`engagement add`, `user add`), stopped with SIGTERM.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, REPO_ROOT, test } from './helpers.ts';

/** The relay as the groundwork-relay bin runs it: built to plain JavaScript, then started (ADR 0020). */
const RELAY_BIN = path.join(REPO_ROOT, 'sync-server', 'bin.mjs');

export interface E2eRelay {
  proc: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  /** Everything the relay printed so far (for failure messages). */
  output: () => string;
  /** Runs a relay CLI command against this relay's data directory; resolves with its stdout. */
  cli: (args: string[]) => Promise<string>;
  stop: () => Promise<void>;
}

export const lastLine = (out: string) => out.trim().split('\n').pop()!.trim();

export async function startRelay(prefix: string): Promise<E2eRelay> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  // Port 0: the relay picks a free port and prints it in its `listening` line.
  const proc = spawn(process.execPath, [RELAY_BIN, 'serve', '--port', '0', '--data', dataDir, '--quiet'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay did not start within 30 s:\n${out}`)), 30_000);
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /"msg":"listening".*?"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the relay exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    proc,
    port,
    url: `ws://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    cli: async (args) => (await promisify(execFile)(process.execPath, [RELAY_BIN, ...args, '--data', dataDir], { cwd: REPO_ROOT })).stdout,
    stop: async () => {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a relay before the spec's tests and stops it after them; the getter returns it (once beforeAll ran). */
export function useRelay(prefix: string): () => E2eRelay {
  let relay: E2eRelay | null = null;
  test.beforeAll(async () => {
    relay = await startRelay(prefix);
  });
  test.afterAll(async () => {
    await relay?.stop();
  });
  return () => {
    if (!relay) throw new Error('the relay is started in beforeAll: use it inside a test');
    return relay;
  };
}

/** Fills Settings → Sync's sign-in form (already on screen) and submits it. */
export async function submitSignIn(page: Page, url: string, token: string): Promise<void> {
  const form = page.getByTestId('sync-sign-in');
  await form.getByLabel('Relay address').fill(url);
  await form.getByLabel('Token').fill(token);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens Settings from the main navigation and signs in there. */
export async function signInFromSettings(page: Page, url: string, token: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await submitSignIn(page, url, token);
}

/** Go offline as the network would: Playwright's emulation, plus the event in case Chromium keeps an open WebSocket and stays "online". */
export async function setOffline(context: BrowserContext, page: Page, offline: boolean): Promise<void> {
  await context.setOffline(offline);
  await page.evaluate((off) => {
    if (navigator.onLine === off) window.dispatchEvent(new Event(off ? 'offline' : 'online'));
  }, offline);
}

/** The sync indicator has left "Sync off" / "Signed out": the sign-in took. */
export async function expectSignedIn(page: Page): Promise<void> {
  await expect(page.getByTestId('sync-indicator-text')).not.toHaveText(/Sync off|Signed out/, { timeout: 30_000 });
}
