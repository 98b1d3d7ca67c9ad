import type { Content, ContentTable, TDocumentDefinitions } from 'pdfmake/interfaces';
import { RECOMMENDATION_STATUSES } from '../schemas/index.ts';
import type { Recommendation, RecommendationStatus } from '../schemas/index.ts';
import { editionBanner, INTERNAL_RED, MARGIN, PAGE, heading, para, statusCell, tableLayout, th } from './build.ts';
import { horizontalBarChart } from './charts.ts';
import { ENGAGEMENT_STATUS_LABELS, PRIORITY_LABELS, STATUS_COLORS, STATUS_LABELS, isoDay, longDate, monthYear, plural, safeAccent, shortDate, tint } from './format.ts';
import { checkImage } from './images.ts';
import { publicFilter } from './public-filter.ts';
import { DEFAULT_ACCENT, type Branding, type Edition, type Paper, type ReportSnapshot, type ReportWarning } from './types.ts';

/**
 * The portfolio report, for team leads: where every recommendation of every city stands. Built from several
 * engagement snapshots with the same public rules as the engagement report — in the public edition each
 * snapshot goes through `publicFilter` first (ADR 0008), so nothing unapproved or confidential is ever laid out.
 */

export interface PortfolioOptions {
  edition: Edition;
  paper: Paper;
  branding: Branding;
  /** e.g. "Prepared by the Groundwork programme team". Empty: "Prepared by <organisation>". */
  author: string;
  /** The "as of" date: overdue is counted against it; fix it for byte-identical output. */
  generatedAt: Date;
}

export type PortfolioOptionsInput = Partial<Omit<PortfolioOptions, 'branding'>> & { branding?: Partial<Branding> };

export function defaultPortfolioOptions(partial: PortfolioOptionsInput = {}): PortfolioOptions {
  return {
    edition: 'public',
    paper: 'LETTER',
    author: '',
    generatedAt: new Date(0),
    ...partial,
    branding: { accent: DEFAULT_ACCENT, organisation: 'Groundwork', ...partial.branding },
  };
}

/** One city's line of the summary table (also what the app's portfolio view shows). */
export interface PortfolioCity {
  engagementId: string;
  city: string;
  state: string;
  status: keyof typeof ENGAGEMENT_STATUS_LABELS;
  counts: Record<RecommendationStatus, number>;
  total: number;
  overdue: number;
  /** ISO date of the last recorded change or progress note, '' when none. */
  lastActivity: string;
}

export interface BuiltPortfolio {
  definition: TDocumentDefinitions;
  warnings: ReportWarning[];
  cities: PortfolioCity[];
  stats: { engagements: number; recommendations: number; overdue: number };
}

const INK = '#1d2733';
const MUTED = '#5b6672';
const LATE = INTERNAL_RED;
const CLOSED: ReadonlySet<RecommendationStatus> = new Set(['implemented', 'declined']);

/** Due before the as-of day and neither implemented nor declined (the rule the app's lists use). */
export function isOverdue(r: Pick<Recommendation, 'dueDate' | 'status'>, today: string): boolean {
  return Boolean(r.dueDate && r.dueDate < today && !CLOSED.has(r.status));
}

const zeroCounts = () => Object.fromEntries(RECOMMENDATION_STATUSES.map((s) => [s, 0])) as Record<RecommendationStatus, number>;

/** Latest of every stamp and progress date in the snapshot. */
function lastActivityOf(s: ReportSnapshot): string {
  let last = s.engagement.updatedAt ?? '';
  const see = (iso: string | undefined) => {
    if (iso && iso > last) last = iso;
  };
  for (const v of s.visits) see(v.updatedAt);
  for (const f of s.findings) see(f.updatedAt);
  for (const r of s.recommendations) {
    see(r.updatedAt);
    for (const u of r.progress) see(u.date);
  }
  return last.slice(0, 10);
}

/** The summary rows, sorted by city then state (stable whatever order the snapshots came in). */
export function portfolioCities(snapshots: readonly ReportSnapshot[], today: string): PortfolioCity[] {
  return snapshots
    .map((s) => {
      const counts = zeroCounts();
      for (const r of s.recommendations) counts[r.status]++;
      return {
        engagementId: s.engagement.id,
        city: s.engagement.city,
        state: s.engagement.state,
        status: s.engagement.status,
        counts,
        total: s.recommendations.length,
        overdue: s.recommendations.filter((r) => isOverdue(r, today)).length,
        lastActivity: lastActivityOf(s),
      };
    })
    .sort((a, b) => a.city.localeCompare(b.city, 'en') || a.state.localeCompare(b.state, 'en') || (a.engagementId < b.engagementId ? -1 : 1));
}

type Ctx = { accent: string; width: number; o: PortfolioOptions; today: string };

