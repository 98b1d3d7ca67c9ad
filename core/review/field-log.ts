/**
 * History and concurrent edits, read from the per-item change log (log-store.ts, ADR 0009).
 *
 * - A version of an item is its current value with each logged field put back to what it was at that point
 *   (the last entry for the field up to there, or the `before` kept on the field's first entry).
 * - Two entries for the same field with the same `base` were written without either writer seeing the other:
 *   a concurrent edit. Yjs keeps one value (last writer wins for plain fields, a character merge for text);
 *   the log keeps both, so the lead sees them and picks; the pick is logged too.
 * - Restoring writes the old values as a new change: nothing in the history is ever removed.
 */
import * as Y from 'yjs';
import { ValidationError } from '../errors.ts';
import { collection, fieldLogMap, TEXT_FIELDS, type Collection } from '../model/layout.ts';
import { entityPlain } from '../model/read.ts';
import { editAnswerText, setAnswer, transactLocal, updateEntity, type WriteContext } from '../model/write.ts';
import { allComments } from './comments.ts';
import { diffWords, type DiffOp } from './diff.ts';
import { logCheckpoint, logEntries, logField, logText, type LogEntry, type LogIntent } from './log-store.ts';

export type HistoryKind = 'create' | 'field' | 'review' | 'comment' | 'restore' | 'resolve' | 'checkpoint' | 'sync';

export interface HistoryEntry {
  /** Log entry id (versionAt/restoreVersion take it); `create:<itemId>` for the creation; comment id for comments. */
  id: string;
  at: string;
  by: string;
  kind: HistoryKind;
  collection?: Collection | 'engagement';
  itemId?: string;
  field?: string;
  before?: unknown;
  after?: unknown;
  label?: string;
  /** True for a text field: before/after are whole texts (textDiff them for display). */
  text?: boolean;
}

export interface Candidate {
  entryId: string;
  value: unknown;
  by: string;
  at: string;
}

export interface Conflict {
  field: string;
  /** The entry both writers started from (null: the value the item was created with). */
  base: string | null;
  candidates: Candidate[];
  /** What the document holds now (for text: the merged text). */
  current: unknown;
  text: boolean;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  textDiff?: DiffOp[];
}

const STAMPS = new Set(['createdAt', 'createdBy', 'updatedAt', 'updatedBy']);
const createId = (id: string) => `create:${id}`;

function isTextField(name: Collection | 'engagement', field: string, entries?: LogEntry[]): boolean {
  if ((TEXT_FIELDS[name] as readonly string[]).includes(field)) return true;
  return Boolean(field.startsWith('answers.') && entries?.some((e) => e.field === field && e.kind === 'text'));
}

function getPath(obj: Record<string, unknown> | undefined, field: string): unknown {
  if (!obj) return undefined;
  if (field.startsWith('answers.')) return (obj.answers as Record<string, unknown> | undefined)?.[field.slice(8)];
  return obj[field];
}

function setPath(obj: Record<string, unknown>, field: string, value: unknown): void {
  if (field.startsWith('answers.')) {
    const answers = { ...((obj.answers as Record<string, unknown> | undefined) ?? {}) };
    if (value === null || value === undefined) delete answers[field.slice(8)];
    else answers[field.slice(8)] = value;
    obj.answers = answers;
  } else if (value === null || value === undefined) delete obj[field];
  else obj[field] = value;
}

function reviewLabel(value: unknown): string | undefined {
  const r = value as { state?: string; note?: string } | null;
  if (!r?.state) return undefined;
  const word = { draft: 'Reopened as draft', submitted: 'Submitted', 'changes-requested': 'Sent back', approved: 'Approved' }[r.state] ?? r.state;
  return r.note ? `${word}: ${r.note}` : word;
}

/** Per field: index of entries in log order, and where the newest one is. */
function byField(entries: LogEntry[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (!e.field || e.kind === 'checkpoint') return;
    let list = m.get(e.field);
    if (!list) m.set(e.field, (list = []));
    list.push(i);
  });
  return m;
}

/** The value an entry left behind; the newest text entry of a field is the live text (its copy may lag a few seconds). */
function valueOf(e: LogEntry, isLatest: boolean, current: Record<string, unknown> | undefined, text: boolean): unknown {
  if (isLatest && text) return getPath(current, e.field!) ?? e.value;
  return e.value;
}

