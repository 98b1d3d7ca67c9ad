/**
 * Headless accountability report:
 *   npm run report -- --bundle file.zip --edition public --out report.pdf [--paper A4|LETTER] [--date 2026-01-01]
 *                     [--sections summary,findings,...] [--accent #1f5f8b] [--organisation "…"] [--author "…"] [--no-photos]
 * Same bundle + same --date → byte-identical PDF. `--data DIR --engagement ID` (the relay's store) comes with the
 * sync issue; until then reports are made from exported bundles.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { REPORT_SECTIONS, defaultReportOptions, type ReportSection } from '#core/reports/index.ts';
import { loadBundle, renderReport } from '#sync-server/report/render.ts';

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
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*?|^ \* ?/gm, '') + '\n');
  process.exit(0);
}
if (values.data || values.engagement) fail('--data/--engagement need the relay (the sync issue); export a bundle from the app and pass --bundle FILE.');
if (!values.bundle) fail('say which bundle to read: --bundle FILE.zip');
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
let bytes: Uint8Array;
try {
  bytes = readFileSync(values.bundle);
} catch (e) {
  fail(`cannot read ${values.bundle}: ${(e as Error).message}`);
}
const { snapshot, images } = await loadBundle(bytes).catch((e: Error) => fail(e.message));
const options = defaultReportOptions({
  edition: values.edition,
  paper,
  generatedAt,
  author: values.author!,
  photos: !values['no-photos'],
  sections,
  branding: { accent: values.accent ?? '#1f5f8b', organisation: values.organisation! },
});
const report = await renderReport(snapshot, images, options);
writeFileSync(values.out, report.pdf);
for (const w of report.warnings) process.stderr.write(`warning: ${w.message}\n`);
process.stdout.write(
  `${values.out}: ${values.edition} edition of ${snapshot.engagement.city}, ${snapshot.engagement.state} — ${report.stats.findings} findings, ${report.stats.recommendations} recommendations, ${report.stats.photos} photos, ${report.pdf.length} bytes in ${Math.round(performance.now() - started)} ms\n`,
);
