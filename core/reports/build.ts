import type { Content, ContentColumns, ContentTable, CustomTableLayout, TDocumentDefinitions } from 'pdfmake/interfaces';
import { FOCUS_AREA_LABELS, RECOMMENDATION_STATUSES, allQuestions } from '../schemas/index.ts';
import type { Attachment, Finding, FocusArea, Recommendation, RecommendationStatus, Visit } from '../schemas/index.ts';
import { columnChart, horizontalBarChart } from './charts.ts';
import {
  ENGAGEMENT_STATUS_LABELS,
  INTENSITY_LABELS,
  KIND_LABELS,
  PRIORITY_LABELS,
  REVIEW_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  TIMEFRAME_LABELS,
  formatNumber,
  isoDay,
  longDate,
  monthYear,
  plural,
  quarterOf,
  safeAccent,
  shortDate,
  tint,
} from './format.ts';
import { checkImage } from './images.ts';
import { isInterview, publicFilter } from './public-filter.ts';
import { DEFAULT_ACCENT, type Paper, type ReportImages, type ReportOptions, type ReportSnapshot, type ReportWarning } from './types.ts';

export interface BuiltReport {
  definition: TDocumentDefinitions;
  warnings: ReportWarning[];
  /** Counts of what was printed, for the UI and tests. */
  stats: { visits: number; findings: number; recommendations: number; photos: number };
}

export const PAGE = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;
export const MARGIN = { left: 60, right: 60, top: 66, bottom: 62 };
const INK = '#1d2733';
const MUTED = '#5b6672';
/** Red of the internal edition's markings and of overdue dates (cover banner, header, CONFIDENTIAL tags). */
export const INTERNAL_RED = '#a23b2a';
const RULE = '#d5dae0';

type Ctx = {
  s: ReportSnapshot;
  o: ReportOptions;
  accent: string;
  width: number;
  warnings: ReportWarning[];
  images: Record<string, string>;
  imageState: Map<string, { key: string; width: number; height: number } | { problem: string }>;
  sourceImages: ReportImages;
  photoCount: number;
  people: Map<string, string>;
  visitById: Map<string, Visit>;
  findingById: Map<string, Finding>;
};

/**
 * Build the pdfmake document definition of an engagement's accountability report. Pure: the same snapshot,
 * images and options give the same definition (and, rendered with the same fonts, the same bytes).
 * The public edition is built from `publicFilter(snapshot)` only — nothing else reaches the page.
 */
export function buildReport(snapshot: ReportSnapshot, images: ReportImages, options: ReportOptions): BuiltReport {
  const s = options.edition === 'public' ? publicFilter(snapshot) : snapshot;
  const [pageW] = PAGE[options.paper];
  const ctx: Ctx = {
    s,
    o: options,
    accent: safeAccent(options.branding.accent, DEFAULT_ACCENT),
    width: pageW - MARGIN.left - MARGIN.right,
    warnings: [],
    images: {},
    imageState: new Map(),
    sourceImages: images,
    photoCount: 0,
    people: new Map(s.engagement.team.map((p) => [p.id, p.name])),
    visitById: new Map(s.visits.map((v) => [v.id, v])),
    findingById: new Map(s.findings.map((f) => [f.id, f])),
  };
  const on = options.sections;
  const content: Content[] = [cover(ctx)];
  // The order of the issue's brief: summary first (what a council member reads), then the contents.
  if (on.summary) content.push(summary(ctx));
  if (on.contents) content.push(contents());
  if (on.overview) content.push(overview(ctx));
  if (on.charts) content.push(charts(ctx));
  if (on.findings) content.push(findings(ctx));
  if (on.recommendations) content.push(recommendations(ctx));
  if (on.methodology) content.push(methodology(ctx));
  if (on.appendix) content.push(appendix(ctx));

  const e = s.engagement;
  const title = `${e.city}, ${e.state} — Accountability report`;
  const editionLabel = options.edition === 'public' ? 'Public edition' : 'Internal edition — not for publication';
  const definition: TDocumentDefinitions = {
    pageSize: options.paper,
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: {
      title,
      author: authorLine(ctx),
      subject: `${editionLabel}. ${KIND_LABELS[e.kind]}, ${longDate(e.startDate)}${e.endDate ? ` to ${longDate(e.endDate)}` : ''}.`,
      keywords: `accountability report, ${e.city}, ${options.edition} edition`,
      creator: 'Groundwork',
      producer: 'Groundwork (pdfmake)',
      creationDate: options.generatedAt,
      modDate: options.generatedAt,
    },
    language: 'en-US',
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.3, color: INK },
    styles: {
      h1: { fontSize: 20, bold: true, color: ctx.accent, lineHeight: 1.15, margin: [0, 0, 0, 12] },
      h2: { fontSize: 13.5, bold: true, color: INK, lineHeight: 1.2, margin: [0, 16, 0, 6] },
      h3: { fontSize: 11, bold: true, color: INK, lineHeight: 1.25, margin: [0, 12, 0, 3] },
      lead: { fontSize: 11, lineHeight: 1.4, color: INK },
      muted: { color: MUTED },
      small: { fontSize: 8.5, color: MUTED },
      label: { fontSize: 7.5, bold: true, color: MUTED, characterSpacing: 0.6 },
      caption: { fontSize: 8, italics: true, color: MUTED, lineHeight: 1.25 },
      th: { fontSize: 8, bold: true, color: '#ffffff' },
      td: { fontSize: 8.5, lineHeight: 1.2 },
      tocTitle: { fontSize: 20, bold: true, color: ctx.accent, margin: [0, 0, 0, 14] },
      note: { fontSize: 8.5, color: '#5a3b12' },
    },
    images: ctx.images,
    header: (page: number) =>
      page === 1
        ? ''
        : {
            margin: [MARGIN.left, 28, MARGIN.right, 0],
            stack: [
              {
                columns: [
                  { text: title, style: 'small', width: '*' },
                  { text: editionLabel, fontSize: 8.5, width: 'auto', bold: options.edition === 'internal', color: options.edition === 'internal' ? INTERNAL_RED : MUTED },
                ],
              },
              { canvas: [{ type: 'line', x1: 0, y1: 6, x2: ctx.width, y2: 6, lineWidth: 0.75, lineColor: ctx.accent }] },
            ],
          },
    footer: (page: number, pages: number) =>
      page === 1
        ? ''
        : {
            margin: [MARGIN.left, 22, MARGIN.right, 0],
            columns: [
              { text: options.branding.organisation, style: 'small', width: '*' },
              { text: `Page ${page} of ${pages}`, style: 'small', alignment: 'right', width: 'auto' },
            ],
          },
    background: (page: number, size: { width: number; height: number }) =>
      page === 1 ? { canvas: [{ type: 'rect', x: 0, y: 0, w: size.width, h: 318, color: ctx.accent }] } : '',
    // A heading never ends a page: if nothing of its section follows it on the same page, it moves over.
    // Most headings are also kept in one unbreakable stack with their first block, so this rarely fires
    // (each firing costs pdfmake a full re-layout).
    pageBreakBefore: (node, queries) => {
      if (!node.headlineLevel || node.pageBreak === 'before') return false;
      if (node.startPosition.verticalRatio < 0.6) return false;
      return queries.getFollowingNodesOnPage().length === 0;
    },
    content,
  };
  return {
    definition,
    warnings: ctx.warnings,
    stats: { visits: s.visits.length, findings: s.findings.length, recommendations: s.recommendations.length, photos: ctx.photoCount },
  };
}

