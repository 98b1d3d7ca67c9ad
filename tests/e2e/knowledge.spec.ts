/**
 * Issue 7 — the network's knowledge in the workbench: a 311 request from logging to a published library memo
 * (drag on the triage board, keyboard triage, the answer memo), found again by global search from another
 * engagement, linked as a recommendation's basis and named in the internal report (read back with pdftotext);
 * peer suggestions with their reasons; the library import report; axe on every new screen.
 */
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { biggestEngagement, engagementRows, expect, expectNoSeriousA11yViolations, openApp, settle, test, waitForQuiet } from './helpers.ts';

test.describe.configure({ mode: 'parallel' });

const TOPIC = 'Heir property and tangled titles';

/** Work as a programme lead (who triages and publishes). There is no role switch in the UI outside relay sign-in. */
async function becomeLead(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __groundwork: { setUser(u: unknown): Promise<void> } }).__groundwork.setUser({ id: 'lead-e2e', name: 'Robin Achterberg', role: 'lead' }));
  await page.reload();
  await page.waitForFunction(() => Boolean((window as unknown as { __groundwork?: unknown }).__groundwork), null, { timeout: 90_000 });
}

const pdfText = (pdf: Buffer) => execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 }).toString('utf8');

test('a 311 request goes new → triaged → assigned → answered → published, is found from another engagement, and as a basis shows in the internal report', async ({ profile }) => {
  test.setTimeout(240_000);
  const page = profile.page;
  await openApp(page);
  await becomeLead(page);

  // Log the request; an empty form answers with readable sentences first.
  await page.getByTestId('nav-requests').click();
  await expect(page.getByRole('heading', { level: 1, name: '311 requests' })).toBeVisible();
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'requests inbox');
  await page.getByTestId('new-request').click();
  const dialog = page.getByRole('dialog', { name: 'New 311 request' });
  await dialog.getByTestId('create-request').click();
  const errors = dialog.getByTestId('request-errors');
  await expect(errors).toContainText('City is required.');
  await expect(errors).toContainText('Topic is required.');
  await expectNoSeriousA11yViolations(page, 'new request dialog');
  await dialog.getByLabel('City').fill('Brookhaven');
  await dialog.getByLabel('State').fill('ny');
  await dialog.getByLabel("Official's name").fill('Delphine Arroway');
  await dialog.getByLabel('Title').fill('Housing director');
  await dialog.getByLabel('Focus area').selectOption({ label: 'Housing' });
  await dialog.getByLabel('Urgency').selectOption('high');
  await dialog.getByLabel('Topic').fill(TOPIC);
  await dialog.getByLabel('Question').fill('Many inherited houses have no clear owner of record. How have other cities cleared heirs property titles so the homes can be repaired?');
  await dialog.getByTestId('create-request').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('request-title')).toHaveText(TOPIC);
  await expect(page.locator('.request-head .req-status')).toHaveText('New');
  const requestUrl = page.url();

  // Triage board: drag the card from New to Triaged.
  await page.getByRole('link', { name: '311 requests' }).click();
  await page.getByTestId('view-board').click();
  const card = page.getByTestId('board-card').filter({ hasText: TOPIC });
  await expect(page.getByTestId('column-new').getByTestId('board-card').filter({ hasText: TOPIC })).toBeVisible();
  await card.dragTo(page.getByTestId('column-triaged'));
  await expect(page.getByTestId('column-triaged').getByTestId('board-card').filter({ hasText: TOPIC })).toBeVisible();
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'triage board');

  // Keyboard: focus the card, T opens triage; assign an expert and a due date, then move to Assigned.
  await card.focus();
  await page.keyboard.press('t');
  const triage = page.getByRole('dialog', { name: `Triage: ${TOPIC}` });
  await expect(triage).toBeVisible();
  await expect(triage.getByTestId('triage-move-assigned')).toBeDisabled();
  const assignee = triage.getByTestId('triage-assignee');
  await expect(assignee.locator('option')).not.toHaveCount(1);
  const expertName = (await assignee.locator('option').nth(1).textContent())!.split(' — ')[0]!.trim();
  await assignee.selectOption({ index: 1 });
  await triage.getByTestId('triage-due').fill('2031-06-30');
  await expect(triage.getByTestId('triage-move-assigned')).toBeEnabled();
  await triage.getByTestId('triage-move-assigned').click();
  await expect(triage).toBeHidden();
  const assigned = page.getByTestId('column-assigned').getByTestId('board-card').filter({ hasText: TOPIC });
  await expect(assigned).toContainText(expertName);

  // Enter on the card opens the request; write the answer memo and mark it answered.
  await assigned.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(requestUrl);
  await expect(page.getByTestId('request-assignee')).toHaveText(expertName);
  await page.getByTestId('memo-caseStudies').fill('Several cities run heirs property clinics with legal aid: volunteer lawyers clear titles for a small fee.');
  await page.getByTestId('memo-bestPractices').fill('Start with a title search on every vacant inherited house; pair it with repair grants.');
  await page.getByTestId('memo-financing').fill('Legal aid grants, a revolving loan fund, and the state housing trust fund.');
  await page.getByTestId('memo-considerations').fill('Probate can take a year; tell families early what documents they need.');
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'request memo');
  await page.getByTestId('move-answered').click();
  await expect(page.locator('.request-head .req-status')).toHaveText('Answered');

  // Publish: the memo becomes a library item, linked from the request.
  await page.getByTestId('publish-answer').click();
  await expect(page.locator('.request-head .req-status')).toHaveText('Published');
  await page.getByTestId('published-link').click();
  await expect(page.getByTestId('library-item-title')).toHaveText(TOPIC);
  await expect(page.getByTestId('library-body')).toHaveValue(/## Case studies[\s\S]*heirs property clinics/);

  // From another engagement: Ctrl+K, a typo still finds the published memo, Enter opens it where it is.
  const big = await biggestEngagement(page);
  await page.goto(`./#/e/${encodeURIComponent(big.id)}/recommendations`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('global-search');
  await expect(palette).toBeVisible();
  await page.getByTestId('global-search-input').fill('tangld heir');
  const hit = palette.getByRole('option').filter({ hasText: TOPIC }).first();
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').first()).toBeVisible();
  await expect(palette.getByRole('option').first()).toContainText(/Library|311 request/);
  await expectNoSeriousA11yViolations(page, 'global search palette');
  // ↓ / ↑ move the active option; Enter opens the library item (not the request).
  const options = palette.getByRole('option');
  const count = await options.count();
  let index = -1;
  for (let i = 0; i < count; i++) if ((await options.nth(i).getAttribute('data-kind')) === 'library' && (await options.nth(i).textContent())!.includes(TOPIC)) index = i;
  expect(index).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
  await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('library-item-title')).toHaveText(TOPIC);

  // Link it as the basis of a recommendation of that engagement.
  await page.goto(`./#/e/${encodeURIComponent(big.id)}/recommendations`);
  await page.getByTestId('recommendations-table').locator('[role="row"][data-row-id]').first().click();
  await expect(page).toHaveURL(/\/recommendations\/[^/]+$/);
  const basis = page.getByTestId('basis-recommendations');
  await basis.getByTestId('basis-recommendations-add').click();
  const picker = page.getByTestId('basis-recommendations-picker');
  await picker.getByRole('searchbox').fill('tangled');
  await picker.getByRole('checkbox', { name: new RegExp(TOPIC) }).check();
  await page.getByTestId('basis-recommendations-picker-done').click();
  await expect(basis.getByRole('link', { name: TOPIC })).toBeVisible();
  await settle(page);

  // The internal report names it as the recommendation's basis.
  await page.goto(`./#/e/${encodeURIComponent(big.id)}/overview`);
  await page.getByRole('button', { name: 'Export report' }).click();
  const report = page.getByRole('dialog', { name: 'Export report' });
  await report.getByRole('group', { name: 'Edition' }).getByRole('button', { name: 'Internal' }).click();
  await report.getByRole('checkbox', { name: 'Photos with findings' }).uncheck();
  await report.getByRole('button', { name: 'Preview' }).click();
  const save = report.getByRole('button', { name: 'Save PDF…' });
  await expect(save).toBeEnabled({ timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  const text = pdfText(readFileSync((await download.path())!));
  expect(text.replace(/\s+/g, ' ')).toContain(`Basis: ${TOPIC}`);
});

test('peer suggestions show their reasons; the peer network groups engagements by shared challenge', async ({ profile }) => {
  test.setTimeout(180_000);
  const page = profile.page;
  await openApp(page);
  const rows = await engagementRows(page);
  expect(rows.length).toBeGreaterThan(2);
  await page.goto(`./#/e/${encodeURIComponent(rows[0]!.id)}/overview`);
  const card = page.getByTestId('peer-card');
  await expect(card.getByTestId('peer-suggestion').first()).toBeVisible({ timeout: 30_000 });
  const first = card.getByTestId('peer-suggestion').first();
  await expect(first.getByRole('list', { name: /^Why .* is suggested$/ }).getByRole('listitem').first()).toHaveText(/^(Shares .+|Similar .+\(.+ vs .+\)|[\d,]+ km away|Same place)$/);
  await expect(first).toContainText(/\d+ · (Strong match|Good match|Some overlap)/);

  await page.getByTestId('nav-peers').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Peer network' })).toBeVisible();
  await page.getByTestId('peer-target').selectOption(rows[0]!.id);
  const ranking = page.getByTestId('peer-ranking');
  await expect(ranking.locator('tbody tr').first()).toContainText(/Shares|Similar|km away/);
  await expect(page.getByTestId('challenge-groups').locator('.challenge').first()).toBeVisible();
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'peer network');
});

