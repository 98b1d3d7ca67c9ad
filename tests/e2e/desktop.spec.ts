import type { Page, Route } from '@playwright/test';
import { drawTestImage, expect, expectNoSeriousA11yViolations, openApp, setTheme, shot, test } from './helpers.ts';

/**
 * Desktop-shell behaviour that the web build can show in real Chromium:
 * - the window-level file drop (renderer/platform/window-drop.ts) with real DataTransfer/File drops;
 * - the sync sign-in as the desktop app does it: a stand-in `window.groundwork` bridge (what preload exposes) is
 *   installed before the app loads, so the page takes the Electron path — the token goes to the bridge, the page
 *   sends the placeholder, and the "store in plain text?" dialog of a computer without a key store appears.
 *   Main's header swap itself is Electron's and is covered by tests/unit/main/relay-auth.test.ts and the
 *   `_electron` suite (tests/e2e-electron/sync-sign-in.spec.ts).
 */

const PLACEHOLDER = 'gw1.held-by-main.placeholder';
// The web build's CSP allows http://localhost:*; nothing listens on port 9, so only the routed /api/me answers.
const RELAY = 'ws://localhost:9';
const TOKEN = 'gw1.eyJzdWIiOiJ1LWFuYSJ9.real-token-signature';

/** Runs in the page before the app: a bridge with the contract's methods, on a computer without a key store. */
function installFakeBridge({ placeholder }: { placeholder: string }) {
  const calls: { method: string; request?: unknown }[] = [];
  let held: { relayUrl: string; token: string; persisted: boolean } | null = null;
  const status = () => ({
    signedIn: held !== null,
    relayUrl: held?.relayUrl ?? null,
    protection: 'plain-text' as const,
    warning: 'This computer has no keyring.',
    persisted: held?.persisted ?? false,
  });
  const log = (method: string, request?: unknown) => calls.push({ method, request });
  const bridge = {
    saveFile: async () => ({ saved: false }),
    openFiles: async () => ({ files: [] }),
    appInfo: async () => ({ name: 'Groundwork', version: '0.1.0', platform: 'linux', electron: '45.3.4', chrome: '142.0.0.0', packaged: false }),
    relayTokenStatus: async () => (log('relayTokenStatus'), status()),
    storeRelayToken: async (r: { relayUrl: string; token: string; whenUnprotected: 'ask' | 'store' | 'memory-only' }) => {
      log('storeRelayToken', { ...r, token: r.token === placeholder ? 'placeholder' : 'a real token' });
      if (r.whenUnprotected === 'ask') return { outcome: 'needs-consent', prompt: { title: 't', message: 'm', confirm: 'c', cancel: 'x' } };
      held = { relayUrl: r.relayUrl, token: r.token, persisted: r.whenUnprotected === 'store' };
      return { outcome: 'stored', protection: 'plain-text', persisted: held.persisted };
    },
    clearRelayToken: async () => {
      log('clearRelayToken');
      const had = held !== null;
      held = null;
      return { cleared: had };
    },
    persistRelayToken: async () => {
      log('persistRelayToken');
      if (held) held.persisted = true;
      return { persisted: held !== null, protection: 'plain-text' };
    },
    takeCrashNotice: async () => ({ crashed: false, message: null }),
    setTheme: async (r: { theme: string }) => ({ dark: r.theme === 'dark' }),
    onMenuCommand: () => () => undefined,
  };
  Object.defineProperty(window, 'groundwork', { value: Object.freeze(bridge) });
  Object.defineProperty(window, '__bridge', { value: { calls, held: () => held } });
}

type BridgeState = { calls: { method: string; request?: unknown }[]; held: { relayUrl: string; token: string; persisted: boolean } | null; settings: string };
const bridgeState = (page: Page) =>
  page.evaluate(async () => {
    const b = (window as unknown as { __bridge: { calls: BridgeState['calls']; held: () => BridgeState['held'] } }).__bridge;
    const ws = (window as unknown as { __groundwork: { db: { settings: { toArray(): Promise<unknown[]> } } } }).__groundwork;
    return { calls: b.calls, held: b.held(), settings: JSON.stringify(await ws.db.settings.toArray()) } as BridgeState;
  });

