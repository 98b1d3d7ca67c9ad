/**
 * Photos are checked here, before pdfmake sees them: pdfkit throws on a damaged PNG or a JPEG without a frame
 * header, and one bad photo must cost a placeholder, not the export. Pure code (no DOM, no Buffer) so the same
 * check runs in Node, in the renderer and in the Worker.
 */

export interface CheckedImage {
  ok: true;
  dataUrl: string;
  mime: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
}
export type ImageCheck = CheckedImage | { ok: false; problem: string };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/**
 * The platform's own base64 when it has one (Uint8Array#toBase64 where shipped; btoa in Node, browsers and workers):
 * tens of MB of photos go through here on every export, and the hand-written loop is several times slower.
 */
type NativeBase64 = { toBase64?: (this: Uint8Array) => string };
type NativeFromBase64 = { fromBase64?: (text: string) => Uint8Array };
const g = globalThis as unknown as { btoa?: (s: string) => string; atob?: (s: string) => string };

export function toBase64(bytes: Uint8Array): string {
  const native = (bytes as unknown as NativeBase64).toBase64;
  if (typeof native === 'function') return native.call(bytes);
  if (typeof g.btoa === 'function') {
    const parts: string[] = [];
    // 3 × 8 KiB: a multiple of 3, so the pieces' base64 joins without padding in between.
    for (let i = 0; i < bytes.length; i += 24576) parts.push(g.btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + 24576) as unknown as number[])));
    return parts.join('');
  }
  return toBase64Js(bytes);
}

function toBase64Js(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let s = '';
    for (let i = start; i < end; i += 3) {
      const a = bytes[i]!;
      const b = i + 1 < end ? bytes[i + 1]! : 0;
      const c = i + 2 < end ? bytes[i + 2]! : 0;
      s += B64[a >> 2]! + B64[((a & 3) << 4) | (b >> 4)]! + (i + 1 < end ? B64[((b & 15) << 2) | (c >> 6)]! : '=') + (i + 2 < end ? B64[c & 63]! : '=');
    }
    parts.push(s);
  }
  return parts.join('');
}

export function fromBase64(text: string): Uint8Array | null {
  const native = (Uint8Array as unknown as NativeFromBase64).fromBase64;
  if (typeof native === 'function') {
    try {
      return native(text.replace(/\s+/g, ''));
    } catch {
      return null;
    }
  }
  if (typeof g.atob === 'function' && /^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    let bin: string;
    try {
      bin = g.atob(text);
    } catch {
      return null;
    }
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  const clean = text.replace(/[\s=]+$/g, '').replace(/\s+/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => (i + k < clean.length ? B64_INDEX[clean.charCodeAt(i + k) & 127]! : 0));
    if (n.some((x) => x < 0)) return null;
    const v = (n[0]! << 18) | (n[1]! << 12) | (n[2]! << 6) | n[3]!;
    if (o < out.length) out[o++] = (v >> 16) & 255;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

let CRC_TABLE: Uint32Array | undefined;
function crc32(bytes: Uint8Array, start: number, end: number): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;

/** A PNG whose every chunk is whole and matches its CRC, with a header, image data and an end. */
function checkPng(b: Uint8Array): { width: number; height: number } | string {
  const SIG = [137, 80, 78, 71, 13, 10, 26, 10];
  if (b.length < 33 || SIG.some((x, i) => b[i] !== x)) return 'not a PNG file';
  let i = 8;
  let width = 0;
  let height = 0;
  let sawData = false;
  while (i + 12 <= b.length) {
    const len = u32(b, i);
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (i + 12 + len > b.length) return 'the PNG data is cut short';
    if (crc32(b, i + 4, i + 8 + len) !== u32(b, i + 8 + len)) return `the PNG ${type} chunk is damaged`;
    if (type === 'IHDR') {
      width = u32(b, i + 8);
      height = u32(b, i + 12);
      const interlace = b[i + 20];
      if (interlace !== 0) return 'interlaced PNGs are not supported';
    }
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return width && height && sawData ? { width, height } : 'the PNG has no image data';
    i += 12 + len;
  }
  return 'the PNG data is cut short';
}

/** A JPEG with a start marker, a frame header giving its size, and an end marker. */
function checkJpeg(b: Uint8Array): { width: number; height: number } | string {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return 'not a JPEG file';
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return 'the JPEG structure is damaged';
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const len = u16(b, i + 2);
    if (len < 2 || i + 2 + len > b.length) return 'the JPEG data is cut short';
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      const height = u16(b, i + 5);
      const width = u16(b, i + 7);
      if (!width || !height) return 'the JPEG has no size';
      let end = b.length;
      while (end > 2 && (b[end - 1] === 0 || b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
      if (b[end - 2] !== 0xff || b[end - 1] !== 0xd9) return 'the JPEG data is cut short';
      return { width, height };
    }
    i += 2 + len;
  }
  return 'the JPEG has no frame header';
}

/** Check bytes or a data URL; answer a data URL pdfmake can embed, or the reason it cannot. */
export function checkImage(source: Uint8Array | string): ImageCheck {
  let bytes: Uint8Array | null;
  if (typeof source === 'string') {
    const m = /^data:([a-z]+\/[a-z0-9.+-]+)?(;[^,]*)?;base64,(.*)$/is.exec(source);
    if (!m) return { ok: false, problem: 'not an embedded image (data URL)' };
    bytes = fromBase64(m[3]!);
    if (!bytes) return { ok: false, problem: 'the image data is not valid base64' };
  } else bytes = source;
  const isPng = bytes[0] === 137 && bytes[1] === 80;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (!isPng && !isJpeg) return { ok: false, problem: 'not a PNG or JPEG image' };
  const checked = isPng ? checkPng(bytes) : checkJpeg(bytes);
  if (typeof checked === 'string') return { ok: false, problem: checked };
  const mime = isPng ? 'image/png' : 'image/jpeg';
  // A data URL that checks out is passed on as it is: re-encoding megabytes of photos buys nothing.
  const dataUrl = typeof source === 'string' && source.startsWith(`data:${mime};base64,`) ? source : `data:${mime};base64,${toBase64(bytes)}`;
  return { ok: true, mime, width: checked.width, height: checked.height, dataUrl };
}
