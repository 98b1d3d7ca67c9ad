import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_FLAG, youngGenerationAdvice } from '#sync-server/heap-flags.ts';

describe('youngGenerationAdvice', () => {
  it('is silent when the node arguments set the semi-space size, in any spelling V8 accepts', () => {
    expect(youngGenerationAdvice(['--max-semi-space-size=8', '--import', 'tsx'])).toBeNull();
    expect(youngGenerationAdvice(['--max_semi_space_size=16'])).toBeNull();
    expect(youngGenerationAdvice(['--max-semi-space-size', '8'])).toBeNull();
  });

  it('is silent when NODE_OPTIONS sets it', () => {
    expect(youngGenerationAdvice([], '--enable-source-maps --max-semi-space-size=8')).toBeNull();
  });

  it('names the flag and the way out when nothing sets it', () => {
    const advice = youngGenerationAdvice(['--import', 'tsx'], '--enable-source-maps');
    expect(advice).toContain(YOUNG_GENERATION_FLAG);
    expect(advice).toContain('npm run relay');
    // A look-alike flag is not the one.
    expect(youngGenerationAdvice(['--max-old-space-size=512'])).toContain(YOUNG_GENERATION_FLAG);
  });
});