/** The item's timeline, oldest first: creation, every logged change, checkpoints and comments. */
export function itemHistory(doc: Y.Doc, name: Collection | 'engagement', id: string): HistoryEntry[] {
  const entries = logEntries(doc, name, id);
  const current = name === 'engagement' ? undefined : entityPlain(doc, name, id);
  const out: HistoryEntry[] = [];
  if (current && typeof current.createdAt === 'string') out.push({ id: createId(id), at: current.createdAt, by: String(current.createdBy ?? ''), kind: 'create', collection: name, itemId: id, label: 'Created' });
  const lastValue = new Map<string, unknown>();
  const fields = byField(entries);
  entries.forEach((e, i) => {
    if (e.kind === 'checkpoint' || !e.field) {
      out.push({ id: e.id, at: e.at, by: e.by, kind: 'checkpoint', collection: name, itemId: id, label: e.label });
      return;
    }
    const list = fields.get(e.field)!;
    const text = e.kind === 'text' || isTextField(name, e.field, entries);
    const before = lastValue.has(e.field) ? lastValue.get(e.field) : e.first ? e.before : undefined;
    const after = valueOf(e, list[list.length - 1] === i, current, text);
    lastValue.set(e.field, after);
    const kind: HistoryKind = e.kind === 'text' ? 'field' : e.kind;
    const h: HistoryEntry = { id: e.id, at: e.at, by: e.by, kind, collection: name, itemId: id, field: e.field, before, after };
    if (text) h.text = true;
    const label = e.kind === 'review' ? reviewLabel(after) : e.label;
    if (label) h.label = label;
    out.push(h);
  });
  for (const c of allComments(doc)) {
    if (c.target.collection !== name || c.target.id !== id) continue;
    out.push({ id: c.id, at: c.at, by: c.author, kind: 'comment', collection: name, itemId: id, label: c.deleted ? '(deleted comment)' : c.body.slice(0, 140), ...(c.field ? { field: c.field } : {}) });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The item as it was right after log entry `entryId` (or at creation for `create:<id>`); plain object. */
export function versionAt(doc: Y.Doc, name: Collection, id: string, entryId: string): Record<string, unknown> {
  const entries = logEntries(doc, name, id);
  const current = entityPlain(doc, name, id) ?? {};
  const pos = entryId === createId(id) ? -1 : entries.findIndex((e) => e.id === entryId);
  if (pos === -1 && entryId !== createId(id)) throw new ValidationError('The version', [`There is no change "${entryId}" in this item's history.`]);
  return versionAtPos(entries, name, current, pos);
}

/** The item as it was at an instant (e.g. an engagement-wide checkpoint such as a report export). */
export function versionAtTime(doc: Y.Doc, name: Collection, id: string, at: string): Record<string, unknown> {
  const entries = logEntries(doc, name, id);
  let pos = -1;
  entries.forEach((e, i) => {
    if (e.at <= at) pos = i;
  });
  return versionAtPos(entries, name, entityPlain(doc, name, id) ?? {}, pos);
}

function versionAtPos(entries: LogEntry[], name: Collection, current: Record<string, unknown>, pos: number): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current, answers: current.answers ? { ...(current.answers as object) } : current.answers };
  if (out.answers === undefined) delete out.answers;
  for (const [field, list] of byField(entries)) {
    let at = -1;
    for (const i of list) if (i <= pos) at = i;
    let value: unknown;
    if (at >= 0) {
      const e = entries[at]!;
      value = valueOf(e, list[list.length - 1] === at, current, e.kind === 'text' || isTextField(name, field, entries));
    } else {
      const firstAfter = entries[list[0]!]!;
      value = firstAfter.first ? firstAfter.before : getPath(current, field);
    }
    setPath(out, field, value);
  }
  const stampEntry = pos >= 0 ? entries[pos] : undefined;
  if (stampEntry) {
    out.updatedAt = stampEntry.at;
    out.updatedBy = stampEntry.by;
  } else if (current.createdAt) {
    out.updatedAt = current.createdAt;
    out.updatedBy = current.createdBy;
  }
  return out;
}

