import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collection } from '#core/model/layout.ts';
import { answerText, createEntity, textField, updateEntity } from '#core/model/write.ts';
import { addComment } from '#core/review/comments.ts';
import { applyReviewAction } from '#core/review/rules.ts';
import { notificationKey, notificationsFrom } from '../../../../renderer/features/review/notifications.ts';
import { readFeed } from '../../../../renderer/features/review/programme-feed.ts';
import { AUTHOR_COLOURS, authorColour, initials } from '../../../../renderer/features/review/people.ts';
import { fieldKey, fieldLabel, locateText } from '../../../../renderer/features/review/text-fields.ts';
import { valueText } from '../../../../renderer/features/review/values.tsx';
import { ctxAt, newEngagementDoc, visitInput } from '../../core/fixtures.ts';
import { docWithRec, fork, merge } from '../../core/review/helpers.ts';

describe('locating a shared text from the Y.Text alone', () => {
  it('finds the item and field of a prose field and of a visit text answer', () => {
    const doc = docWithRec();
    const rationale = textField(doc, 'recommendations', 'r1', 'rationale')!;
    expect(locateText(rationale)).toEqual({ collection: 'recommendations', id: 'r1', field: 'rationale' });
    createEntity(doc, ctxAt('p-expert'), 'visits', visitInput({ id: 'v1' }));
    const answer = answerText(doc, 'v1', 'q-notes')!;
    expect(locateText(answer)).toEqual({ collection: 'visits', id: 'v1', field: 'answers.q-notes' });
    expect(fieldKey(locateText(answer)!)).toBe('visits/v1/answers.q-notes');
  });

  it('returns null for text outside any item (the engagement summary, a detached text)', () => {
    const doc = newEngagementDoc();
    expect(locateText(textField(doc, 'engagement', '', 'summary')!)).toBeNull();
    expect(locateText(new Y.Text('loose'))).toBeNull();
  });

  it('names fields for people, answers by their question when known', () => {
    expect(fieldLabel('rationale')).toBe('Rationale');
    expect(fieldLabel('dueDate')).toBe('Due date');
    expect(fieldLabel('answers.q1', new Map([['q1', 'Is the roof sound?']]))).toBe('Is the roof sound?');
    expect(fieldLabel('answers.q9')).toBe('Answer q9');
    expect(fieldLabel('someNewField')).toBe('Some New Field');
  });
});

describe('people and values', () => {
  it('gives a person the same colour everywhere, within the palette', () => {
    const ids = ['p-ana', 'p-ben', 'u_8f3k', 'you', 'p-lead'];
    for (const id of ids) {
      expect(authorColour(id)).toBe(authorColour(id));
      expect(authorColour(id)).toBeGreaterThanOrEqual(0);
      expect(authorColour(id)).toBeLessThan(AUTHOR_COLOURS);
    }
    expect(new Set(ids.map(authorColour)).size).toBeGreaterThan(1);
    expect(initials('Ana Reyes')).toBe('AR');
    expect(initials('Lena Maria Park')).toBe('LP');
    expect(initials('You')).toBe('Y');
  });

  it('shows stored values in words', () => {
    expect(valueText(true)).toBe('Yes');
    expect(valueText('')).toBe('—');
    expect(valueText(['a', 'b'])).toBe('a, b');
    expect(valueText({ state: 'approved' })).toBe('approved');
    expect(valueText('2025-03-01')).toMatch(/2025/);
  });
});

describe('the programme feed behind the dashboard and the notifications badge', () => {
  it('reads review states, comments and concurrent edits from a document, and finds what is addressed to a person', () => {
    const doc = docWithRec({ rationale: 'Fix the roads first.' });
    applyReviewAction(doc, { ...ctxAt('p-expert', '2025-02-02T09:00:00.000Z'), role: 'expert' }, 'recommendations', 'r1', 'submit');
    applyReviewAction(doc, { ...ctxAt('p-lead', '2025-02-03T09:00:00.000Z'), role: 'lead' }, 'recommendations', 'r1', 'request-changes', 'Cite the source.');
    addComment(doc, ctxAt('p-lead', '2025-02-03T09:05:00.000Z'), { target: { collection: 'recommendations', id: 'r1' }, body: '@Ana Reyes where is this from?', team: [{ id: 'p-expert', name: 'Ana Reyes' }] });
    // Two people change the owner while apart.
    const [a, b] = fork(doc);
    updateEntity(a, ctxAt('p-expert', '2025-02-04T09:00:00.000Z'), 'recommendations', 'r1', { owner: 'Public works' });
    updateEntity(b, ctxAt('p-lead', '2025-02-04T09:01:00.000Z'), 'recommendations', 'r1', { owner: 'School district' });
    merge(a, b);

    const feed = readFeed('e1', a);
    expect(feed.items).toHaveLength(1);
    expect(feed.items[0]).toMatchObject({ collection: 'recommendations', id: 'r1', createdBy: 'p-expert', review: { state: 'changes-requested', by: 'p-lead', note: 'Cite the source.' } });
    expect(feed.comments).toHaveLength(1);
    expect(feed.conflicts).toHaveLength(1);
    expect(feed.conflicts[0]!.conflicts[0]!.field).toBe('owner');
    expect(feed.conflicts[0]!.conflicts[0]!.candidates.map((c) => c.by).sort()).toEqual(['p-expert', 'p-lead']);

    const programme = { ready: true, engagements: new Map([['e1', feed]]) };
    const forExpert = notificationsFrom(programme, 'p-expert', '2025-02-05');
    expect(forExpert.map((n) => n.kind).sort()).toEqual(['mention', 'sent-back']);
    expect(forExpert.find((n) => n.kind === 'sent-back')).toMatchObject({ by: 'p-lead', text: 'Cite the source.', target: { collection: 'recommendations', id: 'r1' } });
    // Keys are stable (read marks survive re-reads) and distinct.
    const again = notificationsFrom(programme, 'p-expert', '2025-02-05');
    expect(again.map(notificationKey)).toEqual(forExpert.map(notificationKey));
    expect(new Set(forExpert.map(notificationKey)).size).toBe(2);
    // The lead wrote the note and the comment: nothing is addressed to her.
    expect(notificationsFrom(programme, 'p-lead', '2025-02-05')).toEqual([]);
  });

  it('skips items without a review map (attachments) and tolerates an empty document', () => {
    const doc = new Y.Doc();
    expect(readFeed('e0', doc)).toMatchObject({ items: [], comments: [], conflicts: [] });
    const d2 = docWithRec();
    collection(d2, 'recommendations').get('r1')!.delete('review');
    expect(readFeed('e2', d2).items).toEqual([]);
  });
});
