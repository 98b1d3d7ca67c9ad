import { sha256Hex } from '#core/hash.ts';
import type { GroundworkDb, ThumbRow } from './db.ts';

export const THUMB_PX = 320;
export const DISPLAY_PX = 1600;
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
const IMAGE_TYPES = /^image\/(jpeg|png|webp|gif|heic|heif|avif|bmp|svg\+xml)$/;

export interface StoredPhoto {
  sha256: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  name: string;
}

export class PhotoError extends Error {}

async function decode(blob: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(blob);
  } catch {
    throw new PhotoError('This file could not be read as a picture. Try a JPEG or PNG photo.');
  }
}

async function scaled(bitmap: ImageBitmap, maxPx: number): Promise<{ blob: Blob; width: number; height: number }> {
  const ratio = Math.min(1, maxPx / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * ratio));
  const height = Math.max(1, Math.round(bitmap.height * ratio));
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new PhotoError('This computer could not prepare a preview of the photo.');
  ctx.drawImage(bitmap, 0, 0, width, height);
  return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 }), width, height };
}

/**
 * Store a photo's original bytes content-addressed by SHA-256 (the same photo added twice is stored once),
 * plus a thumbnail and a display copy so lists and editors never decode a 12 MB original.
 */
export async function storePhoto(db: GroundworkDb, file: Blob, name = ''): Promise<StoredPhoto> {
  if (!IMAGE_TYPES.test(file.type)) throw new PhotoError(`"${name || 'This file'}" is not a photo (${file.type || 'unknown type'}). Add JPEG, PNG, WebP or HEIC pictures.`);
  if (file.size > MAX_PHOTO_BYTES) throw new PhotoError(`"${name || 'This photo'}" is larger than 50 MB.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  const bitmap = await decode(file);
  const [thumb, display] = await Promise.all([scaled(bitmap, THUMB_PX), scaled(bitmap, DISPLAY_PX)]);
  const { width, height } = bitmap;
  bitmap.close();
  const thumbs: ThumbRow[] = [
    { key: `${sha256}:thumb`, sha256, variant: 'thumb', ...thumb },
    { key: `${sha256}:display`, sha256, variant: 'display', ...display },
  ];
  await db.transaction('rw', db.blobs, db.thumbs, async () => {
    if (!(await db.blobs.get(sha256))) await db.blobs.put({ sha256, blob: file, mime: file.type, size: file.size, createdAt: new Date().toISOString() });
    await db.thumbs.bulkPut(thumbs);
  });
  return { sha256, mime: file.type, size: file.size, width, height, name };
}

/** Draw a generated SVG picture into a JPEG, as a camera would have produced it (sample data). */
export async function rasterizeSvg(svg: string, width: number, height: number): Promise<Blob> {
  const bitmap = await createImageBitmap(new Blob([svg], { type: 'image/svg+xml' })).catch(async () => {
    // Chromium cannot decode SVG blobs with createImageBitmap everywhere; go through an <img>.
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    try {
      const img = new Image(width, height);
      img.src = url;
      await img.decode();
      return await createImageBitmap(img);
    } finally {
      URL.revokeObjectURL(url);
    }
  });
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.86 });
}

const urlCache = new Map<string, string>();

/** Where a photo this computer does not have comes from (the relay, set by renderer/sync); null = nowhere. */
let missingPhotoSource: ((sha256: string) => Promise<Blob | null>) | null = null;
export function setMissingPhotoSource(source: ((sha256: string) => Promise<Blob | null>) | null): void {
  missingPhotoSource = source;
}

/** An object URL for a stored photo variant, cached for the page's lifetime. */
export async function photoUrl(db: GroundworkDb, sha256: string, variant: 'thumb' | 'display' | 'original'): Promise<string | null> {
  const key = `${sha256}:${variant}`;
  const cached = urlCache.get(key);
  if (cached) return cached;
  // Photos that arrived in an imported bundle have no downscaled copies yet: show the original.
  let blob = (variant === 'original' ? undefined : (await db.thumbs.get(key))?.blob) ?? (await db.blobs.get(sha256))?.blob;
  // Someone else's photo: fetch its bytes from the relay on first sight.
  if (!blob && missingPhotoSource) blob = (await missingPhotoSource(sha256).catch(() => null)) ?? undefined;
  if (!blob) return null;
  const url = URL.createObjectURL(blob);
  urlCache.set(key, url);
  return url;
}
