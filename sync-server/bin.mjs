#!/usr/bin/env -S node --max-semi-space-size=8
// --max-semi-space-size=8 (MiB): V8's young generation otherwise grows to 16 MiB per semi-space under the garbage
// that connection set-up makes, and never gives it back — the relay's memory per idle socket and after everyone
// leaves is half with it. Not smaller: at 2 MiB a 2,000-edit sync spent ~7 ms more in scavenges (ADR 0013,
// session 7). Kept in step with `npm run relay` (tests/unit/sync-server/bin.test.ts).
// `groundwork-relay` bin and `npm run relay`: builds the relay into plain JavaScript (build.mjs says why; ADR 0020)
// and runs it in this same process, so signals — SIGTERM for a clean flush — reach the relay directly, with no
// wrapper process in between.
import { pathToFileURL } from 'node:url';
import { buildRelay } from './build.mjs';

let entry;
try {
  entry = buildRelay();
} catch (err) {
  // esbuild's message names the file and line that does not compile.
  console.error(`groundwork-relay: could not build the relay: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
await import(pathToFileURL(entry).href);