// ——— building blocks ———

function authorLine(c: Ctx): string {
  if (c.o.author.trim()) return c.o.author.trim();
  const lead = c.s.engagement.team.find((p) => p.role === 'lead');
  return lead ? `Prepared by ${c.o.branding.organisation}, engagement lead ${lead.name}` : `Prepared by ${c.o.branding.organisation}`;
}

export function heading(text: string, level: 1 | 2 | 3, opts: { toc?: boolean; pageBreak?: boolean; id?: string } = {}): Content {
  return {
    text,
    style: `h${level}`,
    headlineLevel: level,
    ...(opts.id ? { id: opts.id } : {}),
    ...(opts.toc ? { tocItem: true, tocMargin: level === 1 ? [0, 8, 0, 2] : [14, 1, 0, 1], tocStyle: level === 1 ? { bold: true } : { color: MUTED } } : {}),
    ...(opts.pageBreak ? { pageBreak: 'before' as const } : {}),
  } as Content;
}

/** A heading with the block that follows it, never separated. */
function keep(...blocks: Content[]): Content {
  return { stack: blocks, unbreakable: true };
}

function section(title: string, body: Content[]): Content {
  return { stack: [heading(title, 1, { toc: true, pageBreak: true }), ...body] };
}

export function para(text: string, extra: Record<string, unknown> = {}): Content {
  return { text, margin: [0, 0, 0, 6], ...extra } as Content;
}

export function tableLayout(c: { accent: string }, zebra = true): CustomTableLayout {
  return {
    hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : i === (node.table.headerRows ?? 0) ? 0 : 0.5),
    vLineWidth: () => 0,
    hLineColor: () => RULE,
    fillColor: (row, node) => (row < (node.table.headerRows ?? 0) ? c.accent : zebra && row % 2 === 0 ? '#f5f7f9' : null),
    paddingLeft: (i) => (i === 0 ? 6 : 4),
    paddingRight: (i, node) => (i === node.table.widths!.length - 1 ? 6 : 4),
    paddingTop: () => 4,
    paddingBottom: () => 4,
  };
}

export function th(text: string, extra: Record<string, unknown> = {}): Content {
  return { text, style: 'th', ...extra } as Content;
}

export function statusCell(status: RecommendationStatus): ContentColumns {
  return {
    columns: [
      { canvas: [{ type: 'rect', x: 0, y: 2.5, w: 7, h: 7, r: 1.5, color: STATUS_COLORS[status] }], width: 11 },
      { text: STATUS_LABELS[status], width: '*' },
    ],
    columnGap: 0,
  };
}

