#!/usr/bin/env node
// `npm run bench`: build the web workbench, serve it with `vite preview` on a free port, and run the benchmarks in
// tests/bench/ in Debian's headless Chromium. Prints a table (p50, p95, budget, p95/budget). Reports only: it exits 0
// whatever the figures, and non-zero only when the benchmarks could not run.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const vite = path.join(root, 'node_modules/vite/bin/vite.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early (code ${child.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000}s`);
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    console.log('Building the web workbench…');
    const build = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.web.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the web build failed');
  }
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}/`;
  const server = spawn(process.execPath, [vite, 'preview', '--config', 'vite.web.config.ts', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const stop = () => {
    if (server.exitCode === null) server.kill('SIGTERM');
  };
  process.on('exit', stop);
  process.on('SIGINT', () => {
    stop();
    process.exit(130);
  });
  try {
    await waitForServer(baseURL, server);
    console.log(`Serving ${baseURL}`);
    const { runBenchmarks, printReport } = await import(pathToFileURL(path.join(root, 'tests/bench/foundation.bench.mjs')).href);
    const report = await runBenchmarks({ baseURL, quick: process.argv.includes('--quick') });
    printReport(report);
  } finally {
    stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`\nThe benchmarks could not run: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
