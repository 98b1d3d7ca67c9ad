// Foundation benchmarks, measured inside Debian's headless Chromium on the web build with the 10× sample
// programme (`?db=bench&scale=10`: its biggest engagement has ≥3,000 recommendations). Run by `npm run bench`
// (scripts/bench.mjs), which builds and serves the app. Timings are taken in the page with performance.now(), so
// the Playwright round trip is never part of a figure. Nothing here asserts: it reports.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Same browser and flags as playwright.config.ts (which plain Node cannot import: it is TypeScript).
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const BUDGETS = {
  open: 500, // ms: engagements list → ≥3,000-row recommendations table rendered, doc loaded cold from IndexedDB
  keystroke: 16, // ms: keydown → next frame after the input is handled (p95)
  filter: 50, // ms: change a search/filter → visible rows and the count line updated
};

const quantile = (xs, q) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
};

function summarize(name, samples, budget, note = '') {
  const p50 = quantile(samples, 0.5);
  const p95 = quantile(samples, 0.95);
  return { name, n: samples.length, p50, p95, max: Math.max(...samples), budget, ratio: budget ? p95 / budget : NaN, note };
}

/** Wait in the page for a selector, then for one more frame to be produced. */
const waitInPage = async (page, selector, timeout = 60_000) => page.waitForSelector(selector, { timeout, state: 'attached' });

async function seed(page, baseURL) {
  const t0 = Date.now();
  await page.goto(`${baseURL}?db=bench&scale=10#/`);
  await page.waitForFunction(() => Boolean(window.__groundwork), null, { timeout: 280_000, polling: 250 });
  await waitInPage(page, '[data-testid="engagements-table"] [role="row"][data-row-id]');
  const seedMs = Date.now() - t0;
  const info = await page.evaluate(async () => {
    const ws = window.__groundwork;
    const rows = await ws.db.engagements.toArray();
    const big = rows.reduce((a, b) => (b.recommendationCount > a.recommendationCount ? b : a));
    const visits = await ws.db.visits.where('engagementId').equals(big.id).toArray();
    return {
      engagements: rows.length,
      id: big.id,
      city: `${big.city}, ${big.state}`,
      recommendations: big.recommendationCount,
      visits: big.visitCount,
      findings: big.findingCount,
      visitId: visits[0]?.id,
    };
  });
  return { seedMs, ...info };
}

async function docSize(page, id) {
  return page.evaluate(async (docId) => {
    const rows = await window.__groundwork.db.updates.where('docId').equals(docId).toArray();
    return { bytes: rows.reduce((n, r) => n + r.update.byteLength, 0), rows: rows.length };
  }, `eng:${id}`);
}

/** (i) From the engagements list (fresh page load: nothing in memory), open the recommendations tab. */
async function measureOpen(page, baseURL, id, runs) {
  const samples = [];
  for (let i = 0; i < runs + 1; i++) {
    await page.goto(`${baseURL}?db=bench#/`);
    await page.waitForFunction(() => Boolean(window.__groundwork), null, { timeout: 60_000 });
    await waitInPage(page, '[data-testid="engagements-table"] [role="row"][data-row-id]');
    const ms = await page.evaluate(
      (engagementId) =>
        new Promise((resolve, reject) => {
          const t0 = performance.now();
          const done = () => {
            if (!document.querySelector('[data-testid="recommendations-table"] [role="row"][data-row-id]')) return false;
            obs.disconnect();
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve(performance.now() - t0);
              ch.port2.postMessage(0);
            });
            return true;
          };
          const obs = new MutationObserver(done);
          obs.observe(document.body, { childList: true, subtree: true });
          setTimeout(() => reject(new Error('the recommendations table did not render within 30 s')), 30_000);
          location.hash = `#/e/${encodeURIComponent(engagementId)}/recommendations`;
        }),
      id,
    );
    if (i > 0) samples.push(ms); // the first load also warms the HTTP cache and compacts the log
  }
  return samples;
}

