// `npm run test:electron`: build the desktop app and run the Playwright `_electron` suite. Where Electron's
// binary is not installed, print one plain "skipped: no Electron binary (…)" line and exit 0.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findElectron, REPO_ROOT, skippedLine } from './electron-binary.ts';

const binary = findElectron();
if ('missing' in binary) {
  console.log(skippedLine(binary.missing));
  process.exit(0);
}

const node = process.execPath;
const run = (args: string[]) => spawnSync(node, args, { cwd: REPO_ROOT, stdio: 'inherit' }).status ?? 1;

const built = run([path.join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']);
if (built !== 0) {
  console.error('electron-vite build failed; see above.');
  process.exit(built);
}
process.exit(
  run([
    path.join('node_modules', '@playwright', 'test', 'cli.js'),
    'test',
    '--config',
    path.join('tests', 'e2e-electron', 'playwright.config.ts'),
    ...process.argv.slice(2),
  ]),
);