/**
 * Build the portfolio report's pdfmake definition. Pure: the same snapshots and options give the same definition
 * (and, rendered with the same fonts, the same bytes).
 */
export function buildPortfolio(snapshots: readonly ReportSnapshot[], options: PortfolioOptions): BuiltPortfolio {
  const shown = options.edition === 'public' ? snapshots.map(publicFilter) : [...snapshots];
  const today = isoDay(options.generatedAt);
  const cities = portfolioCities(shown, today);
  const byId = new Map(shown.map((s) => [s.engagement.id, s]));
  const [pageW] = PAGE[options.paper];
  const c: Ctx = { accent: safeAccent(options.branding.accent, DEFAULT_ACCENT), width: pageW - MARGIN.left - MARGIN.right, o: options, today };
  const warnings: ReportWarning[] = [];
  const images: Record<string, string> = {};

  const content: Content[] = [cover(c, cities, images, warnings)];
  content.push({ toc: { title: { text: 'Contents', style: 'tocTitle' }, textMargin: [0, 2, 0, 2], numberStyle: { bold: false, color: MUTED } }, pageBreak: 'before' } as Content);
  content.push(summarySection(c, cities));
  content.push(chartSection(c, cities));
  for (const city of cities) content.push(citySection(c, city, byId.get(city.engagementId)!));

  const title = 'Portfolio report — recommendations by city';
  const editionLabel = options.edition === 'public' ? 'Public edition' : 'Internal edition — not for publication';
  const definition: TDocumentDefinitions = {
    pageSize: options.paper,
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: {
      title,
      author: authorLine(c),
      subject: `${editionLabel}. Status of every recommendation in ${plural(cities.length, 'city', 'cities')} as of ${longDate(today)}.`,
      keywords: `portfolio report, ${cities.map((x) => x.city).join(', ')}, ${options.edition} edition`,
      creator: 'Groundwork',
      producer: 'Groundwork (pdfmake)',
      creationDate: options.generatedAt,
      modDate: options.generatedAt,
    },
    language: 'en-US',
    defaultStyle: { font: 'Roboto', fontSize: 9.5, lineHeight: 1.3, color: INK },
    styles: {
      h1: { fontSize: 20, bold: true, color: c.accent, lineHeight: 1.15, margin: [0, 0, 0, 12] },
      h2: { fontSize: 13.5, bold: true, color: INK, lineHeight: 1.2, margin: [0, 16, 0, 6] },
      muted: { color: MUTED },
      small: { fontSize: 8.5, color: MUTED },
      label: { fontSize: 7.5, bold: true, color: MUTED, characterSpacing: 0.6 },
      th: { fontSize: 8, bold: true, color: '#ffffff' },
      td: { fontSize: 8.5, lineHeight: 1.2 },
      tocTitle: { fontSize: 20, bold: true, color: c.accent, margin: [0, 0, 0, 14] },
    },
    images,
    header: (page: number) =>
      page === 1
        ? ''
        : {
            margin: [MARGIN.left, 28, MARGIN.right, 0],
            stack: [
              {
                columns: [
                  { text: title, style: 'small', width: '*' },
                  { text: editionLabel, fontSize: 8.5, width: 'auto', bold: options.edition === 'internal', color: options.edition === 'internal' ? LATE : MUTED },
                ],
              },
              { canvas: [{ type: 'line', x1: 0, y1: 6, x2: c.width, y2: 6, lineWidth: 0.75, lineColor: c.accent }] },
            ],
          },
    footer: (page: number, pages: number) =>
      page === 1
        ? ''
        : {
            margin: [MARGIN.left, 22, MARGIN.right, 0],
            columns: [
              { text: `${options.branding.organisation} · status as of ${longDate(today)}`, style: 'small', width: '*' },
              { text: `Page ${page} of ${pages}`, style: 'small', alignment: 'right', width: 'auto' },
            ],
          },
    background: (page: number, size: { width: number; height: number }) => (page === 1 ? { canvas: [{ type: 'rect', x: 0, y: 0, w: size.width, h: 318, color: c.accent }] } : ''),
    content,
  };
  return {
    definition,
    warnings,
    cities,
    stats: { engagements: cities.length, recommendations: cities.reduce((n, x) => n + x.total, 0), overdue: cities.reduce((n, x) => n + x.overdue, 0) },
  };
}

function authorLine(c: Ctx): string {
  return c.o.author.trim() || `Prepared by ${c.o.branding.organisation}`;
}

function section(title: string, body: Content[]): Content {
  return { stack: [heading(title, 1, { toc: true, pageBreak: true }), ...body] };
}

