import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultReportOptions, snapshotFromDoc } from '#core/reports/index.ts';
import { renderReport } from '#sync-server/report/render.ts';
import { sampleFixture } from './fixture.ts';

/**
 * Layout stability: a few pages of a small fixed report are rasterised (pdftoppm, 50 dpi) and compared in grey levels and compared
 * with reference PNGs in tests/fixtures/reports/. Pixels, not pdftotext -bbox: a moved photo, chart or rule is a
 * layout change too and has no text. The comparison is on 8×8 blocks with a tolerance, so anti-aliasing
 * differences between poppler versions pass while a moved block or a reflowed paragraph fails.
 * Refresh the references deliberately with UPDATE_REPORT_REFS=1.
 */
const REF_DIR = join(process.cwd(), 'tests/fixtures/reports');
const PAGES = [
  { name: 'cover', page: 1 },
  { name: 'contents', page: 3 },
  { name: 'charts', find: 'How many recommendations stand at each stage' },
] as const;

interface Gray {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Decode an 8-bit greyscale or RGB, non-interlaced PNG (what pdftoppm -png writes) to grey levels. */
export function decodeGrayPng(png: Uint8Array): Gray {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let i = 8;
  let width = 0;
  let height = 0;
  let bpp = 1;
  const idat: Uint8Array[] = [];
  while (i < png.length) {
    const len = view.getUint32(i);
    const type = String.fromCharCode(...png.subarray(i + 4, i + 8));
    if (type === 'IHDR') {
      width = view.getUint32(i + 8);
      height = view.getUint32(i + 12);
      if (png[i + 16] !== 8 || (png[i + 17] !== 0 && png[i + 17] !== 2) || png[i + 20] !== 0) throw new Error('expected an 8-bit grey or RGB PNG');
      bpp = png[i + 17] === 2 ? 3 : 1;
    } else if (type === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= bpp ? out[y * stride + x - bpp]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (v + pred) & 255;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let k = 0; k < width * height; k++) {
    let sum = 0;
    for (let ch = 0; ch < bpp; ch++) sum += out[k * bpp + ch]!;
    pixels[k] = Math.round(sum / bpp);
  }
  return { width, height, pixels };
}

/** Share of 8×8 blocks whose mean grey level differs by more than 12 (of 255). */
function blockDifference(a: Gray, b: Gray): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const B = 8;
  let differing = 0;
  let total = 0;
  for (let by = 0; by < a.height; by += B)
    for (let bx = 0; bx < a.width; bx += B) {
      let sa = 0;
      let sb = 0;
      let n = 0;
      for (let y = by; y < Math.min(a.height, by + B); y++)
        for (let x = bx; x < Math.min(a.width, bx + B); x++) {
          sa += a.pixels[y * a.width + x]!;
          sb += b.pixels[y * a.width + x]!;
          n++;
        }
      total++;
      if (Math.abs(sa - sb) / n > 12) differing++;
    }
  return differing / total;
}

let pdfPath = '';
let pageOf: Record<string, number> = {};
beforeAll(async () => {
  const fx = await sampleFixture({ scale: 0.15, engagement: 1 });
  const snap = snapshotFromDoc(fx.doc);
  const { pdf } = await renderReport(snap, fx.images, defaultReportOptions({ edition: 'public', paper: 'LETTER', generatedAt: new Date('2025-05-15T12:00:00Z') }));
  const dir = mkdtempSync(join(tmpdir(), 'gw-layout-'));
  pdfPath = join(dir, 'report.pdf');
  writeFileSync(pdfPath, pdf);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())![1]);
  pageOf = {};
  for (const p of PAGES) {
    if ('page' in p) pageOf[p.name] = p.page;
    else
      for (let n = 1; n <= pages; n++)
        if (execFileSync('pdftotext', ['-f', String(n), '-l', String(n), pdfPath, '-']).toString().includes(p.find)) {
          pageOf[p.name] = n;
          break;
        }
  }
}, 60_000);

describe('report layout stability', () => {
  it.each(PAGES.map((p) => p.name))('page "%s" matches its reference image', (name) => {
    const n = pageOf[name];
    expect(n, `page for ${name}`).toBeGreaterThan(0);
    const out = join(mkdtempSync(join(tmpdir(), 'gw-page-')), 'p');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', String(n), '-l', String(n), '-singlefile', pdfPath, out]);
    const actual = readFileSync(`${out}.png`);
    const ref = join(REF_DIR, `${name}.png`);
    if (process.env.UPDATE_REPORT_REFS || !existsSync(ref)) {
      mkdirSync(REF_DIR, { recursive: true });
      writeFileSync(ref, actual);
      if (!process.env.UPDATE_REPORT_REFS) throw new Error(`wrote the missing reference ${ref}; check it and run again`);
      return;
    }
    const diff = blockDifference(decodeGrayPng(actual), decodeGrayPng(readFileSync(ref)));
    expect(diff, `${(diff * 100).toFixed(2)}% of ${name} differs from ${ref}`).toBeLessThan(0.01);
  });

  it('notices a real layout change', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gw-page-')), 'p');
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '2', '-l', '2', '-singlefile', pdfPath, out]);
    const other = decodeGrayPng(readFileSync(`${out}.png`));
    expect(blockDifference(other, decodeGrayPng(readFileSync(join(REF_DIR, 'contents.png'))))).toBeGreaterThan(0.01);
  });
});
