/**
 * Structured logs: one JSON object per line on stdout, so a log shipper can parse them without a format guess.
 * `quiet` keeps only errors and the `listening` line (tests read the port from it).
 */
import { mapStack } from './stack-map.ts';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Always printed, even when quiet: the machine-readable "ready" line. */
  notice(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(opts: { quiet?: boolean; debug?: boolean; write?: (line: string) => void } = {}): Logger {
  const write = opts.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const emit = (level: Level | 'notice', msg: string, fields?: Record<string, unknown>) => {
    if (opts.quiet && level !== 'error' && level !== 'notice') return;
    if (level === 'debug' && !opts.debug) return;
    const entry: Record<string, unknown> = { t: new Date().toISOString(), level, msg, ...fields };
    // An error-level entry is the relay's own failure (a store, a room load, an uncaught exception), and its stack
    // is where an operator starts, naming the TypeScript lines (stack-map.ts). Lower levels keep name and message
    // only: a refused client's error is expected, and formatting a mapped stack for each one would let a flood of
    // bad clients buy the relay's CPU.
    if (fields?.err instanceof Error)
      entry.err =
        level === 'error'
          ? { name: fields.err.name, message: fields.err.message, stack: fields.err.stack === undefined ? undefined : mapStack(fields.err.stack) }
          : { name: fields.err.name, message: fields.err.message };
    write(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    notice: (m, f) => emit('notice', m, f),
  };
}
