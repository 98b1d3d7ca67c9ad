import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { relayNodeArgs } from '../../bench/relay-command.mjs';

const ROOT = path.join(import.meta.dirname, '..', '..', '..');

// The bin and `npm run relay` must start Node alike (the V8 heap flags are part of how the relay performs, and the
// benches measure the npm script's): the bin's shebang carries the same node flags, minus the tsx loader it
// registers itself.
test('the groundwork-relay bin starts Node with the same flags as npm run relay', () => {
  const shebang = readFileSync(path.join(ROOT, 'sync-server', 'bin.mjs'), 'utf8').split('\n')[0]!;
  expect(shebang.startsWith('#!/usr/bin/env -S node')).toBe(true);
  const binFlags = shebang.split(/\s+/).slice(3);
  // The same reading of package.json the benches use (relay-command.mjs), minus `--import tsx`.
  const npmFlags = relayNodeArgs().filter((a, i, all) => a !== '--import' && all[i - 1] !== '--import');
  expect(binFlags).toEqual(npmFlags);
  expect(npmFlags).toContain('--max-semi-space-size=8');
});
