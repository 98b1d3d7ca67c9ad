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
import { diffWords } from './diff.ts';

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
  /** text bursts: the value as edits of an immutable text key (see TextKey); `value` is then absent in storage. */
  patch?: TextPatch;
}

/**
 * Prose is stored as deltas (ADR 0009): a text burst keeps its value as a patch against a TEXT KEY — a hidden,
 * immutable copy of the field's text written to the same log. Keys never change (bursts are refreshed by
 * replacing their entry; a key is never refreshed, sealed or resolved), so a patch always rebuilds exactly the
 * text it was made from, whatever merges happen. A new key is written when the patch against the current one
 * grows past a quarter of the text: bounded patches, one full copy per many bursts.
 */
export interface TextKey {
  id: string;
  kind: 'key';
  keyOf: string;
  value: string;
}

/** `k`: the key's id; `d`: flat triples [keep chars, delete chars, insert text] applied to the key's value. */
export interface TextPatch {
  k: string;
  d: (number | string)[];
}

type Stored = LogEntry | TextKey;
const isKey = (e: Stored): e is TextKey => e.kind === 'key';

function makePatch(key: TextKey, next: string): TextPatch {
  const d: (number | string)[] = [];
  let keep = 0;
  let del = 0;
  let ins = '';
  const flush = () => {
    if (del || ins) d.push(keep, del, ins);
    else return;
    keep = 0;
    del = 0;
    ins = '';
  };
  for (const op of diffWords(key.value, next)) {
    if (op.op === 'eq') {
      if (del || ins) flush();
      keep += op.text.length;
    } else if (op.op === 'del') del += op.text.length;
    else ins += op.text;
  }
  flush();
  return { k: key.id, d };
}

export function applyPatch(base: string, patch: TextPatch): string {
  let out = '';
  let at = 0;
  for (let i = 0; i + 2 < patch.d.length; i += 3) {
    const keep = patch.d[i] as number;
    out += base.slice(at, at + keep) + (patch.d[i + 2] as string);
    at += keep + (patch.d[i + 1] as number);
  }
  return out + base.slice(at);
}

/** What a patch costs to keep, roughly in bytes. */
const patchCost = (p: TextPatch) => p.d.reduce<number>((n, x) => n + (typeof x === 'string' ? x.length + 1 : 3), 0);
/** A key is renewed when the patch against it costs more than this share of the text (or the key is far back). */
const KEY_SHARE = 0.25;
const KEY_SCAN = 400;

/** The newest key of a field, looking back at most KEY_SCAN entries (then a new one is cheaper than the search). */
function latestKey(arr: Y.Array<Stored>, field: string): TextKey | undefined {
  for (let i = arr.length - 1, n = 0; i >= 0 && n < KEY_SCAN; i--, n++) {
    const e = arr.get(i);
    if (isKey(e) && e.keyOf === field) return e;
  }
  return undefined;
}

/** A text burst's value: as stored, or rebuilt from its key (keys: id → key, from the same log). */
function textValue(e: LogEntry, keys: Map<string, string>): unknown {
  if (!e.patch) return e.value;
  const base = keys.get(e.patch.k);
  return base === undefined ? undefined : applyPatch(base, e.patch);
}

/** The value of one stored entry, resolving a patch against its key in `arr`. */
function valueIn(arr: Y.Array<Stored>, e: LogEntry): unknown {
  if (!e.patch) return e.value;
  for (let i = arr.length - 1; i >= 0; i--) {
    const k = arr.get(i);
    if (isKey(k) && k.id === e.patch.k) return applyPatch(k.value, e.patch);
  }
  return undefined;
}

/** A text burst entry holding `value`: as a patch against the field's key (a new key first if needed). */
function burstEntry(arr: Y.Array<Stored>, entry: LogEntry, field: string, value: string, keyText: string): LogEntry {
  let key = latestKey(arr, field);
  let patch = key ? makePatch(key, value) : null;
  if (!key || !patch || patchCost(patch) > Math.max(64, value.length * KEY_SHARE)) {
    key = { id: newId(), kind: 'key', keyOf: field, value: keyText };
    arr.push([key]);
    patch = makePatch(key, value);
  }
  const { value: _drop, ...rest } = entry;
  void _drop;
  return { ...rest, patch };
}

