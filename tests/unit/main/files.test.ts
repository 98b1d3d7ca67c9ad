import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_TOTAL_BYTES } from '#core/ipc/contract.ts';
import { mimeForFile, openFiles, saveFile, type FileDeps } from '#main/files.ts';

function deps(overrides: Partial<FileDeps> = {}, sizes: Record<string, number> = {}): FileDeps & { written: Map<string, Uint8Array> } {
  const written = new Map<string, Uint8Array>();
  return {
    written,
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: '/home/me/Documents/Mombasa.zip' })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: Object.keys(sizes) })),
    writeFile: vi.fn(async (file: string, data: Uint8Array) => void written.set(file, data)),
    rename: vi.fn(async (from: string, to: string) => {
      written.set(to, written.get(from)!);
      written.delete(from);
    }),
    rm: vi.fn(async (file: string) => void written.delete(file)),
    stat: vi.fn(async (file: string) => ({ size: sizes[file] ?? 0, isFile: () => file in sizes })),
    readFile: vi.fn(async (file: string) => new Uint8Array(sizes[file] ?? 0)),
    defaultDirectory: () => '/home/me/Documents',
    ...overrides,
  };
}

const request = { suggestedName: 'Mombasa.zip', mime: 'application/zip', filters: [{ name: 'Groundwork bundle', extensions: ['zip'] }], data: new Uint8Array([1, 2, 3]) };

describe('saveFile', () => {
  it('asks where, in the default folder with the suggested name, and writes there via a temporary file', async () => {
    const d = deps();
    await expect(saveFile(request, d)).resolves.toEqual({ saved: true, path: '/home/me/Documents/Mombasa.zip' });
    expect(d.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: path.join('/home/me/Documents', 'Mombasa.zip'), filters: request.filters }));
    const tempPath = vi.mocked(d.writeFile).mock.calls[0]?.[0];
    expect(path.dirname(tempPath!)).toBe('/home/me/Documents');
    expect(tempPath).not.toBe('/home/me/Documents/Mombasa.zip');
    expect([...d.written.keys()]).toEqual(['/home/me/Documents/Mombasa.zip']);
  });

  it('reports a cancelled dialog as not saved, and writes nothing', async () => {
    const d = deps({ showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })) });
    await expect(saveFile(request, d)).resolves.toEqual({ saved: false });
    expect(d.writeFile).not.toHaveBeenCalled();
  });

  it('cleans up and explains when the write fails', async () => {
    const d = deps({ rename: vi.fn(async () => Promise.reject(new Error('EACCES: permission denied'))) });
    await expect(saveFile(request, d)).rejects.toThrow('Could not save Mombasa.zip: EACCES: permission denied');
    expect(d.rm).toHaveBeenCalled();
    expect(d.written.size).toBe(0);
  });
});

describe('openFiles', () => {
  it('reads the chosen files with names and mime types', async () => {
    const d = deps({}, { '/photos/a.JPG': 10, '/photos/b.zip': 5 });
    const { files } = await openFiles({ filters: [], multiple: true }, d);
    expect(files.map((f) => [f.name, f.mime, f.data.byteLength])).toEqual([
      ['a.JPG', 'image/jpeg', 10],
      ['b.zip', 'application/zip', 5],
    ]);
    expect(d.showOpenDialog).toHaveBeenCalledWith({ filters: [], properties: ['openFile', 'multiSelections'] });
  });

  it('opens one file when multiple is false', async () => {
    const d = deps({}, { '/a.zip': 1, '/b.zip': 1 });
    const { files } = await openFiles({ filters: [], multiple: false }, d);
    expect(files).toHaveLength(1);
    expect(d.showOpenDialog).toHaveBeenCalledWith({ filters: [], properties: ['openFile'] });
  });

  it('returns nothing when cancelled', async () => {
    const d = deps({ showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })) });
    await expect(openFiles({ filters: [], multiple: true }, d)).resolves.toEqual({ files: [] });
  });

  it('refuses files larger than the limit together, before reading any', async () => {
    const d = deps({}, { '/a.mp4': MAX_OPEN_TOTAL_BYTES, '/b.mp4': 1 });
    await expect(openFiles({ filters: [], multiple: true }, d)).rejects.toThrow(/^The chosen files are 256\.0 MB together; at most 256\.0 MB can be opened at once\.$/);
    expect(d.readFile).not.toHaveBeenCalled();
  });

  it('refuses a file that grew past the limit between stat and read', async () => {
    const d = deps({ readFile: vi.fn(async () => new Uint8Array(new ArrayBuffer(MAX_OPEN_TOTAL_BYTES + 1))) }, { '/a.zip': 10 });
    await expect(openFiles({ filters: [], multiple: false }, d)).rejects.toThrow(/larger than 256\.0 MB/);
  });

  it('refuses something that is not a file', async () => {
    const d = deps({ showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/dev'] })) });
    await expect(openFiles({ filters: [], multiple: false }, d)).rejects.toThrow('dev is not a file.');
  });

  it('guesses mime types from extensions', () => {
    expect(mimeForFile('x.PDF')).toBe('application/pdf');
    expect(mimeForFile('x.m4a')).toBe('audio/mp4');
    expect(mimeForFile('x')).toBe('application/octet-stream');
  });
});
