import path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import { MAX_OPEN_FILES, MAX_OPEN_TOTAL_BYTES, type FileFilter, type OpenedFile, type OpenFilesResponse, type SaveFileResponse } from '#core/ipc/contract.ts';

/**
 * Native save/open dialogs and the file I/O behind them. Requests arrive already parsed by the contract
 * (ipc.ts); everything Electron or the disk does comes in as `FileDeps`, so tests pass fakes.
 */
export interface FileDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(file: string): Promise<void>;
  stat(file: string): Promise<{ size: number; isFile(): boolean }>;
  readFile(file: string): Promise<Uint8Array>;
  /** The folder the save dialog starts in (the user's Documents or Downloads). */
  defaultDirectory(): string;
}

export interface SaveRequest {
  suggestedName: string;
  mime: string;
  filters: FileFilter[];
  data: Uint8Array;
}

/**
 * Ask where to save, then write the bytes. The write goes to a temporary file beside the target first and is
 * renamed over it, so overwriting an older export never leaves a half-written file behind.
 */
export async function saveFile(request: SaveRequest, deps: FileDeps): Promise<SaveFileResponse> {
  const choice = await deps.showSaveDialog({
    defaultPath: path.join(deps.defaultDirectory(), request.suggestedName),
    filters: request.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  if (choice.canceled || !choice.filePath) return { saved: false };
  const target = choice.filePath;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.partial`);
  try {
    await deps.writeFile(temp, request.data);
    await deps.rename(temp, target);
  } catch (err) {
    await deps.rm(temp).catch(() => undefined);
    throw new Error(`Could not save ${path.basename(target)}: ${(err as Error).message ?? String(err)}`, { cause: err });
  }
  return { saved: true, path: target };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.zip': 'application/zip',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.webm': 'audio/webm',
  '.mp4': 'video/mp4',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeForFile(file: string): string {
  return MIME_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const MB = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * Ask which files to open, then read them. Sizes are checked with `stat` before anything is read, so picking a
 * 4 GB video fails at once with a message rather than filling memory.
 */
export async function openFiles(request: { filters: FileFilter[]; multiple: boolean }, deps: FileDeps): Promise<OpenFilesResponse> {
  const choice = await deps.showOpenDialog({
    filters: request.filters,
    properties: request.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
  });
  if (choice.canceled || choice.filePaths.length === 0) return { files: [] };
  const picked = request.multiple ? choice.filePaths : choice.filePaths.slice(0, 1);
  if (picked.length > MAX_OPEN_FILES) throw new Error(`Too many files: ${picked.length} were chosen; at most ${MAX_OPEN_FILES} can be opened at once.`);

  const sized: { file: string; size: number }[] = [];
  let total = 0;
  for (const file of picked) {
    const info = await deps.stat(file);
    if (!info.isFile()) throw new Error(`${path.basename(file)} is not a file.`);
    total += info.size;
    sized.push({ file, size: info.size });
  }
  if (total > MAX_OPEN_TOTAL_BYTES) {
    throw new Error(`The chosen files are ${MB(total)} together; at most ${MB(MAX_OPEN_TOTAL_BYTES)} can be opened at once.`);
  }

  const files: OpenedFile[] = [];
  let read = 0;
  for (const { file } of sized) {
    const data = await deps.readFile(file);
    read += data.byteLength;
    // The file may have grown between stat and read.
    if (read > MAX_OPEN_TOTAL_BYTES) throw new Error(`The chosen files are larger than ${MB(MAX_OPEN_TOTAL_BYTES)} together.`);
    files.push({ name: path.basename(file), mime: mimeForFile(file), data });
  }
  return { files };
}
