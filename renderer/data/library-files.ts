import { sha256Hex } from '#core/hash.ts';
import { MAX_LIBRARY_FILE_BYTES, type NewLibraryFile } from '#core/knowledge/index.ts';
import type { GroundworkDb } from './db.ts';

/** The relay scope library files are uploaded to and fetched from (the network room, ADR 0018). */
export const LIBRARY_BLOB_SCOPE = 'network';

export class LibraryFileError extends Error {}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** Checked before a byte is read, so a 2 GB video is refused at once instead of after hashing it. */
export function libraryFileProblem(file: Pick<File, 'name' | 'size'>): string | null {
  if (file.size > MAX_LIBRARY_FILE_BYTES)
    return `"${file.name}" is ${mb(file.size)}; files up to ${MAX_LIBRARY_FILE_BYTES / (1024 * 1024)} MB can be attached.`;
  return null;
}

/**
 * Keep a file's bytes on this computer, content-addressed by SHA-256 in the same `blobs` table as photos (the
 * same file attached twice, or to two items, is stored once). Returns the metadata the library item lists.
 */
export async function storeLibraryFile(db: GroundworkDb, file: File): Promise<NewLibraryFile> {
  const problem = libraryFileProblem(file);
  if (problem) throw new LibraryFileError(problem);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = await sha256Hex(bytes);
  const mime = file.type || 'application/octet-stream';
  await db.transaction('rw', db.blobs, async () => {
    if (!(await db.blobs.get(sha256)))
      await db.blobs.put({ sha256, blob: new Blob([bytes as BlobPart], { type: mime }), mime, size: bytes.length, createdAt: new Date().toISOString() });
  });
  return { sha256, name: file.name || 'file', mime, size: bytes.length };
}

/**
 * A file's bytes: from this computer, or fetched from the network's blob scope on the relay (hash-checked and kept
 * here by the sync). Null when neither has it (signed out, offline, not uploaded by its owner yet).
 */
export async function libraryFileBlob(
  db: GroundworkDb,
  sha256: string,
  fetchMissing: (sha: string, scope: string) => Promise<Blob | null>,
): Promise<Blob | null> {
  const row = await db.blobs.get(sha256);
  if (row) return row.blob;
  return fetchMissing(sha256, LIBRARY_BLOB_SCOPE);
}

/** "12 KB", "3.4 MB" — sizes as a file list shows them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A short, human name for a media type ("PDF", "Spreadsheet"), falling back to the file's extension. */
export function fileKind(mime: string, name: string): string {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(name)?.[1]?.toUpperCase();
  if (mime === 'application/pdf') return 'PDF';
  if (/spreadsheet|excel|csv/.test(mime)) return ext === 'CSV' ? 'CSV' : 'Spreadsheet';
  if (/wordprocessing|msword|opendocument\.text/.test(mime)) return 'Document';
  if (/presentation|powerpoint/.test(mime)) return 'Slides';
  if (mime.startsWith('image/')) return 'Image';
  if (mime === 'application/zip') return 'ZIP';
  if (mime.startsWith('text/')) return ext ?? 'Text';
  if (/json/.test(mime)) return 'JSON';
  return ext ?? 'File';
}
