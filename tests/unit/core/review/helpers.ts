import * as Y from 'yjs';
import { createEntity } from '#core/model/write.ts';
import { ctxAt, newEngagementDoc } from '../fixtures.ts';

export const rec = (id: string, number: number, extra: Record<string, unknown> = {}) => ({
  id,
  number,
  title: `Recommendation ${number}`,
  focusArea: 'housing',
  priority: 'high',
  status: 'draft',
  rationale: 'The city should fix the roads first.',
  ...extra,
});

/** An engagement doc with one recommendation 'r1' created by the expert. */
export function docWithRec(extra: Record<string, unknown> = {}): Y.Doc {
  const doc = newEngagementDoc();
  createEntity(doc, ctxAt('p-expert', '2025-02-01T09:00:00.000Z'), 'recommendations', rec('r1', 1, extra));
  return doc;
}

/** Two devices that start from the same state and go offline. */
export function fork(doc: Y.Doc): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, Y.encodeStateAsUpdate(doc));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(doc));
  return [a, b];
}

/** Both devices come back online: each gets what the other did. */
export function merge(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}
