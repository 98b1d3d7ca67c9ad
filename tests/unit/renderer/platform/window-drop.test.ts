import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installWindowDropGuard, isImageFile, routeWindowDrop } from '#renderer/platform/window-drop.ts';

const photo = (name = 'porch.jpg', type = 'image/jpeg') => new File([new Uint8Array([1, 2, 3])], name, { type });
const pdf = () => new File([new Uint8Array([1])], 'minutes.pdf', { type: 'application/pdf' });

describe('routing a drop that reached the window', () => {
  it('knows photos by type, or by name when the OS gives no type', () => {
    expect(isImageFile(photo())).toBe(true);
    expect(isImageFile(photo('IMG_0001.HEIC', ''))).toBe(true);
    expect(isImageFile(pdf())).toBe(false);
    expect(isImageFile(photo('notes.txt', ''))).toBe(false);
  });

  it('leaves drops the page already handled (the visit editor’s own zones)', () => {
    expect(routeWindowDrop({ handled: true, files: [photo()], visitOpen: true })).toEqual({ kind: 'handled' });
  });

  it('sends only the photos to the open visit', () => {
    const a = photo();
    const route = routeWindowDrop({ handled: false, files: [a, pdf()], visitOpen: true });
    expect(route).toEqual({ kind: 'to-visit', files: [a] });
  });

  it('says what to do when no visit is open, or nothing dropped is a photo', () => {
    expect(routeWindowDrop({ handled: false, files: [photo(), photo('b.png', 'image/png')], visitOpen: false })).toEqual({
      kind: 'no-visit',
      message: 'Open a visit to add the 2 photos: drop them on the visit’s page.',
    });
    expect(routeWindowDrop({ handled: false, files: [photo()], visitOpen: false })).toMatchObject({ message: expect.stringContaining('the photo:') });
    expect(routeWindowDrop({ handled: false, files: [pdf()], visitOpen: true })).toMatchObject({ kind: 'no-images' });
  });
});

// Node has no DragEvent/DataTransfer: small stand-ins with the parts the guard uses.
class FakeDataTransfer {
  types: string[] = [];
  files: File[] = [];
  dropEffect = 'none';
  items = { add: (f: File) => (this.files.push(f), (this.types = ['Files'])) };
}
class FakeDragEvent extends Event {
  dataTransfer: FakeDataTransfer | null;
  constructor(type: string, init: { bubbles?: boolean; cancelable?: boolean; dataTransfer?: FakeDataTransfer } = {}) {
    super(type, { bubbles: init.bubbles, cancelable: init.cancelable });
    this.dataTransfer = init.dataTransfer ?? null;
  }
}
const drag = (type: 'dragover' | 'drop', files: File[]) => {
  const data = new FakeDataTransfer();
  files.forEach((f) => data.items.add(f));
  return new FakeDragEvent(type, { cancelable: true, dataTransfer: data });
};

describe('window drop guard', () => {
  beforeEach(() => {
    vi.stubGlobal('DataTransfer', FakeDataTransfer);
    vi.stubGlobal('DragEvent', FakeDragEvent);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('accepts file drags everywhere, so a stray drop never navigates away', () => {
    const win = new EventTarget();
    installWindowDropGuard(win as Window, { findVisitDropZone: () => null, notify: vi.fn() });
    const over = drag('dragover', [photo()]);
    win.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    expect(over.dataTransfer!.dropEffect).toBe('none');
    const drop = drag('drop', [pdf()]);
    win.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
  });

  it('forwards photos dropped beside an open visit to the visit’s own drop handler', () => {
    const win = new EventTarget();
    const zone = new EventTarget();
    const received: File[][] = [];
    zone.addEventListener('drop', (e) => {
      received.push([...((e as FakeDragEvent).dataTransfer?.files ?? [])]);
      e.preventDefault(); // as the visit editor does
    });
    const notify = vi.fn();
    installWindowDropGuard(win as Window, { findVisitDropZone: () => zone as Element, notify });
    const a = photo();
    win.dispatchEvent(drag('drop', [a, pdf()]));
    expect(received).toEqual([[a]]);
    expect(notify).not.toHaveBeenCalled();
  });

  it('tells the person to open a visit when none is open', () => {
    const win = new EventTarget();
    const notify = vi.fn();
    installWindowDropGuard(win as Window, { findVisitDropZone: () => null, notify });
    win.dispatchEvent(drag('drop', [photo()]));
    expect(notify).toHaveBeenCalledWith('Open a visit to add the photo: drop them on the visit’s page.');
  });

  it('ignores drags without files (text selections) and can be removed', () => {
    const win = new EventTarget();
    const remove = installWindowDropGuard(win as Window, { findVisitDropZone: () => null, notify: vi.fn() });
    const text = drag('dragover', []);
    win.dispatchEvent(text);
    expect(text.defaultPrevented).toBe(false);
    remove();
    const after = drag('dragover', [photo()]);
    win.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });
});