function factTable(rows: [string, Content | string][]): Content {
  return {
    table: {
      widths: [120, '*'],
      body: rows.map(([k, v]) => [{ text: k.toUpperCase(), style: 'label', margin: [0, 1.5, 0, 0] }, typeof v === 'string' ? { text: v } : v]),
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      paddingLeft: () => 0,
      paddingRight: () => 8,
      paddingTop: () => 5,
      paddingBottom: () => 5,
    },
    margin: [0, 0, 0, 10],
  };
}

function noteBox(label: string, text: string): Content {
  return {
    table: { widths: ['*'], body: [[{ stack: [{ text: label.toUpperCase(), style: 'label', color: '#8a5a12' }, { text, style: 'note' }] }]] },
    layout: { hLineWidth: () => 0, vLineWidth: (i) => (i === 0 ? 2 : 0), vLineColor: () => '#d99a2b', fillColor: () => '#fdf6e8', paddingLeft: () => 8, paddingTop: () => 4, paddingBottom: () => 5 },
    margin: [0, 2, 0, 6],
  };
}

function reviewTag(c: Ctx, state: keyof typeof REVIEW_LABELS): Content[] {
  if (c.o.edition === 'public' || state === 'approved') return [];
  return [{ text: '  ' }, { text: `\u00a0${REVIEW_LABELS[state].toUpperCase().replace(/ /g, "\u00a0")}\u00a0`, fontSize: 7, bold: true, color: '#ffffff', background: '#7a8591' }];
}

// ——— images ———

function photoBlock(c: Ctx, a: Attachment, width: number): Content {
  c.photoCount++;
  const n = c.photoCount;
  const height = Math.round(width * 0.66);
  let state = c.imageState.get(a.id);
  if (!state) {
    const source = c.sourceImages.get(a.id);
    if (source === undefined || source === 'missing') state = { problem: 'the photo is missing (not on this device or not in the bundle)' };
    else if (source === 'corrupt') state = { problem: 'the photo file is damaged' };
    else {
      const checked = checkImage(source);
      if (checked.ok) {
        const key = `photo-${a.id}`;
        c.images[key] = checked.dataUrl;
        state = { key, width: checked.width, height: checked.height };
      } else state = { problem: `the photo file is damaged: ${checked.problem}` };
    }
    if ('problem' in state) c.warnings.push({ subject: a.id, message: `Photo “${a.caption || a.name || a.id}”: ${state.problem}. A placeholder was printed instead.` });
    c.imageState.set(a.id, state);
  }
  const visit = a.visitId ? c.visitById.get(a.visitId) : undefined;
  const caption: Content = {
    text: [{ text: `Photo ${n}. `, bold: true, italics: false }, a.caption || 'Untitled photo', visit ? { text: ` — ${visit.title}, ${shortDate(visit.date)}`, color: '#7a8591' } : ''],
    style: 'caption',
    margin: [0, 4, 0, 0],
  };
  const picture: Content =
    'problem' in state
      ? {
          table: { widths: [width - 2], heights: [height - 2], body: [[{ text: [{ text: 'Photo unavailable\n', bold: true }, state.problem], style: 'small', alignment: 'center', margin: [10, height / 2 - 16, 10, 0] }]] },
          layout: {
            hLineWidth: () => 1,
            vLineWidth: () => 1,
            hLineColor: () => '#b7bec7',
            vLineColor: () => '#b7bec7',
            hLineStyle: () => ({ dash: { length: 4, space: 3 } }),
            vLineStyle: () => ({ dash: { length: 4, space: 3 } }),
            fillColor: () => '#f1f3f5',
          },
        }
      : { image: state.key, fit: [width, height], alignment: 'center' };
  // Not unbreakable itself: the row that holds it is (nested unbreakables cost pdfmake a lot of re-layout).
  return { stack: [picture, caption], width } as Content;
}

function photoGrid(c: Ctx, photos: Attachment[]): Content[] {
  if (!c.o.photos || !photos.length) return [];
  const gap = 14;
  const w = (c.width - gap) / 2;
  const rows: Content[] = [];
  for (let i = 0; i < photos.length; i += 2) {
    const pair = photos.slice(i, i + 2).map((p) => photoBlock(c, p, w));
    if (pair.length === 1) pair.push({ text: '', width: w } as Content);
    rows.push({ columns: pair, columnGap: gap, margin: [0, 6, 0, 8], unbreakable: true });
  }
  return rows;
}

// ——— sections ———

