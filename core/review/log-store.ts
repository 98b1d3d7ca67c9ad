/**
 * The per-item change log (ADR 0009): the write side. core/model/write.ts calls these inside its own local
 * transaction, so a change and its log entry are one undo step and one sync update.
 *
 * Layout: root Y.Map 'fieldLog', key `${collection}:${id}` (or 'engagement') → Y.Array of plain, immutable
 * entries. The array is created together with its entity (same transaction), so two offline writers never each
 * create one and lose the other's entries in the merge.
 *
 * Cost: an entry is a few dozen bytes for a plain field. Prose is logged once per editing burst (same person,
 * same field, pauses under BURST_MS), and the burst's entry is refreshed at most every THROTTLE_MS, so typing
 * does not send the whole text with every keystroke. The newest text of a field is always the live Y.Text.
 */
import * as Y from 'yjs';
import { newId } from '../ids.ts';
import { collection, engagementMap, fieldLogMap, type Collection } from '../model/layout.ts';

export type LogKind = 'field' | 'text' | 'review' | 'restore' | 'resolve' | 'checkpoint';

export interface LogEntry {
  id: string;
  kind: LogKind;
  /** 'title', 'review', 'answers.<questionId>', … (absent on checkpoints). */
  field?: string;
  /** The value after the change (text: the whole text at the end of the burst, possibly a few seconds stale). */
  value?: unknown;
  /** Only on the first entry ever written for a field: the value it had before (what creation gave it). */
  first?: true;
  before?: unknown;
  by: string;
  at: string;
  /** Id of the last entry for this field the writer had seen (null: none). Same base twice = concurrent edits. */
  base?: string | null;
  /** resolve: the candidate entries this choice settles. */
  resolves?: string[];
  /** checkpoint / restore: a human label ("Submitted", "Restored version of 3 May"). */
  label?: string;
  /** restore: the entry whose version was brought back. */
  from?: string;
}

/** One editing burst: pauses shorter than this continue the same history entry. */
export const BURST_MS = 60_000;
/** Within a burst the entry's copy of the text is refreshed at most this often. */
export const THROTTLE_MS = 2_000;

export type LogTarget = Collection | 'engagement';
export const logKey = (name: LogTarget, id: string) => (name === 'engagement' ? 'engagement' : `${name}:${id}`);

/** What a write may say about why it happened (restore, conflict resolution); plain edits say nothing. */
export interface LogIntent {
  kind: 'restore' | 'resolve';
  resolves?: string[];
  label?: string;
  from?: string;
}

export function logArray(doc: Y.Doc, name: LogTarget, id: string): Y.Array<LogEntry> | undefined {
  const v = fieldLogMap(doc).get(logKey(name, id));
  return v instanceof Y.Array ? (v as Y.Array<LogEntry>) : undefined;
}

/** The item's log, created if missing (call inside a transaction). Entities made before the log existed get one lazily. */
export function ensureLog(doc: Y.Doc, name: LogTarget, id: string): Y.Array<LogEntry> {
  const existing = logArray(doc, name, id);
  if (existing) return existing;
  const arr = new Y.Array<LogEntry>();
  fieldLogMap(doc).set(logKey(name, id), arr as Y.Array<unknown>);
  return arr;
}

export function logEntries(doc: Y.Doc, name: LogTarget, id: string): LogEntry[] {
  return logArray(doc, name, id)?.toArray() ?? [];
}

/** The newest entry for `field` (scanning back from the end: recent edits are the common case). */
export function headFor(arr: Y.Array<LogEntry>, field: string): LogEntry | undefined {
  for (let i = arr.length - 1; i >= 0; i--) {
    const e = arr.get(i);
    if (e.field === field && e.kind !== 'checkpoint') return e;
  }
  return undefined;
}


