import type { ImageSource, ReportOptions, ReportSnapshot, ReportWarning } from '#core/reports/index.ts';

/** Messages between the export dialog and report.worker.ts (structured-clone friendly: no functions, no Maps). */
export interface RenderRequest {
  id: number;
  snapshot: ReportSnapshot;
  images: [string, ImageSource][];
  options: Omit<ReportOptions, 'generatedAt'> & { generatedAt: string };
}

export type RenderResponse =
  | { id: number; type: 'progress'; stage: 'building' | 'rendering'; share: number }
  | { id: number; type: 'done'; pdf: ArrayBuffer; warnings: ReportWarning[]; stats: { visits: number; findings: number; recommendations: number; photos: number }; ms: { build: number; render: number } }
  | { id: number; type: 'error'; message: string };