function cover(c: Ctx): Content {
  const e = c.s.engagement;
  const white = '#ffffff';
  const period = `${monthYear(e.startDate)} – ${e.endDate ? monthYear(e.endDate) : 'ongoing'}`;
  let logo: Content = { text: c.o.branding.organisation.toUpperCase(), color: white, fontSize: 10, bold: true, characterSpacing: 1.2 };
  const source = c.o.branding.logo;
  if (source && source !== 'missing' && source !== 'corrupt') {
    const checked = checkImage(source);
    if (checked.ok) {
      c.images.logo = checked.dataUrl;
      logo = { image: 'logo', fit: [150, 44] };
    } else c.warnings.push({ subject: 'logo', message: `The logo could not be used (${checked.problem}); the organisation's name was printed instead.` });
  }
  const lead = e.team.filter((p) => p.role === 'lead').map((p) => p.name);
  const experts = e.team.filter((p) => p.role === 'expert').map((p) => p.name);
  const isPublic = c.o.edition === 'public';
  return {
    stack: [
      { ...logo, absolutePosition: { x: MARGIN.left, y: 48 } } as Content,
      {
        stack: [
          { text: 'ACCOUNTABILITY REPORT', color: tint(c.accent, 0.75), fontSize: 10.5, bold: true, characterSpacing: 1.6 },
          { text: `${e.city}, ${e.state}`, color: white, fontSize: 34, bold: true, lineHeight: 1.05, margin: [0, 8, 0, 6] },
          { text: `${KIND_LABELS[e.kind]} · ${INTENSITY_LABELS[e.intensity]} support`, color: white, fontSize: 12.5 },
          { text: period, color: tint(c.accent, 0.8), fontSize: 12.5, margin: [0, 2, 0, 0] },
        ],
        absolutePosition: { x: MARGIN.left, y: 150 },
      },
      {
        stack: [
          factTable(
            [
              ['Focus areas', e.focusAreas.map((a) => FOCUS_AREA_LABELS[a]).join(' · ')],
              ['Executive sponsor', e.sponsor || '—'],
              ['Engagement lead', lead.join(', ') || '—'],
              ['Team', experts.join(', ') || '—'],
              ['Status', `${ENGAGEMENT_STATUS_LABELS[e.status]} (report of ${longDate(isoDay(c.o.generatedAt))})`],
            ],
          ),
          { text: authorLine(c), style: 'muted', margin: [0, 6, 0, 0] },
        ],
        absolutePosition: { x: MARGIN.left, y: 360 },
        width: c.width,
      } as Content,
      editionBanner(
        isPublic,
        c.accent,
        c.o.paper,
        isPublic
          ? 'This edition contains the findings and recommendations that the engagement lead has reviewed and approved. Internal working notes, interview notes, confidential material and the names of people interviewed are not included.'
          : 'This edition contains everything recorded in the engagement, including drafts, internal notes, interview notes and confidential material. Share it only with the engagement team and programme staff.',
      ),
    ],
  };
}

/** The cover's edition banner (engagement and portfolio reports): which edition this is, and what it leaves out. */
export function editionBanner(isPublic: boolean, accent: string, paper: Paper, explanation: string): Content {
  const colour = isPublic ? accent : INTERNAL_RED;
  return {
    table: {
      widths: ['*'],
      body: [
        [
          {
            stack: [
              { text: isPublic ? 'PUBLIC EDITION' : 'INTERNAL EDITION — NOT FOR PUBLICATION', bold: true, fontSize: 8.5, characterSpacing: 0.8, color: colour },
              { text: explanation, fontSize: 8.5, color: MUTED, margin: [0, 3, 0, 0] },
            ],
          },
        ],
      ],
    },
    layout: { hLineWidth: () => 0, vLineWidth: (i) => (i === 0 ? 3 : 0), vLineColor: () => colour, paddingLeft: () => 10, paddingTop: () => 6, paddingBottom: () => 6, fillColor: () => '#f5f7f9' },
    absolutePosition: { x: MARGIN.left, y: PAGE[paper][1] - 150 },
  } as Content;
}

function contents(): Content {
  return {
    toc: { title: { text: 'Contents', style: 'tocTitle' }, textMargin: [0, 2, 0, 2], numberStyle: { bold: false, color: MUTED } },
    pageBreak: 'before',
  } as Content;
}

function countBy<T, K extends string>(items: T[], key: (t: T) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const it of items) m.set(key(it), (m.get(key(it)) ?? 0) + 1);
  return m;
}

function figureBoxes(c: Ctx, figures: [string, string][]): Content {
  return {
    columns: figures.map(([value, label]) => ({
      stack: [
        { text: value, fontSize: 22, bold: true, color: c.accent, lineHeight: 1 },
        { text: label, style: 'small', margin: [0, 3, 0, 0] },
      ],
      width: '*',
    })),
    columnGap: 12,
    margin: [0, 6, 0, 14],
  };
}

function summary(c: Ctx): Content {
  const { s } = c;
  const recs = s.recommendations;
  const byStatus = countBy(recs, (r) => r.status);
  const implemented = byStatus.get('implemented') ?? 0;
  const underway = (byStatus.get('in-progress') ?? 0) + (byStatus.get('accepted') ?? 0);
  const needs = s.findings.filter((f) => f.kind === 'need').length;
  const strengths = s.findings.length - needs;
  const pct = (n: number) => (recs.length ? `${Math.round((100 * n) / recs.length)}%` : '—');
  const body: Content[] = [];
  if (s.engagement.summary.trim()) body.push(...s.engagement.summary.trim().split(/\n{2,}/).map((p) => para(p, { style: 'lead', margin: [0, 0, 0, 8] })));
  body.push(
    figureBoxes(c, [
      [String(s.visits.length), 'site visits and interviews'],
      [String(s.findings.length), `findings (${needs} needs, ${strengths} strengths)`],
      [String(recs.length), 'recommendations'],
      [pct(implemented + underway), `accepted, under way or implemented (${pct(implemented)} implemented)`],
    ]),
  );
  const status = RECOMMENDATION_STATUSES.filter((st) => byStatus.get(st)).map((st) => `${byStatus.get(st)} ${STATUS_LABELS[st].toLowerCase()}`);
  if (recs.length) body.push(para(`Of the ${plural(recs.length, 'recommendation')} in this report, ${status.join(', ')}.`));
  const top = recs.filter((r) => r.priority === 'high' && r.status !== 'declined').slice(0, 8);
  if (top.length)
    body.push(
      keep(heading('High-priority recommendations', 2), {
        ul: top.map((r) => ({ text: [{ text: `R-${r.number} `, bold: true }, r.title, { text: `  ${STATUS_LABELS[r.status]}`, color: MUTED, fontSize: 8.5 }], margin: [0, 1, 0, 1] })),
      }),
    );
  return section('Executive summary', body);
}