/** What differs between two versions, field by field; texts also get a word-level diff. */
export function diffVersions(a: Record<string, unknown>, b: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !STAMPS.has(k)).sort();
  for (const k of keys) {
    if (k === 'answers') {
      const x = (a.answers ?? {}) as Record<string, unknown>;
      const y = (b.answers ?? {}) as Record<string, unknown>;
      for (const q of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) pushChange(out, `answers.${q}`, x[q], y[q]);
    } else pushChange(out, k, a[k], b[k]);
  }
  return out;
}

function pushChange(out: FieldChange[], field: string, before: unknown, after: unknown): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const change: FieldChange = { field, before, after };
  if ((typeof before === 'string' || before === undefined) && (typeof after === 'string' || after === undefined) && (before !== undefined || after !== undefined)) {
    change.textDiff = diffWords(String(before ?? ''), String(after ?? ''));
  }
  out.push(change);
}

/** Write `value` into one field of an item (plain field, text or answer) with a log intent. */
function writeValue(doc: Y.Doc, ctx: WriteContext, name: Collection, id: string, field: string, value: unknown): void {
  if (field.startsWith('answers.')) {
    const map = collection(doc, name).get(id);
    const answers = map?.get('answers');
    const qid = field.slice(8);
    if (answers instanceof Y.Map && answers.get(qid) instanceof Y.Text && typeof value === 'string') editAnswerText(doc, ctx, id, qid, value);
    else setAnswer(doc, ctx, id, qid, value ?? null);
  } else {
    updateEntity(doc, ctx, name, id, { [field]: value === null ? undefined : value } as never);
  }
}

/** Bring back the item as it was after `entryId`, as a new change by `ctx.author` (review state is left alone). */
export function restoreVersion(doc: Y.Doc, ctx: WriteContext, name: Collection, id: string, entryId: string): FieldChange[] {
  const current = entityPlain(doc, name, id);
  if (!current) throw new ValidationError('The version', ['The item no longer exists.']);
  const old = versionAt(doc, name, id, entryId);
  const changes = diffVersions(current, old).filter((c) => c.field !== 'review' && c.field !== 'id');
  if (changes.length === 0) return [];
  const entries = logEntries(doc, name, id);
  const when = entryId === createId(id) ? String(current.createdAt) : (entries.find((e) => e.id === entryId)?.at ?? '');
  const intent: LogIntent = { kind: 'restore', from: entryId, label: `Restored the version of ${when.slice(0, 16).replace('T', ' ')}` };
  const rctx: WriteContext = { ...ctx, log: intent };
  transactLocal(doc, () => {
    const plain: Record<string, unknown> = {};
    for (const c of changes) {
      if (c.field.startsWith('answers.')) writeValue(doc, rctx, name, id, c.field, c.after);
      else plain[c.field] = c.after === null ? undefined : c.after;
    }
    if (Object.keys(plain).length) updateEntity(doc, rctx, name, id, plain as never);
  });
  return changes;
}

/** Follow a writer's own chain (entries based on this one) to its newest entry. */
function tipOf(entries: LogEntry[], start: LogEntry): LogEntry {
  let tip = start;
  for (;;) {
    const next = entries.filter((e) => e.base === tip.id && e.field === tip.field && e.kind !== 'resolve');
    if (next.length !== 1) return tip;
    tip = next[0]!;
  }
}

/** Fields of an item that two people changed without seeing each other's change, not yet settled. */
export function conflictsFor(doc: Y.Doc, name: Collection, id: string): Conflict[] {
  const entries = logEntries(doc, name, id);
  if (entries.length < 2) return [];
  const current = entityPlain(doc, name, id);
  const settled = new Set<string>();
  for (const e of entries) for (const r of e.resolves ?? []) settled.add(r);
  const groups = new Map<string, LogEntry[]>();
  for (const e of entries) {
    if (!e.field || e.kind === 'checkpoint' || e.kind === 'resolve') continue;
    const key = `${e.field}\u0000${e.base ?? ''}`;
    const g = groups.get(key);
    if (g) g.push(e);
    else groups.set(key, [e]);
  }
  const out: Conflict[] = [];
  for (const g of groups.values()) {
    if (g.length < 2 || g.every((e) => settled.has(e.id))) continue;
    const field = g[0]!.field!;
    const text = g.some((e) => e.kind === 'text') || isTextField(name, field, entries);
    const fieldList = entries.filter((e) => e.field === field);
    const latest = fieldList[fieldList.length - 1];
    const candidates = g.map((e) => {
      const tip = tipOf(entries, e);
      return { entryId: tip.id, value: valueOf(tip, tip === latest && !text, current, text), by: tip.by, at: tip.at };
    });
    out.push({ field, base: g[0]!.base ?? null, candidates, current: getPath(current, field) ?? null, text });
  }
  return out;
}

