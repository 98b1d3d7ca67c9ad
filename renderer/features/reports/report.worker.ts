/// <reference lib="webworker" />
import pdfMake from 'pdfmake/build/pdfmake';
import vfs from 'pdfmake/build/vfs_fonts';
import { buildPortfolio, buildReport, type ReportWarning } from '#core/reports/index.ts';
import type { RenderRequest, RenderResponse, RenderStats } from './protocol.ts';

/**
 * Builds and renders a report off the UI thread: an engagement's report or the portfolio report. pdfmake's
 * browser build with the Roboto fonts from its virtual file system: no network, same fonts as the headless
 * renderer, so the same report in both places.
 */
pdfMake.addVirtualFileSystem(vfs);

const post = (msg: RenderResponse, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(msg, transfer);

self.onmessage = async (event: MessageEvent<RenderRequest>) => {
  const req = event.data;
  const { id } = req;
  try {
    post({ id, type: 'progress', stage: 'building', share: 0 });
    const t0 = performance.now();
    const generatedAt = new Date(req.options.generatedAt);
    let built: { definition: Parameters<typeof pdfMake.createPdf>[0]; warnings: ReportWarning[]; stats: RenderStats };
    if (req.kind === 'portfolio') {
      const b = buildPortfolio(req.snapshots, { ...req.options, generatedAt });
      built = { definition: b.definition, warnings: b.warnings, stats: b.stats };
    } else built = buildReport(req.snapshot, new Map(req.images), { ...req.options, generatedAt });
    const t1 = performance.now();
    let last = 0;
    pdfMake.setProgressCallback((share: number) => {
      // Throttled: pdfmake reports every page; the dialog needs a few steps a second at most.
      if (share - last >= 0.02 || share === 1) {
        last = share;
        post({ id, type: 'progress', stage: 'rendering', share });
      }
    });
    const bytes = (await pdfMake.createPdf(built.definition).getBuffer()) as Uint8Array;
    const t2 = performance.now();
    const pdf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    post({ id, type: 'done', pdf, warnings: built.warnings, stats: built.stats, ms: { build: Math.round(t1 - t0), render: Math.round(t2 - t1) } }, [pdf]);
  } catch (err) {
    post({ id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
