/**
 * Report rendering benchmark (issue 4): an engagement with 300 recommendations and 100 photos, rendered
 *  1. headless in Node with pdfmake (time, peak RSS of this process),
 *  2. in a Web Worker in Chromium with pdfmake's browser build (the app's path; time),
 *  3. as the same content in HTML printed with Chromium's page.pdf() (what other tools tell users to do),
 * and the time ratio and page counts; then the portfolio report of 10 engagements × 300 recommendations (Node and worker).
 * Photos are pre-sized JPEGs (1000 px, q 0.82, drawn and encoded by Chromium before timing starts), passed as data
 * URLs: what an export should hand the builder (the app's display copies are 1600 px JPEGs).
 * Worker memory: JS heap of the worker itself, polled every 50 ms over CDP (Runtime.getHeapUsage sent to the
 * worker target through Target.sendMessageToTarget), and the peak RSS (VmHWM in /proc) of the renderer process
 * that hosts page and worker. performance.measureUserAgentSpecificMemory needs COOP/COEP, so it is not used.
 * Run: npm run bench:reports  (node --import tsx tests/bench/reports.bench.mjs)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { buildPortfolio, buildReport, defaultPortfolioOptions, defaultReportOptions, snapshotFromDoc } from '#core/reports/index.ts';
import { FOCUS_AREA_LABELS } from '#core/schemas/index.ts';
import { renderDefinition } from '#sync-server/report/render.ts';
import { sampleFixture } from '../integration/reports/fixture.ts';

const require = createRequire(import.meta.url);
const RECS = 300;
const PHOTOS = 100;
const AT = new Date('2025-05-15T12:00:00Z');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const pages = (pdf) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', ['-'], { input: pdf }).toString())[1]);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// ——— photos: pre-sized JPEGs drawn and encoded by Chromium (not timed) ———
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto('about:blank');
const jpegUrls = await page.evaluate(async (n) => {
  const out = [];
  for (let i = 0; i < n; i++) {
    const c = new OffscreenCanvas(1000, 667);
    const g = c.getContext('2d');
    const hue = (i * 47) % 360;
    const sky = g.createLinearGradient(0, 0, 0, 667);
    sky.addColorStop(0, `hsl(${hue + 180}, 55%, 72%)`);
    sky.addColorStop(1, `hsl(${hue + 180}, 35%, 92%)`);
    g.fillStyle = sky;
    g.fillRect(0, 0, 1000, 667);
    for (let b = 0; b < 6; b++) {
      const h = 667 * (0.4 + ((b * 37 + i) % 30) / 100);
      g.fillStyle = `hsl(${hue + b * 14}, 40%, ${34 + b * 6}%)`;
      g.fillRect(b * 167 + 4, 667 - h, 159, h);
      g.fillStyle = 'rgba(255,250,225,0.85)';
      for (let y = 667 - h + 18; y < 620; y += 40) for (let x = b * 167 + 18; x < (b + 1) * 167 - 24; x += 30) g.fillRect(x, y, 14, 22);
    }
    g.fillStyle = '#333';
    g.fillRect(0, 620, 1000, 47);
    const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.82 });
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let bin = '';
    for (let k = 0; k < bytes.length; k += 0x8000) bin += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    out.push(`data:image/jpeg;base64,${btoa(bin)}`);
  }
  return out;
}, PHOTOS);

// ——— the engagement: the sample's largest city scaled to 300 recommendations, with 100 photos on its findings ———
const fx = await sampleFixture({ scale: RECS / 320, engagement: 0 });
const base = snapshotFromDoc(fx.doc);
const images = new Map();
const findings = base.findings.map((f) => ({ ...f, photoIds: [] }));
const attachments = [];
for (let i = 0; i < PHOTOS; i++) {
  const f = findings[i % findings.length];
  const id = `att-bench-${i}`;
  const size = Math.round(((jpegUrls[i].length - 23) * 3) / 4);
  attachments.push({ id, sha256: '0'.repeat(64), name: `${id}.jpg`, mime: 'image/jpeg', size, width: 1000, height: 667, caption: `Bench photo ${i + 1} for “${f.title.slice(0, 40)}”`, findingId: f.id, visitId: f.visitId, createdAt: AT.toISOString(), createdBy: 'bench' });
  f.photoIds.push(id);
  images.set(id, jpegUrls[i]);
}
const snapshot = { ...base, findings, attachments };
const options = defaultReportOptions({ edition: 'internal', generatedAt: AT, paper: 'LETTER' });
const photoBytes = attachments.reduce((n, a) => n + a.size, 0);
console.log(`engagement: ${snapshot.recommendations.length} recommendations, ${snapshot.findings.length} findings, ${snapshot.visits.length} visits, ${attachments.length} photos (${mb(photoBytes)} of JPEG, 1000 px)`);

// ——— the portfolio: 10 engagements × 300 recommendations (the same engagement under ten city names) ———
const CITIES = ['Port Alder', 'Calloway Springs', 'Elk Prairie', 'New Harlow', 'San Lucero', 'Fernhill', 'Quarry Bend', 'Ashby', 'Millbrook', 'Red Hollow'];
const portfolio = CITIES.map((city, i) => ({ ...base, engagement: { ...base.engagement, id: `e-bench-${i}`, city } }));
const portfolioOptions = defaultPortfolioOptions({ edition: 'internal', generatedAt: AT });

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
const p0 = performance.now();
const portfolioPdf = await renderDefinition(buildPortfolio(portfolio, portfolioOptions).definition);
const nodePortfolioMs = performance.now() - p0;
console.log(`node pdfmake, portfolio (10 × ${base.recommendations.length} recommendations): ${Math.round(nodePortfolioMs)} ms, ${pages(portfolioPdf)} pages, ${mb(portfolioPdf.length)}`);

// ——— 2 & 3. Chromium ———
/** Peak RSS (VmHWM) of this browser's renderer processes: the page and its dedicated worker live in one. */
function rendererPeakRss() {
  const kids = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(pid, ppid);
    } catch {
      // gone
    }
  }
  const mine = new Set([String(process.pid)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of kids)
      if (!mine.has(pid) && mine.has(String(ppid))) {
        mine.add(pid);
        grew = true;
      }
  }
  let peak = 0;
  for (const pid of mine) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) * 1024);
    } catch {
      // gone
    }
  }
  return peak;
}

