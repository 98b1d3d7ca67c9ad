import { expect, test } from 'vitest';
import { createLogger } from '#sync-server/log.ts';

function captured(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  return { lines, log: createLogger({ write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

test('an error-level entry carries the error stack; lower levels keep name and message only', () => {
  const { lines, log } = captured();
  const err = new RangeError('unexpected end of array');
  log.error('room load: the stored snapshot does not apply', { room: 'r1', err });
  log.warn('socket refused', { err });
  const [error, warn] = lines as [{ err: Record<string, string>; room: string; level: string }, { err: Record<string, string> }];
  expect(error.level).toBe('error');
  expect(error.room).toBe('r1');
  expect(error.err.name).toBe('RangeError');
  expect(error.err.message).toBe('unexpected end of array');
  expect(error.err.stack).toContain('log.test.ts');
  expect(warn.err).toEqual({ name: 'RangeError', message: 'unexpected end of array' });
});

test('a quiet logger still prints errors, with their stack', () => {
  const lines: string[] = [];
  const log = createLogger({ quiet: true, write: (line) => lines.push(line) });
  log.info('room loaded');
  log.error('store commit failed', { err: new Error('disk full') });
  expect(lines).toHaveLength(1);
  expect((JSON.parse(lines[0]!) as { err: { stack: string } }).err.stack).toMatch(/^Error: disk full\n\s+at /);
});
