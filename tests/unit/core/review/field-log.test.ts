import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readEntity } from '#core/model/read.ts';
import { createEntity, editAnswerText, editText, setAnswer, updateEntity } from '#core/model/write.ts';
import { checkpoint, conflictsFor, diffVersions, engagementHistory, exportCheckpoint, itemHistory, resolveConflict, restoreVersion, versionAt, versionAtTime } from '#core/review/field-log.ts';
import { BURST_MS, logEntries } from '#core/review/log-store.ts';
import { ctxAt, newEngagementDoc, visitInput } from '../fixtures.ts';
import { docWithRec, fork, merge } from './helpers.ts';

const t = (min: number, sec = 0) => new Date(Date.UTC(2025, 2, 1, 10, min, sec)).toISOString();
const title = (d: Y.Doc) => {
  const r = readEntity(d, 'recommendations', 'r1');
  return r?.ok ? r.value.title : undefined;
};

describe('history and versions', () => {
  it('records every field change with before/after, rebuilds any version, diffs and restores as a new change', () => {
    const doc = docWithRec({ rationale: 'Fix the roads.' });
    updateEntity(doc, ctxAt('p-ana', t(1)), 'recommendations', 'r1', { title: 'Repave Main Street' });
    updateEntity(doc, ctxAt('p-ana', t(2)), 'recommendations', 'r1', { priority: 'low', dueDate: '2025-06-01' });
    editText(doc, ctxAt('p-ben', t(3)), 'recommendations', 'r1', 'rationale', 'Fix the roads before winter.');
    updateEntity(doc, ctxAt('p-ben', t(10)), 'recommendations', 'r1', { title: 'Repave Main Street and Elm' });

    const h = itemHistory(doc, 'recommendations', 'r1');
    expect(h.map((e) => [e.kind, e.field, e.by])).toEqual([
      ['create', undefined, 'p-expert'],
      ['field', 'title', 'p-ana'],
      ['field', 'priority', 'p-ana'],
      ['field', 'dueDate', 'p-ana'],
      ['field', 'rationale', 'p-ben'],
      ['field', 'title', 'p-ben'],
    ]);
    expect(h[1]).toMatchObject({ before: 'Recommendation 1', after: 'Repave Main Street' });
    expect(h[5]).toMatchObject({ before: 'Repave Main Street', after: 'Repave Main Street and Elm' });
    expect(h[4]).toMatchObject({ before: 'Fix the roads.', after: 'Fix the roads before winter.', text: true });

    const created = versionAt(doc, 'recommendations', 'r1', h[0]!.id);
    expect(created).toMatchObject({ title: 'Recommendation 1', priority: 'high', rationale: 'Fix the roads.' });
    expect(created.dueDate).toBeUndefined();
    const v2 = versionAt(doc, 'recommendations', 'r1', h[2]!.id);
    expect(v2).toMatchObject({ title: 'Repave Main Street', priority: 'low', rationale: 'Fix the roads.', updatedBy: 'p-ana', updatedAt: t(2) });
    expect(versionAtTime(doc, 'recommendations', 'r1', t(2, 30))).toMatchObject({ title: 'Repave Main Street', priority: 'low', dueDate: '2025-06-01' });

    const changes = diffVersions(created, versionAt(doc, 'recommendations', 'r1', h[5]!.id));
    expect(changes.map((c) => c.field)).toEqual(['dueDate', 'priority', 'rationale', 'title']);
    expect(changes.find((c) => c.field === 'rationale')!.textDiff).toEqual([
      { op: 'eq', text: 'Fix the ' },
      { op: 'del', text: 'roads.' },
      { op: 'ins', text: 'roads before winter.' },
    ]);

    const restored = restoreVersion(doc, ctxAt('p-lead', t(20)), 'recommendations', 'r1', h[0]!.id);
    expect(restored.map((c) => c.field).sort()).toEqual(['dueDate', 'priority', 'rationale', 'title']);
    const now = readEntity(doc, 'recommendations', 'r1');
    expect(now?.ok && now.value).toMatchObject({ title: 'Recommendation 1', priority: 'high', rationale: 'Fix the roads.', updatedBy: 'p-lead' });
    expect(now?.ok && now.value.dueDate).toBeUndefined();
    // Nothing was lost: the history grew, and the later version is still there to go back to.
    const after = itemHistory(doc, 'recommendations', 'r1');
    expect(after.filter((e) => e.kind === 'restore').map((e) => e.field).sort()).toEqual(['dueDate', 'priority', 'rationale', 'title']);
    expect(versionAt(doc, 'recommendations', 'r1', h[5]!.id)).toMatchObject({ title: 'Repave Main Street and Elm', rationale: 'Fix the roads before winter.' });
    expect(restoreVersion(doc, ctxAt('p-lead', t(21)), 'recommendations', 'r1', after[after.length - 1]!.id)).toEqual([]);
  });

  it('coalesces typing into one entry per burst and keeps it small (no copy of the text per keystroke)', () => {
    const doc = docWithRec({ rationale: '' });
    const sentence = 'The city should repave Main Street before the winter freeze.';
    // The same keystrokes without review (#5): the text insert and the two stamps, nothing else.
    const bare = docWithRec({ rationale: '' });
    const sizes: number[] = [];
    const bareSizes: number[] = [];
    doc.on('update', (u: Uint8Array) => sizes.push(u.length));
    bare.on('update', (u: Uint8Array) => bareSizes.push(u.length));
    for (let i = 1; i <= sentence.length; i++) {
      const at = new Date(Date.UTC(2025, 2, 1, 10, 0, 0, i * 150)).toISOString();
      editText(doc, ctxAt('p-ana', at), 'recommendations', 'r1', 'rationale', sentence.slice(0, i));
      bare.transact(() => {
        const m = bare.getMap<Y.Map<unknown>>('recommendations').get('r1')!;
        (m.get('rationale') as Y.Text).insert(i - 1, sentence[i - 1]!);
        m.set('updatedAt', at);
        m.set('updatedBy', 'p-ana');
      });
    }
    const entries = logEntries(doc, 'recommendations', 'r1').filter((e) => e.field === 'rationale');
    expect(entries).toHaveLength(1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // A keystroke costs what it cost before plus the author attribute's few bytes, not a copy of the text…
    expect(median(sizes) - median(bareSizes)).toBeLessThan(16);
    // …except one refresh of the burst's copy every THROTTLE_MS of typing (9 s of typing here).
    const heavy = sizes.filter((n, i) => n > bareSizes[i]! + 64).length;
    expect(heavy).toBeLessThanOrEqual(Math.ceil((sentence.length * 150) / 2000) + 1);
    // The newest version is always the live text, even between refreshes of the copy.
    const h = itemHistory(doc, 'recommendations', 'r1');
    expect(h[h.length - 1]).toMatchObject({ field: 'rationale', before: '', after: sentence });
    // A pause longer than a burst starts a new entry, whose "before" is the end of the previous one.
    editText(doc, ctxAt('p-ana', new Date(Date.UTC(2025, 2, 1, 10, 0, 0, 150 * sentence.length + BURST_MS + 1)).toISOString()), 'recommendations', 'r1', 'rationale', sentence + ' Now.');
    const h2 = itemHistory(doc, 'recommendations', 'r1').filter((e) => e.field === 'rationale');
    expect(h2.map((e) => [e.before, e.after])).toEqual([
      ['', sentence],
      [sentence, sentence + ' Now.'],
    ]);
  });

  it('logs visit answers (plain and text) and restores them', () => {
    const doc = newEngagementDoc();
    createEntity(doc, ctxAt('p-ana', t(0)), 'visits', visitInput());
    setAnswer(doc, ctxAt('p-ana', t(1)), 'vis-1', 'q-rating', 2);
    editAnswerText(doc, ctxAt('p-ana', t(2)), 'vis-1', 'q-text', 'Boarded windows');
    setAnswer(doc, ctxAt('p-ben', t(5)), 'vis-1', 'q-rating', 4);
    editAnswerText(doc, ctxAt('p-ben', t(6)), 'vis-1', 'q-text', 'Boarded windows on Elm');
    const h = itemHistory(doc, 'visits', 'vis-1');
    expect(h.filter((e) => e.kind === 'field').map((e) => [e.field, e.before, e.after])).toEqual([
      ['answers.q-rating', null, 2],
      ['answers.q-text', '', 'Boarded windows'],
      ['answers.q-rating', 2, 4],
      ['answers.q-text', 'Boarded windows', 'Boarded windows on Elm'],
    ]);
    restoreVersion(doc, ctxAt('p-lead', t(9)), 'visits', 'vis-1', h[2]!.id);
    const v = readEntity(doc, 'visits', 'vis-1');
    expect(v?.ok && v.value.answers).toMatchObject({ 'q-rating': 2, 'q-text': 'Boarded windows' });
  });

  it('engagement-wide timeline with checkpoints, comments and the relay audit rows', () => {
    const doc = docWithRec();
    updateEntity(doc, ctxAt('p-ana', t(1)), 'recommendations', 'r1', { owner: 'Public works' });
    exportCheckpoint(doc, ctxAt('p-lead', t(2)), 'Final report');
    checkpoint(doc, ctxAt('p-lead', t(3)), 'Reviewed on site', { collection: 'recommendations', id: 'r1' });
    const all = engagementHistory(doc, [{ user: 'p-ana', at: Date.parse(t(1, 30)), bytes: 321 }]);
    expect(all.map((e) => [e.kind, e.label ?? e.field])).toEqual([
      ['create', 'Created'],
      ['field', 'owner'],
      ['sync', '321 bytes synced through the relay'],
      ['checkpoint', 'Report exported: Final report'],
      ['checkpoint', 'Reviewed on site'],
    ]);
  });
});

describe('concurrent edits', () => {
  it('two offline edits of the same field: both values with authors, nothing silently lost, the lead picks one', () => {
    const doc = docWithRec();
    const [a, b] = fork(doc);
    updateEntity(a, ctxAt('p-ana', t(1)), 'recommendations', 'r1', { title: 'Repave Main Street' });
    updateEntity(b, ctxAt('p-ben', t(2)), 'recommendations', 'r1', { title: 'Fix potholes citywide' });
    updateEntity(b, ctxAt('p-ben', t(3)), 'recommendations', 'r1', { priority: 'low' });
    merge(a, b);
    expect(title(a)).toBe(title(b)); // Yjs picked one
    for (const d of [a, b]) {
      const cs = conflictsFor(d, 'recommendations', 'r1');
      expect(cs).toHaveLength(1);
      expect(cs[0]!.field).toBe('title');
      expect(cs[0]!.current).toBe(title(d));
      expect(cs[0]!.candidates.map((c) => [c.value, c.by, c.at]).sort()).toEqual([
        ['Fix potholes citywide', 'p-ben', t(2)],
        ['Repave Main Street', 'p-ana', t(1)],
      ]);
    }
    const loser = conflictsFor(a, 'recommendations', 'r1')[0]!.candidates.find((c) => c.value !== title(a))!;
    resolveConflict(a, ctxAt('p-lead', t(9)), 'recommendations', 'r1', 'title', loser.entryId);
    expect(title(a)).toBe(loser.value);
    expect(conflictsFor(a, 'recommendations', 'r1')).toEqual([]);
    merge(a, b);
    expect(conflictsFor(b, 'recommendations', 'r1')).toEqual([]);
    expect(title(b)).toBe(loser.value);
    expect(itemHistory(b, 'recommendations', 'r1').filter((e) => e.kind === 'resolve')).toHaveLength(1);
  });

  it('sequential edits are not conflicts; a writer’s later edits follow their first (the tip is shown)', () => {
    const doc = docWithRec();
    updateEntity(doc, ctxAt('p-ana', t(1)), 'recommendations', 'r1', { owner: 'A' });
    const [a, b] = fork(doc);
    updateEntity(a, ctxAt('p-ana', t(2)), 'recommendations', 'r1', { owner: 'Ana 1' });
    updateEntity(a, ctxAt('p-ana', t(3)), 'recommendations', 'r1', { owner: 'Ana 2' });
    updateEntity(b, ctxAt('p-ben', t(4)), 'recommendations', 'r1', { owner: 'Ben' });
    expect(conflictsFor(a, 'recommendations', 'r1')).toEqual([]);
    merge(a, b);
    const [c] = conflictsFor(a, 'recommendations', 'r1');
    expect(c!.candidates.map((x) => x.value).sort()).toEqual(['Ana 2', 'Ben']);
  });

  it('concurrent text edits merge; the lead can keep the merged text, which settles the conflict', () => {
    const doc = docWithRec({ rationale: 'Fix the roads.' });
    const [a, b] = fork(doc);
    editText(a, ctxAt('p-ana', t(1)), 'recommendations', 'r1', 'rationale', 'Fix the roads now.');
    editText(b, ctxAt('p-ben', t(2)), 'recommendations', 'r1', 'rationale', 'Please fix the roads.');
    merge(a, b);
    const [c] = conflictsFor(b, 'recommendations', 'r1');
    expect(c).toMatchObject({ field: 'rationale', text: true, current: 'Please fix the roads now.' });
    expect(c!.candidates.map((x) => [x.by, x.value]).sort()).toEqual([
      ['p-ana', 'Fix the roads now.'],
      ['p-ben', 'Please fix the roads.'],
    ]);
    resolveConflict(b, ctxAt('p-lead', t(5)), 'recommendations', 'r1', 'rationale', 'merged');
    expect(conflictsFor(b, 'recommendations', 'r1')).toEqual([]);
    expect(readEntity(b, 'recommendations', 'r1')?.ok).toBe(true);
    expect((readEntity(b, 'recommendations', 'r1') as { value: { rationale: string } }).value.rationale).toBe('Please fix the roads now.');
  });
});
