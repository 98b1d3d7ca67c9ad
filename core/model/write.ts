import * as Y from 'yjs';
import type { z } from 'zod';
import { parseOrThrow, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { Engagement } from '../schemas/index.ts';
import { allQuestions } from '../schemas/template.ts';
import { COLLECTIONS, LOCAL_ORIGIN, SCHEMA_VERSION, TEXT_FIELDS, collection, engagementMap, meta, type Collection, type EntityMap } from './layout.ts';
import { SCHEMAS, engagementPlain, entityPlain, type EntityOf } from './read.ts';
import { ensureLog, logField, logText, type LogIntent, type LogTarget } from '../review/log-store.ts';

/** Fields held as Y.Array so that concurrent additions (photos, links, updates) merge instead of overwrite. */
export const ARRAY_FIELDS: Record<Collection | 'engagement', readonly string[]> = {
  engagement: ['focusAreas', 'stakeholders'],
  visits: ['attendees', 'photoIds'],
  findings: ['photoIds', 'indicatorIds', 'libraryIds'],
  recommendations: ['findingIds', 'visitIds', 'progress', 'libraryIds'],
  attachments: [],
};
/** Fields held as Y.Map keyed by id (order is not content). */
export const KEYED_FIELDS: Record<Collection | 'engagement', readonly string[]> = {
  engagement: ['team', 'indicators'],
  visits: [],
  findings: [],
  recommendations: [],
  attachments: [],
};
const STAMP_FIELDS = new Set(['createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

export interface WriteContext {
  /** The person making the change (their id), recorded on every entity they touch. */
  author: string;
  /** Injected for deterministic tests and sample data; defaults to the wall clock. */
  now?: () => Date;
  /** Review (#5): why this write happens, recorded in the item's change log (restore, conflict resolution). */
  log?: LogIntent;
}

const stamp = (ctx: WriteContext) => (ctx.now ? ctx.now() : new Date()).toISOString();

/** Every local write is one transaction with the local origin, so undo and sync see it as one step. */
export function transactLocal<T>(doc: Y.Doc, fn: () => T): T {
  let out!: T;
  doc.transact(() => {
    out = fn();
  }, LOCAL_ORIGIN);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Who wrote a span of text (Y.Text attributes, ADR 0009). Minute resolution: typing within a minute adds no format marks. */
export function textAttrs(ctx: WriteContext, at: string): { by: string; at: string } {
  return { by: ctx.author, at: `${at.slice(0, 16)}:00.000Z` };
}

/** Replace a Y.Text's content with the smallest edit (common prefix and suffix kept), so concurrent typing elsewhere survives. */
export function setText(text: Y.Text, next: string, attrs?: { by: string; at: string }): void {
  const prev = text.toString();
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let endPrev = prev.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && prev.charCodeAt(endPrev - 1) === next.charCodeAt(endNext - 1)) {
    endPrev--;
    endNext--;
  }
  if (endPrev > start) text.delete(start, endPrev - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext), attrs);
}

/** Bring a Y.Array to `next`, removing what went and appending what came, so others' concurrent additions survive. */
function setArray(arr: Y.Array<unknown>, next: readonly unknown[]): void {
  const current = arr.toArray();
  if (same(current, next)) return;
  const nextKeys = next.map((v) => JSON.stringify(v));
  const curKeys = current.map((v) => JSON.stringify(v));
  if (curKeys.length === nextKeys.length && curKeys.every((k) => nextKeys.includes(k))) {
    // Same members in another order: a manual reorder, rare enough to rewrite.
    arr.delete(0, arr.length);
    arr.insert(0, [...next]);
    return;
  }
  for (let i = current.length - 1; i >= 0; i--) if (!nextKeys.includes(curKeys[i]!)) arr.delete(i, 1);
  const kept = new Set(arr.toArray().map((v) => JSON.stringify(v)));
  const added = next.filter((v) => !kept.has(JSON.stringify(v)));
  if (added.length) arr.push(added);
}

function setKeyed(map: Y.Map<unknown>, next: readonly { id: string }[]): void {
  const ids = new Set(next.map((v) => v.id));
  for (const k of [...map.keys()]) if (!ids.has(k)) map.delete(k);
  for (const v of next) if (!same(map.get(v.id), v)) map.set(v.id, v);
}

/** Write validated plain fields into an entity map, choosing the Y type each field lives in. */
function writeFields(target: Y.Map<unknown>, kind: Collection | 'engagement', fields: Record<string, unknown>, attrs?: { by: string; at: string }): void {
  const texts = TEXT_FIELDS[kind] as readonly string[];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) {
      if (target.has(key)) target.delete(key);
      continue;
    }
    const existing = target.get(key);
    if (texts.includes(key)) {
      if (existing instanceof Y.Text) setText(existing, String(value), attrs);
      else target.set(key, new Y.Text(String(value)));
    } else if (ARRAY_FIELDS[kind].includes(key)) {
      if (existing instanceof Y.Array) setArray(existing, value as unknown[]);
      else target.set(key, Y.Array.from(value as never[]));
    } else if (KEYED_FIELDS[kind].includes(key)) {
      const map = existing instanceof Y.Map ? existing : new Y.Map<unknown>();
      if (!(existing instanceof Y.Map)) target.set(key, map);
      setKeyed(map, value as { id: string }[]);
    } else if (key === 'answers' && kind === 'visits') {
      const answers = existing instanceof Y.Map ? existing : new Y.Map<unknown>();
      if (!(existing instanceof Y.Map)) target.set(key, answers);
      const next = value as Record<string, unknown>;
      // The validated value is the whole answer set: answers no longer in it were cleared.
      for (const qid of [...answers.keys()]) if (!(qid in next)) answers.delete(qid);
      for (const [qid, answer] of Object.entries(next)) writeAnswer(answers, qid, answer, attrs);
    } else if (!same(existing, value)) {
      target.set(key, value);
    }
  }
}

