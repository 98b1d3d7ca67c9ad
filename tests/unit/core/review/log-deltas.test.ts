/**
 * Prose bursts are stored as patches against immutable text keys (ADR 0009). What must hold: every burst's value
 * is rebuilt exactly (history, versions, restore); merges of two offline writers (each writing keys and patches,
 * each refreshing its own burst) rebuild exactly on both sides; and the log is much smaller than whole copies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readEntity } from '#core/model/read.ts';
import { editText } from '#core/model/write.ts';
import { itemHistory, restoreVersion, versionAt } from '#core/review/field-log.ts';
import { applyPatch, BURST_MS, logEntries } from '#core/review/log-store.ts';
import { ctxAt } from '../fixtures.ts';
import { docWithRec, fork, merge } from './helpers.ts';

const T0 = Date.UTC(2025, 2, 1, 10);
const at = (i: number) => new Date(T0 + i * (BURST_MS + 1000)).toISOString();
const rationale = (d: Y.Doc) => {
  const r = readEntity(d, 'recommendations', 'r1');
  return r?.ok ? r.value.rationale : undefined;
};
const WORDS = 'city road budget housing repair permit survey vacancy council plan water street school park'.split(' ');

/** Each call is its own burst (more than BURST_MS apart): one word replaced, sometimes words added. */
function editor(seed: number) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  return (text: string) => {
    const ws = text.split(' ');
    ws[Math.floor(rand() * ws.length)] = WORDS[Math.floor(rand() * WORDS.length)]!;
    if (rand() < 0.3) ws.splice(Math.floor(rand() * ws.length), 0, 'new words here');
    return ws.join(' ');
  };
}

describe('text bursts as deltas', () => {
  it('rebuilds every burst exactly; versions and restore work; the log is a fraction of whole copies', () => {
    const start = Array.from({ length: 150 }, (_, i) => WORDS[i % WORDS.length]).join(' ');
    const doc = docWithRec({ rationale: start });
    const next = editor(7);
    const texts: string[] = [];
    let text = start;
    for (let i = 0; i < 300; i++) {
      const t = next(text);
      if (t === text) continue; // no change, nothing logged
      text = t;
      texts.push(text);
      editText(doc, ctxAt(['p-ana', 'p-ben'][i % 2]!, at(i)), 'recommendations', 'r1', 'rationale', text);
    }
    const bursts = logEntries(doc, 'recommendations', 'r1').filter((e) => e.kind === 'text');
    expect(bursts.map((e) => e.value)).toEqual(texts);
    const h = itemHistory(doc, 'recommendations', 'r1');
    expect(h[100]!.after).toBe(texts[99]);
    expect(versionAt(doc, 'recommendations', 'r1', h[100]!.id).rationale).toBe(texts[99]);
    restoreVersion(doc, ctxAt('p-lead', at(400)), 'recommendations', 'r1', h[10]!.id);
    expect(rationale(doc)).toBe(texts[9]);

    // Stored: keys are few, patches are small. Whole copies would be ~300 × the text.
    const raw = (doc.getMap('fieldLog').get('recommendations:r1') as Y.Array<{ kind: string; value?: string; patch?: unknown }>).toArray();
    const keys = raw.filter((e) => e.kind === 'key');
    expect(keys.length).toBeLessThan(40);
    const stored = JSON.stringify(raw).length;
    const whole = texts.reduce((n, t) => n + t.length, 0);
    expect(stored).toBeLessThan(whole / 3); // measured: ~3.5× smaller here (entry ids, authors and times included)
  });

  it('a burst refreshed while typing keeps a patch against its own key, and a review checkpoint seals the live text', () => {
    const doc = docWithRec({ rationale: 'Fix the roads.' });
    const base = Date.parse(at(0));
    const iso = (ms: number) => new Date(base + ms).toISOString();
    editText(doc, ctxAt('p-ana', iso(0)), 'recommendations', 'r1', 'rationale', 'Fix the roads first.');
    editText(doc, ctxAt('p-ana', iso(500)), 'recommendations', 'r1', 'rationale', 'Fix the roads first, then');
    editText(doc, ctxAt('p-ana', iso(3000)), 'recommendations', 'r1', 'rationale', 'Fix the roads first, then the bridges.');
    const raw = (doc.getMap('fieldLog').get('recommendations:r1') as Y.Array<{ kind: string; patch?: unknown }>).toArray();
    expect(raw.filter((e) => e.kind === 'text').every((e) => e.patch)).toBe(true);
    expect(logEntries(doc, 'recommendations', 'r1').at(-1)!.value).toBe('Fix the roads first, then the bridges.');
  });

  it('two offline writers, each with keys and patches, merge and rebuild exactly on both sides', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (seed, na, nb) => {
        const doc = docWithRec({ rationale: Array.from({ length: 80 }, (_, i) => WORDS[i % WORDS.length]).join(' ') });
        const [a, b] = fork(doc);
        const ea = editor(seed);
        const eb = editor(seed + 1);
        const wrote = new Map<string, string[]>([['p-ana', []], ['p-ben', []]]);
        for (let i = 0; i < Math.max(na, nb); i++) {
          if (i < na) {
            const t = ea(rationale(a)!);
            if (t !== rationale(a)) wrote.get('p-ana')!.push(t);
            editText(a, ctxAt('p-ana', at(i)), 'recommendations', 'r1', 'rationale', t);
          }
          if (i < nb) {
            const t = eb(rationale(b)!);
            if (t !== rationale(b)) wrote.get('p-ben')!.push(t);
            editText(b, ctxAt('p-ben', at(i)), 'recommendations', 'r1', 'rationale', t);
          }
        }
        merge(a, b);
        for (const d of [a, b]) {
          const entries = logEntries(d, 'recommendations', 'r1').filter((e) => e.kind === 'text');
          for (const who of ['p-ana', 'p-ben']) expect(entries.filter((e) => e.by === who).map((e) => e.value)).toEqual(wrote.get(who));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('applyPatch: keep/delete/insert triples', () => {
    expect(applyPatch('Fix the roads.', { k: 'k', d: [4, 3, 'all', 6, 1, '!'] })).toBe('Fix all roads!');
    expect(applyPatch('abc', { k: 'k', d: [] })).toBe('abc');
  });
});