function overview(c: Ctx): Content {
  const e = c.s.engagement;
  const body: Content[] = [];
  const rows: [string, Content | string][] = [
    ['City', `${e.city}, ${e.state}`],
    ['Kind of assistance', KIND_LABELS[e.kind]],
    ['Intensity', INTENSITY_LABELS[e.intensity]],
    ['Status', ENGAGEMENT_STATUS_LABELS[e.status]],
    ['Period', `${longDate(e.startDate)} – ${e.endDate ? longDate(e.endDate) : 'ongoing'}`],
    ['Executive sponsor', e.sponsor || '—'],
    ['Team', e.team.map((p) => `${p.name}${p.role === 'lead' ? ' (lead)' : ''}${p.organization ? `, ${p.organization}` : ''}`).join('\n') || '—'],
  ];
  if (c.o.edition === 'internal' && e.stakeholders.length) rows.push(['Stakeholders', e.stakeholders.join('\n')]);
  body.push(factTable(rows));
  if (e.indicators.length) {
    body.push(
      keep(
        heading('Indicators', 2, { toc: true }),
        para('Figures that describe the city’s situation at the start of the engagement and how they have moved since.', { style: 'muted' }),
        {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: ['*', 70, 80, '*'],
            body: [
              [th('Indicator'), th('Value', { alignment: 'right' }), th('Earlier', { alignment: 'right' }), th('Source')],
              ...e.indicators.map((i) => [
                { text: i.name, style: 'td', bold: true },
                { text: [formatNumber(i.value, i.unit), { text: `\n${shortDate(i.asOf)}`, style: 'small' }], style: 'td', alignment: 'right' },
                {
                  text: i.baseline !== undefined ? [formatNumber(i.baseline, i.unit), { text: i.baselineAsOf ? `\n${shortDate(i.baselineAsOf)}` : '', style: 'small' }] : '—',
                  style: 'td',
                  alignment: 'right',
                },
                { text: i.source || '—', style: 'td', color: MUTED },
              ]),
            ],
          },
          layout: tableLayout(c),
        } as ContentTable,
      ),
    );
  }
  const fByArea = countBy(c.s.findings, (f) => f.focusArea);
  const rByArea = countBy(c.s.recommendations, (r) => r.focusArea);
  body.push(
    keep(heading('Focus areas', 2, { toc: true }), {
      table: {
        headerRows: 1,
        widths: ['*', 70, 90],
        body: [
          [th('Focus area'), th('Findings', { alignment: 'right' }), th('Recommendations', { alignment: 'right' })],
          ...focusAreasOf(c).map((a) => [
            { text: FOCUS_AREA_LABELS[a], style: 'td' },
            { text: String(fByArea.get(a) ?? 0), style: 'td', alignment: 'right' },
            { text: String(rByArea.get(a) ?? 0), style: 'td', alignment: 'right' },
          ]),
        ],
      },
      layout: tableLayout(c),
    } as ContentTable),
  );
  return section('Engagement overview', body);
}

function focusAreasOf(c: Ctx): FocusArea[] {
  const areas = [...c.s.engagement.focusAreas];
  for (const x of [...c.s.findings, ...c.s.recommendations]) if (!areas.includes(x.focusArea)) areas.push(x.focusArea);
  return areas;
}

function answerText(visit: Visit, questionId: string): { label: string; value: string } | null {
  const q = allQuestions(visit.template).find((x) => x.id === questionId);
  const v = visit.answers[questionId];
  if (!q || v === undefined || v === null || q.kind === 'photo') return null;
  let value: string;
  if (q.kind === 'rating') value = `${v} of 5`;
  else if (q.kind === 'yesno') value = v === 'yes' ? 'Yes' : v === 'no' ? 'No' : 'Not applicable';
  else if (q.kind === 'number') value = `${v}${q.unit ? ` ${q.unit}` : ''}`;
  else if (Array.isArray(v)) value = v.join(', ');
  else value = String(v);
  return { label: q.label, value };
}