/** The same burst entry with a new value (refresh): a patch against its own key when it has one. */
function withValue(arr: Y.Array<Stored>, e: LogEntry, value: string, at?: string): LogEntry {
  const next: LogEntry = { ...e, ...(at ? { at } : {}) };
  if (e.patch) {
    const key = (() => {
      for (let i = arr.length - 1; i >= 0; i--) {
        const k = arr.get(i);
        if (isKey(k) && k.id === e.patch!.k) return k;
      }
      return undefined;
    })();
    if (key) {
      next.patch = makePatch(key, value);
      return next;
    }
    delete next.patch;
  }
  next.value = value;
  return next;
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

/** The item's entries with every text value rebuilt (keys are storage only: not returned). */
export function logEntries(doc: Y.Doc, name: LogTarget, id: string): LogEntry[] {
  const raw = (logArray(doc, name, id)?.toArray() ?? []) as Stored[];
  const keys = new Map<string, string>();
  for (const e of raw) if (isKey(e)) keys.set(e.id, e.value);
  if (keys.size === 0) return raw as LogEntry[];
  const out: LogEntry[] = [];
  for (const e of raw) {
    if (isKey(e)) continue;
    if (!e.patch) out.push(e);
    else {
      const { patch: _p, ...rest } = e;
      void _p;
      out.push({ ...rest, value: textValue(e, keys) });
    }
  }
  return out;
}

/** The newest entry for `field` (scanning back from the end: recent edits are the common case). */
export function headFor(arr: Y.Array<LogEntry>, field: string): LogEntry | undefined {
  for (let i = arr.length - 1; i >= 0; i--) {
    const e = arr.get(i);
    if (e.field === field && e.kind !== 'checkpoint') return e; // keys have no `field`
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
  const stored = arr as unknown as Y.Array<Stored>;
  if (live === undefined || live === valueIn(stored, last)) return;
  arr.delete(arr.length - 1, 1);
  arr.push([withValue(stored, last, live)]);
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
  const stored = arr as unknown as Y.Array<Stored>;
  const now = Date.parse(who.at);
  const last = arr.length ? arr.get(arr.length - 1) : undefined;
  if (!intent && last && last.kind === 'text' && last.field === field && last.by === who.by && now - Date.parse(last.at) < BURST_MS) {
    if (now - Date.parse(last.at) < THROTTLE_MS) return; // the live text is newer anyway; refresh the copy later
    arr.delete(arr.length - 1, 1);
    arr.push([withValue(stored, last, after, who.at)]);
    return;
  }
  const head = headFor(arr, field);
  // A new burst: first make sure the previous burst's copy (if ours and throttled) is exact — `before` is its end.
  if (head && head.kind === 'text' && head.by === who.by && last === head && valueIn(stored, head) !== before) {
    arr.delete(arr.length - 1, 1);
    arr.push([withValue(stored, head, before)]);
  }
  let entry: LogEntry = { id: newId(), kind: intent?.kind ?? 'text', field, value: after, by: who.by, at: who.at, base: head?.id ?? null };
  if (!head) {
    entry.first = true;
    entry.before = before;
  }
  if (intent?.resolves) entry.resolves = intent.resolves;
  if (intent?.label) entry.label = intent.label;
  if (intent?.from) entry.from = intent.from;
  // Ordinary bursts are stored as patches; restores and resolutions keep their whole value (rare, and read alone).
  if (!intent) entry = burstEntry(stored, entry, field, after, before);
  arr.push([entry]);
}

export function logCheckpoint(doc: Y.Doc, who: { by: string; at: string }, name: LogTarget, id: string, label: string): LogEntry {
  const entry: LogEntry = { id: newId(), kind: 'checkpoint', label, by: who.by, at: who.at };
  const arr = ensureLog(doc, name, id);
  sealBurst(doc, arr, name, id);
  arr.push([entry]);
  return entry;
}
