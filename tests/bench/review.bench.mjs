/**
 * Review benchmark (issue 5), in Node and in Debian's headless Chromium (the same pure functions, bundled with
 * esbuild as Vite would), side by side with a naive peer:
 *  1. Open the history of an item with 5,000 changes: itemHistory + versionAt of the two newest entries + their
 *     diff, from the change log (core/review). Naive peer: no log; rebuild the timeline by replaying every stored
 *     Yjs update of the document (what keeping gc:false snapshots or the relay's audit log alone would need),
 *     reading the item after each one, then diff the last two versions.
 *  2. Build the lead dashboard over 10 engagements × 300 recommendations from the projector's index rows.
 *     Naive peer: the same dashboard computed from the engagement Y.Docs (readAll of every collection).
 * Timings are medians of several runs, measured with performance.now() inside the process/page (no Playwright
 * round trip). Target: under 300 ms each in Chromium. Nothing here asserts: it reports.
 * Run: npm run bench:review  (node --import tsx tests/bench/review.bench.mjs)
 */
import { createRequire } from 'node:module';
import { chromium } from '@playwright/test';
import * as Y from 'yjs';
import { initEngagementDoc, createEntity, updateEntity, editText } from '#core/model/write.ts';
import { readAll, entityPlain } from '#core/model/read.ts';
import { itemHistory, versionAt, diffVersions } from '#core/review/field-log.ts';
import { buildReviewDashboard } from '#core/review/dashboard.ts';
import { applyReviewAction } from '#core/review/rules.ts';
import { checkReviewUpdate } from '#sync-server/review-guard.ts';

const require = createRequire(import.meta.url);
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BUDGET_MS = 300;

