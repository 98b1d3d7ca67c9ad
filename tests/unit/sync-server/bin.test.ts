import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, onTestFinished, test } from 'vitest';
import { relayCommand } from '../../bench/relay-command.mjs';
import { buildRelay } from '../../../sync-server/build.mjs';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

// The bin and `npm run relay` must start Node alike (the V8 heap flags are part of how the relay performs, and the
// benches measure the npm script's): the npm script runs the bin, and the bin's shebang carries the same node flags.
test('the groundwork-relay bin starts Node with the same flags as npm run relay', () => {
  const shebang = readFileSync(path.join(ROOT, 'sync-server', 'bin.mjs'), 'utf8').split('\n')[0]!;
  expect(shebang.startsWith('#!/usr/bin/env -S node')).toBe(true);
  const binFlags = shebang.split(/\s+/).slice(3);
  // The same reading of package.json the benches use (relay-command.mjs).
  const { nodeArgs, script } = relayCommand();
  expect(script).toBe('sync-server/bin.mjs');
  expect(binFlags).toEqual(nodeArgs);
  expect(nodeArgs).toContain('--max-semi-space-size=8');
});

// ADR 0020: what runs is plain JavaScript — no tsx loader, no keepNames wrapper around every function the relay makes
// — and the relay's packages stay imports (one copy of yjs, better-sqlite3's native module where npm put it).
test('the relay build is plain JavaScript that imports its packages', () => {
  const built = readFileSync(buildRelay(), 'utf8');
  expect(built).not.toMatch(/__name\(/);
  expect(built).toMatch(/^import \* as Y\d* from "yjs";$/m);
  expect(built).toMatch(/from "better-sqlite3"/);
  expect(built).not.toMatch(/^\/\/ node_modules\//m);
});

test('the bin builds and runs the relay as it stands', () => {
  const help = execFileSync(process.execPath, [path.join(ROOT, 'sync-server', 'bin.mjs'), '--help'], { cwd: ROOT, encoding: 'utf8' });
  expect(help).toContain('groundwork-relay — the Groundwork sync relay');
  expect(help).toMatch(/user add/);
});

/** A source file and an output path in a temp dir removed when the test ends (its output dir made writable first). */
function tempBuild(source: string, name: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gw-relay-build-'));
  const entry = path.join(dir, name);
  const outfile = path.join(dir, 'out', 'cli.mjs');
  writeFileSync(entry, source);
  onTestFinished(() => {
    if (existsSync(path.dirname(outfile))) chmodSync(path.dirname(outfile), 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  return { entry, outfile };
}

test('a relay source that does not compile stops the build with the file and line, and writes nothing', () => {
  const { entry, outfile } = tempBuild('export const ok = 1;\nexport const broken = ;\nexport const after = 2;\n', 'broken.ts');
  expect(() => buildRelay({ entry, outfile })).toThrow(/broken\.ts:2:\d+/);
  expect(() => readFileSync(outfile)).toThrow(/ENOENT/);
});

test('a build that is already current is not written again, so a read-only install still starts', () => {
  const { entry, outfile } = tempBuild('export const answer: number = 42;\n', 'relay.ts');
  buildRelay({ entry, outfile });
  const first = statSync(outfile).mtimeMs;
  // Read-only for anyone but root (CI runs as root, where the unchanged mtime below is what shows nothing was
  // written).
  chmodSync(path.dirname(outfile), 0o555);
  chmodSync(outfile, 0o444);
  expect(buildRelay({ entry, outfile })).toBe(outfile);
  expect(statSync(outfile).mtimeMs).toBe(first);
  // A changed source is built again.
  chmodSync(path.dirname(outfile), 0o755);
  chmodSync(outfile, 0o644);
  writeFileSync(entry, 'export const answer: number = 43;\n');
  buildRelay({ entry, outfile });
  expect(readFileSync(outfile, 'utf8')).toContain('43');
});
