#!/usr/bin/env node
// `npm start`: build the desktop app (electron-vite build → out/) and launch it in Electron. Where Electron's
// binary is not installed (its download cannot work on some machines, see ARCHITECTURE.md "This machine"),
// say so plainly and start the very same workbench in the browser instead (`npm run web`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** Where Electron's binary is, by the same rules as node_modules/electron/index.js, without its download-on-miss. */
function electronBinary() {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `${candidate} does not exist` };
  }
  if (!relative) return { missing: 'node_modules/electron/path.txt is absent: the binary was never downloaded' };
  const candidate = path.join(pkg, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { missing: `${path.relative(root, candidate)} does not exist` };
}

function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: 'inherit', ...options });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

console.log('Building the desktop app (electron-vite build)…');
const build = spawnSync(process.execPath, [path.join('node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('\nThe build failed; see the errors above.');
  process.exit(build.status ?? 1);
}

const electron = electronBinary();
if (electron.path) {
  console.log('Starting Groundwork in Electron…');
  // ELECTRON_RUN_AS_NODE in the environment would turn the app into a plain Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, ['.', ...process.argv.slice(2)], { env });
} else {
  console.log(`\nElectron's binary is not installed on this machine (${electron.missing}); starting the same workbench in your browser instead.\n`);
  // npm_execpath is npm's own CLI when run through `npm start`; otherwise find npm on PATH.
  const npmCli = process.env.npm_execpath;
  if (npmCli && /npm-cli\.c?js$/.test(npmCli)) run(process.execPath, [npmCli, 'run', 'web'], {});
  else run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'web'], { shell: process.platform === 'win32' });
}