function writeAnswer(answers: Y.Map<unknown>, qid: string, value: unknown, attrs?: { by: string; at: string }): void {
  const existing = answers.get(qid);
  if (typeof value === 'string' && existing instanceof Y.Text) setText(existing, value, attrs);
  else if (!same(existing, value)) answers.set(qid, value);
}

/** Engagement fields as given to initEngagementDoc: fields with defaults (summary, team, …) may be left out. */
export type NewEngagement = Omit<z.input<typeof Engagement>, 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>;

export function initEngagementDoc(doc: Y.Doc, ctx: WriteContext, input: NewEngagement): Engagement {
  const at = stamp(ctx);
  const value = parseOrThrow(Engagement, { ...input, createdAt: at, createdBy: ctx.author, updatedAt: at, updatedBy: ctx.author }, 'The engagement');
  transactLocal(doc, () => {
    meta(doc).set('schemaVersion', SCHEMA_VERSION);
    meta(doc).set('engagementId', value.id);
    writeFields(engagementMap(doc), 'engagement', value);
    ensureLog(doc, 'engagement', '');
  });
  return value;
}

export function updateEngagement(doc: Y.Doc, ctx: WriteContext, patch: Partial<Engagement>): Engagement {
  const at = stamp(ctx);
  const merged = { ...engagementPlain(doc), ...patch, updatedAt: at, updatedBy: ctx.author };
  const value = parseOrThrow(Engagement, merged, 'The engagement');
  const changed = pickDefined(value, Object.keys(patch));
  const before = engagementPlain(doc);
  transactLocal(doc, () => {
    writeFields(engagementMap(doc), 'engagement', { ...changed, updatedAt: at, updatedBy: ctx.author }, textAttrs(ctx, at));
    logChanges(doc, ctx, at, 'engagement', '', before, changed);
  });
  return value;
}