/** Everything measured, written against a parameter so the very same code runs in Node and in the page. */
function scenario(GW) {
  const { Y, initEngagementDoc, createEntity, updateEntity, editText, readAll, entityPlain, itemHistory, versionAt, diffVersions, buildReviewDashboard } = GW;
  const T0 = Date.UTC(2025, 0, 6, 9);
  const ctx = (author, ms) => ({ author, now: () => new Date(T0 + ms) });
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const WORDS = 'city road budget housing repair permit survey vacancy council plan water street school park downtown grant tax fund staff report'.split(' ');
  const words = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  const engagement = (id) => ({ id, city: `City ${id}`, state: 'MA', kind: 'direct', intensity: 'moderate', focusAreas: ['housing'], status: 'active', startDate: '2025-01-06', sponsor: 'Mayor' });
  const FOCUS = ['operations-budget', 'economic-development', 'land-use', 'transportation', 'workforce-development', 'community-development', 'housing', 'public-safety'];
  const STATUS = ['draft', 'proposed', 'accepted', 'in-progress', 'implemented', 'declined'];
  const REVIEW = ['draft', 'submitted', 'changes-requested', 'approved'];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (runs, f) => {
    const out = [];
    let result;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      result = f();
      out.push(performance.now() - t);
    }
    return { ms: median(out), result };
  };

  /** One recommendation changed 5,000 times by three people (fields and text, each text edit its own burst). */
  function historyDoc(changes) {
    const doc = new Y.Doc();
    const updates = [];
    doc.on('update', (u) => updates.push(u));
    initEngagementDoc(doc, ctx('p-lead', 0), engagement('eng-h'));
    createEntity(doc, ctx('p-ana', 1000), 'recommendations', { id: 'r1', number: 1, title: 'Repave Main Street', focusArea: 'transportation', priority: 'high', status: 'draft', rationale: words(150) });
    const authors = ['p-ana', 'p-ben', 'p-cho'];
    let text = entityPlain(doc, 'recommendations', 'r1').rationale;
    for (let i = 0; i < changes; i++) {
      const who = ctx(authors[i % 3], 2000 + i * 61_000);
      const kind = i % 5;
      if (kind === 0) updateEntity(doc, who, 'recommendations', 'r1', { title: `Repave Main Street, phase ${i}` });
      else if (kind === 1) updateEntity(doc, who, 'recommendations', 'r1', { priority: ['high', 'medium', 'low'][i % 3], owner: `Dept ${i % 17}` });
      else {
        const ws = text.split(' ');
        ws[Math.floor(rand() * ws.length)] = WORDS[Math.floor(rand() * WORDS.length)];
        if (ws.length < 260 && rand() < 0.3) ws.splice(Math.floor(rand() * ws.length), 0, words(3));
        text = ws.join(' ');
        editText(doc, who, 'recommendations', 'r1', 'rationale', text);
      }
    }
    return { doc, updates };
  }

  function openHistory(doc) {
    const h = itemHistory(doc, 'recommendations', 'r1');
    const a = versionAt(doc, 'recommendations', 'r1', h[h.length - 2].id);
    const b = versionAt(doc, 'recommendations', 'r1', h[h.length - 1].id);
    return { entries: h.length, changed: diffVersions(a, b).length };
  }

  /** Naive: replay every stored update into a fresh doc, reading the item after each to build the timeline. */
  function naiveHistory(updates) {
    const doc = new Y.Doc();
    const timeline = [];
    let prev;
    for (const u of updates) {
      Y.applyUpdate(doc, u);
      const cur = entityPlain(doc, 'recommendations', 'r1');
      if (cur && prev) for (const k of Object.keys(cur)) if (k !== 'updatedAt' && JSON.stringify(cur[k]) !== JSON.stringify(prev[k])) timeline.push({ field: k, before: prev[k], after: cur[k] });
      if (cur) prev = cur;
    }
    const last = timeline[timeline.length - 1];
    const versions = [{ ...prev, [last.field]: last.before }, prev];
    return { entries: timeline.length, changed: diffVersions(versions[0], versions[1]).length };
  }

  function dashboardDocs(E, R) {
    const docs = [];
    for (let e = 0; e < E; e++) {
      const doc = new Y.Doc();
      const id = `eng-${e}`;
      initEngagementDoc(doc, ctx('p-lead', 0), engagement(id));
      for (let i = 0; i < R; i++) {
        createEntity(doc, ctx(['p-ana', 'p-ben', 'p-cho'][i % 3], i * 60_000), 'recommendations', {
          id: `${id}-r${i}`, number: i + 1, title: `Recommendation ${i}: ${words(6)}`, focusArea: FOCUS[i % FOCUS.length], priority: ['high', 'medium', 'low'][i % 3],
          status: STATUS[Math.floor(rand() * STATUS.length)], dueDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`, rationale: words(40),
          review: { state: REVIEW[i % 4], by: 'p-lead', at: new Date(T0 + i * 60_000).toISOString() },
        });
      }
      docs.push({ id, doc });
    }
    return docs;
  }

  const recRow = (engagementId, r) => ({ id: r.id, engagementId, number: r.number, title: r.title, status: r.status, priority: r.priority, focusArea: r.focusArea, owner: r.owner, dueDate: r.dueDate, reviewState: r.review.state, reviewBy: r.review.by, reviewAt: r.review.at, reviewNote: r.review.note, createdBy: r.createdBy, updatedAt: r.updatedAt, updatedBy: r.updatedBy });
  const engRow = (id) => ({ id, city: `City ${id}`, state: 'MA' });

  function dashboardFromDocs(docs) {
    const recommendations = [];
    const visits = [];
    const findings = [];
    for (const { id, doc } of docs) {
      for (const r of readAll(doc, 'recommendations').items) recommendations.push(recRow(id, r));
      readAll(doc, 'visits');
      readAll(doc, 'findings');
    }
    return buildReviewDashboard({ engagements: docs.map((d) => engRow(d.id)), visits, findings, recommendations, userId: 'p-ana', today: '2025-06-30' });
  }

  return {
    dashboardDocs,
    median,
    run(changes, E, R) {
      const t0 = performance.now();
      const { doc, updates } = historyDoc(changes);
      const docs = dashboardDocs(E, R);
      const rows = docs.flatMap(({ id, doc: d }) => readAll(d, 'recommendations').items.map((r) => recRow(id, r)));
      const setupMs = performance.now() - t0;
      const engagements = docs.map((d) => engRow(d.id));
      const hist = time(7, () => openHistory(doc));
      const naiveHist = time(3, () => naiveHistory(updates));
      const dash = time(9, () => buildReviewDashboard({ engagements, visits: [], findings: [], recommendations: rows, userId: 'p-ana', today: '2025-06-30' }));
      const naiveDash = time(3, () => dashboardFromDocs(docs));
      const bytes = Y.encodeStateAsUpdate(doc).length;
      const logBytes = (() => {
        const d = new Y.Doc();
        Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
        d.getMap('fieldLog').delete('recommendations:r1');
        return bytes - Y.encodeStateAsUpdate(d).length;
      })();
      return {
        setupMs,
        history: { ms: hist.ms, naiveMs: naiveHist.ms, entries: hist.result.entries, naiveEntries: naiveHist.result.entries, updates: updates.length, docBytes: bytes, logBytes },
        dashboard: { ms: dash.ms, naiveMs: naiveDash.ms, rows: rows.length, queue: dash.result.queue.length, overdue: dash.result.overdue.length },
      };
    },
  };
}

const CHANGES = 5000;
const E = 10;
const R = 300;
const GW = { Y, initEngagementDoc, createEntity, updateEntity, editText, readAll, entityPlain, itemHistory, versionAt, diffVersions, buildReviewDashboard };

const fmt = (r) => {
  const h = r.history;
  const d = r.dashboard;
  return [
    `  open history of an item with ${CHANGES} changes (${h.entries} timeline entries, ${h.updates} Yjs updates; doc ${(h.docBytes / 1024).toFixed(0)} KB of which change log ${(h.logBytes / 1024).toFixed(0)} KB):`,
    `    change log: ${h.ms.toFixed(1)} ms   naive replay: ${h.naiveMs.toFixed(1)} ms (${h.naiveEntries} entries)   ratio naive/log: ${(h.naiveMs / h.ms).toFixed(1)}×   budget ${BUDGET_MS} ms: ${h.ms < BUDGET_MS ? 'OK' : 'OVER'}`,
    `  dashboard over ${E} engagements × ${R} recommendations (${d.rows} rows; queue ${d.queue}, overdue ${d.overdue}):`,
    `    index rows: ${d.ms.toFixed(1)} ms   naive from Y.Docs: ${d.naiveMs.toFixed(1)} ms   ratio: ${(d.naiveMs / d.ms).toFixed(1)}×   budget ${BUDGET_MS} ms: ${d.ms < BUDGET_MS ? 'OK' : 'OVER'}`,
    `  (setup, not timed: ${(r.setupMs / 1000).toFixed(1)} s)`,
  ].join('\n');
};

console.log(`Review benchmark — node ${process.version}`);
const node = scenario(GW).run(CHANGES, E, R);
console.log('Node:\n' + fmt(node));

// The relay's review guard on one engagement of 3,000 recommendations (Node only: it runs in the relay).
{
  const s = scenario(GW);
  const [{ doc: relayDoc }] = s.dashboardDocs(1, 3000);
  const updateFrom = (change) => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Y.encodeStateAsUpdate(relayDoc));
    const sv = Y.encodeStateVector(d);
    change(d);
    return Y.encodeStateAsUpdate(d, sv);
  };
  const ids = [...relayDoc.getMap('recommendations').keys()];
  const draftId = ids.find((id) => relayDoc.getMap('recommendations').get(id).get('review').state === 'draft');
  const keystroke = updateFrom((d) => editText(d, { author: 'p-ana' }, 'recommendations', ids[7], 'rationale', 'x' + d.getMap('recommendations').get(ids[7]).get('rationale').toString()));
  const submit = updateFrom((d) => applyReviewAction(d, { author: 'p-ana', role: 'expert' }, 'recommendations', draftId, 'submit'));
  const timeIt = (u) => {
    const xs = [];
    let r;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      r = checkReviewUpdate(relayDoc, u, 'expert');
      xs.push(performance.now() - t);
    }
    return { ms: s.median(xs), r };
  };
  const k = timeIt(keystroke);
  const sub = timeIt(submit);
  console.log(`Relay review guard (Node), engagement of 3000 recommendations (${(Y.encodeStateAsUpdate(relayDoc).length / 1024).toFixed(0)} KB):`);
  console.log(`    keystroke update: ${k.ms.toFixed(2)} ms (${k.r.ok ? k.r.checked : 'refused'})   submit update: ${sub.ms.toFixed(1)} ms (${sub.r.ok ? sub.r.checked : 'refused'})`);
}

const esbuild = require('esbuild');
const entry = `
  import * as Y from 'yjs';
  import { initEngagementDoc, createEntity, updateEntity, editText } from './core/model/write.ts';
  import { readAll, entityPlain } from './core/model/read.ts';
  import { itemHistory, versionAt, diffVersions } from './core/review/field-log.ts';
  import { buildReviewDashboard } from './core/review/dashboard.ts';
  globalThis.GW = { Y, initEngagementDoc, createEntity, updateEntity, editText, readAll, entityPlain, itemHistory, versionAt, diffVersions, buildReviewDashboard };
`;
const bundle = await esbuild.build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, format: 'iife', write: false, platform: 'browser', minify: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  await page.addScriptTag({ content: `globalThis.SCENARIO = ${scenario.toString()};` });
  const version = browser.version();
  const inPage = await page.evaluate(([c, e, r]) => globalThis.SCENARIO(globalThis.GW).run(c, e, r), [CHANGES, E, R]);
  console.log(`Chromium ${version} (headless, ${CHROMIUM_ARGS.join(' ')}):\n` + fmt(inPage));
} finally {
  await browser.close();
}
