import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { biggestEngagement, engagementRows, expect, expectNoSeriousA11yViolations, openApp, shot, test, waitForQuiet } from './helpers.ts';

/**
 * Reports in the app: the engagement's export dialog (what the public edition leaves out, rendered in the worker,
 * saved as a browser download) and the portfolio view (matrix, drill-down, portfolio export). Each downloaded PDF is
 * read back with pdftotext: it names the city and carries no internal-only marker.
 */
test.describe.configure({ mode: 'parallel' });

interface RecIndexRow {
  engagementId: string;
  number: number;
  title: string;
  reviewState: string;
  confidential: boolean;
}

/** Recommendation titles that must never reach a public PDF: unapproved or confidential ones no published title contains. */
async function internalOnlyTitles(page: Page, engagementId?: string): Promise<string[]> {
  const rows = await page.evaluate(async () => {
    const ws = (window as unknown as { __groundwork: { db: { recommendations: { toArray(): Promise<RecIndexRow[]> } } } }).__groundwork;
    return (await ws.db.recommendations.toArray()).map(({ engagementId, number, title, reviewState, confidential }) => ({ engagementId, number, title, reviewState, confidential }));
  });
  const scoped = engagementId ? rows.filter((r) => r.engagementId === engagementId) : rows;
  const published = rows.filter((r) => r.reviewState === 'approved' && !r.confidential).map((r) => r.title);
  // A title that is part of a published one ("… together" in "… together (citywide)") would be found anyway.
  return scoped.filter((r) => (r.reviewState !== 'approved' || r.confidential) && !published.some((p) => p.includes(r.title))).map((r) => r.title);
}

/** Render the preview in the worker, then Save: the browser platform saves as a download. */
async function renderAndDownload(page: Page, dialogName: string): Promise<{ pdf: Buffer; download: Download }> {
  const dialog = page.getByRole('dialog', { name: dialogName });
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const save = dialog.getByRole('button', { name: 'Save PDF…' });
  await expect(save).toBeEnabled({ timeout: 120_000 });
  await expect(dialog.locator('iframe.report-preview')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  const path = await download.path();
  return { pdf: readFileSync(path!), download };
}

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, maxBuffer: 64 * 1024 * 1024 })
    .toString('utf8')
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, '$1-$2');

test('engagement report: lists what the public edition leaves out, exports it as a PDF download without internal items', async ({ profile }) => {
  test.setTimeout(240_000);
  const page = profile.page;
  await openApp(page);
  const eng = await biggestEngagement(page);
  await page.goto(`./#/e/${encodeURIComponent(eng.id)}/overview`);
  await page.getByRole('button', { name: 'Export report' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export report' });
  await expect(dialog).toBeVisible();

  // Before anything is rendered: the items the public edition leaves out, with the reason.
  const excluded = dialog.getByTestId('report-excluded');
  await expect(excluded.getByRole('heading', { name: /Left out of the public edition \((\d+)\)/ })).toBeVisible();
  const heading = await excluded.getByRole('heading').innerText();
  expect(Number(/\((\d+)\)/.exec(heading)![1])).toBeGreaterThan(0);
  const markers = await internalOnlyTitles(page, eng.id);
  expect(markers.length).toBeGreaterThan(0);
  await expect(excluded.getByText(markers[0]!, { exact: false }).first()).toBeAttached();
  await expect(excluded.getByText(/not approved|marked confidential/).first()).toBeAttached();
  await expectNoSeriousA11yViolations(page, 'export report dialog');

  const { pdf, download } = await renderAndDownload(page, 'Export report');
  expect(download.suggestedFilename()).toMatch(/-report-public\.pdf$/);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  expect(text).toContain(`${eng.city}, ${eng.state}`);
  expect(text).toContain('Public edition');
  const leaked = markers.filter((m) => text.includes(m));
  expect(leaked).toEqual([]);
  await shot(page, 'reports-dialog-preview');
});

test('portfolio: matrix by city and status, drill-down, axe clean, exports the portfolio report as a download', async ({ profile }) => {
  test.setTimeout(240_000);
  const page = profile.page;
  await openApp(page);
  const rows = await engagementRows(page);
  expect(rows.length).toBeGreaterThan(1);

  await page.getByTestId('nav-portfolio').click();
  await expect(page).toHaveURL(/#\/portfolio$/);
  const matrix = page.getByTestId('portfolio-matrix');
  await expect(matrix).toBeVisible();
  for (const r of rows) await expect(matrix.getByRole('rowheader', { name: new RegExp(`^${r.city}, ${r.state}`) })).toBeVisible();
  // The total per city is each engagement's recommendation count.
  const big = rows.reduce((a, b) => (b.recommendationCount > a.recommendationCount ? b : a));
  await expect(matrix.getByRole('button', { name: `${big.city}, ${big.state}: ${big.recommendationCount} recommendations — list them` })).toBeVisible();
  await waitForQuiet(page);
  await expectNoSeriousA11yViolations(page, 'portfolio');
  await shot(page, 'portfolio-light');

  // A count lists the recommendations behind it, each linking to its editor.
  await matrix.getByRole('button', { name: new RegExp(`^${big.city}, ${big.state}: \\d+ in progress`) }).click();
  const drill = page.getByTestId('portfolio-drill');
  await expect(drill.getByRole('heading', { name: new RegExp(`${big.city}, ${big.state} · In progress`) })).toBeVisible();
  const first = drill.getByRole('link').filter({ hasNot: page.getByText('All recommendations') }).first();
  await expect(first).toHaveAttribute('href', /#\/e\/[^/]+\/recommendations\/[^/]+$/);

  // Filters narrow the counts.
  await page.getByRole('combobox', { name: 'Filter by status' }).selectOption('implemented');
  await expect(matrix.getByRole('columnheader', { name: 'In progress' })).toHaveCount(0);
  await expect(matrix.getByRole('columnheader', { name: 'Implemented' })).toBeVisible();
  await page.getByRole('button', { name: 'Clear filters' }).click();

  await page.getByTestId('export-portfolio').click();
  const dialog = page.getByRole('dialog', { name: 'Export portfolio report' });
  await expect(dialog.getByTestId('report-excluded')).toBeVisible({ timeout: 60_000 });
  await expectNoSeriousA11yViolations(page, 'export portfolio dialog');
  const markers = await internalOnlyTitles(page);
  const { pdf, download } = await renderAndDownload(page, 'Export portfolio report');
  expect(download.suggestedFilename()).toBe('portfolio-report-public.pdf');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = pdfText(pdf);
  for (const r of rows) expect(text).toContain(`${r.city}, ${r.state}`);
  expect(text).toContain('Summary by city');
  expect(markers.filter((m) => text.includes(m))).toEqual([]);
});
