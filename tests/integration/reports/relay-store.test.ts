import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '#core/hash.ts';
import { publicFilter, snapshotFromDoc, type ReportSnapshot } from '#core/reports/index.ts';
import { buildSampleProgramme, writeSampleEngagement, type PhotoMeta } from '#core/sample/index.ts';
import { SqliteStore } from '#sync-server/store/sqlite-store.ts';
import { makePng, pdfPages, pdfRawText, pdfText } from './fixture.ts';

/**
 * Reports from the relay's data directory: a store written by the relay's own store code (updates appended as the
 * relay appends them, one room compacted into a snapshot, photos in the blob directory), then the CLI renders from
 * it — read-only (the store's files are byte-for-byte unchanged afterwards) and byte-identically for a fixed date.
 */
const DATE = '2025-05-15';
let dir: string;
let expected: ReportSnapshot[];

function cli(...args: string[]): string {
  return execFileSync('node', ['--import', 'tsx', 'scripts/report.ts', '--data', dir, '--date', DATE, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

function fileHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(root)) if (name.startsWith('relay.sqlite')) out[name] = createHash('sha256').update(readFileSync(join(root, name))).digest('hex');
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gw-relay-report-'));
  const store = new SqliteStore(dir);
  const programme = buildSampleProgramme({ scale: 0.3 });
  expected = [];
  for (const [i, sample] of programme.engagements.slice(0, 3).entries()) {
    // Photos for the first engagement, stored where the relay's blob endpoint stores them.
    const meta = new Map<string, PhotoMeta>();
    if (i === 0)
      for (const [k, p] of sample.photos.entries()) {
        const bytes = makePng(120, 80, k + 1);
        const sha = await sha256Hex(bytes);
        meta.set(p.id, { sha256: sha, size: bytes.length, mime: 'image/png' });
        mkdirSync(join(dir, 'blobs', sha.slice(0, 2)), { recursive: true });
        writeFileSync(join(dir, 'blobs', sha.slice(0, 2), sha), bytes);
      }
    const doc = new Y.Doc({ gc: true });
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    writeSampleEngagement(doc, sample, meta, { author: 'tester', now: () => new Date(sample.at) });
    const id = sample.engagement.id;
    await store.addEngagement({ id, city: sample.engagement.city, state: sample.engagement.state });
    // Appended in batches, as the relay's room flushes them.
    let seq = 0;
    for (let k = 0; k < updates.length; k += 50) seq = await store.appendUpdates(id, updates.slice(k, k + 50).map((bytes, j) => ({ user: 'tester', at: 1_700_000_000_000 + k + j, bytes })));
    // The second engagement is compacted up to half its updates: loading must read the snapshot plus the rest.
    if (i === 1) {
      const half = new Y.Doc({ gc: true });
      Y.applyUpdate(half, Y.mergeUpdates(updates.slice(0, Math.ceil(updates.length / 2 / 50) * 50)));
      await store.saveSnapshot(id, seq - Math.floor(updates.length / 2 / 50), Y.encodeStateAsUpdate(half));
    }
    expected.push(snapshotFromDoc(doc));
  }
  await store.close();
}, 180_000);

describe('report from the relay store (CLI)', () => {
  it('renders an engagement byte-identically, read-only, with its photos from the blob directory', () => {
    const before = fileHashes(dir);
    const snap = expected[0]!;
    const a = join(dir, 'a.pdf');
    const b = join(dir, 'b.pdf');
    expect(cli('--engagement', snap.engagement.id, '--edition', 'public', '--out', a)).toMatch(new RegExp(`public edition of ${snap.engagement.city}`));
    cli('--engagement', snap.engagement.id, '--edition', 'public', '--out', b);
    const pdf = readFileSync(a);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.equals(readFileSync(b))).toBe(true);
    const t = pdfText(pdf);
    expect(t).toContain(`${snap.engagement.city}, ${snap.engagement.state}`);
    for (const r of publicFilter(snap).recommendations) expect(t, `R-${r.number}`).toContain(`R-${r.number} `);
    expect(t).not.toContain('Photo unavailable'); // every photo came from the blob directory
    expect(fileHashes(dir)).toEqual(before);
  }, 180_000);

  it('reads a compacted room (snapshot plus the updates after it) like an uncompacted one', () => {
    const snap = expected[1]!;
    const out = join(dir, 'c.pdf');
    cli('--engagement', snap.engagement.id, '--edition', 'internal', '--out', out, '--no-photos');
    const t = pdfRawText(readFileSync(out)).replace(/(\w)- (\w)/g, '$1-$2');
    expect(snap.recommendations.length).toBeGreaterThan(5);
    for (const r of snap.recommendations) expect(t, `R-${r.number}`).toContain(`R-${r.number} ${r.title}`);
  }, 180_000);

  it('renders the portfolio of every engagement in the store, byte-identically', () => {
    const a = join(dir, 'p1.pdf');
    const b = join(dir, 'p2.pdf');
    expect(cli('--portfolio', '--edition', 'public', '--out', a)).toMatch(/portfolio — 3 engagements/);
    cli('--portfolio', '--edition', 'public', '--out', b);
    const pdf = readFileSync(a);
    expect(pdf.equals(readFileSync(b))).toBe(true);
    expect(pdfPages(pdf)).toBeGreaterThan(4);
    const t = pdfRawText(pdf).replace(/(\w)- (\w)/g, '$1-$2');
    for (const s of expected) {
      expect(t).toContain(`${s.engagement.city}, ${s.engagement.state}`);
      for (const r of publicFilter(s).recommendations) expect(t, `${s.engagement.city} R-${r.number}`).toContain(`R-${r.number} ${r.title}`);
    }
    // A list narrows it down.
    cli('--portfolio', '--engagement', expected[2]!.engagement.id, '--edition', 'internal', '--out', a);
    const one = pdfText(readFileSync(a));
    expect(one).toContain(expected[2]!.engagement.city);
    expect(one).not.toContain(`${expected[0]!.engagement.city}, ${expected[0]!.engagement.state}`);
  }, 180_000);

  it('says plainly what is wrong with the arguments', () => {
    const run = (...args: string[]) => {
      try {
        execFileSync('node', ['--import', 'tsx', 'scripts/report.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
        return '';
      } catch (e) {
        return String((e as { stderr: Buffer }).stderr);
      }
    };
    expect(run('--data', dir, '--engagement', 'nope', '--out', join(dir, 'x.pdf'))).toContain('holds no engagement nope');
    expect(run('--data', join(dir, 'missing'), '--engagement', 'x', '--out', join(dir, 'x.pdf'))).toContain('no relay store');
    expect(run('--data', dir, '--out', join(dir, 'x.pdf'))).toContain('--engagement ID');
  }, 180_000);
});
