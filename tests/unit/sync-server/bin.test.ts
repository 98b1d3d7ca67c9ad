import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

// The bin and `npm run relay` must start Node alike (the V8 heap flags are part of how the relay performs, and the
// benches measure the npm script's): the bin's shebang carries the same node flags, minus the tsx loader it
// registers itself.
test('the groundwork-relay bin starts Node with the same flags as npm run relay', () => {
  const shebang = readFileSync(path.join(ROOT, 'sync-server', 'bin.mjs'), 'utf8').split('\n')[0]!;
  expect(shebang.startsWith('#!/usr/bin/env -S node')).toBe(true);
  const binFlags = shebang.split(/\s+/).slice(3);
  const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.relay!;
  // `node <flags> --import tsx sync-server/cli.ts`
  const words = script.split(/\s+/);
  expect(words[0]).toBe('node');
  const npmFlags = words.slice(1, words.indexOf('sync-server/cli.ts')).filter((a, i, all) => a !== '--import' && all[i - 1] !== '--import');
  expect(binFlags).toEqual(npmFlags);
  expect(npmFlags).toContain('--max-semi-space-size=8');
});
