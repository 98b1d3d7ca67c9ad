#!/usr/bin/env node
// Build the web renderer, then run the Playwright suites: the web build in Debian's Chromium, and the Electron
// smoke suite (which says plainly that it was skipped where no Electron binary is installed).
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
if (!process.argv.includes('--no-build') && run(['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn']) !== 0) process.exit(1);
const extra = process.argv.slice(2).filter((a) => a !== '--no-build');
process.exit(run(['node_modules/@playwright/test/cli.js', 'test', ...extra]));