/** (ii) Typing in a visit's observations: keydown → the next frame after the input was handled. */
async function measureTyping(page, baseURL, id, visitId, keystrokes) {
  await page.goto(`${baseURL}?db=bench#/e/${encodeURIComponent(id)}/visits/${encodeURIComponent(visitId)}`);
  const box = page.getByTestId('visit-observations');
  await box.waitFor({ timeout: 60_000 });
  await box.click();
  await page.keyboard.press('Control+End');
  // Warm up: the first keystroke turns the plain textarea into the shared-text editor.
  await page.keyboard.type(' Warm-up.', { delay: 30 });
  await page.evaluate(() => {
    const ta = document.querySelector('[data-testid="visit-observations"]');
    window.__bench = { frame: [], handled: [] };
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key.length !== 1 && e.key !== 'Backspace' && e.key !== 'Enter') return;
        const start = e.timeStamp;
        const target = document.activeElement;
        target?.addEventListener(
          'input',
          () => {
            // React handles the change synchronously in this event; measure after it, then after the next frame.
            queueMicrotask(() => window.__bench.handled.push(performance.now() - start));
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => window.__bench.frame.push(performance.now() - start);
              ch.port2.postMessage(0);
            });
          },
          { once: true },
        );
      },
      true,
    );
    ta?.focus();
  });
  const text = 'Shopkeepers on the east side said foot traffic drops after five; two asked about facade grants. ';
  let typed = 0;
  while (typed < keystrokes) {
    const chunk = text.slice(0, Math.min(text.length, keystrokes - typed));
    await page.keyboard.type(chunk, { delay: 25 });
    typed += chunk.length;
  }
  await page.waitForTimeout(200);
  const r = await page.evaluate(() => window.__bench);
  const length = await box.inputValue().then((v) => v.length);
  return { frame: r.frame, handled: r.handled, length };
}

/** (iii) Re-filter the ≥3,000-row table: search box, priority and status filters; until rows and count line update. */
async function measureFilters(page, baseURL, id, rounds) {
  await page.goto(`${baseURL}?db=bench#/e/${encodeURIComponent(id)}/recommendations`);
  await waitInPage(page, '[data-testid="recommendations-table"] [role="row"][data-row-id]');
  await page.waitForTimeout(300);
  const act = (kind, value) =>
    page.evaluate(
      ({ kind, value }) =>
        new Promise((resolve, reject) => {
          const count = document.querySelector('[data-testid="recommendations-count"]');
          const firstRow = () =>
            document.querySelector('[data-testid="recommendations-table"] [role="row"][data-row-id]')?.getAttribute('data-row-id') ?? 'none';
          const before = count.textContent;
          const t0 = performance.now();
          const finish = () => {
            if (count.textContent === before) return;
            obs.disconnect();
            const rowNow = firstRow();
            requestAnimationFrame(() => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => resolve({ ms: performance.now() - t0, count: count.textContent, row: rowNow });
              ch.port2.postMessage(0);
            });
          };
          const obs = new MutationObserver(finish);
          obs.observe(document.querySelector('.rec-page') ?? document.body, { childList: true, subtree: true, characterData: true });
          setTimeout(() => reject(new Error(`no update after ${kind}=${value}`)), 10_000);
          if (kind === 'search') {
            const input = document.querySelector('[data-testid="recommendations-search"]');
            const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
            set.call(input, value);
            input.dispatchEvent(new Event('input', { bubbles: true }));
          } else if (kind === 'priority') {
            const select = document.querySelector('[data-testid="filter-priority"]');
            const set = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
            set.call(select, value);
            select.dispatchEvent(new Event('change', { bubbles: true }));
          } else if (kind === 'status') {
            const box = [...document.querySelectorAll('.popover[role="group"][aria-label="Status"] input[type="checkbox"]')][Number(value)];
            if (!box) throw new Error('the status filter is not open');
            box.click();
          }
        }),
      { kind, value },
    );
  const out = { search: [], priority: [], status: [] };
  const terms = ['park', 'budget', 'housing', 'shuttle', 'code', 'r-12', 'finance', 'grant', 'vacant', 'plan'];
  for (let i = 0; i < rounds; i++) {
    out.search.push((await act('search', terms[i % terms.length])).ms);
    out.search.push((await act('search', '')).ms);
  }
  for (let i = 0; i < rounds; i++) {
    out.priority.push((await act('priority', ['high', 'low', 'medium'][i % 3])).ms);
    out.priority.push((await act('priority', '')).ms);
  }
  // The status filter is a popover of checkboxes: open it once (as a person would), then toggle statuses.
  await page.getByTestId('filter-status').click();
  await page.locator('.popover[role="group"][aria-label="Status"] input[type="checkbox"]').first().waitFor();
  for (let i = 0; i < rounds; i++) {
    out.status.push((await act('status', i % 3)).ms);
    out.status.push((await act('status', i % 3)).ms);
  }
  return out;
}

