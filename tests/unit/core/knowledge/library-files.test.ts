/** Files attached to library items: stamped, refused when too big / duplicate / too many, removable and undoable,
 * concurrent attachments from two devices both survive, and the hashes the sync must upload are all listed. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ValidationError } from '#core/errors.ts';
import {
  attachLibraryFile,
  createLibraryItem,
  libraryFileShas,
  libraryMap,
  MAX_LIBRARY_FILE_BYTES,
  MAX_LIBRARY_FILES,
  readLibraryItem,
  removeLibraryFile,
} from '#core/knowledge/index.ts';
import { LOCAL_ORIGIN } from '#core/model/layout.ts';
import type { WriteContext } from '#core/model/write.ts';

const ctx: WriteContext = { author: 'exp-1', now: () => new Date('2026-03-02T10:00:00Z') };
const sha = (n: number) => n.toString(16).padStart(64, '0');
const pdf = (n: number, name = `report-${n}.pdf`) => ({ sha256: sha(n), name, mime: 'application/pdf', size: 1000 + n });

function docWithItem(): Y.Doc {
  const doc = new Y.Doc();
  createLibraryItem(doc, ctx, { id: 'lib1', kind: 'guide', title: 'Land bank basics', author: 'A. Author', date: '2026-01-01' });
  return doc;
}

describe('library attachments', () => {
  it('attaches a file stamped with who and when, and lists it on the item', () => {
    const doc = docWithItem();
    const file = attachLibraryFile(doc, ctx, 'lib1', pdf(1));
    expect(file).toEqual({ ...pdf(1), addedBy: 'exp-1', addedAt: '2026-03-02T10:00:00.000Z' });
    const item = readLibraryItem(doc, 'lib1')!;
    expect(item.files).toEqual([file]);
    expect(item.updatedBy).toBe('exp-1');
    expect(libraryFileShas(doc)).toEqual([sha(1)]);
  });

  it('gives an unknown browser type a generic media type instead of failing', () => {
    const doc = docWithItem();
    expect(attachLibraryFile(doc, ctx, 'lib1', { ...pdf(2), mime: '' }).mime).toBe('application/octet-stream');
  });

  it('refuses files over the limit, the same bytes twice, one too many, and unknown items — with readable sentences', () => {
    const doc = docWithItem();
    const tooBig = () => attachLibraryFile(doc, ctx, 'lib1', { ...pdf(3), size: MAX_LIBRARY_FILE_BYTES + 1 });
    expect(tooBig).toThrow(ValidationError);
    expect(tooBig).toThrow(/files up to 50 MB can be attached/);
    attachLibraryFile(doc, ctx, 'lib1', pdf(4, 'a.pdf'));
    expect(() => attachLibraryFile(doc, ctx, 'lib1', pdf(4, 'b.pdf'))).toThrow(/"b.pdf" is already attached as "a.pdf"/);
    expect(() => attachLibraryFile(doc, ctx, 'nope', pdf(5))).toThrow(/no library item/);
    for (let i = 10; readLibraryItem(doc, 'lib1')!.files.length < MAX_LIBRARY_FILES; i++) attachLibraryFile(doc, ctx, 'lib1', pdf(i));
    expect(() => attachLibraryFile(doc, ctx, 'lib1', pdf(999))).toThrow(/at most 50 files/);
    expect(readLibraryItem(doc, 'lib1')!.files).toHaveLength(MAX_LIBRARY_FILES);
  });

  it('removes a file, and undo brings it back', () => {
    const doc = docWithItem();
    attachLibraryFile(doc, ctx, 'lib1', pdf(1));
    attachLibraryFile(doc, ctx, 'lib1', pdf(2));
    const undo = new Y.UndoManager(libraryMap(doc), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    expect(removeLibraryFile(doc, ctx, 'lib1', sha(1))?.name).toBe('report-1.pdf');
    expect(readLibraryItem(doc, 'lib1')!.files.map((f) => f.sha256)).toEqual([sha(2)]);
    expect(removeLibraryFile(doc, ctx, 'lib1', sha(1))).toBeUndefined();
    undo.undo();
    expect(
      readLibraryItem(doc, 'lib1')!
        .files.map((f) => f.sha256)
        .sort(),
    ).toEqual([sha(1), sha(2)]);
  });

  it('keeps both files when two devices attach at the same time', () => {
    const a = docWithItem();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    attachLibraryFile(a, ctx, 'lib1', pdf(1));
    attachLibraryFile(b, { ...ctx, author: 'exp-2' }, 'lib1', pdf(2));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    for (const d of [a, b])
      expect(
        readLibraryItem(d, 'lib1')!
          .files.map((f) => f.sha256)
          .sort(),
      ).toEqual([sha(1), sha(2)]);
    expect(libraryFileShas(a).sort()).toEqual([sha(1), sha(2)]);
  });

  it('reads files stored before attachments had a UI (no who/when) and lists their hashes for upload', () => {
    const doc = new Y.Doc();
    createLibraryItem(doc, ctx, { id: 'lib2', kind: 'dataset', title: 'Vacancy survey', author: 'B', date: '2026-01-02', files: [pdf(7)] });
    expect(readLibraryItem(doc, 'lib2')!.files[0]!.addedBy).toBeUndefined();
    expect(libraryFileShas(doc)).toEqual([sha(7)]);
  });
});
