/**
 * Headless accountability reports.
 *   From the relay's data directory (its SQLite store is opened read-only; photos from its blob directory):
 *     npm run report -- --data ./relay-data --engagement ID --edition public --out report.pdf
 *   The portfolio report (every recommendation by city) of all engagements in the store, or of a list:
 *     npm run report -- --data ./relay-data --portfolio [--engagement ID1,ID2] --edition internal --out portfolio.pdf
 *   From an exported bundle:
 *     npm run report -- --bundle file.zip --edition public --out report.pdf
 *   Options: [--paper A4|LETTER] [--date 2026-01-01] [--sections summary,findings,...] [--accent #1f5f8b]
 *            [--organisation "…"] [--author "…"] [--no-photos]
 * Same input + same --date → byte-identical PDF.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REPORT_SECTIONS, defaultPortfolioOptions, defaultReportOptions, type ImageSource, type ReportSection, type ReportSnapshot } from '#core/reports/index.ts';
import { ReadonlySqliteSource, engagementRooms, imagesFromBlobDir, snapshotFromStore } from '#sync-server/report/relay-source.ts';
import { loadBundle, renderPortfolio, renderReport } from '#sync-server/report/render.ts';

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    bundle: { type: 'string' },
    data: { type: 'string' },
    engagement: { type: 'string' },
    edition: { type: 'string', default: 'public' },
    out: { type: 'string' },
    paper: { type: 'string', default: 'LETTER' },
    date: { type: 'string' },
    sections: { type: 'string' },
    accent: { type: 'string' },
    organisation: { type: 'string', default: 'Groundwork' },
    author: { type: 'string', default: '' },
    'no-photos': { type: 'boolean', default: false },
    portfolio: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, '') + '\n');
  process.exit(0);
}
if (values.bundle && values.data) fail('give either --bundle FILE or --data DIR, not both');
if (!values.bundle && !values.data) fail('say what to read: --data RELAY_DIR --engagement ID, --data RELAY_DIR --portfolio, or --bundle FILE.zip');
if (values.bundle && values.portfolio) fail('--portfolio reads the relay store: use --data RELAY_DIR');
if (values.data && !values.portfolio && !values.engagement) fail('say which engagement: --engagement ID (or --portfolio for all of them)');
if (!values.out) fail('say where to write the PDF: --out FILE.pdf');
if (values.edition !== 'public' && values.edition !== 'internal') fail('--edition must be public or internal');
const paper = values.paper!.toUpperCase();
if (paper !== 'A4' && paper !== 'LETTER') fail('--paper must be A4 or LETTER');
let generatedAt = new Date();
if (values.date) {
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(values.date) || Number.isNaN(Date.parse(values.date))) fail('--date must be a date such as 2026-01-01');
  generatedAt = new Date(values.date.length === 10 ? `${values.date}T12:00:00Z` : values.date);
}
let sections: Partial<Record<ReportSection, boolean>> = {};
if (values.sections) {
  const wanted = values.sections.split(',').map((x) => x.trim());
  const unknown = wanted.filter((w) => !(REPORT_SECTIONS as readonly string[]).includes(w));
  if (unknown.length) fail(`unknown section(s): ${unknown.join(', ')} (known: ${REPORT_SECTIONS.join(', ')})`);
  sections = Object.fromEntries(REPORT_SECTIONS.map((s) => [s, wanted.includes(s)]));
}

const started = performance.now();
const branding = { accent: values.accent ?? '#1f5f8b', organisation: values.organisation! };

if (values.portfolio) {
  const source = openStore(values.data!);
  const wanted = values.engagement ? values.engagement.split(',').map((x) => x.trim()).filter(Boolean) : await engagementRooms(source);
  const snapshots: ReportSnapshot[] = [];
  for (const id of wanted) {
    const snap = await snapshotFromStore(source, id).catch((e: Error) => fail(e.message));
    if (snap) snapshots.push(snap);
    else if (values.engagement) fail(`the store holds no engagement ${id}`);
  }
  await source.close();
  if (!snapshots.length) fail(`the store in ${values.data} holds no engagements`);
  const report = await renderPortfolio(snapshots, defaultPortfolioOptions({ edition: values.edition, paper, generatedAt, author: values.author!, branding }));
  writeFileSync(values.out, report.pdf);
  for (const w of report.warnings) process.stderr.write(`warning: ${w.message}\n`);
  process.stdout.write(
    `${values.out}: ${values.edition} edition of the portfolio — ${report.stats.engagements} engagements, ${report.stats.recommendations} recommendations (${report.stats.overdue} overdue), ${report.pdf.length} bytes in ${Math.round(performance.now() - started)} ms\n`,
  );
  process.exit(0);
}

let snapshot: ReportSnapshot;
let images: Map<string, ImageSource>;
if (values.data) {
  const source = openStore(values.data);
  const snap = await snapshotFromStore(source, values.engagement!).catch((e: Error) => fail(e.message));
  await source.close();
  if (!snap) fail(`the store in ${values.data} holds no engagement ${values.engagement}`);
  snapshot = snap;
  images = imagesFromBlobDir(values.data, snap);
} else {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(values.bundle!);
  } catch (e) {
    fail(`cannot read ${values.bundle}: ${(e as Error).message}`);
  }
  ({ snapshot, images } = await loadBundle(bytes).catch((e: Error) => fail(e.message)));
}
const options = defaultReportOptions({
  edition: values.edition,
  paper,
  generatedAt,
  author: values.author!,
  photos: !values['no-photos'],
  sections,
  branding,
});
const report = await renderReport(snapshot, images, options);
writeFileSync(values.out, report.pdf);
for (const w of report.warnings) process.stderr.write(`warning: ${w.message}\n`);
process.stdout.write(
  `${values.out}: ${values.edition} edition of ${snapshot.engagement.city}, ${snapshot.engagement.state} — ${report.stats.findings} findings, ${report.stats.recommendations} recommendations, ${report.stats.photos} photos, ${report.pdf.length} bytes in ${Math.round(performance.now() - started)} ms\n`,
);

function openStore(dir: string): ReadonlySqliteSource {
  try {
    return new ReadonlySqliteSource(dir);
  } catch (e) {
    fail((e as Error).message);
  }
}
