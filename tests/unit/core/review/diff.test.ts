import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords, tokenize } from '#core/review/diff.ts';

const side = (ops: ReturnType<typeof diffWords>, which: 'a' | 'b') => ops.filter((o) => o.op === 'eq' || o.op === (which === 'a' ? 'del' : 'ins')).map((o) => o.text).join('');

describe('diffWords', () => {
  it('marks the changed words only', () => {
    expect(diffWords('the city should fix roads', 'the city must fix the roads')).toEqual([
      { op: 'eq', text: 'the city ' },
      { op: 'del', text: 'should' },
      { op: 'ins', text: 'must' },
      { op: 'eq', text: ' fix' },
      { op: 'ins', text: ' the' },
      { op: 'eq', text: ' roads' },
    ]);
    expect(diffWords('', 'new text')).toEqual([{ op: 'ins', text: 'new text' }]);
    expect(diffWords('old', '')).toEqual([{ op: 'del', text: 'old' }]);
    expect(diffWords('same', 'same')).toEqual([{ op: 'eq', text: 'same' }]);
  });

  it('always rebuilds both texts, with a minimal number of changed words', () => {
    const word = fc.constantFrom('a', 'b', 'c', 'road', 'city', ' ', '  ', '\n');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), fc.array(word, { maxLength: 40 }), (xs, ys) => {
        const a = xs.join('');
        const b = ys.join('');
        const ops = diffWords(a, b);
        expect(side(ops, 'a')).toBe(a);
        expect(side(ops, 'b')).toBe(b);
        // Minimal: changed tokens = |a| + |b| - 2·LCS.
        const x = tokenize(a);
        const y = tokenize(b);
        const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
        for (let i = 1; i <= x.length; i++) for (let j = 1; j <= y.length; j++) lcs[i]![j] = x[i - 1] === y[j - 1] ? lcs[i - 1]![j - 1]! + 1 : Math.max(lcs[i - 1]![j]!, lcs[i]![j - 1]!);
        const changed = ops.filter((o) => o.op !== 'eq').reduce((n, o) => n + tokenize(o.text).length, 0);
        // Adjacent whitespace tokens may fuse when joined, so count against the token sequences themselves.
        expect(changed).toBeLessThanOrEqual(x.length + y.length - 2 * lcs[x.length]![y.length]!);
      }),
      { numRuns: 300 },
    );
  });
});
