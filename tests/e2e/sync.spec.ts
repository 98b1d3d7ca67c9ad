/**
 * Sync, as two experts live it: a real relay process (sync-server CLI) with an engagement registered and two
 * expert tokens minted by `user add`; two separate browser profiles sign in through Settings → Sync; the
 * engagement one of them created appears on the other's list by itself; both open it and see each other;
 * one goes offline (context.setOffline), both edit — different recommendations and the same prose field —
 * and when it comes back both see the union. Screenshots of the settings section and the sync indicators.
 */
import type { Page } from '@playwright/test';
import { lastLine, setOffline, submitSignIn, useRelay } from './relay.ts';
import { expect, expectNoSeriousA11yViolations, launchSecondProfile, openApp, setTheme, shot, test, type PageProblems } from './helpers.ts';

const relay = useRelay('gw-e2e-relay-');
const relayCli = (args: string[]) => relay().cli(args);

test.describe.configure({ mode: 'serial' });

/** Browser noise from the deliberate error cases (a refused token, an unreachable address), not the app's. */
function dropExpectedNetworkErrors(problems: PageProblems) {
  const expected = /Failed to load resource: (net::ERR_CONNECTION_REFUSED|the server responded with a status of 401)|WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/.*' failed/;
  problems.errors.splice(0, problems.errors.length, ...problems.errors.filter((e) => !expected.test(e)));
}

async function goSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible();
}

const signIn = submitSignIn;

type SyncProbe = { connected: boolean | null; phase: string | null; pending: number };
const syncProbe = (page: Page, id: string) =>
  page.evaluate((engagementId) => {
    const sync = (window as unknown as { __groundwork: { sync: { link(id: string): { connected: boolean } | undefined; status(id: string): { phase: string; pending: number } | undefined } } }).__groundwork.sync;
    const s = sync.status(engagementId);
    return { connected: sync.link(engagementId)?.connected ?? null, phase: s?.phase ?? null, pending: s?.pending ?? 0 } as SyncProbe;
  }, id);

async function newRecommendation(page: Page, engagementId: string, title: string): Promise<string> {
  await page.evaluate((h) => (location.hash = h), `#/e/${engagementId}/recommendations`);
  await page.getByTestId('new-recommendation').click();
  await expect(page.getByTestId('recommendation-editor')).toBeVisible();
  await page.getByTestId('rec-title').fill(title);
  await page.getByTestId('rec-title').press('Tab');
  return /#\/e\/[^/]+\/recommendations\/([^/?]+)/.exec(page.url())![1]!;
}