function cover(c: Ctx, cities: PortfolioCity[], images: Record<string, string>, warnings: ReportWarning[]): Content {
  const white = '#ffffff';
  let logo: Content = { text: c.o.branding.organisation.toUpperCase(), color: white, fontSize: 10, bold: true, characterSpacing: 1.2 };
  const source = c.o.branding.logo;
  if (source && source !== 'missing' && source !== 'corrupt') {
    const checked = checkImage(source);
    if (checked.ok) {
      images.logo = checked.dataUrl;
      logo = { image: 'logo', fit: [150, 44] };
    } else warnings.push({ subject: 'logo', message: `The logo could not be used (${checked.problem}); the organisation's name was printed instead.` });
  }
  const total = cities.reduce((n, x) => n + x.total, 0);
  const implemented = cities.reduce((n, x) => n + x.counts.implemented, 0);
  const underway = cities.reduce((n, x) => n + x.counts.accepted + x.counts['in-progress'], 0);
  const overdue = cities.reduce((n, x) => n + x.overdue, 0);
  const isPublic = c.o.edition === 'public';
  const figure = (value: string, label: string): Content => ({
    stack: [
      { text: value, fontSize: 24, bold: true, color: c.accent, lineHeight: 1 },
      { text: label, style: 'small', margin: [0, 3, 0, 0] },
    ],
    width: '*',
  } as Content);
  return {
    stack: [
      { ...logo, absolutePosition: { x: MARGIN.left, y: 48 } } as Content,
      {
        stack: [
          { text: 'PORTFOLIO REPORT', color: tint(c.accent, 0.75), fontSize: 10.5, bold: true, characterSpacing: 1.6 },
          { text: 'Recommendations by city', color: white, fontSize: 32, bold: true, lineHeight: 1.05, margin: [0, 8, 0, 6] },
          { text: cities.map((x) => x.city).join(' · ') || 'No engagements', color: white, fontSize: 12.5, lineHeight: 1.3 },
          { text: `Status as of ${longDate(c.today)}`, color: tint(c.accent, 0.8), fontSize: 12.5, margin: [0, 2, 0, 0] },
        ],
        absolutePosition: { x: MARGIN.left, y: 140 },
        width: c.width,
      } as Content,
      {
        stack: [
          {
            columns: [
              figure(String(cities.length), cities.length === 1 ? 'city' : 'cities'),
              figure(String(total), 'recommendations'),
              figure(String(implemented), 'implemented'),
              figure(String(underway), 'accepted or in progress'),
              figure(String(overdue), 'overdue'),
            ],
            columnGap: 12,
          },
          { text: authorLine(c), style: 'muted', margin: [0, 18, 0, 0] },
        ],
        absolutePosition: { x: MARGIN.left, y: 360 },
        width: c.width,
      } as Content,
      editionBanner(
        isPublic,
        c.accent,
        c.o.paper,
        isPublic
          ? 'This edition lists only the recommendations that each engagement lead has reviewed and approved. Drafts, confidential items and internal notes are not included.'
          : 'This edition lists every recommendation recorded, including drafts and confidential items. Share it only with programme staff.',
      ),
    ],
  };
}

/** Column widths: the longest status word ("Implemented") must fit at the head's size without hyphenation. */
const STATUS_WIDTHS: Record<RecommendationStatus, number> = { draft: 28, proposed: 38, accepted: 38, 'in-progress': 36, implemented: 44, declined: 36 };