/** The lead's pick for a concurrent edit: a candidate's value, or 'merged' (keep what the document holds). */
export function resolveConflict(doc: Y.Doc, ctx: WriteContext, name: Collection, id: string, field: string, chosen: string): void {
  const conflict = conflictsFor(doc, name, id).find((c) => c.field === field);
  if (!conflict) throw new ValidationError('The conflict', [`There is no unsettled concurrent edit of "${field}".`]);
  const entries = logEntries(doc, name, id);
  const ids = new Set<string>();
  for (const e of entries) if (e.field === field && (e.base ?? null) === conflict.base) ids.add(e.id);
  for (const c of conflict.candidates) {
    ids.add(c.entryId);
    // Everything along each writer's chain is settled by the pick too.
    let cur = entries.find((e) => e.id === c.entryId);
    while (cur?.base && !ids.has(cur.base)) {
      ids.add(cur.base);
      const b = cur.base;
      cur = entries.find((e) => e.id === b);
    }
  }
  let value: unknown;
  if (chosen === 'merged') value = conflict.current;
  else {
    const pick = conflict.candidates.find((c) => c.entryId === chosen);
    if (!pick) throw new ValidationError('The conflict', ['That version is not one of the concurrent edits.']);
    value = pick.value;
  }
  const intent: LogIntent = { kind: 'resolve', resolves: [...ids], label: chosen === 'merged' ? 'Kept the merged value' : 'Chose one of the concurrent edits' };
  const rctx: WriteContext = { ...ctx, log: intent };
  const at = (ctx.now ? ctx.now() : new Date()).toISOString();
  transactLocal(doc, () => {
    if (JSON.stringify(value ?? null) !== JSON.stringify(conflict.current ?? null)) writeValue(doc, rctx, name, id, field, value);
    else if (conflict.text) logText(doc, { by: ctx.author, at }, name, id, field, String(value ?? ''), String(value ?? ''), intent);
    else logField(doc, { by: ctx.author, at }, name, id, field, value, value, intent);
  });
}

/** A named point in the engagement's history (report export); item checkpoints are made by review actions. */
export function checkpoint(doc: Y.Doc, ctx: WriteContext, label: string, target?: { collection: Collection; id: string }): LogEntry {
  const at = (ctx.now ? ctx.now() : new Date()).toISOString();
  return transactLocal(doc, () => logCheckpoint(doc, { by: ctx.author, at }, target?.collection ?? 'engagement', target?.id ?? '', label));
}

/** Call when a report is exported, so the history shows exactly when and by whom. */
export const exportCheckpoint = (doc: Y.Doc, ctx: WriteContext, reportTitle: string) => checkpoint(doc, ctx, `Report exported: ${reportTitle}`);

export interface AuditRow {
  /** The relay's sequence number of the stored update (unique per relay), when known. */
  seq?: number;
  user: string;
  /** Milliseconds since the epoch (as the relay stores it) or ISO. */
  at: number | string;
  bytes: number;
}

/** Every item's timeline plus the relay's audit rows, oldest first. */
export function engagementHistory(doc: Y.Doc, auditRows: readonly AuditRow[] = []): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  fieldLogMap(doc).forEach((_v, key) => {
    const sep = key.indexOf(':');
    const name = (sep === -1 ? key : key.slice(0, sep)) as Collection | 'engagement';
    const id = sep === -1 ? '' : key.slice(sep + 1);
    for (const h of itemHistory(doc, name, id)) if (h.kind !== 'comment') out.push(h);
  });
  for (const c of allComments(doc)) out.push({ id: c.id, at: c.at, by: c.author, kind: 'comment', collection: c.target.collection, itemId: c.target.id, label: c.deleted ? '(deleted comment)' : c.body.slice(0, 140) });
  for (const r of auditRows) {
    const at = typeof r.at === 'number' ? new Date(r.at).toISOString() : r.at;
    out.push({ id: r.seq !== undefined ? `sync:${r.seq}` : `sync:${r.user}:${at}`, at, by: r.user, kind: 'sync', label: `${r.bytes} bytes synced through the relay` });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
