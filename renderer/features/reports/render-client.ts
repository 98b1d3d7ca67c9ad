import type { ImageSource, PortfolioOptions, ReportOptions, ReportSnapshot } from '#core/reports/index.ts';
import type { GroundworkDb } from '../../data/db.ts';
import type { RenderRequest, RenderResponse } from './protocol.ts';

export type RenderDone = Extract<RenderResponse, { type: 'done' }>;

/** Photo bytes for the report: the downscaled "display" copy when there is one (smaller PDF), else the original. */
export async function collectImages(db: GroundworkDb, snapshot: ReportSnapshot): Promise<[string, ImageSource][]> {
  const out: [string, ImageSource][] = [];
  for (const a of snapshot.attachments) {
    if (!a.mime.startsWith('image/')) continue;
    const blob = (await db.thumbs.get(`${a.sha256}:display`))?.blob ?? (await db.blobs.get(a.sha256))?.blob;
    out.push([a.id, blob ? new Uint8Array(await blob.arrayBuffer()) : 'missing']);
  }
  return out;
}

let nextId = 1;

/** Render an engagement's report in a fresh Web Worker (terminated afterwards, so a big report's memory goes with it). */
export function renderInWorker(
  snapshot: ReportSnapshot,
  images: [string, ImageSource][],
  options: ReportOptions,
  onProgress: (stage: 'building' | 'rendering', share: number) => void,
  signal?: AbortSignal,
): Promise<RenderDone> {
  return runWorker((id) => ({ id, kind: 'engagement', snapshot, images, options: { ...options, generatedAt: options.generatedAt.toISOString() } }), onProgress, signal);
}

/** Render the portfolio report of several engagements in a fresh Web Worker. */
export function renderPortfolioInWorker(
  snapshots: ReportSnapshot[],
  options: PortfolioOptions,
  onProgress: (stage: 'building' | 'rendering', share: number) => void,
  signal?: AbortSignal,
): Promise<RenderDone> {
  return runWorker((id) => ({ id, kind: 'portfolio', snapshots, options: { ...options, generatedAt: options.generatedAt.toISOString() } }), onProgress, signal);
}

function runWorker(request: (id: number) => RenderRequest, onProgress: (stage: 'building' | 'rendering', share: number) => void, signal?: AbortSignal): Promise<RenderDone> {
  const worker = new Worker(new URL('./report.worker.ts', import.meta.url), { type: 'module', name: 'report' });
  const id = nextId++;
  return new Promise<RenderDone>((resolve, reject) => {
    const stop = () => {
      worker.terminate();
      reject(new DOMException('The export was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.onmessage = (e: MessageEvent<RenderResponse>) => {
      const msg = e.data;
      if (msg.id !== id) return;
      if (msg.type === 'progress') onProgress(msg.stage, msg.share);
      else {
        signal?.removeEventListener('abort', stop);
        worker.terminate();
        if (msg.type === 'done') resolve(msg);
        else reject(new Error(msg.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'The report could not be rendered.'));
    };
    worker.postMessage(request(id));
  });
}
