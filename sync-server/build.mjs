// Builds the relay into one plain-JavaScript ES module, dist/relay/cli.mjs, and returns its path. The groundwork-relay
// bin (and so `npm run relay`, the tests and the benches) runs this build, never the TypeScript through tsx's loader:
// tsx compiles with esbuild's keepNames, which wraps every named function and class in a `__name` call each time it
// is created, and keeps each module's transformed source, with an inline source map, for the life of the process.
// Built, the relay's RSS before anyone connects was 107-113 MiB against 128-130, and its memory per idle connection
// 7.2 against 8.2 KiB (ADR 0020).
//
// Plain .mjs on purpose: it runs before any TypeScript loader exists. Built on every start (~0.1 s), so what runs is
// always the source as it stands, with no stale build to forget; only the relay's own code (sync-server/, core/) is
// bundled, packages stay imports from node_modules (one copy of yjs, and better-sqlite3's native module where npm put
// it).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.join(import.meta.dirname, '..');
export const RELAY_BUILD = path.join(ROOT, 'dist', 'relay', 'cli.mjs');

/** `entry` and `outfile` are for tests (a source that does not compile, built somewhere harmless). Throws esbuild's
 * error, which names the file, line and column, when the source does not compile. */
export function buildRelay({ entry = path.join(ROOT, 'sync-server', 'cli.ts'), outfile = RELAY_BUILD } = {}) {
  const result = buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'silent',
    write: false,
  });
  // A build already on disk with the same bytes is left alone: nothing is written on an ordinary start, and a relay
  // installed read-only runs as long as its dist/relay/ was built from the sources beside it.
  const files = result.outputFiles.filter((file) => !sameBytes(file.path, file.contents));
  if (files.length === 0) return outfile;
  mkdirSync(path.dirname(outfile), { recursive: true });
  // Written beside, then renamed: tests start many relays at once, and none may import a half-written file. Every
  // build of the same sources is the same bytes, so whichever rename lands last is as good as the first. The map
  // goes first, so the module never points at a map that is not there yet.
  files.sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')));
  for (const file of files) {
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.contents);
    renameSync(temp, file.path);
  }
  return outfile;
}

function sameBytes(file, contents) {
  try {
    return Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength).equals(readFileSync(file));
  } catch {
    return false; // not there yet (or unreadable): write it
  }
}
