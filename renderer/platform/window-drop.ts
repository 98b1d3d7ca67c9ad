/**
 * Files dropped anywhere on the window. The visit editor has its own drop zone (it adds the photos); a drop
 * anywhere else must never make the window navigate to the file (Electron also sets navigateOnDragDrop: false,
 * the browser build needs this guard), and photos dropped beside an open visit — on the sidebar, the top bar —
 * still go to that visit. Works the same in Electron and a browser.
 */

export const IMAGE_TYPE = /^image\//;
const IMAGE_NAME = /\.(png|jpe?g|gif|webp|heic|avif)$/i;

export function isImageFile(file: Pick<File, 'type' | 'name'>): boolean {
  return IMAGE_TYPE.test(file.type) || (!file.type && IMAGE_NAME.test(file.name));
}

export type DropRoute =
  /** A drop zone on the page (the visit editor) took it. */
  { kind: 'handled' } | { kind: 'to-visit'; files: File[] } | { kind: 'no-visit'; message: string } | { kind: 'no-images'; message: string };

/** Where a drop that reached the window goes. Pure. */
export function routeWindowDrop(input: { handled: boolean; files: readonly File[]; visitOpen: boolean }): DropRoute {
  if (input.handled) return { kind: 'handled' };
  const images = input.files.filter(isImageFile);
  if (images.length === 0)
    return { kind: 'no-images', message: 'Only photos can be dropped on Groundwork. To add a bundle, use File → Import Bundle… or Settings.' };
  if (!input.visitOpen)
    return {
      kind: 'no-visit',
      message: `Open a visit to add ${images.length === 1 ? 'the photo' : `the ${images.length} photos`}: drop them on the visit’s page.`,
    };
  return { kind: 'to-visit', files: images };
}

const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');

export interface WindowDropOptions {
  /** The open visit's drop zone (its page), or null when no visit is open. */
  findVisitDropZone(): Element | null;
  notify(message: string): void;
}

/**
 * Install the window-level guard. Listeners sit on `window` in the bubble phase, so the page's own drop zones
 * (React handlers on the root) have run first and marked the event handled with preventDefault().
 */
export function installWindowDropGuard(win: Window, options: WindowDropOptions): () => void {
  const forwarded = new WeakSet<Event>();
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    // Without this, the drop event never fires and Chromium opens the file instead.
    e.preventDefault();
    if (e.dataTransfer && !e.defaultPrevented) e.dataTransfer.dropEffect = options.findVisitDropZone() ? 'copy' : 'none';
  };
  const onDrop = (e: DragEvent) => {
    if (forwarded.has(e) || !hasFiles(e)) {
      if (!e.defaultPrevented && hasFiles(e)) e.preventDefault();
      return;
    }
    const zone = options.findVisitDropZone();
    const route = routeWindowDrop({ handled: e.defaultPrevented, files: [...(e.dataTransfer?.files ?? [])], visitOpen: zone !== null });
    e.preventDefault();
    if (route.kind === 'handled') return;
    if (route.kind !== 'to-visit') {
      options.notify(route.message);
      return;
    }
    // Hand the photos to the visit editor's own drop handler, so they are added exactly as if dropped on it.
    const data = new DataTransfer();
    for (const file of route.files) data.items.add(file);
    const forward = new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data });
    forwarded.add(forward);
    zone!.dispatchEvent(forward);
  };
  win.addEventListener('dragover', onDragOver);
  win.addEventListener('drop', onDrop);
  return () => {
    win.removeEventListener('dragover', onDragOver);
    win.removeEventListener('drop', onDrop);
  };
}
