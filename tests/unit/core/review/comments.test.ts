import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editText } from '#core/model/write.ts';
import { addComment, allComments, commentsFor, deleteComment, parseMentions, reopenComment, replyToComment, resolveComment, textOf } from '#core/review/comments.ts';
import { ctxAt } from '../fixtures.ts';
import { docWithRec, fork, merge } from './helpers.ts';

const team = [
  { id: 'p-ana', name: 'Ana Souza' },
  { id: 'p-ben', name: 'Ben Okafor' },
  { id: 'p-lead', name: 'Lena Lead' },
];
const target = { collection: 'recommendations' as const, id: 'r1' };

describe('comments', () => {
  it('threads on an item: reply, @mentions, resolve and reopen', () => {
    const doc = docWithRec();
    const c = addComment(doc, ctxAt('p-lead'), { target, body: '@Ana Souza please cite the survey; cc @ben', team });
    expect(c.mentions.sort()).toEqual(['p-ana', 'p-ben']);
    const r = replyToComment(doc, ctxAt('p-ana', '2025-01-15T11:00:00.000Z'), c.id, 'Done, see para 2.');
    expect(r.parentId).toBe(c.id);
    resolveComment(doc, ctxAt('p-lead', '2025-01-15T12:00:00.000Z'), c.id);
    let [thread] = commentsFor(doc, 'recommendations', 'r1');
    expect(thread!.root).toMatchObject({ resolved: true, resolvedBy: 'p-lead', resolvedAt: '2025-01-15T12:00:00.000Z' });
    expect(thread!.replies.map((x) => x.body)).toEqual(['Done, see para 2.']);
    expect(thread!.range).toBeUndefined();
    reopenComment(doc, ctxAt('p-lead'), c.id);
    [thread] = commentsFor(doc, 'recommendations', 'r1');
    expect(thread!.root.resolved).toBe(false);
    expect(thread!.root.resolvedBy).toBeUndefined();
    expect(() => deleteComment(doc, ctxAt('p-ben'), c.id)).toThrow(/Only its author/);
    deleteComment(doc, ctxAt('p-lead'), c.id);
    expect(allComments(doc).find((x) => x.id === c.id)).toMatchObject({ deleted: true, body: '' });
    expect(commentsFor(doc, 'recommendations', 'other')).toEqual([]);
  });

  it('a passage anchor follows inserts before it and edits inside it, and is null once the passage is deleted', () => {
    const doc = docWithRec();
    const text = textOf(doc, target, 'rationale')!;
    const original = text.toString(); // 'The city should fix the roads first.'
    const start = original.indexOf('fix');
    const c = addComment(doc, ctxAt('p-lead'), { target, field: 'rationale', range: { start, end: start + 'fix the roads'.length }, body: 'Which roads?' });
    expect(c.quote).toBe('fix the roads');
    const range = () => commentsFor(doc, 'recommendations', 'r1')[0]!.range;
    const passage = () => {
      const r = range();
      return r ? text.toString().slice(r.start, r.end) : null;
    };
    editText(doc, ctxAt('p-ana'), 'recommendations', 'r1', 'rationale', 'In short: ' + original);
    expect(passage()).toBe('fix the roads');
    editText(doc, ctxAt('p-ana'), 'recommendations', 'r1', 'rationale', 'In short: The city should fix the main roads first.');
    expect(passage()).toBe('fix the main roads');
    // Typing right after the passage does not stretch it.
    editText(doc, ctxAt('p-ana'), 'recommendations', 'r1', 'rationale', 'In short: The city should fix the main roads, first.');
    expect(passage()).toBe('fix the main roads');
    editText(doc, ctxAt('p-ana'), 'recommendations', 'r1', 'rationale', 'In short: The city should act first.');
    expect(range()).toBeNull();
  });

  it('the anchor survives a merge with a peer who edited the text offline', () => {
    const doc = docWithRec();
    const [a, b] = fork(doc);
    const c = addComment(a, ctxAt('p-lead'), { target, field: 'rationale', range: { start: 4, end: 8 }, body: 'Which city?' });
    editText(b, ctxAt('p-ben'), 'recommendations', 'r1', 'rationale', 'Note: The city should fix the roads first.');
    merge(a, b);
    for (const d of [a, b]) {
      const [t] = commentsFor(d, 'recommendations', 'r1');
      expect(t!.root.id).toBe(c.id);
      expect(textOf(d, target, 'rationale')!.toString().slice(t!.range!.start, t!.range!.end)).toBe('city');
    }
  });

  it('refuses empty comments and empty selections', () => {
    const doc = docWithRec();
    expect(() => addComment(doc, ctxAt('p-lead'), { target, body: '   ' })).toThrow(/Write something/);
    expect(() => addComment(doc, ctxAt('p-lead'), { target, body: 'x', field: 'rationale', range: { start: 3, end: 3 } })).toThrow(/Select some text/);
    expect(() => addComment(doc, ctxAt('p-lead'), { target, body: 'x', field: 'nope', range: { start: 0, end: 3 } })).toThrow(/no text/);
    expect(doc.getMap('comments').size).toBe(0);
    expect(new Y.Doc().getMap('comments').size).toBe(0);
  });

  it('parses mentions by full name, first name or id, and ignores e-mail-like text', () => {
    expect(parseMentions('@Lena Lead and @ana', team).sort()).toEqual(['p-ana', 'p-lead']);
    expect(parseMentions('@p-ben', team)).toEqual(['p-ben']);
    expect(parseMentions('write to anabel@example.org or @Anabel', team)).toEqual([]);
  });
});
