import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lastLine, startRelay, type E2eRelay } from '../e2e/relay.ts';
import { findElectron, REPO_ROOT, skippedLine } from './electron-binary.ts';

/**
 * Sync sign-in in the desktop app against a real relay: the token typed into Settings → Sync goes to main
 * (relay-token.json in the profile, encrypted unless the OS has no key store), never into IndexedDB; the page
 * syncs with the placeholder that main swaps for the token; the sign-in survives a restart; signing out removes
 * the file. Where the OS has no key store (Linux without a keyring: basic_text), the "store in plain text?"
 * dialog appears and is answered with "Store in plain text" so the restart step still applies.
 */
const binary = findElectron();
const skipReason = 'missing' in binary ? skippedLine(binary.missing) : null;
if (skipReason) console.log(skipReason);

type Probe = { settings: string; account: string; programme: string; keeping: { protection: string; persisted: boolean; ask: boolean } | null };

/** What the page holds: every settings row as text, the account, the programme doc's phase, where the token is. */
const probe = (page: Page) =>
  page.evaluate(async () => {
    const gw = (
      window as unknown as {
        __groundwork: {
          db: { settings: { toArray(): Promise<unknown[]> } };
          sync: { getSnapshot(): { account: { kind: string }; programme: { phase: string }; tokenKeeping: Probe['keeping'] } };
        };
      }
    ).__groundwork;
    const snap = gw.sync.getSnapshot();
    return {
      settings: JSON.stringify(await gw.db.settings.toArray()),
      account: snap.account.kind,
      programme: snap.programme.phase,
      keeping: snap.tokenKeeping,
    } as Probe;
  });

test.describe('Electron: sync sign-in keeps the relay token in main', () => {
  test.skip(skipReason !== null, skipReason ?? '');
  test.describe.configure({ mode: 'serial' });

  let relay: E2eRelay;
  let scratch: string;
  let app: ElectronApplication | undefined;
  let token: string;
  const profile = () => path.join(scratch, 'profile');
  const tokenFile = () => path.join(profile(), 'relay-token.json');

  async function launch(): Promise<Page> {
    if (!('path' in binary)) throw new Error('no binary');
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    delete env.ELECTRON_RENDERER_URL;
    app = await electron.launch({ executablePath: binary.path, args: [REPO_ROOT, `--user-data-dir=${profile()}`], cwd: REPO_ROOT, env });
    const page = await app.firstWindow();
    await page.waitForFunction(() => Boolean((window as unknown as { __groundwork?: unknown }).__groundwork), null, { timeout: 90_000 });
    return page;
  }

  async function settings(page: Page) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible();
  }

  test.beforeAll(async () => {
    if (!('path' in binary)) return;
    if (!existsSync(path.join(REPO_ROOT, 'out', 'main', 'index.js'))) throw new Error('out/main/index.js is missing: run `npx electron-vite build` first.');
    scratch = mkdtempSync(path.join(tmpdir(), 'gw-electron-sync-'));
    relay = await startRelay('gw-electron-relay-');
    token = lastLine(await relay.cli(['user', 'add', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', '*']));
    expect(token).toMatch(/^gw1\./);
  });

  test.afterAll(async () => {
    await app?.close();
    await relay?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test('sign in: the token goes to main, the page syncs with the placeholder', async () => {
    test.setTimeout(180_000);
    const page = await launch();
    await settings(page);
    const form = page.getByTestId('sync-sign-in');
    await form.getByLabel('Relay address').fill(relay.url);
    await form.getByLabel('Invite code or token').fill(token);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('sync-user')).toHaveText('Ana Reyes', { timeout: 30_000 });

    const asked = page.getByRole('dialog', { name: 'Keep your sign-in on this computer?' });
    const first = await probe(page);
    if (first.keeping?.protection !== 'encrypted') {
      // No key store on this machine: the token is in main's memory only until the person answers.
      await expect(asked).toBeVisible();
      expect(existsSync(tokenFile())).toBe(false);
      await asked.getByRole('button', { name: 'Store in plain text' }).click();
      await expect(asked).toBeHidden();
    } else {
      await expect(asked).toBeHidden();
    }
    await expect(page.getByTestId('sync-token-keeping')).toHaveAttribute('data-persisted', 'true');
    await expect.poll(() => existsSync(tokenFile())).toBe(true);
    const onDisk = JSON.parse(readFileSync(tokenFile(), 'utf8')) as { relayUrl: string; protection: string; encrypted: boolean };
    expect(onDisk.relayUrl).toBe(relay.url);
    if (onDisk.protection === 'encrypted') expect(readFileSync(tokenFile(), 'utf8')).not.toContain(token.split('.')[1]!);

    // Synced over a WebSocket that left the page with the placeholder: main swapped in the token.
    await expect.poll(async () => (await probe(page)).programme, { timeout: 60_000 }).toBe('synced');
    const after = await probe(page);
    expect(after.account).toBe('signed-in');
    expect(after.settings).not.toContain(token);
    expect(after.settings).not.toContain(token.split('.')[2]!);
  });

  test('after a restart it is still signed in, from main’s file', async () => {
    test.setTimeout(180_000);
    await app!.close();
    const page = await launch();
    await expect.poll(async () => (await probe(page)).account, { timeout: 30_000 }).toBe('signed-in');
    await expect.poll(async () => (await probe(page)).programme, { timeout: 60_000 }).toBe('synced');
    expect((await probe(page)).settings).not.toContain(token);
  });

  test('sign out removes the token from main and the profile', async () => {
    const page = app!.windows()[0]!;
    await settings(page);
    await page.getByTestId('sync-sign-out').click();
    await expect(page.getByTestId('sync-sign-in')).toBeVisible();
    await expect.poll(() => existsSync(tokenFile())).toBe(false);
    expect((await probe(page)).account).toBe('signed-out');
  });
});
