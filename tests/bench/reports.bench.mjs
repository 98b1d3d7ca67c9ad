/**
 * Report rendering benchmark (issue 4): an engagement with 300 recommendations and 100 photos, rendered
 *  1. headless in Node with pdfmake (time, peak RSS of this process),
 *  2. in a Web Worker in Chromium with pdfmake's browser build (the app's path; time),
 *  3. as the same content in HTML printed with Chromium's page.pdf() (what other tools tell users to do),
 * and the time ratio and page counts. Run: npm run bench:reports  (node --import tsx tests/bench/reports.bench.mjs)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildReport, defaultReportOptions, snapshotFromDoc, toBase64 } from '#core/reports/index.ts';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { renderDefinition } from '#sync-server/report/render.ts';
import { makePng, sampleFixture } from '../integration/reports/fixture.ts';

const require = createRequire(import.meta.url);
const RECS = 300;
const PHOTOS = 100;
const AT = new Date('2025-05-15T12:00:00Z');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const pages = (pdf) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())[1]);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ——— the engagement: the sample's largest city scaled to 300 recommendations, plus 100 photos on its findings ———
const fx = await sampleFixture({ scale: RECS / 320, engagement: 0 });
const base = snapshotFromDoc(fx.doc);
const images = new Map(fx.images);
const attachments = [...base.attachments];
const findings = base.findings.map((f) => ({ ...f, photoIds: [...f.photoIds] }));
for (let i = attachments.length; i < PHOTOS; i++) {
  const bytes = makePng(800, 533, i + 7);
  const f = findings[i % findings.length];
  const id = `att-bench-${i}`;
  attachments.push({ id, sha256: '0'.repeat(64), name: `${id}.png`, mime: 'image/png', size: bytes.length, width: 800, height: 533, caption: `Bench photo ${i + 1} for “${f.title.slice(0, 40)}”`, findingId: f.id, visitId: f.visitId, createdAt: AT.toISOString(), createdBy: 'bench' });
  f.photoIds.push(id);
  images.set(id, bytes);
}
const snapshot = { ...base, findings, attachments };
const options = defaultReportOptions({ edition: 'internal', generatedAt: AT, paper: 'LETTER' });
const photoBytes = [...images.values()].reduce((n, b) => n + (typeof b === 'string' ? 0 : b.length), 0);
console.log(`engagement: ${snapshot.recommendations.length} recommendations, ${snapshot.findings.length} findings, ${snapshot.visits.length} visits, ${attachments.length} photos (${mb(photoBytes)} of PNG)`);

// ——— 1. Node ———
const rssBefore = process.memoryUsage().rss;
const n0 = performance.now();
const built = buildReport(snapshot, images, options);
const n1 = performance.now();
const nodePdf = await renderDefinition(built.definition);
const n2 = performance.now();
const nodeMs = n2 - n0;
const peakRss = process.resourceUsage().maxRSS * 1024;
const nodePages = pages(nodePdf);
console.log(`node pdfmake: ${Math.round(nodeMs)} ms (build ${Math.round(n1 - n0)} ms, render ${Math.round(n2 - n1)} ms), ${nodePages} pages, ${mb(nodePdf.length)}, peak RSS ${mb(peakRss)} (before: ${mb(rssBefore)}), ${built.stats.photos} photos printed`);
// A second run in the same process: fonts and code warm, what a long-lived relay sees.
const w0 = performance.now();
await renderDefinition(buildReport(snapshot, images, options).definition);
console.log(`node pdfmake, warm: ${Math.round(performance.now() - w0)} ms`);

// ——— 2 & 3. Chromium ———
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  // The worker: pdfmake's browser build + fonts + the report builder bundled for the browser (esbuild, as Vite would).
  const esbuild = require('esbuild');
  const bundle = await esbuild.build({ entryPoints: ['core/reports/index.ts'], bundle: true, format: 'iife', globalName: 'GW', write: false, platform: 'browser', minify: true });
  const workerSource = [
    readFileSync(require.resolve('pdfmake/build/pdfmake.min.js'), 'utf8'),
    readFileSync(require.resolve('pdfmake/build/vfs_fonts.js'), 'utf8'),
    bundle.outputFiles[0].text,
    `self.onmessage = async (e) => {
       const { snapshot, images, options } = e.data;
       const t0 = performance.now();
       const built = GW.buildReport(snapshot, new Map(images), { ...options, generatedAt: new Date(options.generatedAt) });
       const t1 = performance.now();
       const bytes = await pdfMake.createPdf(built.definition).getBuffer();
       const t2 = performance.now();
       self.postMessage({ build: t1 - t0, render: t2 - t1, bytes }, [bytes.buffer]);
     };`,
  ].join('\n;\n');
  await page.goto('about:blank');
  const payload = { snapshot, images: [...images.entries()].map(([k, v]) => [k, typeof v === 'string' ? v : `data:image/png;base64,${toBase64(v)}`]), options: { ...options, generatedAt: AT.toISOString() } };
  const worker = await page.evaluate(
    async ({ source, payload }) => {
      const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
      const start = performance.now();
      const w = new Worker(url);
      const result = await new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(e.data);
        w.onerror = (e) => reject(new Error(e.message));
        w.postMessage(payload);
      });
      const total = performance.now() - start;
      w.terminate();
      return { total, build: result.build, render: result.render, bytes: Array.from(result.bytes) };
    },
    { source: workerSource, payload },
  );
  const workerPdf = Buffer.from(worker.bytes);
  console.log(`chromium worker pdfmake: ${Math.round(worker.total)} ms incl. worker start (build ${Math.round(worker.build)} ms, render ${Math.round(worker.render)} ms), ${pages(workerPdf)} pages, ${mb(workerPdf.length)}`);

  // The same content as HTML, printed by Chromium.
  const html = reportHtml(snapshot, images);
  const c0 = performance.now();
  await page.setContent(html, { waitUntil: 'load' });
  const htmlPdf = await page.pdf({
    format: 'Letter',
    margin: { top: '0.9in', bottom: '0.85in', left: '0.85in', right: '0.85in' },
    displayHeaderFooter: true,
    headerTemplate: `<div style="font-size:8px;width:100%;padding:0 0.85in;color:#5b6672">${snapshot.engagement.city} — Accountability report</div>`,
    footerTemplate: '<div style="font-size:8px;width:100%;padding:0 0.85in;text-align:right;color:#5b6672">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>',
  });
  const chromeMs = performance.now() - c0;
  const htmlPages = pages(htmlPdf);
  console.log(`chromium page.pdf() of HTML: ${Math.round(chromeMs)} ms (setContent + print, browser already running), ${htmlPages} pages, ${mb(htmlPdf.length)}`);
  console.log('');
  console.log('| path | time | pages | size |');
  console.log('|---|---|---|---|');
  console.log(`| Node pdfmake (cold process) | ${(nodeMs / 1000).toFixed(2)} s | ${nodePages} | ${mb(nodePdf.length)} |`);
  console.log(`| Worker pdfmake (Chromium) | ${(worker.total / 1000).toFixed(2)} s | ${pages(workerPdf)} | ${mb(workerPdf.length)} |`);
  console.log(`| Chromium page.pdf() | ${(chromeMs / 1000).toFixed(2)} s | ${htmlPages} | ${mb(htmlPdf.length)} |`);
  console.log(`time ratio node pdfmake / page.pdf(): ${(nodeMs / chromeMs).toFixed(2)}; worker / page.pdf(): ${(worker.total / chromeMs).toFixed(2)}; peak RSS (node): ${mb(peakRss)}`);
  const dir = mkdtempSync(join(tmpdir(), 'gw-bench-'));
  writeFileSync(join(dir, 'node.pdf'), nodePdf);
  writeFileSync(join(dir, 'html.pdf'), htmlPdf);
  console.log(`PDFs kept in ${dir}`);
} finally {
  await browser.close();
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** The report's content as a plain HTML document (same sections, tables, photos and text; charts left out). */
function reportHtml(s, imgs) {
  const e = s.engagement;
  const photo = (id) => {
    const a = s.attachments.find((x) => x.id === id);
    const b = imgs.get(id);
    if (!a || !b || typeof b === 'string') return '';
    return `<figure><img src="data:image/png;base64,${toBase64(b)}"><figcaption>${esc(a.caption)}</figcaption></figure>`;
  };
  const areas = [...new Set([...e.focusAreas, ...s.findings.map((f) => f.focusArea)])];
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body{font-family:Roboto,Arial,sans-serif;font-size:9.5pt;line-height:1.3;color:#1d2733}
    h1{color:#1f5f8b;font-size:20pt;break-before:page} h2{font-size:13.5pt;break-after:avoid} h3{font-size:11pt;break-after:avoid}
    table{border-collapse:collapse;width:100%} thead{display:table-header-group} th{background:#1f5f8b;color:#fff;text-align:left;font-size:8pt;padding:4px 6px}
    td{font-size:8.5pt;padding:4px 6px;border-bottom:.5pt solid #d5dae0} tr{break-inside:avoid}
    figure{display:inline-block;width:48%;margin:6px 1%;break-inside:avoid} img{width:100%} figcaption{font-size:8pt;color:#5b6672;font-style:italic}
    .cover{height:9in} .cover h1{break-before:auto;font-size:34pt}
  </style></head><body>
  <section class="cover"><p>ACCOUNTABILITY REPORT</p><h1>${esc(e.city)}, ${e.state}</h1><p>${esc(e.sponsor)}</p></section>
  <h1>Executive summary</h1><p>${esc(e.summary)}</p>
  <h1>Engagement overview</h1><table><thead><tr><th>Indicator</th><th>Value</th><th>Source</th></tr></thead><tbody>
  ${e.indicators.map((i) => `<tr><td>${esc(i.name)}</td><td>${i.value} ${esc(i.unit)}</td><td>${esc(i.source)}</td></tr>`).join('')}</tbody></table>
  <h1>Findings by focus area</h1>
  ${areas
    .map(
      (a) =>
        `<h2>${esc(FOCUS_AREA_LABELS[a])}</h2>` +
        s.findings
          .filter((f) => f.focusArea === a)
          .map((f) => `<h3>${esc(f.title)}</h3><p>${esc(f.description)}</p><p>${esc(f.internalNotes)}</p>${f.photoIds.map(photo).join('')}`)
          .join(''),
    )
    .join('')}
  <h1>Recommendations</h1><table><thead><tr><th>No.</th><th>Recommendation</th><th>Priority</th><th>Owner</th><th>Due</th><th>Status</th></tr></thead><tbody>
  ${s.recommendations.map((r) => `<tr><td>R-${r.number}</td><td>${esc(r.title)}</td><td>${r.priority}</td><td>${esc(r.owner)}</td><td>${r.dueDate ?? ''}</td><td>${r.status}</td></tr>`).join('')}</tbody></table>
  <h1>Recommendations in detail</h1>
  ${s.recommendations
    .map(
      (r) =>
        `<h3>R-${r.number} ${esc(r.title)}</h3><p>${r.priority} · ${esc(r.owner)} · ${r.dueDate ?? ''} · ${r.status}</p><p>${esc(r.rationale)}</p>` +
        (r.progress.length ? `<table><tbody>${r.progress.map((u) => `<tr><td>${u.date}</td><td>${u.status ?? 'Update'}</td><td>${esc(u.note)}</td></tr>`).join('')}</tbody></table>` : ''),
    )
    .join('')}
  <h1>Appendix: site visits</h1><table><thead><tr><th>Date</th><th>Visit</th><th>Template</th></tr></thead><tbody>
  ${s.visits.map((v) => `<tr><td>${v.date}</td><td>${esc(v.title)}</td><td>${esc(v.template.name)}</td></tr>`).join('')}</tbody></table>
  </body></html>`;
}
