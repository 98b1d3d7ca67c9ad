import { defineConfig } from '@playwright/test';

// The Electron smoke suite: launches the built desktop app (out/, from `electron-vite build`) with Playwright's
// `_electron`. Where no Electron binary is installed every test is skipped, and the run says so plainly.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/electron',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/electron-report.json' }]],
});