test('library: import reports skipped files with reasons and adds the accepted ones in one go; search page filters', async ({ profile }) => {
  test.setTimeout(180_000);
  const page = profile.page;
  await openApp(page);
  await page.getByTestId('nav-library').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'library');
  const before = await page.evaluate(() => (window as unknown as { __groundwork: { db: { library: { count(): Promise<number> } } } }).__groundwork.db.library.count());

  await page.getByTestId('import-library').click();
  const dialog = page.getByRole('dialog', { name: 'Import into the library' });
  await dialog.getByTestId('import-files').setInputFiles([
    { name: 'stormwater-fees.md', mimeType: 'text/markdown', buffer: Buffer.from('---\ntitle: Stormwater utility fees explained\nkind: guide\nauthor: Wren Castellane\ndate: 2025-03-02\nfocusAreas: [housing]\ntags: [stormwater, fees]\n---\n\nA stormwater fee charges by impervious area.\n') },
    { name: 'no-title.md', mimeType: 'text/markdown', buffer: Buffer.from('---\nkind: guide\nauthor: Someone\ndate: 2025-01-01\n---\n\nBody without a title.\n') },
    { name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from('title,kind,author,date\nMain street parking study,dataset,Ilse Marchetti,2024-11-05\nBad row,brochure,Nobody,2024-01-01\n') },
    { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from([137, 80, 78, 71]) },
  ]);
  const reportEl = dialog.getByTestId('import-report');
  await expect(reportEl).toBeVisible();
  await expect(dialog.getByTestId('import-accepted').locator('tbody tr')).toHaveCount(2);
  const skipped = dialog.getByTestId('import-skipped');
  await expect(skipped.locator('tbody tr')).toHaveCount(3);
  await expect(skipped).toContainText('no-title.md');
  await expect(skipped).toContainText('list.csv');
  await expect(skipped).toContainText('photo.png');
  await expect(skipped.locator('tbody tr').filter({ hasText: 'list.csv' })).toContainText(/row 2/);
  await expectNoSeriousA11yViolations(page, 'library import report');
  await dialog.getByTestId('import-apply').click();
  await expect(dialog.getByTestId('import-done')).toContainText('2 items added');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __groundwork: { db: { library: { count(): Promise<number> } } } }).__groundwork.db.library.count())).toBe(before + 2);
  await dialog.getByRole('button', { name: 'Show the library' }).click();
  await page.getByTestId('library-filter').fill('stormwater');
  await expect(page.getByTestId('library-table').getByRole('row').filter({ hasText: 'Stormwater utility fees explained' })).toBeVisible();

  // The search page: typo-tolerant, filtered by kind, highlighted, keyboard to open.
  await page.goto('./#/search?q=stormwatr');
  const input = page.getByTestId('search-page-input');
  await expect(input).toHaveValue('stormwatr');
  const results = page.getByTestId('search-results');
  await expect(results.getByRole('option').first()).toContainText('Stormwater utility fees explained');
  await page.getByRole('group', { name: 'Kinds of item' }).getByRole('button', { name: /^Library/ }).click();
  await expect(results.getByRole('option').first().locator('mark').first()).toHaveText(/stormwater/i);
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'search page');
  await input.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('library-item-title')).toHaveText('Stormwater utility fees explained');
});
