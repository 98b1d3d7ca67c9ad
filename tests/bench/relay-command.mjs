// The node arguments `npm run relay` starts the relay with (package.json), so a bench measures the relay as
// people run it — e.g. its V8 heap flags — and not a hand-copied command line that drifts from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');

/** `node <these> sync-server/cli.ts …` → the arguments between `node` and the script. */
export function relayNodeArgs() {
  const script = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.relay;
  const words = script.split(/\s+/);
  const at = words.indexOf('sync-server/cli.ts');
  if (words[0] !== 'node' || at < 0) throw new Error(`package.json "relay" is not "node … sync-server/cli.ts": ${script}`);
  return words.slice(1, at);
}
