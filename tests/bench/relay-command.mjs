// The command `npm run relay` starts the relay with (package.json), so a bench measures the relay as people run it —
// its V8 heap flags, and the built relay its bin runs — and not a hand-copied command line that drifts from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');

/**
 * `node <flags> <script>` in `root`'s package.json "relay" → `{ nodeArgs, script }`. `root` is another checkout for
 * an A/B (BENCH_OURS_BASE), which may predate the bin (its relay then ran `sync-server/cli.ts` through tsx).
 */
export function relayCommand(root = ROOT) {
  const command = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts.relay;
  const words = command.split(/\s+/);
  const at = words.findIndex((w) => w === 'sync-server/bin.mjs' || w === 'sync-server/cli.ts');
  if (words[0] !== 'node' || at < 0) throw new Error(`package.json "relay" is not "node … sync-server/bin.mjs": ${command}`);
  return { nodeArgs: words.slice(1, at), script: words[at] };
}