export async function runBenchmarks({ baseURL, quick = false }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-bench-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, viewport: { width: 1440, height: 900 } });
  const errors = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => errors.push(e.message));
    const started = Date.now();
    const s = await seed(page, baseURL);
    console.log(
      `Seeded ${s.engagements} engagements in ${(s.seedMs / 1000).toFixed(1)} s; measuring ${s.city}: ${s.recommendations} recommendations, ${s.findings} findings, ${s.visits} visits.`,
    );
    const open = await measureOpen(page, baseURL, s.id, quick ? 3 : 12);
    const size = await docSize(page, s.id);
    const typing = await measureTyping(page, baseURL, s.id, s.visitId, quick ? 60 : 240);
    const filters = await measureFilters(page, baseURL, s.id, quick ? 3 : 10);
    return {
      seed: s,
      size,
      results: [
        summarize(`Open ${s.recommendations.toLocaleString('en-US')}-row recommendations table (cold doc)`, open, BUDGETS.open),
        summarize('Keystroke in visit observations → next frame', typing.frame, BUDGETS.keystroke),
        summarize('  of which: keydown → input handled', typing.handled, 0, 'diagnostic'),
        summarize('Re-filter: search box', filters.search, BUDGETS.filter),
        summarize('Re-filter: priority filter', filters.priority, BUDGETS.filter),
        summarize('Re-filter: status filter', filters.status, BUDGETS.filter),
      ],
      totalMs: Date.now() - started,
      errors,
    };
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printReport(report) {
  const { seed, size, results } = report;
  const f = (n) => (Number.isFinite(n) ? n.toFixed(1) : '—');
  const rows = [['benchmark', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'budget ms', 'p95/budget']];
  for (const r of results)
    rows.push([
      r.name,
      String(r.n),
      f(r.p50),
      f(r.p95),
      f(r.max),
      r.budget ? String(r.budget) : '—',
      r.budget ? `${r.ratio.toFixed(2)}${r.ratio > 1 ? '  OVER' : ''}` : '—',
    ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\nGroundwork foundation benchmarks — Chromium headless, ?scale=10\n`);
  console.log(line(rows[0]));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
  console.log(`\nSeed (?scale=10, ${seed.engagements} engagements): ${(seed.seedMs / 1000).toFixed(1)} s`);
  console.log(`Document of ${seed.city}: ${(size.bytes / 1024 / 1024).toFixed(2)} MB stored in ${size.rows} update row${size.rows === 1 ? '' : 's'}`);
  console.log(`Measured in ${(report.totalMs / 1000).toFixed(0)} s. Keystroke latency includes waiting for the next frame (≤16.7 ms at 60 Hz).`);
  if (report.errors.length) console.log(`\nThe page reported errors during the run:\n  ${report.errors.join('\n  ')}`);
}
