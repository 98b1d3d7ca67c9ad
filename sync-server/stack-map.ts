/**
 * Names the relay's TypeScript lines in a stack from its build (dist/relay/cli.mjs, build.mjs), for the error-level
 * log entries that carry one (log.ts).
 *
 * Lazily, on the first error, not by `process.setSourceMapsEnabled` at start: that mapped stacks too, but it raised
 * the relay's RSS before anyone connects by 4–6 MiB (114.9–116.8 MiB against 108.3–112.3, three fresh processes each)
 * with RSS at 2,000 connections unchanged, so every start paid for what only an error needs. Run from source (the
 * in-process tests), this module is not in the build and stacks are returned as they are.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = import.meta.url;
/** `<this module's URL>:<line>:<column>`, as V8 prints a frame of it. */
const FRAME = new RegExp(`${HERE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`, 'g');
/** undefined: not read yet; null: the map is missing or unreadable. Only read from the build: from source, no stack
 * names this module (mapStack returns before asking). */
let map: SourceMap | null | undefined;

function sourceMap(): SourceMap | null {
  if (map !== undefined) return map;
  try {
    map = new SourceMap(JSON.parse(readFileSync(fileURLToPath(HERE) + '.map', 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    map = null;
  }
  return map;
}

/** `stack` with each frame in the build replaced by the file, line and column of the source it was built from. */
export function mapStack(stack: string): string {
  if (!stack.includes(HERE)) return stack;
  const m = sourceMap();
  if (!m) return stack;
  const dir = dirname(fileURLToPath(HERE));
  return stack.replace(FRAME, (frame, line: string, column: string) => {
    const entry = m.findEntry(Number(line) - 1, Number(column) - 1);
    if (!('originalSource' in entry) || !entry.originalSource) return frame;
    return `${resolve(dir, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}