/** The relay's /api/me, answered here; records the Authorization header each request carried. */
async function fakeRelay(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.route('http://localhost:9/api/me', async (route: Route) => {
    seen.push((await route.request().allHeaders()).authorization ?? '');
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': 'authorization' },
      body: JSON.stringify({ user: { id: 'u-ana', name: 'Ana Reyes', role: 'expert' }, engagements: [], expiresAt: 1_830_000_000 }),
    });
  });
  return seen;
}

test.describe('desktop shell in the web build', () => {
  test('sync sign-in as the desktop app: token to main, placeholder on the wire, the plain-text question', async ({ profile }) => {
    test.setTimeout(120_000);
    const page = profile.page;
    await page.addInitScript(installFakeBridge, { placeholder: PLACEHOLDER });
    const seen = await fakeRelay(page);
    await openApp(page, { query: 'empty=1', hash: '#/settings' });
    await expect(page.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible();
    // Before signing in: the page says the computer has no key store and what will happen.
    await expect(page.getByTestId('sync-no-key-store')).toContainText('no secure key store');
    await setTheme(page, 'light');
    await page.getByTestId('sync-settings').scrollIntoViewIfNeeded();
    await shot(page, 'desktop-sync-signin-light');

    const form = page.getByTestId('sync-sign-in');
    await form.getByLabel('Relay address').fill(RELAY);
    await form.getByLabel('Invite code or token').fill(TOKEN);
    await form.getByRole('button', { name: 'Sign in' }).click();

    const dialog = page.getByRole('dialog', { name: 'Keep your sign-in on this computer?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('This computer has no secure key store');
    // The safe answer has the focus; both answers are reachable with Tab.
    await expect(dialog.getByRole('button', { name: 'Sign in each time' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Store in plain text' })).toBeFocused();
    await expectNoSeriousA11yViolations(page, 'desktop token dialog (light)');
    await shot(page, 'desktop-sync-dialog-light');

    // The real token went to the bridge once, in memory only; the page sent the placeholder to the relay.
    let state = await bridgeState(page);
    expect(state.held).toEqual({ relayUrl: RELAY, token: TOKEN, persisted: false });
    expect(state.calls.filter((c) => c.method === 'storeRelayToken').map((c) => (c.request as { whenUnprotected: string }).whenUnprotected)).toEqual([
      'ask',
      'memory-only',
    ]);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`Bearer ${PLACEHOLDER}`]));
    expect(state.settings).not.toContain(TOKEN);

    await page.keyboard.press('Enter'); // "Store in plain text"
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('sync-token-keeping')).toContainText('stored in plain text in your profile');
    state = await bridgeState(page);
    expect(state.held?.persisted).toBe(true);
    expect(state.settings).not.toContain(TOKEN);

    await setTheme(page, 'dark');
    await shot(page, 'desktop-sync-signed-in-dark');
    await expectNoSeriousA11yViolations(page, 'desktop sync signed in (dark)');

    // Sign out clears main's copy.
    await page.getByTestId('sync-sign-out').click();
    await expect(page.getByTestId('sync-sign-in')).toBeVisible();
    state = await bridgeState(page);
    expect(state.held).toBeNull();
    expect(state.calls.at(-1)?.method).toBe('clearRelayToken');

    // Sign in again and answer with Escape: "sign in each time" — kept in memory only, and the page says so.
    await form.getByLabel('Invite code or token').fill(TOKEN);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeVisible();
    await shot(page, 'desktop-sync-dialog-dark');
    await expectNoSeriousA11yViolations(page, 'desktop token dialog (dark)');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('sync-token-keeping')).toContainText('kept in memory only');
    await page.getByTestId('sync-account').scrollIntoViewIfNeeded();
    await shot(page, 'desktop-sync-memory-only-dark');
    expect((await bridgeState(page)).held?.persisted).toBe(false);

    // Quitting forgets a token kept in memory only (the stand-in bridge starts empty on reload, as main would):
    // the page says why the person has to sign in again, and signing in asks again.
    await page.reload();
    await page.waitForFunction(() => Boolean((window as unknown as { __groundwork?: unknown }).__groundwork), null, { timeout: 90_000 });
    await expect(page.getByTestId('sync-sign-in-again')).toContainText('kept in memory only and forgotten when Groundwork quit');
    await expect(form.getByLabel('Relay address')).toHaveValue(RELAY);
    expect((await bridgeState(page)).settings).not.toContain(TOKEN);
    await expectNoSeriousA11yViolations(page, 'desktop sync sign in again (dark)');
    await form.getByLabel('Invite code or token').fill(TOKEN);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Sign in each time' }).click();
    await expect(page.getByTestId('sync-token-keeping')).toContainText('kept in memory only');

    // …and can still be stored later, from the same question.
    await page.getByRole('button', { name: 'Store in plain text…' }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Store in plain text' }).click();
    await expect(page.getByTestId('sync-token-keeping')).toContainText('stored in plain text');
    expect((await bridgeState(page)).held?.persisted).toBe(true);
    // The stand-in relay has no WebSocket endpoint; the failed connections are expected here.
    profile.problems.errors.splice(
      0,
      profile.problems.errors.length,
      ...profile.problems.errors.filter((e) => !/WebSocket connection to 'ws:\/\/localhost:9\/|ERR_CONNECTION_REFUSED/.test(e)),
    );
  });

  test('photos dropped anywhere on the window land in the open visit; other drops say what to do', async ({ profile }) => {
    test.setTimeout(120_000);
    const page = profile.page;
    await openApp(page, { query: 'empty=1' });
    const jpeg = await drawTestImage(page, { label: 'Dropped on the sidebar', width: 800, height: 600 });

    /** A real drop: DataTransfer + File built in the page, dispatched on `selector` like the OS would. */
    const drop = (selector: string, files: { name: string; type: string; bytes: number[] }[]) =>
      page.evaluate(
        ({ selector, files }) => {
          const data = new DataTransfer();
          for (const f of files) data.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
          const target = document.querySelector(selector)!;
          target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: data }));
          const over = new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data });
          target.dispatchEvent(over);
          const dropped = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data });
          target.dispatchEvent(dropped);
          // Not prevented = Chromium would navigate to the file.
          return { overPrevented: over.defaultPrevented, dropPrevented: dropped.defaultPrevented };
        },
        { selector, files },
      );
    const photo = { name: 'sidebar-drop.jpg', type: 'image/jpeg', bytes: [...jpeg] };

    // No visit open: the drop is caught (no navigation) and the page says where to drop.
    await expect(drop('nav[aria-label="Main"]', [photo])).resolves.toEqual({ overPrevented: true, dropPrevented: true });
    await expect(page.getByText('Open a visit to add the photo: drop them on the visit’s page.')).toBeVisible();

    // Open a visit (new engagement → new visit), then drop on the sidebar, outside the visit's own drop zone.
    await page.getByTestId('new-engagement').click();
    const newEngagement = page.getByRole('dialog', { name: 'New engagement' });
    await newEngagement.getByLabel('City').fill('Drop Harbor');
    await newEngagement.getByLabel('State').fill('ME');
    await newEngagement.getByRole('checkbox', { name: 'Housing' }).check();
    await newEngagement.getByLabel('Executive sponsor').fill('Mayor Dee');
    await newEngagement.getByRole('button', { name: 'Create engagement' }).click();
    await expect(newEngagement).toBeHidden();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Visits/ })
      .click();
    await page.getByTestId('new-visit').click();
    const newVisit = page.getByRole('dialog', { name: 'New site visit' });
    await newVisit.getByRole('radio').first().check();
    await newVisit.getByRole('button', { name: 'Create visit' }).click();
    await expect(newVisit).toBeHidden();
    await expect(page.getByTestId('visit-editor')).toBeVisible();

    await expect(drop('nav[aria-label="Main"]', [photo])).resolves.toEqual({ overPrevented: true, dropPrevented: true });
    const grid = page.getByTestId('visit-photo-grid');
    await expect(grid.getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
    const stored = await page.evaluate(async () => {
      const ws = (window as unknown as { __groundwork: { db: { blobs: { count(): Promise<number> } } } }).__groundwork;
      return ws.db.blobs.count();
    });
    expect(stored).toBeGreaterThanOrEqual(1);

    // Anything that is not a photo is refused with a sentence, and nothing is added.
    await expect(drop('nav[aria-label="Main"]', [{ name: 'notes.zip', type: 'application/zip', bytes: [0x50, 0x4b, 3, 4] }])).resolves.toEqual({
      overPrevented: true,
      dropPrevented: true,
    });
    await expect(page.getByText('Only photos can be dropped on Groundwork.', { exact: false })).toBeVisible();
    await expect(grid.getByRole('listitem')).toHaveCount(1);
  });
});
