import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright's own browser download cannot work here (ARCHITECTURE.md). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const PORT = Number(process.env.E2E_PORT ?? 4391);
/** Where the web build is served during the e2e run (vite preview, below). */
export const BASE_URL = `http://127.0.0.1:${PORT}/`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-report.json' }]],
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    // Tracing a profile that seeds the sample programme doubles its time: record traces only when retrying.
    trace: 'on-first-retry',
  },
  webServer: {
    // Serves the web build made by scripts/e2e.mjs (dist-web), exactly what `npm run web` serves.
    command: `node node_modules/vite/bin/vite.js preview --config vite.web.config.ts --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: BASE_URL,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