function findings(c: Ctx): Content {
  const body: Content[] = [];
  const photosOf = (f: Finding): Attachment[] => {
    const ids = new Set(f.photoIds);
    for (const a of c.s.attachments) if (a.findingId === f.id) ids.add(a.id);
    return c.s.attachments.filter((a) => ids.has(a.id) && a.mime.startsWith('image/'));
  };
  const indicators = new Map(c.s.engagement.indicators.map((i) => [i.id, i]));
  if (!c.s.findings.length) body.push(para('No findings are recorded yet.', { style: 'muted' }));
  for (const area of focusAreasOf(c)) {
    const list = c.s.findings.filter((f) => f.focusArea === area).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'need' ? -1 : 1));
    if (!list.length) continue;
    const needs = list.filter((f) => f.kind === 'need').length;
    const intro = para(`${plural(needs, 'need')} and ${plural(list.length - needs, 'strength')} identified.`, { style: 'muted' });
    let first = true;
    for (const f of list) {
      const visit = f.visitId ? c.visitById.get(f.visitId) : undefined;
      const evidence: Content[] = [];
      if (visit) {
        const answer = f.questionId ? answerText(visit, f.questionId) : null;
        evidence.push({
          text: [{ text: 'Evidence: ', bold: true }, `${visit.title}, ${shortDate(visit.date)}.`, answer ? ` “${answer.label}” — ${answer.value}.` : ''],
          style: 'small',
          margin: [0, 0, 0, 2],
        });
      }
      for (const id of f.indicatorIds) {
        const ind = indicators.get(id);
        if (ind) evidence.push({ text: [{ text: 'Indicator: ', bold: true }, `${ind.name}: ${formatNumber(ind.value, ind.unit)} (${ind.source || 'source not given'}, ${shortDate(ind.asOf)}).`], style: 'small', margin: [0, 0, 0, 2] });
      }
      const tag = f.kind === 'need' ? `NEED · ${f.severity.toUpperCase()}` : 'STRENGTH';
      const head: Content[] = [
        ...(first ? [heading(FOCUS_AREA_LABELS[area], 2, { toc: true }), intro] : []),
        {
          text: [{ text: `${tag}  `, style: 'label', color: f.kind === 'need' ? INTERNAL_RED : '#2f8f5b' }, ...reviewTag(c, f.review.state), ...(f.confidential ? [{ text: '  CONFIDENTIAL', style: 'label', color: INTERNAL_RED }] : [])],
          margin: [0, 10, 0, 0],
        },
        { text: f.title, style: 'h3', margin: [0, 1, 0, 3], headlineLevel: 3 } as Content,
        ...(f.description.trim() ? [para(f.description.trim())] : []),
        ...evidence,
      ];
      first = false;
      body.push(keep(...head));
      if (c.o.edition === 'internal') {
        if (f.interviewNotes.trim()) body.push(noteBox('Interview notes (internal)', f.interviewNotes.trim()));
        if (f.internalNotes.trim()) body.push(noteBox('Internal notes', f.internalNotes.trim()));
      }
      body.push(...photoGrid(c, photosOf(f)));
    }
  }
  return section('Findings by focus area', body);
}

function recommendations(c: Ctx): Content {
  const recs = c.s.recommendations;
  const body: Content[] = [];
  if (!recs.length) return section('Recommendations', [para('No recommendations are recorded yet.', { style: 'muted' })]);
  body.push(
    para(
      `${plural(recs.length, 'recommendation')}, listed by number. Priority, owner and due date are as agreed with the city; status is as of ${longDate(isoDay(c.o.generatedAt))}. Each is described in detail after the table.`,
      { style: 'muted', margin: [0, 0, 0, 10] },
    ),
  );
  body.push({
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: [24, '*', 38, 80, 52, 62],
      body: [
        [th('No.'), th('Recommendation'), th('Priority'), th('Owner'), th('Due'), th('Status')],
        ...recs.map((r) => [
          { text: `R-${r.number}`, style: 'td', bold: true },
          { text: [r.title, ...reviewTag(c, r.review.state)], style: 'td' },
          { text: PRIORITY_LABELS[r.priority], style: 'td', bold: r.priority === 'high' },
          { text: r.owner || '—', style: 'td' },
          { text: r.dueDate ? shortDate(r.dueDate) : '—', style: 'td' },
          { ...statusCell(r.status), style: 'td' },
        ]),
      ],
    },
    layout: tableLayout(c),
  } as ContentTable);

  body.push(heading('Recommendations in detail', 1, { toc: true, pageBreak: true }));
  for (const area of focusAreasOf(c)) {
    const list = recs.filter((r) => r.focusArea === area);
    if (!list.length) continue;
    let first = true;
    for (const r of list) {
      const facts: Content = {
        columns: [
          ['Priority', PRIORITY_LABELS[r.priority]],
          ['Owner', r.owner || '—'],
          ['Due', r.dueDate ? shortDate(r.dueDate) : TIMEFRAME_LABELS[r.timeframe]],
          ['Status', STATUS_LABELS[r.status]],
        ].map(([k, v], i) => ({ stack: [{ text: k!.toUpperCase(), style: 'label' }, { text: v!, fontSize: 9 }], width: i === 1 ? '*' : 80 })),
        columnGap: 10,
        margin: [0, 0, 0, 6],
      };
      const head: Content[] = [
        ...(first ? [heading(FOCUS_AREA_LABELS[area], 2, { toc: true })] : []),
        {
          text: [{ text: `R-${r.number}  `, color: c.accent }, r.title, ...reviewTag(c, r.review.state), ...(r.confidential ? [{ text: '  CONFIDENTIAL', style: 'label', color: INTERNAL_RED }] : [])],
          style: 'h3',
          headlineLevel: 3,
        } as Content,
        facts,
        ...(r.rationale.trim() ? [para(r.rationale.trim())] : []),
      ];
      first = false;
      body.push(keep(...head));
      const linked = r.findingIds.map((id) => c.findingById.get(id)).filter((f): f is Finding => !!f);
      if (linked.length)
        body.push(
          keep(
            { text: 'ANSWERS THE FINDINGS', style: 'label', margin: [0, 2, 0, 2] },
            { ul: linked.map((f) => ({ text: f.title, fontSize: 9 })), margin: [0, 0, 0, 6] },
          ),
        );
      // Issue 7 (knowledge): the library items this recommendation rests on — internal edition only.
      const basis = c.o.edition === 'internal' ? (r.libraryIds ?? []).map((id) => c.s.library?.find((l) => l.id === id)).filter((l): l is { id: string; title: string; archived: boolean } => !!l) : [];
      if (basis.length) body.push({ stack: basis.map((l) => ({ text: [{ text: 'Basis: ', bold: true }, l.title, ...(l.archived ? [{ text: ' (archived)', color: MUTED }] : [])], fontSize: 9 })), margin: [0, 0, 0, 6] });
      if (r.progress.length) body.push(r.progress.length <= 8 ? keep(progressTable(c, r)) : progressTable(c, r));
      if (c.o.edition === 'internal' && r.internalNotes.trim()) body.push(noteBox('Internal notes', r.internalNotes.trim()));
      body.push({ canvas: [{ type: 'line', x1: 0, y1: 0, x2: c.width, y2: 0, lineWidth: 0.5, lineColor: RULE }], margin: [0, 4, 0, 0] });
    }
  }
  return section('Recommendations', body);
}

