import type { Attachment, Engagement, Finding, Recommendation, Visit } from '../schemas/index.ts';

/** The validated, plain data of one engagement that a report is built from (no Y types, no bytes). */
export interface ReportSnapshot {
  engagement: Engagement;
  visits: Visit[];
  findings: Finding[];
  /** Sorted by number (R-1, R-2…). */
  recommendations: Recommendation[];
  attachments: Attachment[];
  /** Entities that failed validation: named in the internal edition, never printed. */
  quarantined: { collection: string; id: string; problems: string[] }[];
  /**
   * Issue 7: titles of the library items recommendations link as their basis (libraryIds), looked up by the caller
   * from the network doc. Printed in the internal edition only; publicFilter does not carry it.
   */
  library?: { id: string; title: string; archived: boolean }[];
}

/**
 * What the builder knows about an attachment's bytes. Bytes or a data URL are checked (PNG/JPEG structure) before
 * they reach pdfmake, so a damaged photo becomes a placeholder and a warning instead of a failed export.
 */
export type ImageSource = Uint8Array | string | 'missing' | 'corrupt';
export type ReportImages = ReadonlyMap<string, ImageSource>;

export const REPORT_SECTIONS = ['summary', 'contents', 'overview', 'findings', 'recommendations', 'charts', 'methodology', 'appendix'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const REPORT_SECTION_LABELS: Record<ReportSection, string> = {
  summary: 'Executive summary',
  contents: 'Table of contents',
  overview: 'Engagement overview',
  findings: 'Findings by focus area',
  recommendations: 'Recommendations',
  charts: 'Charts',
  methodology: 'Methodology',
  appendix: 'Appendix: site visits',
};

export type Edition = 'internal' | 'public';
export type Paper = 'A4' | 'LETTER';

export interface Branding {
  /** #rrggbb */
  accent: string;
  /** PNG or JPEG, as bytes or a data URL; checked like photos. */
  logo?: ImageSource | undefined;
  organisation: string;
}

export interface ReportOptions {
  edition: Edition;
  sections: Record<ReportSection, boolean>;
  paper: Paper;
  branding: Branding;
  /** e.g. "Prepared by the Groundwork team for the City of Fall River". Empty: derived from the team. */
  author: string;
  /** Printed on the cover and stored in the PDF's metadata: fix it for byte-identical output. */
  generatedAt: Date;
  /** Include photos (a text-only report is much smaller). */
  photos: boolean;
}

export const DEFAULT_ACCENT = '#1f5f8b';

export type ReportOptionsInput = Partial<Omit<ReportOptions, 'sections' | 'branding'>> & {
  sections?: Partial<Record<ReportSection, boolean>>;
  branding?: Partial<Branding>;
};

export function defaultReportOptions(partial: ReportOptionsInput = {}): ReportOptions {
  return {
    edition: 'public',
    paper: 'LETTER',
    author: '',
    photos: true,
    generatedAt: new Date(0),
    ...partial,
    sections: { ...Object.fromEntries(REPORT_SECTIONS.map((s) => [s, true])), ...partial.sections } as Record<ReportSection, boolean>,
    branding: { accent: DEFAULT_ACCENT, organisation: 'Groundwork', ...partial.branding },
  };
}

export interface ReportWarning {
  /** What it concerns, e.g. an attachment id. */
  subject: string;
  message: string;
}
