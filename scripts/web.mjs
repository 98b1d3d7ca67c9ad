#!/usr/bin/env node
// `npm run web`: build the renderer as a plain web app and serve it on 127.0.0.1 — the same workbench as the
// desktop app, with all data in this browser profile's IndexedDB. `npm run web -- --dev` serves with hot reload.
import { spawn, spawnSync } from 'node:child_process';

const dev = process.argv.includes('--dev');
const portArg = process.argv.find((a) => a.startsWith('--port='));
const port = portArg ? portArg.split('=')[1] : dev ? '5173' : '4173';
const vite = 'node_modules/vite/bin/vite.js';

if (!dev) {
  console.log('Building the workbench for the browser…');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.web.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const args = dev ? [vite, '--config', 'vite.web.config.ts', '--host', '127.0.0.1', '--port', port] : [vite, 'preview', '--config', 'vite.web.config.ts', '--host', '127.0.0.1', '--port', port];
console.log(`\nGroundwork will be at http://127.0.0.1:${port}/ (if that port is taken, Vite prints the one it chose).`);
console.log('Open it in Chromium, Chrome or Edge. First start loads a fictional sample programme; add ?empty=1 to the URL to start empty.\n');
const child = spawn(process.execPath, args, { stdio: 'inherit' });
const stop = () => child.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
child.on('exit', (code) => process.exit(code ?? 0));
