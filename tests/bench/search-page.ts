/**
 * Browser side of tests/bench/search.bench.mjs, bundled with esbuild and run in Chromium. Uses the app's own code:
 * the sample programme generator, the projector's search-document builders, the Dexie schema and SearchIndex.
 */
import { buildSampleProgramme } from '#core/sample/index.ts';
import { SAMPLE_REQUESTS, STARTER_LIBRARY } from '#core/knowledge/starter-library.ts';
import { LibraryItem, Request } from '#core/knowledge/schemas.ts';
import { openDb, type SearchDocRow } from '#renderer/data/db.ts';
import { engagementDoc, findingDoc, libraryDoc, recommendationDoc, requestDoc, visitDoc, type SearchDoc } from '#renderer/data/search-docs.ts';
import { SearchIndex } from '#renderer/data/search-index.ts';

const CITIES = ['Port Alder', 'Calloway Springs', 'New Harlow', 'Elk Prairie', 'San Lucero', 'Marrow Creek', 'Harrow Falls', 'Dunmore Ridge', 'Ashby Landing', 'Corran Bluffs'];
const STATES = ['MA', 'MS', 'PA', 'IN', 'CA', 'OH', 'NY', 'WV', 'MI', 'IA'];

const stamped = <T extends { author: string; at: string }>(x: T) => ({ ...x, createdBy: x.author, createdAt: x.at, updatedBy: x.author, updatedAt: x.at });

/** `count` search documents: the 10× sample programme's items, copied with other city names until there are enough. */
export function makeDocs(count: number): SearchDoc[] {
  const at = '2026-01-01T00:00:00.000Z';
  const docs: SearchDoc[] = [];
  for (const i of STARTER_LIBRARY) docs.push(libraryDoc(LibraryItem.parse({ ...i, createdAt: at, createdBy: 'g', updatedAt: at, updatedBy: 'g' })));
  for (const r of SAMPLE_REQUESTS) docs.push(requestDoc(Request.parse({ ...r.request, createdAt: at, createdBy: 'g', updatedAt: at, updatedBy: 'g' })));
  const programme = buildSampleProgramme({ scale: 10, today: '2026-06-01' });
  for (let copy = 0; docs.length < count; copy++) {
    programme.engagements.forEach((s, n) => {
      const c = (copy * programme.engagements.length + n) % CITIES.length;
      const id = `${s.engagement.id}-${copy}`;
      const e = { ...s.engagement, id, city: CITIES[c]!, state: STATES[c]!, createdAt: s.at, createdBy: s.author, updatedAt: s.at, updatedBy: s.author };
      docs.push(engagementDoc(e as never));
      const place = { city: `${e.city}, ${e.state}`, focusAreas: [...e.focusAreas] };
      for (const v of s.visits) docs.push(visitDoc(id, place, stamped(v) as never));
      for (const f of s.findings) docs.push(findingDoc(id, place, stamped(f) as never));
      for (const r of s.recommendations) docs.push(recommendationDoc(id, place, stamped(r) as never));
    });
  }
  return docs.slice(0, count);
}

const state: { docs: SearchDoc[]; index: SearchIndex | null } = { docs: [], index: null };
const db = openDb('search-bench');

async function prepare(count: number) {
  await db.open();
  await db.searchDocs.clear();
  state.docs = makeDocs(count);
  await db.searchDocs.bulkPut(state.docs as SearchDocRow[]);
  const kinds: Record<string, number> = {};
  for (const d of state.docs) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
  const textChars = state.docs.reduce((n, d) => n + d.title.length + d.text.length, 0);
  return { count: state.docs.length, stored: await db.searchDocs.count(), kinds, textChars };
}

/** Startup path: every stored document from Dexie into a fresh index. */
async function build() {
  const t0 = performance.now();
  const index = new SearchIndex();
  const loaded = await index.load(db);
  const ms = performance.now() - t0;
  state.index = index;
  return { ms, loaded, size: index.size };
}

function dropIndex() {
  state.index = null;
}

function query(q: string, filters = {}) {
  const t0 = performance.now();
  const hits = state.index!.search(q, filters);
  return { ms: performance.now() - t0, hits: hits.length, top: hits.slice(0, 3).map((h) => `${h.kind}: ${h.title}`) };
}

/** The alternative the issue names: a plain Dexie scan with a filter over the same rows (substring, every word). */
async function scan(q: string) {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const t0 = performance.now();
  const rows = await db.searchDocs.filter((d) => {
    const hay = `${d.title}\n${d.text}\n${d.city}\n${d.tags}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  }).toArray();
  return { ms: performance.now() - t0, hits: rows.length };
}

/** An edit as the projector hands it over: one replaced document; then the new word must be findable. */
function update(i: number) {
  const d = state.docs[(i * 7919) % state.docs.length]!;
  const word = `zqx${i.toString(36)}marker`;
  const next = { ...d, title: `${d.title} ${word}` };
  const t0 = performance.now();
  state.index!.apply([{ op: 'put', doc: next }]);
  const ms = performance.now() - t0;
  // Earlier markers are a typo away from this one: the edited item must be the top hit.
  const found = state.index!.search(word).map((h) => h.key);
  state.docs[(i * 7919) % state.docs.length] = next;
  return { ms, ok: found[0] === d.key };
}

function serialise() {
  const t0 = performance.now();
  const json = JSON.stringify(state.index!.toJSON());
  const ms = performance.now() - t0;
  const t1 = performance.now();
  const again = SearchIndex.fromJSON(json);
  return { bytes: json.length, toJsonMs: ms, loadMs: performance.now() - t1, size: again.size };
}

/** A fixed amount of plain JS work, to read the other figures against how busy the machine was. */
function calibrate() {
  const t0 = performance.now();
  const m = new Map<string, number>();
  for (let i = 0; i < 1_000_000; i++) m.set(`k${i % 50_000}`, (m.get(`k${i % 50_000}`) ?? 0) + 1);
  return performance.now() - t0;
}

(window as unknown as { bench: unknown }).bench = { calibrate, prepare, build, dropIndex, query, scan, update, serialise };
