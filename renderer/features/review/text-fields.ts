import * as Y from 'yjs';
import { COLLECTIONS, collection } from '#core/model/layout.ts';

/** Where a shared text lives: which item, and which field of it (`answers.<questionId>` for a visit's text answer). */
export interface TextLocation {
  collection: (typeof COLLECTIONS)[number];
  id: string;
  field: string;
}

/** Walk up from a Y.Text to its item and field, so any text field can offer comments without being told where it is. */
export function locateText(text: Y.Text): TextLocation | null {
  const key = text._item?.parentSub;
  const parent = text.parent;
  const doc = text.doc;
  if (!key || !(parent instanceof Y.Map) || !doc) return null;
  let entity: Y.Map<unknown> = parent;
  let field = key;
  if (parent._item?.parentSub === 'answers' && parent.parent instanceof Y.Map) {
    entity = parent.parent;
    field = `answers.${key}`;
  }
  const id = entity._item?.parentSub;
  if (!id) return null;
  for (const c of COLLECTIONS) if (entity.parent === collection(doc, c)) return { collection: c, id, field };
  return null;
}

export const fieldKey = (l: { collection: string; id: string; field: string }) => `${l.collection}/${l.id}/${l.field}`;

/** Text fields on screen, so a comment's quote can select its passage in the right one. */
const mounted = new Map<string, HTMLTextAreaElement>();
export function registerTextarea(key: string, el: HTMLTextAreaElement | null): () => void {
  if (el) mounted.set(key, el);
  return () => {
    if (mounted.get(key) === el) mounted.delete(key);
  };
}
export function mountedTextarea(key: string): HTMLTextAreaElement | undefined {
  return mounted.get(key);
}

const FIELD_LABELS: Record<string, string> = {
  observations: 'Observations',
  description: 'Description',
  interviewNotes: 'Interview notes',
  internalNotes: 'Internal notes',
  rationale: 'Rationale',
  summary: 'Summary',
  title: 'Title',
  status: 'Status',
  priority: 'Priority',
  owner: 'Owner',
  dueDate: 'Due date',
  timeframe: 'Timeframe',
  focusArea: 'Focus area',
  severity: 'Severity',
  kind: 'Kind',
  confidential: 'Confidential',
  review: 'Review',
  date: 'Date',
  attendees: 'Attendees',
  location: 'Location',
  photoIds: 'Photos',
  findingIds: 'Linked findings',
  visitIds: 'Linked visits',
  progress: 'Progress updates',
};

/** A readable name for a stored field ("answers.q3" → "Answer q3" unless the caller knows the question). */
export function fieldLabel(field: string, questions?: Map<string, string>): string {
  if (field.startsWith('answers.')) {
    const qid = field.slice(8);
    return questions?.get(qid) ?? `Answer ${qid}`;
  }
  return FIELD_LABELS[field] ?? field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}