async function appendToRationale(page: Page, text: string) {
  const rationale = page.getByTestId('rec-rationale');
  await rationale.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test('two experts: sign in, the engagement appears by itself, offline edits merge, presence shows both', async ({ profile }) => {
  test.setTimeout(240_000);
  const a = profile.page;
  const second = await launchSecondProfile('gw-e2e-b-');
  const b = second.page;
  try {
    await openApp(a, { query: 'empty=1' });
    await openApp(b, { query: 'empty=1' });
    await expect(a.getByTestId('sync-indicator-text')).toHaveText('Sync off');

    // Ana creates the engagement on her computer.
    await a.getByTestId('new-engagement').click();
    const dialog = a.getByRole('dialog', { name: 'New engagement' });
    await dialog.getByLabel('City').fill('Fernhill');
    await dialog.getByLabel('State').fill('or');
    await dialog.getByRole('checkbox', { name: 'Housing' }).check();
    await dialog.getByRole('button', { name: 'Create engagement' }).click();
    await expect(a).toHaveURL(/#\/e\/[^/]+\/overview/);
    const engagementId = /#\/e\/([^/]+)/.exec(a.url())![1]!;

    // The relay's administrator registers it and gives both experts a token.
    await relayCli(['engagement', 'add', '--id', engagementId, '--city', 'Fernhill', '--state', 'OR']);
    const tokenA = lastLine(await relayCli(['user', 'add', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', engagementId]));
    const tokenB = lastLine(await relayCli(['user', 'add', '--name', 'Ben Ortiz', '--role', 'expert', '--engagement', engagementId]));
    expect(tokenA).toMatch(/^gw1\./);

    // Settings → Sync: wrong address, unreachable relay and a refused token each say what is wrong.
    await goSettings(a);
    await expect(a.getByTestId('relay-url')).toHaveValue('ws://127.0.0.1:4444');
    await signIn(a, 'ftp://relay', tokenA);
    await expect(a.getByTestId('sync-sign-in')).toContainText('A relay address starts with ws:// or wss://');
    await signIn(a, 'ws://127.0.0.1:59', tokenA);
    await expect(a.getByTestId('sync-sign-in')).toContainText('could not be reached');
    await signIn(a, relay().url, `${tokenA.slice(0, -4)}AAAA`);
    await expect(a.getByTestId('sync-sign-in')).toContainText('did not accept this token');
    await shot(a, 'sync-settings-error');
    dropExpectedNetworkErrors(profile.problems);

    await signIn(a, relay().url, tokenA);
    await expect(a.getByTestId('sync-user')).toHaveText('Ana Reyes');
    await expect(a.getByTestId('sync-engagements')).toContainText('Fernhill, OR');
    await expect(a.getByTestId('sync-engagements')).toContainText(/Synced/, { timeout: 20_000 });
    await expect(a.getByTestId('sync-indicator-text')).toHaveText(/^Synced/);
    await shot(a, 'sync-settings-signed-in');
    await expectNoSeriousA11yViolations(a, 'sync-settings');

    // Ben signs in on his computer: Fernhill appears in his list without him doing anything else.
    await goSettings(b);
    await signIn(b, relay().url, tokenB);
    await expect(b.getByTestId('sync-user')).toHaveText('Ben Ortiz');
    await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Engagements/ }).click();
    const rowB = b.getByTestId('engagements-table').getByRole('row', { name: /Fernhill, OR/ });
    await expect(rowB).toBeVisible({ timeout: 20_000 });
    await expect(rowB).toContainText(/Synced/);
    await shot(b, 'sync-engagement-list');

    // Both open it: each sees the other in the header.
    await rowB.click();
    await a.evaluate((h) => (location.hash = h), `#/e/${engagementId}/overview`);
    await expect(a.getByTestId('presence').locator('[data-user="Ben Ortiz"]')).toBeVisible({ timeout: 15_000 });
    await expect(b.getByTestId('presence').locator('[data-user="Ana Reyes"]')).toBeVisible({ timeout: 15_000 });
    await expect(a.getByTestId('engagement-sync')).toContainText('Synced');
    await shot(a, 'sync-engagement-header-presence');

    // A shared recommendation, open on both screens; Ben's cursor in Rationale shows on Ana's screen.
    const recId = await newRecommendation(a, engagementId, 'Repair the Main Street crossings');
    await b.evaluate((h) => (location.hash = h), `#/e/${engagementId}/recommendations/${recId}`);
    await expect(b.getByTestId('rec-title')).toHaveValue('Repair the Main Street crossings', { timeout: 15_000 });
    await b.getByTestId('rec-rationale').click();
    await expect(a.getByTestId('editing-notice')).toHaveText(/Ben Ortiz is editing Rationale/, { timeout: 10_000 });
    await shot(a, 'sync-editing-presence');
    await appendToRationale(a, 'Crossings first.');
    await expect(b.getByTestId('rec-rationale')).toHaveValue('Crossings first.', { timeout: 10_000 });

    // Ana loses her connection: the provider really disconnects and the app says so.
    await setOffline(profile.context, a, true);
    await expect.poll(() => syncProbe(a, engagementId)).toMatchObject({ connected: false, phase: 'offline' });
    await expect(a.getByTestId('sync-indicator-text')).toHaveText('Offline');

    // Both edit: the same prose field, and a recommendation each.
    await appendToRationale(a, ' Ana: ask the state DOT about the grant.');
    await appendToRationale(b, ' Ben: the school district will co-fund.');
    await newRecommendation(a, engagementId, 'Ana offline: paint the crosswalks');
    await newRecommendation(b, engagementId, 'Ben online: add a bus shelter');
    await expect.poll(async () => (await syncProbe(a, engagementId)).pending).toBeGreaterThan(0);
    await expect(a.getByTestId('sync-indicator')).toContainText(/changes? waiting/);
    for (const page of [a, b]) await page.evaluate((h) => (location.hash = h), `#/e/${engagementId}/recommendations`);
    await expect(a.getByTestId('engagement-sync')).toContainText(/Offline · \d+ changes? waiting/);
    await shot(a, 'sync-offline-pending');
    // Ben cannot see Ana's offline work yet.
    await expect(b.getByTestId('recommendations-table')).not.toContainText('Ana offline');

    // Ana is back: everything merges both ways, nothing pending.
    await setOffline(profile.context, a, false);
    await expect.poll(() => syncProbe(a, engagementId), { timeout: 20_000 }).toMatchObject({ connected: true, phase: 'synced', pending: 0 });
    for (const page of [a, b]) {
      const table = page.getByTestId('recommendations-table');
      await expect(table).toContainText('Ana offline: paint the crosswalks', { timeout: 15_000 });
      await expect(table).toContainText('Ben online: add a bus shelter');
      await expect(table).toContainText('Repair the Main Street crossings');
    }
    await expect(a.getByTestId('sync-indicator-text')).toHaveText(/^Synced/);
    await shot(a, 'sync-back-online-synced');

    for (const page of [a, b]) {
      await page.evaluate((h) => (location.hash = h), `#/e/${engagementId}/recommendations/${recId}`);
      const rationale = page.getByTestId('rec-rationale');
      await expect(rationale).toHaveValue(/Ana: ask the state DOT about the grant\./, { timeout: 15_000 });
      await expect(rationale).toHaveValue(/Ben: the school district will co-fund\./);
      await expect(rationale).toHaveValue(/^Crossings first\./);
    }
    expect(await a.getByTestId('rec-rationale').inputValue()).toBe(await b.getByTestId('rec-rationale').inputValue());
    // Presence is back on both sides.
    await expect(a.getByTestId('presence').locator('[data-user="Ben Ortiz"]')).toBeVisible({ timeout: 15_000 });
    await expect(b.getByTestId('presence').locator('[data-user="Ana Reyes"]')).toBeVisible({ timeout: 15_000 });
    await shot(b, 'sync-union-presence');
    await expectNoSeriousA11yViolations(b, 'sync-recommendation-editor');

    // Dark theme: the sync section and indicators.
    await setTheme(b, 'dark');
    await goSettings(b);
    await shot(b, 'sync-settings-dark');
  } finally {
    await second.close();
  }
  dropExpectedNetworkErrors(profile.problems);
  expect(second.problems.errors, 'the second page reported errors').toEqual([]);
});