function progressTable(c: Ctx, r: Recommendation): Content {
  const updates = [...r.progress].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.at < b.at ? -1 : 1));
  return {
    stack: [
      { text: 'PROGRESS', style: 'label', margin: [0, 2, 0, 2] },
      {
        table: {
          headerRows: 0,
          dontBreakRows: true,
          widths: [62, 70, '*'],
          body: updates.map((u) => [
            { text: shortDate(u.date), style: 'td', color: MUTED },
            u.status ? { ...statusCell(u.status), style: 'td' } : { text: 'Update', style: 'td', color: MUTED },
            { text: [u.note, c.people.get(u.author) ? { text: ` — ${c.people.get(u.author)}`, color: MUTED } : ''], style: 'td' },
          ]),
        },
        layout: {
          hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
          vLineWidth: () => 0,
          hLineColor: () => RULE,
          paddingLeft: () => 0,
          paddingRight: () => 6,
          paddingTop: () => 3,
          paddingBottom: () => 3,
        },
      },
    ],
    margin: [0, 0, 0, 6],
  };
}

function charts(c: Ctx): Content {
  const recs = c.s.recommendations;
  const byStatus = countBy(recs, (r) => r.status);
  const legend = RECOMMENDATION_STATUSES.filter((st) => byStatus.get(st)).map((st) => ({ label: STATUS_LABELS[st], color: STATUS_COLORS[st] }));
  const statusSvg = horizontalBarChart(
    RECOMMENDATION_STATUSES.filter((st) => byStatus.get(st)).map((st) => ({ label: STATUS_LABELS[st], segments: [{ key: st, value: byStatus.get(st) ?? 0, color: STATUS_COLORS[st] }] })),
    { width: c.width, labelWidth: 110, rowHeight: 22 },
  );
  const areaSvg = horizontalBarChart(
    focusAreasOf(c)
      .map((a) => ({
        label: FOCUS_AREA_LABELS[a],
        segments: RECOMMENDATION_STATUSES.map((st) => ({ key: st, value: recs.filter((r) => r.focusArea === a && r.status === st).length, color: STATUS_COLORS[st] })),
      }))
      .filter((row) => row.segments.some((sg) => sg.value > 0)),
    { width: c.width, labelWidth: 170, rowHeight: 22, legendItems: legend },
  );
  // Timeline: recommendations by the quarter they are due, split by where they stand.
  const dated = recs.filter((r) => r.dueDate && r.status !== 'declined');
  const body: Content[] = [];
  if (!recs.length) body.push(para('There are no recommendations to chart yet.', { style: 'muted' }));
  else {
    body.push(
      keep(heading('Recommendations by status', 2, { toc: true }), para('How many recommendations stand at each stage.', { style: 'muted' }), { svg: statusSvg, width: c.width, margin: [0, 4, 0, 8] }),
      keep(heading('Recommendations by focus area', 2, { toc: true }), para('Each bar is split by status.', { style: 'muted' }), { svg: areaSvg, width: c.width, margin: [0, 4, 0, 8] }),
    );
  }
  if (dated.length) {
    const key = (iso: string) => {
      const q = quarterOf(iso);
      return q.year * 4 + (q.q - 1);
    };
    const keys = dated.map((r) => key(r.dueDate!));
    const from = Math.min(...keys);
    const to = Math.max(...keys);
    const groups: { label: string; color: string; match: (st: RecommendationStatus) => boolean }[] = [
      { label: 'Implemented', color: STATUS_COLORS.implemented, match: (st) => st === 'implemented' },
      { label: 'Accepted or in progress', color: STATUS_COLORS['in-progress'], match: (st) => st === 'accepted' || st === 'in-progress' },
      { label: 'Proposed or draft', color: STATUS_COLORS.proposed, match: (st) => st === 'proposed' || st === 'draft' },
    ];
    const columns = [];
    for (let k = from; k <= to; k++) {
      const inQ = dated.filter((r) => key(r.dueDate!) === k);
      columns.push({
        label: `Q${(k % 4) + 1} ’${String(Math.floor(k / 4) % 100).padStart(2, '0')}`,
        segments: groups.map((g) => ({ key: g.label, value: inQ.filter((r) => g.match(r.status)).length, color: g.color })),
      });
    }
    const day = isoDay(c.o.generatedAt);
    const month = Number(day.slice(5, 7));
    // Within its quarter, by month and day: the line stands where the report date falls.
    const today = key(day) + (((month - 1) % 3) + (Number(day.slice(8, 10)) - 1) / 31) / 3;
    const timelineSvg = columnChart(columns, {
      width: c.width,
      height: 220,
      legendItems: groups.map((g) => ({ label: g.label, color: g.color })),
      ...(today >= from && today <= to + 1 ? { marker: { index: today - from, label: 'Report date' } } : {}),
    });
    body.push(
      keep(
        heading('Implementation timeline', 2, { toc: true }),
        para('Recommendations by the quarter they are due (declined ones left out), split by where they stand today.', { style: 'muted' }),
        { svg: timelineSvg, width: c.width, margin: [0, 4, 0, 8] },
      ),
    );
  }
  return section('Charts', body);
}

