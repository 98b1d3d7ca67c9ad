import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** How to get a binary, for the one "skipped" line. */
export const HOW_TO_GET_ONE =
  'run `node node_modules/electron/install.js` on a machine that can reach github.com, or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding Electron ' +
  `${JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version as string}`;

/**
 * Electron's binary, found by the rules of node_modules/electron/index.js — but without its download-on-miss,
 * which cannot work on machines without Electron's download host (ARCHITECTURE.md, "This machine").
 */
export function findElectron(): { path: string } | { missing: string } {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, relative || 'electron');
    return existsSync(candidate) ? { path: candidate } : { missing: `${candidate} does not exist` };
  }
  if (!relative) return { missing: 'node_modules/electron/path.txt is absent, so the binary was never downloaded' };
  const candidate = path.join(pkg, 'dist', relative);
  return existsSync(candidate) ? { path: candidate } : { missing: `${path.relative(REPO_ROOT, candidate)} does not exist` };
}

/** The one line printed where there is no binary. */
export function skippedLine(missing: string): string {
  return `skipped: no Electron binary (${missing}; to run the desktop suite, ${HOW_TO_GET_ONE})`;
}