try {
  // The worker: pdfmake's browser build + fonts + the report builder bundled for the browser (esbuild, as Vite would).
  const esbuild = require('esbuild');
  const bundle = await esbuild.build({ entryPoints: ['core/reports/index.ts'], bundle: true, format: 'iife', globalName: 'GW', write: false, platform: 'browser', minify: true });
  const workerSource = [
    readFileSync(require.resolve('pdfmake/build/pdfmake.min.js'), 'utf8'),
    readFileSync(require.resolve('pdfmake/build/vfs_fonts.js'), 'utf8'),
    bundle.outputFiles[0].text,
    `self.onmessage = async (e) => {
       const { kind, snapshot, snapshots, images, options } = e.data;
       const t0 = performance.now();
       const generatedAt = new Date(options.generatedAt);
       const built = kind === 'portfolio' ? GW.buildPortfolio(snapshots, { ...options, generatedAt }) : GW.buildReport(snapshot, new Map(images), { ...options, generatedAt });
       const t1 = performance.now();
       const bytes = await pdfMake.createPdf(built.definition).getBuffer();
       const t2 = performance.now();
       self.postMessage({ build: t1 - t0, render: t2 - t1, bytes }, [bytes.buffer]);
     };`,
  ].join('\n;\n');

  // Worker heap over CDP: auto-attach to the page's workers (non-flattened sessions, so this CDPSession can talk to them).
  const cdp = await page.context().newCDPSession(page);
  let workerSession = null;
  let msgId = 0;
  const pending = new Map();
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') workerSession = e.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const msg = JSON.parse(e.message);
    pending.get(msg.id)?.(msg.result);
    pending.delete(msg.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const workerHeap = () =>
    new Promise((resolve) => {
      if (!workerSession) return resolve(null);
      const id = ++msgId;
      pending.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId: workerSession, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => resolve(null));
      setTimeout(() => pending.has(id) && (pending.delete(id), resolve(null)), 1000);
    });

  async function runWorker(payload) {
    workerSession = null;
    let peakHeap = 0;
    let samples = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const h = await workerHeap();
        if (h) {
          samples++;
          peakHeap = Math.max(peakHeap, h.usedSize);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const result = await page.evaluate(
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
        // Kept alive a moment so the last heap sample lands, then gone with its memory.
        await new Promise((r) => setTimeout(r, 120));
        w.terminate();
        return { total, build: result.build, render: result.render, bytes: Array.from(result.bytes) };
      },
      { source: workerSource, payload },
    );
    polling = false;
    await poll;
    return { ...result, peakHeap, samples };
  }

  const payload = { kind: 'engagement', snapshot, images: [...images.entries()], options: { ...options, generatedAt: AT.toISOString() } };
  const worker = await runWorker(payload);
  const workerPdf = Buffer.from(worker.bytes);
  const rendererRss = rendererPeakRss();
  console.log(
    `chromium worker pdfmake: ${Math.round(worker.total)} ms incl. worker start (build ${Math.round(worker.build)} ms, render ${Math.round(worker.render)} ms), ${pages(workerPdf)} pages, ${mb(workerPdf.length)}; ` +
      `worker JS heap peak ${worker.samples ? mb(worker.peakHeap) : 'not sampled'} (${worker.samples} CDP samples); renderer process peak RSS ${mb(rendererRss)}`,
  );
  const workerPortfolio = await runWorker({ kind: 'portfolio', snapshots: portfolio, options: { ...portfolioOptions, generatedAt: AT.toISOString() } });
  console.log(
    `chromium worker pdfmake, portfolio (10 × ${base.recommendations.length}): ${Math.round(workerPortfolio.total)} ms (build ${Math.round(workerPortfolio.build)} ms, render ${Math.round(workerPortfolio.render)} ms), ${pages(Buffer.from(workerPortfolio.bytes))} pages; worker JS heap peak ${workerPortfolio.samples ? mb(workerPortfolio.peakHeap) : 'not sampled'}`,
  );

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
  console.log(`| Portfolio, Node pdfmake (10 × ${base.recommendations.length}) | ${(nodePortfolioMs / 1000).toFixed(2)} s | ${pages(portfolioPdf)} | ${mb(portfolioPdf.length)} |`);
  console.log(`| Portfolio, worker pdfmake (10 × ${base.recommendations.length}) | ${(workerPortfolio.total / 1000).toFixed(2)} s | ${pages(Buffer.from(workerPortfolio.bytes))} | — |`);
  console.log(`time ratio node pdfmake / page.pdf(): ${(nodeMs / chromeMs).toFixed(2)}; worker / page.pdf(): ${(worker.total / chromeMs).toFixed(2)}; peak RSS (node): ${mb(peakRss)}; worker JS heap peak: ${mb(worker.peakHeap)}; renderer peak RSS: ${mb(rendererRss)}`);
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
    if (!a || typeof b !== 'string') return '';
    return `<figure><img src="${b}"><figcaption>${esc(a.caption)}</figcaption></figure>`;
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
