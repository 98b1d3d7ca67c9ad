import { describe, expect, it } from 'vitest';
import { checkImage, columnChart, countAxisMax, fromBase64, horizontalBarChart, niceMax, toBase64 } from '#core/reports/index.ts';
import { makePng } from '../../../integration/reports/fixture.ts';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x20, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xff, 0xd9]);

describe('checkImage', () => {
  it('accepts a whole PNG, as bytes or data URL, and reads its size', () => {
    const png = makePng(30, 20, 1);
    const a = checkImage(png);
    expect(a).toMatchObject({ ok: true, mime: 'image/png', width: 30, height: 20 });
    const b = checkImage(`data:image/png;base64,${toBase64(png)}`);
    expect(b.ok && b.dataUrl).toBe(a.ok && a.dataUrl);
  });
  it('accepts a JPEG with a frame header and an end marker', () => {
    expect(checkImage(JPEG)).toMatchObject({ ok: true, mime: 'image/jpeg', width: 32, height: 16 });
  });
  it.each([
    ['a cut-short PNG', makePng(30, 20, 1).slice(0, 60)],
    ['a PNG with a flipped byte', (() => { const p = makePng(30, 20, 1); p[50] = p[50]! ^ 0xff; return p; })()],
    ['a cut-short JPEG', JPEG.slice(0, 15)],
    ['a JPEG with no end', JPEG.slice(0, JPEG.length - 2)],
    ['text', new TextEncoder().encode('hello, not an image')],
    ['a GIF', new TextEncoder().encode('GIF89a......')],
  ])('refuses %s with a reason', (_name, bytes) => {
    const r = checkImage(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.length).toBeGreaterThan(3);
  });
  it('round-trips base64', () => {
    for (const n of [0, 1, 2, 3, 100]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });
});

describe('charts', () => {
  it('picks readable axis maxima', () => {
    expect([0, 1, 7, 13, 101, 320].map(niceMax)).toEqual([1, 1, 10, 20, 200, 500]);
    expect([1, 3, 5, 7, 13, 101, 227, 320].map(countAxisMax)).toEqual([4, 4, 8, 12, 20, 120, 240, 320]);
  });
  it('draws labelled, escaped bars with totals', () => {
    const svg = horizontalBarChart([{ label: 'Operations & budget', segments: [{ key: 'a', value: 3, color: '#000000' }, { key: 'b', value: 4, color: '#111111' }] }], { width: 400, legendItems: [{ label: 'A', color: '#000000' }] });
    expect(svg).toMatch(/^<svg [^>]*width="400"/);
    expect(svg).toContain('Operations &amp; budget');
    expect(svg).toContain('>7</text>');
    expect((svg.match(/<rect /g) ?? []).length).toBe(3); // two segments + one legend swatch
  });
  it('draws one column per period and the report-date marker', () => {
    const svg = columnChart([{ label: 'Q1 ’25', segments: [{ key: 'x', value: 2, color: '#000' }] }, { label: 'Q2 ’25', segments: [] }], { width: 300, height: 200, marker: { index: 1.5, label: 'Report date' } });
    expect(svg).toContain('Q1 ’25');
    expect(svg).toContain('Q2 ’25');
    expect(svg).toContain('Report date');
    expect(svg).toContain('stroke-dasharray');
  });
});
