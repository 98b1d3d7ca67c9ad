#!/usr/bin/env node
// `npm test`: type-check, lint, unit + integration (vitest), end-to-end (Playwright on the web build in Debian's
// Chromium), and the Electron smoke suite (skipped, and said so, where no Electron binary exists). Every step runs
// even if an earlier one failed, so one run shows everything; the last line counts every test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const node = process.execPath;
const steps = [
  { name: 'type-check (renderer + core)', args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'type-check (main, preload, relay, tests — against Electron’s own types)', args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node.json', '--noEmit'] },
  { name: 'lint (incl. import boundaries)', args: ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'] },
  { name: 'unit + integration (vitest)', args: ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'], report: 'test-results/vitest.json', kind: 'vitest' },
  { name: 'web build', args: ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'] },
  { name: 'end-to-end (Playwright, Chromium)', args: ['node_modules/@playwright/test/cli.js', 'test'], report: 'test-results/e2e-report.json', kind: 'playwright' },
  { name: 'electron build', args: ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--logLevel', 'warn'] },
  // One check: fails on any electronegativity finding not explained in .electronegativity-suppressions.json.
  { name: 'electronegativity (built app)', args: ['scripts/electronegativity.mjs', '--report', 'test-results/electronegativity.json'], report: 'test-results/electronegativity.json', kind: 'counts' },
  { name: 'electron smoke (Playwright _electron)', args: ['node_modules/@playwright/test/cli.js', 'test', '--config', 'tests/e2e-electron/playwright.config.ts'], report: 'test-results/electron-report.json', kind: 'playwright' },
];

const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0, skipped: 0, flaky: 0 };
const results = [];

function count(kind, file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (kind === 'counts') return { passed: r.passed ?? 0, failed: r.failed ?? 0, skipped: r.skipped ?? 0, flaky: 0 };
  if (kind === 'vitest') return { passed: r.numPassedTests ?? 0, failed: r.numFailedTests ?? 0, skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0), flaky: 0 };
  const s = r.stats ?? {};
  // A test that failed and then passed on Playwright's retry is neither a pass nor a failure: counted and said
  // apart, so a flaky test shows in the closing line instead of silently lowering the number passed.
  return { passed: s.expected ?? 0, failed: s.unexpected ?? 0, skipped: s.skipped ?? 0, flaky: s.flaky ?? 0 };
}

for (const step of steps) {
  if (only.length && !only.some((o) => step.name.startsWith(o))) continue;
  if (step.report) rmSync(step.report, { force: true });
  const started = Date.now();
  console.log(`\n━━ ${step.name}`);
  const status = spawnSync(node, step.args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } }).status ?? 1;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counts = step.report ? count(step.kind, step.report) : null;
  if (counts) for (const k of Object.keys(totals)) totals[k] += counts[k];
  // A step with no test report that fails counts as one failed check (type errors, lint findings, build errors).
  if (!counts && status !== 0) totals.failed += 1;
  if (counts && status !== 0 && counts.failed === 0) totals.failed += 1;
  results.push({ name: step.name, ok: status === 0, seconds, counts });
}

console.log('\n━━ Summary');
for (const r of results) {
  const c = r.counts ? ` — ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped${r.counts.flaky ? `, ${r.counts.flaky} passed only on retry` : ''}` : '';
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds}s)${c}`);
}
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${totals.flaky ? `, ${totals.flaky} passed only on retry (flaky)` : ''}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
