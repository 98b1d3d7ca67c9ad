import type { ImageSource, PortfolioOptions, ReportOptions, ReportSnapshot, ReportWarning } from '#core/reports/index.ts';

/** Messages between the export dialogs and report.worker.ts (structured-clone friendly: no functions, no Maps). */
export type RenderRequest =
  | {
      id: number;
      kind: 'engagement';
      snapshot: ReportSnapshot;
      images: [string, ImageSource][];
      options: Omit<ReportOptions, 'generatedAt'> & { generatedAt: string };
    }
  | {
      id: number;
      kind: 'portfolio';
      snapshots: ReportSnapshot[];
      options: Omit<PortfolioOptions, 'generatedAt'> & { generatedAt: string };
    };

/** What was printed: the engagement report fills visits…photos, the portfolio engagements and overdue. */
export interface RenderStats {
  recommendations: number;
  visits?: number;
  findings?: number;
  photos?: number;
  engagements?: number;
  overdue?: number;
}

export type RenderResponse =
  | { id: number; type: 'progress'; stage: 'building' | 'rendering'; share: number }
  | { id: number; type: 'done'; pdf: ArrayBuffer; warnings: ReportWarning[]; stats: RenderStats; ms: { build: number; render: number } }
  | { id: number; type: 'error'; message: string };
