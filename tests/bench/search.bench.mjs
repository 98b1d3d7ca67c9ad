// Search benchmark (issue 7), in Debian's headless Chromium: 50,000 indexed items (the 10× sample programme's
// engagements, visits, findings and recommendations copied under other city names, plus the starter library and
// sample requests), built with the app's own search-document builders and SearchIndex (MiniSearch 7.2.0).
// Measures, in one run: the startup build from the Dexie rows, a typical query's p50/p95, the index update after an
// edit, the index's JS heap, and the same queries answered by a plain Dexie scan filter over the same rows (ratio).
// Reports only. Run: npm run bench:search
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { chromium } from '@playwright/test';

const N = Number(process.env.SEARCH_BENCH_ITEMS ?? 50_000);
const BUDGET = { query: 20, update: 50 };
// A scan reads every row (tens of MB): a couple of rounds are enough to show the ratio.
const SCAN_ROUNDS = Number(process.env.SEARCH_BENCH_SCAN_ROUNDS ?? 2);
const BUILDS = Number(process.env.SEARCH_BENCH_BUILDS ?? 2);
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Typical searches: one or two words, a prefix while typing, a typo, and filtered ones.
const QUERIES = [
  ['vacant', {}],
  ['rental registry', {}],
  ['overtime', {}],
  ['downtown', {}],
  ['budget gap', {}],
  ['mill district', {}],
  ['housing code', {}],
  ['regsitry', {}],
  ['forec', {}],
  ['community college', {}],
  ['land bank', {}],
  ['storefront', { kinds: ['recommendation'] }],
  ['police', { city: 'Port Alder' }],
  ['parking', { focusArea: 'transportation' }],
];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
const f = (n) => n.toFixed(n < 10 ? 2 : 1);
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

const bundle = await build({
  entryPoints: [new URL('./search-page.ts', import.meta.url).pathname],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
});
const js = bundle.outputFiles[0].text;
const server = createServer((req, res) => {
  if (req.url === '/bench.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(js);
  } else {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><meta charset="utf-8"><title>search bench</title><script type="module" src="/bench.js"></script>');
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => Boolean(window.bench));
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  // The machine is shared: a fixed JS workload (1M Map operations, ~100 ms on an idle core) and the load average
  // go with the figures so they can be read in context.
  const calibration = [];
  for (let i = 0; i < 3; i++) calibration.push(await page.evaluate(() => window.bench.calibrate()));
  console.log(`Machine: load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores; calibration loop ${calibration.map((x) => Math.round(x)).join(', ')} ms`);
  const t0 = Date.now();
  const data = await page.evaluate((n) => window.bench.prepare(n), N);
  console.log(`Data: ${data.count.toLocaleString('en-US')} items (${Object.entries(data.kinds).map(([k, v]) => `${k} ${v}`).join(', ')}), ${mb(data.textChars)} of text, stored in Dexie in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // Index memory: the JS heap with the index minus without it (the documents array stays alive in both).
  const before = await heap();
  const built = await page.evaluate(() => window.bench.build());
  const after = await heap();
  // Startup builds, a few more times for a spread.
  const builds = [built.ms];
  for (let i = 0; i < BUILDS - 1; i++) {
    await page.evaluate(() => window.bench.dropIndex());
    builds.push((await page.evaluate(() => window.bench.build())).ms);
  }

  // Queries: warm each once, then 20 rounds over the list.
  const qSamples = [];
  const perQuery = new Map();
  for (const [q, fl] of QUERIES) await page.evaluate(([q, fl]) => window.bench.query(q, fl), [q, fl]);
  for (let round = 0; round < 20; round++)
    for (const [q, fl] of QUERIES) {
      const r = await page.evaluate(([q, fl]) => window.bench.query(q, fl), [q, fl]);
      qSamples.push(r.ms);
      perQuery.set(q, r);
    }

  // Updates after an edit: 200 replaced documents, each checked findable by its new word.
  const uSamples = [];
  let uOk = 0;
  for (let i = 0; i < 200; i++) {
    const r = await page.evaluate((i) => window.bench.update(i), i);
    uSamples.push(r.ms);
    if (r.ok) uOk++;
  }

  // The plain Dexie scan filter, same queries (unfiltered ones; substring, so no typo or prefix logic).
  const sSamples = [];
  const scanHits = new Map();
  const plain = QUERIES.filter(([, fl]) => !Object.keys(fl).length).map(([q]) => q);
  for (let round = 0; round < SCAN_ROUNDS; round++)
    for (const q of plain) {
      const r = await page.evaluate((q) => window.bench.scan(q), q);
      sSamples.push(r.ms);
      scanHits.set(q, r.hits);
    }
  const ser = await page.evaluate(() => window.bench.serialise());

  const qp50 = quantile(qSamples, 0.5);
  const qp95 = quantile(qSamples, 0.95);
  const up95 = quantile(uSamples, 0.95);
  const sp50 = quantile(sSamples, 0.5);
  const sp95 = quantile(sSamples, 0.95);
  console.log('');
  console.log(`Index (MiniSearch 7.2.0 via SearchIndex), ${built.size.toLocaleString('en-US')} items`);
  console.log(`  startup build from Dexie rows: ${builds.map((x) => `${Math.round(x)} ms`).join(', ')}`);
  console.log(`  index memory (JS heap delta):  ${mb(after - before)}`);
  console.log(`  serialised JSON: ${mb(ser.bytes)} (toJSON ${Math.round(ser.toJsonMs)} ms, load ${Math.round(ser.loadMs)} ms)`);
  console.log('');
  console.log('                       n     p50 ms   p95 ms   max ms   budget   p95/budget');
  const row = (name, xs, budget) => console.log(`  ${name.padEnd(18)} ${String(xs.length).padStart(4)} ${f(quantile(xs, 0.5)).padStart(9)} ${f(quantile(xs, 0.95)).padStart(8)} ${f(Math.max(...xs)).padStart(8)} ${budget ? String(budget).padStart(8) : '       –'} ${budget ? (quantile(xs, 0.95) / budget).toFixed(2).padStart(12) : ''}`);
  row('query (index)', qSamples, BUDGET.query);
  row('update after edit', uSamples, BUDGET.update);
  row('query (Dexie scan)', sSamples, null);
  console.log('');
  console.log(`  Dexie scan / index: p50 ${(sp50 / qp50).toFixed(0)}×, p95 ${(sp95 / qp95).toFixed(0)}× slower`);
  console.log(`  updates findable right after apply(): ${uOk}/200`);
  console.log('');
  console.log('  per query (last round): index hits vs scan hits');
  for (const [q, fl] of QUERIES) {
    const r = perQuery.get(q);
    console.log(`    ${JSON.stringify(q).padEnd(20)} ${Object.keys(fl).length ? JSON.stringify(fl).padEnd(34) : ''.padEnd(34)} ${f(r.ms).padStart(6)} ms  ${String(r.hits).padStart(6)} hits${scanHits.has(q) ? `  (scan ${scanHits.get(q)})` : ''}  top: ${r.top[0] ?? '–'}`);
  }
  console.log('');
  console.log(`Machine at the end: load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`Verdict: query p95 ${f(qp95)} ms (target < ${BUDGET.query}) ${qp95 < BUDGET.query ? 'OK' : 'OVER'}; update p95 ${f(up95)} ms (target < ${BUDGET.update}) ${up95 < BUDGET.update ? 'OK' : 'OVER'}`);
} finally {
  await browser.close();
  server.close();
}