/** Review (#5): one change-log entry per field whose value really changed (text: per editing burst). */
function logChanges(doc: Y.Doc, ctx: WriteContext, at: string, name: LogTarget, id: string, before: Record<string, unknown>, changed: Record<string, unknown>): void {
  const who = { by: ctx.author, at };
  const texts = TEXT_FIELDS[name] as readonly string[];
  for (const [key, after] of Object.entries(changed)) {
    const prev = before[key];
    if (same(prev, after)) continue;
    if (key === 'answers' && name === 'visits') {
      const a = (prev ?? {}) as Record<string, unknown>;
      const b = (after ?? {}) as Record<string, unknown>;
      for (const qid of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (same(a[qid], b[qid])) continue;
        if (typeof a[qid] === 'string' && typeof b[qid] === 'string') logText(doc, who, name, id, `answers.${qid}`, a[qid], b[qid], ctx.log);
        else logField(doc, who, name, id, `answers.${qid}`, a[qid], b[qid], ctx.log);
      }
    } else if (texts.includes(key)) logText(doc, who, name, id, key, String(prev ?? ''), String(after ?? ''), ctx.log);
    else logField(doc, who, name, id, key, prev, after, ctx.log);
  }
}

function pickDefined(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (!STAMP_FIELDS.has(k)) out[k] = value[k];
  return out;
}

const NOUN: Record<Collection, string> = { visits: 'The visit', findings: 'The finding', recommendations: 'The recommendation', attachments: 'The attachment' };

export type NewEntity<C extends Collection> = Omit<EntityOf<C>, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'> & { id?: string };

/** Validate and add an entity; returns the stored value. Throws ValidationError with readable sentences. */
export function createEntity<C extends Collection>(doc: Y.Doc, ctx: WriteContext, name: C, input: NewEntity<C> | Record<string, unknown>): EntityOf<C> {
  const at = stamp(ctx);
  const id = (input as { id?: string }).id ?? newId();
  if (collection(doc, name).has(id)) throw new ValidationError(NOUN[name], [`Id "${id}" is already used.`]);
  const value = parseOrThrow(SCHEMAS[name], { ...input, id, createdAt: at, createdBy: ctx.author, updatedAt: at, updatedBy: ctx.author }, NOUN[name]) as EntityOf<C>;
  transactLocal(doc, () => {
    const map: EntityMap = new Y.Map();
    collection(doc, name).set(id, map);
    writeFields(map, name, value as Record<string, unknown>);
    // Its change log is born with it (the creation itself is read from createdAt/createdBy: no entry, no bytes).
    ensureLog(doc, name, id);
    // Text answers get their shared text now, not on first keystroke: two experts who both start typing in the
    // same empty answer while offline would otherwise each create one, and the merge would keep only one of them.
    if (name === 'visits') {
      const answers = map.get('answers');
      if (answers instanceof Y.Map) {
        for (const q of allQuestions((value as EntityOf<'visits'>).template)) {
          if (q.kind !== 'text') continue;
          const current = answers.get(q.id);
          if (!(current instanceof Y.Text)) answers.set(q.id, new Y.Text(typeof current === 'string' ? current : ''));
        }
      }
    }
  });
  return value;
}

/** Validate the entity as it would be after the patch, then write only the patched fields plus the stamp. */
export function updateEntity<C extends Collection>(doc: Y.Doc, ctx: WriteContext, name: C, id: string, patch: Partial<EntityOf<C>>): EntityOf<C> {
  const current = entityPlain(doc, name, id);
  if (!current) throw new ValidationError(NOUN[name], [`There is no item with id "${id}"; it may have been deleted by someone else.`]);
  const at = stamp(ctx);
  const value = parseOrThrow(SCHEMAS[name], { ...current, ...patch, id, updatedAt: at, updatedBy: ctx.author }, NOUN[name]) as EntityOf<C>;
  transactLocal(doc, () => {
    const map = collection(doc, name).get(id)!;
    const changed = pickDefined(value as Record<string, unknown>, Object.keys(patch));
    writeFields(map, name, { ...changed, updatedAt: at, updatedBy: ctx.author }, textAttrs(ctx, at));
    // A field set to undefined in the patch is cleared.
    for (const [k, v] of Object.entries(patch)) if (v === undefined && map.has(k)) map.delete(k);
    logChanges(doc, ctx, at, name, id, current, changed);
  });
  return value;
}

export function deleteEntity(doc: Y.Doc, name: Collection, id: string): void {
  transactLocal(doc, () => collection(doc, name).delete(id));
}