function methodology(c: Ctx): Content {
  const { s } = c;
  const templates = countBy(s.visits, (v) => v.template.name);
  const interviews = s.visits.filter(isInterview).length;
  const sources = [...new Set(s.engagement.indicators.map((i) => i.source).filter(Boolean))].sort();
  const body: Content[] = [
    para(
      `The team worked on site with the City of ${s.engagement.city} from ${longDate(s.engagement.startDate)}${s.engagement.endDate ? ` to ${longDate(s.engagement.endDate)}` : ''}. ` +
        `The engagement began with a cross-cutting assessment of strengths and gaps, followed by preliminary findings, recommendations agreed with city leadership, and a continuation plan for after the experts leave.`,
    ),
    para(
      `This report draws on ${plural(s.visits.length, 'site visit')} and interviews${interviews ? ` (${plural(interviews, 'stakeholder interview')})` : ''}, each recorded with a structured template: ` +
        [...templates.entries()].map(([name, n]) => `${name} (${n})`).join(', ') +
        '.',
    ),
    para(
      'Every assessment, finding and recommendation is reviewed: an expert submits it, and only the engagement lead can approve it or send it back for changes. ' +
        'Recommendation status is updated with dated progress notes, which the city and the team keep recording after the on-site work ends.',
    ),
  ];
  if (c.o.edition === 'public')
    body.push(
      para(
        'This public edition includes only approved items. It leaves out internal working notes, interview notes, material marked confidential, and the names of people interviewed, who spoke on the understanding that they would not be identified.',
      ),
    );
  if (sources.length) body.push(keep(heading('Data sources', 2), { ul: sources.map((src) => ({ text: src, margin: [0, 1, 0, 1] })) }));
  return section('Methodology', body);
}

function appendix(c: Ctx): Content {
  const visits = c.s.visits;
  const body: Content[] = [];
  if (!visits.length) body.push(para('No visits are recorded yet.', { style: 'muted' }));
  else {
    const internal = c.o.edition === 'internal';
    body.push({
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: internal ? [62, '*', 100, 120] : [62, '*', 130],
        body: [
          [th('Date'), th('Visit'), th('Template'), ...(internal ? [th('Attendees')] : [])],
          ...visits.map((v) => [
            { text: shortDate(v.date), style: 'td' },
            { text: [v.title, ...reviewTag(c, v.review.state), v.location.address ? { text: `\n${v.location.address}`, style: 'small' } : ''], style: 'td' },
            { text: v.template.name, style: 'td' },
            ...(internal ? [{ text: v.attendees.join('\n'), style: 'td', fontSize: 7.5 }] : []),
          ]),
        ],
      },
      layout: tableLayout(c),
    } as ContentTable);
  }
  if (c.o.edition === 'internal' && c.s.quarantined.length) {
    body.push(
      keep(heading('Items left out because they are not valid', 2), {
        ul: c.s.quarantined.map((q) => ({ text: `${q.collection} ${q.id}: ${q.problems.join(' ')}`, fontSize: 8.5 })),
      }),
    );
  }
  return section('Appendix: site visits', body);
}