/** The live text of a logged text field ('answers.<qid>' for a visit's text answer), if it is a Y.Text. */
function liveText(doc: Y.Doc, name: LogTarget, id: string, field: string): string | undefined {
  const entity = name === 'engagement' ? engagementMap(doc) : collection(doc, name).get(id);
  if (!(entity instanceof Y.Map)) return undefined;
  let v: unknown;
  if (field.startsWith('answers.')) {
    const answers = entity.get('answers');
    v = answers instanceof Y.Map ? answers.get(field.slice('answers.'.length)) : undefined;
  } else v = entity.get(field);
  return v instanceof Y.Text ? v.toString() : undefined;
}

/**
 * Before anything else is logged, a trailing text burst whose copy was throttled gets the live text, so a version
 * taken at a review action or checkpoint (and restored from) holds the text as it really was then.
 */
function sealBurst(doc: Y.Doc, arr: Y.Array<LogEntry>, name: LogTarget, id: string): void {
  const last = arr.length ? arr.get(arr.length - 1) : undefined;
  if (!last || last.kind !== 'text' || !last.field) return;
  const live = liveText(doc, name, id, last.field);
  if (live === undefined || live === last.value) return;
  arr.delete(arr.length - 1, 1);
  arr.push([{ ...last, value: live }]);
}

const clean = (v: unknown) => (v === undefined ? null : v);

/** Append one plain-field change (value differs from before: the caller checked). */
export function logField(doc: Y.Doc, who: { by: string; at: string }, name: LogTarget, id: string, field: string, before: unknown, after: unknown, intent?: LogIntent): LogEntry {
  const arr = ensureLog(doc, name, id);
  sealBurst(doc, arr, name, id);
  const head = headFor(arr, field);
  const kind: LogKind = intent?.kind ?? (field === 'review' ? 'review' : 'field');
  const entry: LogEntry = { id: newId(), kind, field, value: clean(after), by: who.by, at: who.at, base: head?.id ?? null };
  if (!head) {
    entry.first = true;
    entry.before = clean(before);
  }
  if (intent?.resolves) entry.resolves = intent.resolves;
  if (intent?.label) entry.label = intent.label;
  if (intent?.from) entry.from = intent.from;
  arr.push([entry]);
  return entry;
}

/**
 * A text edit: continue the writer's current burst (the log's last entry, same person and field, recent) or
 * start a new one. `before` is the text before this edit, `after` after it.
 */
export function logText(doc: Y.Doc, who: { by: string; at: string }, name: LogTarget, id: string, field: string, before: string, after: string, intent?: LogIntent): void {
  const arr = ensureLog(doc, name, id);
  const now = Date.parse(who.at);
  const last = arr.length ? arr.get(arr.length - 1) : undefined;
  if (!intent && last && last.kind === 'text' && last.field === field && last.by === who.by && now - Date.parse(last.at) < BURST_MS) {
    if (now - Date.parse(last.at) < THROTTLE_MS) return; // the live text is newer anyway; refresh the copy later
    arr.delete(arr.length - 1, 1);
    arr.push([{ ...last, value: after, at: who.at }]);
    return;
  }
  const head = headFor(arr, field);
  // A new burst: first make sure the previous burst's copy (if ours and throttled) is exact — `before` is its end.
  if (head && head.kind === 'text' && head.by === who.by && head.value !== before && last === head) {
    arr.delete(arr.length - 1, 1);
    arr.push([{ ...head, value: before }]);
  }
  const entry: LogEntry = { id: newId(), kind: intent?.kind ?? 'text', field, value: after, by: who.by, at: who.at, base: head?.id ?? null };
  if (!head) {
    entry.first = true;
    entry.before = before;
  }
  if (intent?.resolves) entry.resolves = intent.resolves;
  if (intent?.label) entry.label = intent.label;
  if (intent?.from) entry.from = intent.from;
  arr.push([entry]);
}

export function logCheckpoint(doc: Y.Doc, who: { by: string; at: string }, name: LogTarget, id: string, label: string): LogEntry {
  const entry: LogEntry = { id: newId(), kind: 'checkpoint', label, by: who.by, at: who.at };
  const arr = ensureLog(doc, name, id);
  sealBurst(doc, arr, name, id);
  arr.push([entry]);
  return entry;
}