function summarySection(c: Ctx, cities: PortfolioCity[]): Content {
  const num = (n: number, extra: Record<string, unknown> = {}) => ({ text: n ? String(n) : '–', style: 'td', alignment: 'right', ...(n ? {} : { color: '#9aa3ad' }), ...extra });
  const totals = zeroCounts();
  for (const x of cities) for (const st of RECOMMENDATION_STATUSES) totals[st] += x.counts[st];
  const grand = cities.reduce((n, x) => n + x.total, 0);
  const overdue = cities.reduce((n, x) => n + x.overdue, 0);
  const body: Content[] = [
    para(
      `Every recommendation of ${plural(cities.length, 'city', 'cities')}, counted by status as of ${longDate(c.today)}. Overdue: past its due date and neither implemented nor declined. ` +
        'Last activity: the latest change or progress note recorded in the engagement.',
      { style: 'muted', margin: [0, 0, 0, 10] },
    ),
  ];
  if (!cities.length) {
    body.push(para('No engagements were included in this report.', { style: 'muted' }));
    return section('Summary by city', body);
  }
  body.push({
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: ['*', ...RECOMMENDATION_STATUSES.map((st) => STATUS_WIDTHS[st]), 26, 34, 52],
      body: [
        [th('City'), ...RECOMMENDATION_STATUSES.map((st) => th(STATUS_LABELS[st], { alignment: 'right', fontSize: 7 })), th('Total', { alignment: 'right', fontSize: 7 }), th('Overdue', { alignment: 'right', fontSize: 7 }), th('Last activity', { fontSize: 7 })],
        ...cities.map((x) => [
          { text: [{ text: x.city, bold: true }, { text: `\n${x.state} · ${ENGAGEMENT_STATUS_LABELS[x.status]}`, style: 'small', fontSize: 7.5 }], style: 'td' },
          ...RECOMMENDATION_STATUSES.map((st) => num(x.counts[st])),
          num(x.total, { bold: true }),
          num(x.overdue, x.overdue ? { color: LATE, bold: true } : {}),
          { text: x.lastActivity ? shortDate(x.lastActivity) : '—', style: 'td', fontSize: 8 },
        ]),
        [
          { text: 'All cities', style: 'td', bold: true },
          ...RECOMMENDATION_STATUSES.map((st) => num(totals[st], { bold: true })),
          num(grand, { bold: true }),
          num(overdue, { bold: true, ...(overdue ? { color: LATE } : {}) }),
          { text: '', style: 'td' },
        ],
      ],
    },
    layout: {
      ...tableLayout(c),
      // The totals row is set off by a rule rather than a zebra stripe.
      hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === node.table.body.length - 1 ? 1 : i === 0 || i === 1 || i === node.table.body.length ? 0 : 0.5),
      hLineColor: (i: number, node: { table: { body: unknown[] } }) => (i === node.table.body.length - 1 ? INK : '#d5dae0'),
    },
  } as ContentTable);
  return section('Summary by city', body);
}

function chartSection(c: Ctx, cities: PortfolioCity[]): Content {
  const legend = RECOMMENDATION_STATUSES.filter((st) => cities.some((x) => x.counts[st])).map((st) => ({ label: STATUS_LABELS[st], color: STATUS_COLORS[st] }));
  const body: Content[] = [para('Each bar is one city’s recommendations, split by where they stand; the figure at its end is the total.', { style: 'muted' })];
  if (!cities.some((x) => x.total)) body.push(para('There are no recommendations to chart.', { style: 'muted' }));
  else {
    const svg = horizontalBarChart(
      cities.map((x) => ({ label: `${x.city}, ${x.state}`, segments: RECOMMENDATION_STATUSES.map((st) => ({ key: st, value: x.counts[st], color: STATUS_COLORS[st] })) })),
      { width: c.width, labelWidth: 140, rowHeight: cities.length > 16 ? 18 : 24, legendItems: legend },
    );
    body.push({ svg, width: c.width, margin: [0, 6, 0, 8] } as Content);
  }
  // On the summary's page when it fits (kept whole), otherwise on the next one.
  return { stack: [{ ...(heading('Status by city', 1, { toc: true }) as object), margin: [0, 24, 0, 10] } as Content, ...body], unbreakable: true };
}

function citySection(c: Ctx, city: PortfolioCity, s: ReportSnapshot): Content {
  const e = s.engagement;
  const period = `${monthYear(e.startDate)} – ${e.endDate ? monthYear(e.endDate) : 'ongoing'}`;
  const parts = RECOMMENDATION_STATUSES.filter((st) => city.counts[st]).map((st) => `${city.counts[st]} ${STATUS_LABELS[st].toLowerCase()}`);
  const body: Content[] = [
    para(`${ENGAGEMENT_STATUS_LABELS[e.status]} engagement, ${period}. ${city.total ? `${plural(city.total, 'recommendation')}: ${parts.join(', ')}.` : 'No recommendations yet.'}${city.overdue ? ` ${city.overdue} overdue.` : ''}`, {
      style: 'muted',
      margin: [0, 0, 0, 10],
    }),
  ];
  if (s.recommendations.length)
    body.push({
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [28, '*', 40, 92, 56, 70],
        body: [
          [th('No.'), th('Recommendation'), th('Priority'), th('Owner'), th('Due'), th('Status')],
          ...s.recommendations.map((r) => {
            const late = isOverdue(r, c.today);
            return [
              { text: `R-${r.number}`, style: 'td', bold: true },
              { text: r.title, style: 'td' },
              { text: PRIORITY_LABELS[r.priority], style: 'td', bold: r.priority === 'high' },
              { text: r.owner || '—', style: 'td' },
              late
                ? { text: [{ text: shortDate(r.dueDate!) }, { text: '\nOverdue', bold: true, fontSize: 7.5 }], style: 'td', color: LATE }
                : { text: r.dueDate ? shortDate(r.dueDate) : '—', style: 'td' },
              { ...statusCell(r.status), style: 'td' },
            ];
          }),
        ],
      },
      layout: tableLayout(c),
    } as ContentTable);
  return { stack: [heading(`${e.city}, ${e.state}`, 1, { toc: true, pageBreak: true }), ...body] };
}
