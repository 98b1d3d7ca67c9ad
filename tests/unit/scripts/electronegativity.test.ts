import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { loadSuppressions, matches, parseSarif } from '../../../scripts/electronegativity.mjs';

type Finding = { issue: string; filename: string; sample: string; location: string; level: string };

const sarif = JSON.stringify({
  runs: [
    {
      tool: { driver: { name: 'Electronegativity' } },
      results: [
        {
          ruleId: 'OPEN_EXTERNAL_JS_CHECK',
          level: 'note',
          message: { text: 'Review the use of openExternal' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'main/index.js' }, region: { startLine: 3, startColumn: 27 } } }],
        },
        {
          ruleId: 'CSP_GLOBAL_CHECK',
          level: 'warning',
          message: { text: 'CSP' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'renderer/index.html' }, region: { startLine: 1, startColumn: 1 } } }],
        },
      ],
    },
  ],
});
const files: Record<string, string[]> = {
  'main/index.js': ['a', 'b', '    openExternal: (url) => shell.openExternal(url),'],
  'renderer/index.html': ['<meta csp>'],
};
const readLine = (file: string, line: number) => files[file]?.[line - 1] ?? '';

describe('electronegativity gate', () => {
  it('reads findings from SARIF with the flagged line as the sample', () => {
    const findings = parseSarif(sarif, readLine) as Finding[];
    expect(findings).toEqual([
      expect.objectContaining({
        issue: 'OPEN_EXTERNAL_JS_CHECK',
        filename: 'main/index.js',
        location: '3:26',
        sample: 'openExternal: (url) => shell.openExternal(url),',
        level: 'note',
      }),
      expect.objectContaining({ issue: 'CSP_GLOBAL_CHECK', filename: 'renderer/index.html', sample: '<meta csp>' }),
    ]);
    expect(() => parseSarif('{}')).toThrow(/not an electronegativity SARIF/);
  });

  it('a suppression matches on check, file and (if given) a piece of the flagged code', () => {
    const [open] = parseSarif(sarif, readLine) as Finding[];
    expect(matches(open, { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.js', sample: 'shell.openExternal(url)', reason: 'x' })).toBe(true);
    expect(matches(open, { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.js', reason: 'x' })).toBe(true);
    expect(matches(open, { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/index.js', sample: 'shell.openExternal(other)', reason: 'x' })).toBe(false);
    expect(matches(open, { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/other.js', reason: 'x' })).toBe(false);
    expect(matches(open, { check: 'SANDBOX_JS_CHECK', file: 'main/index.js', reason: 'x' })).toBe(false);
  });

  it('every suppression must say why', () => {
    expect(() => loadSuppressions(JSON.stringify({ suppressions: [{ check: 'X', file: 'y' }] }))).toThrow(/needs a non-empty "reason"/);
    expect(() => loadSuppressions(JSON.stringify({ suppressions: [{ check: 'X', file: 'y', reason: 'ok' }] }))).toThrow(/must say why/);
    expect(() => loadSuppressions('{"nope":1}')).toThrow(/expected/);
  });

  it('the project’s suppressions file is valid and every entry has a reason', () => {
    const list = loadSuppressions(readFileSync(new URL('../../../.electronegativity-suppressions.json', import.meta.url), 'utf8')) as { reason: string }[];
    expect(list.length).toBeGreaterThan(0);
    for (const s of list) expect(s.reason.length).toBeGreaterThan(40);
  });
});
