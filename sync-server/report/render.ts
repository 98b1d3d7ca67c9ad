import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import * as Y from 'yjs';
import { unpackBundle } from '#core/bundle/index.ts';
import { migrate } from '#core/model/migrations.ts';
import { buildPortfolio, buildReport, snapshotFromDoc, type BuiltPortfolio, type BuiltReport, type ImageSource, type PortfolioOptions, type ReportOptions, type ReportSnapshot } from '#core/reports/index.ts';

/**
 * Headless rendering (ARCHITECTURE.md, "Reports"): pdfmake's Node build with the Roboto fonts it ships, no
 * network and no file access beyond those fonts. `require('pdfmake')` is a ready instance in 0.3.
 */
const require = createRequire(import.meta.url);
type PdfMake = typeof import('pdfmake');
const pdfmake = require('pdfmake') as PdfMake;
const robotoPath = require.resolve('pdfmake/fonts/Roboto.js');
const fontDir = dirname(robotoPath) + sep;
pdfmake.setFonts(require(robotoPath) as Parameters<PdfMake['setFonts']>[0]);
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(fontDir));

export async function renderDefinition(definition: TDocumentDefinitions, onProgress?: (share: number) => void): Promise<Buffer> {
  pdfmake.setProgressCallback(onProgress ?? (() => {}));
  const out = (await pdfmake.createPdf(definition).getBuffer()) as Buffer;
  return out;
}

export interface RenderedReport extends Omit<BuiltReport, 'definition'> {
  pdf: Buffer;
}

export async function renderReport(snapshot: ReportSnapshot, images: ReadonlyMap<string, ImageSource>, options: ReportOptions): Promise<RenderedReport> {
  const { definition, warnings, stats } = buildReport(snapshot, images, options);
  return { pdf: await renderDefinition(definition), warnings, stats };
}

/** Snapshot and photos of an exported bundle (core/bundle), checked as an import would check them. */
export async function loadBundle(bytes: Uint8Array): Promise<{ snapshot: ReportSnapshot; images: Map<string, ImageSource> }> {
  const unpacked = await unpackBundle(bytes);
  if (!unpacked.ok) throw new Error(unpacked.error);
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, unpacked.update);
    if (!unpacked.newerSchema) migrate(doc);
    const snapshot = snapshotFromDoc(doc);
    const images = new Map<string, ImageSource>();
    for (const a of snapshot.attachments) images.set(a.id, unpacked.attachments.get(a.sha256) ?? 'missing');
    return { snapshot, images };
  } finally {
    doc.destroy();
  }
}

export interface RenderedPortfolio extends Omit<BuiltPortfolio, 'definition'> {
  pdf: Buffer;
}

export async function renderPortfolio(snapshots: readonly ReportSnapshot[], options: PortfolioOptions): Promise<RenderedPortfolio> {
  const { definition, ...rest } = buildPortfolio(snapshots, options);
  return { pdf: await renderDefinition(definition), ...rest };
}