/** Set one answer of a visit; text answers live in Y.Text so two people can type in the same answer. */
export function setAnswer(doc: Y.Doc, ctx: WriteContext, visitId: string, questionId: string, value: unknown, asText = false): void {
  const map = collection(doc, 'visits').get(visitId);
  if (!map) throw new ValidationError('The visit', [`There is no visit with id "${visitId}".`]);
  transactLocal(doc, () => {
    let answers = map.get('answers');
    if (!(answers instanceof Y.Map)) {
      answers = new Y.Map<unknown>();
      map.set('answers', answers);
    }
    const a = answers as Y.Map<unknown>;
    const at = stamp(ctx);
    const prev = a.get(questionId);
    const before = prev instanceof Y.Text ? prev.toString() : prev;
    if (asText && typeof value === 'string' && !(a.get(questionId) instanceof Y.Text)) a.set(questionId, new Y.Text(value));
    else if (value === null || value === undefined) a.delete(questionId);
    else writeAnswer(a, questionId, value, textAttrs(ctx, at));
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
    const after = value === undefined ? null : value;
    if (!same(before ?? null, after)) {
      if (typeof before === 'string' && typeof after === 'string') logText(doc, { by: ctx.author, at }, 'visits', visitId, `answers.${questionId}`, before, after, ctx.log);
      else logField(doc, { by: ctx.author, at }, 'visits', visitId, `answers.${questionId}`, before, after, ctx.log);
    }
  });
}

/** The live Y.Text behind a prose field (created on first use), for editors bound to the CRDT. */
export function textField(doc: Y.Doc, name: Collection | 'engagement', id: string, field: string): Y.Text | undefined {
  const map = name === 'engagement' ? engagementMap(doc) : collection(doc, name).get(id);
  if (!map) return undefined;
  const existing = map.get(field);
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text(typeof existing === 'string' ? existing : '');
  doc.transact(() => map.set(field, text), LOCAL_ORIGIN);
  return text;
}

/** The live Y.Text of a text answer (created on first use). */
export function answerText(doc: Y.Doc, visitId: string, questionId: string): Y.Text | undefined {
  const map = collection(doc, 'visits').get(visitId);
  if (!map) return undefined;
  let answers = map.get('answers');
  if (answers instanceof Y.Map && answers.get(questionId) instanceof Y.Text) return answers.get(questionId) as Y.Text;
  const existing = answers instanceof Y.Map ? answers.get(questionId) : undefined;
  const text = new Y.Text(typeof existing === 'string' ? existing : '');
  doc.transact(() => {
    if (!(answers instanceof Y.Map)) {
      answers = new Y.Map<unknown>();
      map.set('answers', answers);
    }
    (answers as Y.Map<unknown>).set(questionId, text);
  }, LOCAL_ORIGIN);
  return text;
}

/** Edit a prose field and stamp its entity in one local transaction (one undo step, one sync update). */
export function editText(doc: Y.Doc, ctx: WriteContext, name: Collection | 'engagement', id: string, field: string, next: string): void {
  const map = name === 'engagement' ? engagementMap(doc) : collection(doc, name).get(id);
  if (!map) return;
  // Creating a missing Y.Text happens inside the same transaction (nested transact joins it): one undo step.
  transactLocal(doc, () => {
    const text = textField(doc, name, id, field);
    if (!text) return;
    const before = text.toString();
    const at = stamp(ctx);
    setText(text, next, textAttrs(ctx, at));
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
    if (before !== next) logText(doc, { by: ctx.author, at }, name, id, field, before, next, ctx.log);
  });
}

/** Edit a text answer and stamp its visit in one local transaction. */
export function editAnswerText(doc: Y.Doc, ctx: WriteContext, visitId: string, questionId: string, next: string): void {
  const map = collection(doc, 'visits').get(visitId);
  if (!map) return;
  transactLocal(doc, () => {
    const text = answerText(doc, visitId, questionId);
    if (!text) return;
    const before = text.toString();
    const at = stamp(ctx);
    setText(text, next, textAttrs(ctx, at));
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
    if (before !== next) logText(doc, { by: ctx.author, at }, 'visits', visitId, `answers.${questionId}`, before, next, ctx.log);
  });
}

export { COLLECTIONS };
