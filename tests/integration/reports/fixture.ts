import { execFileSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import * as Y from 'yjs';
import { sha256Hex } from '#core/hash.ts';
import { buildSampleProgramme, writeSampleEngagement, type PhotoMeta, type SampleEngagement, type SampleOptions } from '#core/sample/index.ts';
import type { ImageSource } from '#core/reports/index.ts';

/** Test photos: small RGB PNGs (no alpha, so pdfkit embeds them without decoding), made here, deterministic. */
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A "photo": sky, a row of façades and a street, coloured by the seed. */
export function makePng(width: number, height: number, seed: number): Uint8Array {
  const raw = new Uint8Array((width * 3 + 1) * height);
  const hue = (seed * 47) % 255;
  const horizon = Math.round(height * (0.4 + ((seed * 13) % 20) / 100));
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x++) {
      let r: number, g: number, b: number;
      if (y < horizon * 0.55) [r, g, b] = [150 + (y % 40), 190 + (y % 30), 225];
      else if (y < horizon) {
        const building = Math.floor(x / (width / 6));
        const win = x % 24 > 8 && x % 24 < 18 && y % 20 > 6 && y % 20 < 15;
        [r, g, b] = win ? [52, 73, 94] : [(hue + building * 37) % 200 + 40, 90 + building * 12, 70 + ((building * 53) % 120)];
      } else [r, g, b] = [105 - ((y - horizon) % 7), 105, 108];
      raw[row + 1 + x * 3] = r;
      raw[row + 2 + x * 3] = g;
      raw[row + 3 + x * 3] = b;
    }
  }
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export interface SampleFixture {
  sample: SampleEngagement;
  doc: Y.Doc;
  /** attachment id → bytes */
  images: Map<string, ImageSource>;
  /** sha256 → bytes, as a bundle holds them */
  blobs: Map<string, Uint8Array>;
}

/** One sample engagement written into a Y.Doc through the ordinary write API, with generated photo bytes. */
export async function sampleFixture(
  opts: SampleOptions & { engagement?: number; photoSize?: [number, number]; mutate?: (sample: SampleEngagement) => void } = {},
): Promise<SampleFixture> {
  const programme = buildSampleProgramme(opts);
  const sample = programme.engagements[opts.engagement ?? 0]!;
  opts.mutate?.(sample);
  const [w, h] = opts.photoSize ?? [240, 160];
  const meta = new Map<string, PhotoMeta>();
  const byId = new Map<string, Uint8Array>();
  const blobs = new Map<string, Uint8Array>();
  let i = 0;
  for (const p of sample.photos) {
    const bytes = makePng(w, h, ++i);
    const sha = await sha256Hex(bytes);
    meta.set(p.id, { sha256: sha, size: bytes.length, mime: 'image/png' });
    byId.set(p.id, bytes);
    blobs.set(sha, bytes);
  }
  const doc = new Y.Doc({ gc: true });
  writeSampleEngagement(doc, sample, meta, { author: 'tester', now: () => new Date(sample.at) });
  return { sample, doc, images: byId, blobs };
}

/** All the text of a PDF (poppler's pdftotext), whitespace collapsed so wrapped titles still match. */
export function pdfText(pdf: Uint8Array, layout = false): string {
  const out = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-', '-'], { input: pdf, maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  return layout ? out : out.replace(/\s+/g, ' ');
}
export function pdfPages(pdf: Uint8Array): number {
  const info = execFileSync('pdfinfo', ['-'], { input: pdf }).toString('utf8');
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** Every engagement of the sample programme written into its own Y.Doc (no photos: the portfolio prints none). */
export function programmeDocs(opts: SampleOptions & { mutate?: (sample: SampleEngagement) => void } = {}): { samples: SampleEngagement[]; docs: Y.Doc[] } {
  const programme = buildSampleProgramme(opts);
  const docs = programme.engagements.map((sample) => {
    opts.mutate?.(sample);
    const doc = new Y.Doc({ gc: true });
    writeSampleEngagement(doc, sample, new Map(), { author: 'tester', now: () => new Date(sample.at) });
    return doc;
  });
  return { samples: programme.engagements, docs };
}

/** The PDF's text in content-stream order (pdftotext -raw): a table row's cells stay together, in order. */
export function pdfRawText(pdf: Uint8Array): string {
  return execFileSync('pdftotext', ['-raw', '-', '-'], { input: pdf, maxBuffer: 256 * 1024 * 1024 }).toString('utf8').replace(/\s+/g, ' ');
}
