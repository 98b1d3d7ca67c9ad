/**
 * eslint.config.js keeps app code off Yjs's quadratic merge (ADR 0022): the rule must fire wherever app code runs,
 * and not in core/model/merge-updates.ts, the one place that calls Yjs's merge on purpose.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const SOURCE = `import * as Y from 'yjs';
import { mergeUpdates as merge } from 'yjs';
export const all = (u: Uint8Array[]): Uint8Array[] => [Y.mergeUpdates(u), merge(u), Y.mergeUpdatesV2(u)];
`;

async function mergeErrors(filePath: string): Promise<number> {
  const [result] = await eslint.lintText(SOURCE, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-properties' || m.ruleId === 'no-restricted-syntax').length;
}

describe('eslint.config.js: Yjs merge', () => {
  it.each(['sync-server/room-x.ts', 'renderer/data/x.ts', 'core/model/x.ts', 'main/x.ts'])(
    'refuses Y.mergeUpdates, its V2 and a named import in %s',
    async (file) => {
      expect(await mergeErrors(file)).toBe(3);
    },
  );

  it('allows them in core/model/merge-updates.ts', async () => {
    expect(await mergeErrors('core/model/merge-updates.ts')).toBe(0);
  });
});
