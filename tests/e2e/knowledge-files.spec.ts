/**
 * Issue 7 — files on library items: attach with the picker and by dropping on the item, the list says what each
 * file is and where its bytes are, remove with undo, a too-big file is refused with a sentence; through a real relay
 * a second expert (granted on another engagement) downloads exactly the bytes the first attached (the network
 * room's blob scope, ADR 0018). axe on the item page with files.
 */
import type { Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, expectNoSeriousA11yViolations, launchSecondProfile, openApp, test, waitForQuiet } from './helpers.ts';
import { expectSignedIn, lastLine, signInFromSettings, useRelay } from './relay.ts';

test.describe.configure({ mode: 'serial' });

const relay = useRelay('gw-e2e-files-');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function addLibraryItem(page: Page, title: string): Promise<string> {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('new-library-item').click();
  const dialog = page.getByRole('dialog', { name: 'Add to the library' });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Author').fill('Wren Castellane');
  await dialog.getByTestId('save-library-item').click();
  await expect(page.getByTestId('library-item-title')).toHaveText(title);
  return /#\/library\/([^/?]+)/.exec(page.url())![1]!;
}

async function signIn(page: Page, url: string, token: string) {
  await signInFromSettings(page, url, token);
  await expectSignedIn(page);
}

/** Drop files on an element the way a file manager does (a DataTransfer built in the page). */
async function dropFiles(page: Page, selector: string, files: { name: string; type: string; size?: number; text?: string }[]) {
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector)!;
      const data = new DataTransfer();
      // A big file is made of zeros in the page: nothing crosses the DevTools wire.
      for (const f of files) data.items.add(new File([f.text ?? new Uint8Array(f.size ?? 0)], f.name, { type: f.type }));
      for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
    },
    { selector, files },
  );
}

test('attach by picker and by drop, see type/size/who, remove with undo, too-big refused; a second expert downloads the same bytes through the relay', async ({
  profile,
}) => {
  test.setTimeout(300_000);
  const a = profile.page;
  const second = await launchSecondProfile('gw-e2e-files-b-');
  const b = second.page;
  try {
    await openApp(a, { query: 'empty=1' });
    const itemId = await addLibraryItem(a, 'Vacant lot stewardship toolkit');
    const files = a.getByTestId('library-files');
    await expect(files).toContainText('No files yet.');

    // The picker: two files, listed with kind, size and who added them; not shared yet (signed out).
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    const csv = Buffer.from('parcel,status\n' + '17-204,vacant\n'.repeat(500));
    await a.getByTestId('library-file-input').setInputFiles([
      { name: 'stewardship-toolkit.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'lots.csv', mimeType: 'text/csv', buffer: csv },
    ]);
    const rows = files.getByTestId('library-file');
    await expect(rows).toHaveCount(2);
    const pdfRow = rows.filter({ hasText: 'stewardship-toolkit.pdf' });
    await expect(pdfRow).toContainText('PDF · 195 KB · added by You');
    await expect(pdfRow.getByTestId('file-status')).toContainText('This computer only');
    await expect(rows.filter({ hasText: 'lots.csv' })).toContainText('CSV · 7 KB');

    // Drop: one good file and one over the 50 MB limit — the good one is attached, the big one refused by name.
    await dropFiles(a, '.library-item', [
      { name: 'site-photos.zip', type: 'application/zip', text: 'PK zip-ish bytes for the test' },
      { name: 'drone-survey.mov', type: 'video/quicktime', size: 50 * 1024 * 1024 + 1 },
    ]);
    await expect(rows).toHaveCount(3);
    await expect(files.getByRole('alert')).toContainText('"drone-survey.mov" is 50.0 MB; files up to 50 MB can be attached.');
    await expect(rows.filter({ hasText: 'site-photos.zip' })).toContainText('ZIP');

    // Remove with undo.
    await rows.filter({ hasText: 'lots.csv' }).getByTestId('remove-file').click();
    await expect(rows).toHaveCount(2);
    await a.getByRole('status').filter({ hasText: 'Removed “lots.csv”.' }).getByRole('button', { name: 'Undo' }).click();
    await expect(rows).toHaveCount(3);

    // Attaching offers undo too: the file comes off the item again.
    await a.getByTestId('library-file-input').setInputFiles([{ name: 'wrong-draft.txt', mimeType: 'text/plain', buffer: Buffer.from('not this one') }]);
    await expect(rows).toHaveCount(4);
    await a.getByRole('status').filter({ hasText: 'Attached “wrong-draft.txt”.' }).getByRole('button', { name: 'Undo' }).click();
    await expect(rows).toHaveCount(3);
    await expect(rows.filter({ hasText: 'wrong-draft.txt' })).toHaveCount(0);

    // Download on this computer returns the same bytes.
    const [localDownload] = await Promise.all([a.waitForEvent('download'), pdfRow.getByTestId('download-file').click()]);
    expect(localDownload.suggestedFilename()).toBe('stewardship-toolkit.pdf');
    expect(sha(readFileSync((await localDownload.path())!))).toBe(sha(pdf));

    await waitForQuiet(a);
    await expectNoSeriousA11yViolations(a, 'library item with files');

    // Through the relay: Ana signs in (engagement A), the files go to the network's blob scope.
    await relay().cli(['engagement', 'add', '--id', 'eng-files-a', '--city', 'Fernhill', '--state', 'OR']);
    await relay().cli(['engagement', 'add', '--id', 'eng-files-b', '--city', 'Marrow Creek', '--state', 'OH']);
    const tokenA = lastLine(await relay().cli(['user', 'add', '--name', 'Ana Reyes', '--role', 'expert', '--engagement', 'eng-files-a']));
    const tokenB = lastLine(await relay().cli(['user', 'add', '--name', 'Ben Ortiz', '--role', 'expert', '--engagement', 'eng-files-b']));
    await signIn(a, relay().url, tokenA);
    await a.evaluate((h) => (location.hash = h), `#/library/${itemId}`);
    await expect(
      a.getByTestId('library-files').getByTestId('library-file').filter({ hasText: 'stewardship-toolkit.pdf' }).getByTestId('file-status'),
    ).toHaveText(/^Synced/, { timeout: 60_000 });

    // Ben (another engagement, same network) sees the item and downloads the same bytes from the relay.
    await openApp(b, { query: 'empty=1' });
    await signIn(b, relay().url, tokenB);
    await b.evaluate((h) => (location.hash = h), `#/library/${itemId}`);
    const benRow = b.getByTestId('library-file').filter({ hasText: 'stewardship-toolkit.pdf' });
    await expect(benRow).toBeVisible({ timeout: 60_000 });
    await expect(benRow.getByTestId('file-status')).toHaveText(/^On the relay/);
    await expect(benRow).toContainText('added by');
    const [download] = await Promise.all([b.waitForEvent('download', { timeout: 60_000 }), benRow.getByTestId('download-file').click()]);
    expect(download.suggestedFilename()).toBe('stewardship-toolkit.pdf');
    expect(sha(readFileSync((await download.path())!))).toBe(sha(pdf));
    // Verified and kept: now it is on Ben's computer too.
    await expect(benRow.getByTestId('file-status')).toHaveText(/^Synced/);
    await waitForQuiet(b);
    await expectNoSeriousA11yViolations(b, 'library item with files (second expert)');
  } finally {
    await second.close();
  }
  expect(second.problems.errors, 'the second page reported errors').toEqual([]);
});

test('start-up does not wait for the search index: the shell is usable while it loads, and a query typed meanwhile runs when it is ready', async ({
  profile,
}) => {
  test.setTimeout(240_000);
  const page = profile.page;
  await openApp(page, { query: 'empty=1' });
  // 40,000 stored search documents (what the projector keeps for a large programme), written straight to Dexie.
  const N = 40_000;
  await page.evaluate(async (n) => {
    const ws = (window as unknown as { __groundwork: { db: { searchDocs: { bulkPut(rows: unknown[]): Promise<unknown> } } } }).__groundwork;
    const words = ['vacant', 'parcel', 'assessor', 'lien', 'budget', 'forecast', 'rental', 'registry', 'zoning', 'bypass', 'depot', 'mill'];
    for (let start = 0; start < n; start += 5000) {
      const rows = [];
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const text = Array.from({ length: 40 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' ');
        rows.push({
          key: `finding:e-bulk:f${i}`,
          kind: 'finding',
          id: `f${i}`,
          engagementId: 'e-bulk',
          title: `Finding ${i} ${words[i % words.length]}`,
          text,
          city: 'Bulkton, OH',
          focusAreas: ['housing'],
          status: 'draft',
          author: 'you',
          date: '2026-01-01',
          tags: '',
        });
      }
      rows.push({
        key: 'finding:e-bulk:quarry',
        kind: 'finding',
        id: 'quarry',
        engagementId: 'e-bulk',
        title: 'Abandoned quarry lake',
        text: 'Quarry lake access',
        city: 'Bulkton, OH',
        focusAreas: ['housing'],
        status: 'draft',
        author: 'you',
        date: '2026-01-01',
        tags: '',
      });
      await ws.db.searchDocs.bulkPut(rows);
    }
  }, N);

  await page.reload();
  // The shell is there and usable while the index is still loading…
  await page.waitForFunction(() => Boolean((window as unknown as { __groundwork?: unknown }).__groundwork), null, { timeout: 90_000 });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const state = await page.evaluate(
    () => (window as unknown as { __groundwork: { search: { status: { state: string; total: number } } } }).__groundwork.search.status,
  );
  expect(state.state, 'the app rendered only after the index had loaded').toBe('loading');
  await page.getByTestId('nav-library').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await page.getByTestId('global-search-input').fill('quarry');
  // …the palette says so (unless the load finished in between), and the query runs by itself once it is ready.
  const results = page.getByTestId('global-search').getByRole('option');
  await expect(page.getByTestId('search-indexing').or(results.first())).toBeVisible();
  await expect(results.first()).toContainText('Abandoned quarry lake', { timeout: 120_000 });
  await expect(page.getByTestId('search-indexing')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __groundwork: { search: { size: number } } }).__groundwork.search.size)).toBeGreaterThan(N);
});
