import * as Y from 'yjs';
import { parseOrThrow, readableErrors, ValidationError } from '../errors.ts';
import { newId } from '../ids.ts';
import { LOCAL_ORIGIN, type Collection } from '../model/layout.ts';
import { mapToObject } from '../model/plain.ts';
import { entityPlain } from '../model/read.ts';
import { setText, transactLocal, updateEntity, type WriteContext } from '../model/write.ts';
import type { PersonRole } from '../schemas/person.ts';
import {
  LibraryFile,
  LibraryItem,
  LibraryItemInput,
  MAX_LIBRARY_FILE_BYTES,
  MAX_LIBRARY_FILES,
  MEMO_SECTION_LABELS,
  MEMO_SECTIONS,
  Request,
  requestMoveProblem,
  type MemoSection,
  type NewRequest,
  type RequestStatus,
} from './schemas.ts';

/**
 * The network doc: root Y.Maps `requests` and `library`, each entity a Y.Map of plain fields. Prose several people
 * write together is Y.Text (a request's memo sections, a library item's body); lists that grow from several devices
 * at once are Y.Array (links, tags, history), so concurrent additions merge. Every write is one local transaction,
 * stamped with its author and time, like core/model/write.ts does for engagements.
 */
export const NETWORK_DOC_ID = 'network';
export const NETWORK_ROOM = 'network';
export const NETWORK_SCHEMA_VERSION = 1;

export const requestsMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('requests');
export const libraryMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('library');
export const networkMeta = (doc: Y.Doc) => doc.getMap<unknown>('meta');

const REQUEST_ARRAYS = new Set(['libraryIds', 'history']);
const LIBRARY_ARRAYS = new Set(['focusAreas', 'tags', 'files']);
const LIBRARY_TEXTS = new Set(['body']);
const STAMPS = new Set(['createdAt', 'createdBy', 'updatedAt', 'updatedBy']);

const stamp = (ctx: WriteContext) => (ctx.now ? ctx.now() : new Date()).toISOString();

function setArray(arr: Y.Array<unknown>, next: readonly unknown[]): void {
  const cur = arr.toArray().map((v) => JSON.stringify(v));
  const want = next.map((v) => JSON.stringify(v));
  if (cur.length === want.length && cur.every((k, i) => k === want[i])) return;
  // Remove what went (from the end, so indexes stay valid), then append what came: others' additions survive.
  const keep = new Set(want);
  for (let i = cur.length - 1; i >= 0; i--) if (!keep.has(cur[i]!)) arr.delete(i, 1);
  const have = new Set(arr.toArray().map((v) => JSON.stringify(v)));
  const added = next.filter((v) => !have.has(JSON.stringify(v)));
  if (added.length) arr.push(added as never[]);
}

function writeFields(target: Y.Map<unknown>, fields: Record<string, unknown>, arrays: Set<string>, texts: Set<string>): void {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) {
      if (target.has(key)) target.delete(key);
      continue;
    }
    const existing = target.get(key);
    if (texts.has(key)) {
      if (existing instanceof Y.Text) setText(existing, String(value));
      else target.set(key, new Y.Text(String(value)));
    } else if (arrays.has(key)) {
      if (existing instanceof Y.Array) setArray(existing, value as unknown[]);
      else target.set(key, Y.Array.from(value as never[]));
    } else if (key === 'memo' && value && typeof value === 'object') {
      const memo = existing instanceof Y.Map ? existing : new Y.Map<unknown>();
      if (!(existing instanceof Y.Map)) target.set(key, memo);
      for (const s of MEMO_SECTIONS) {
        const t = memo.get(s);
        const next = String((value as Record<string, unknown>)[s] ?? '');
        if (t instanceof Y.Text) setText(t, next);
        else (memo as Y.Map<unknown>).set(s, new Y.Text(next));
      }
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      target.set(key, value);
    }
  }
}

function pick(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (!STAMPS.has(k)) out[k] = value[k];
  return out;
}

// ——— reading ———

export interface NetworkQuarantined {
  collection: 'requests' | 'library';
  id: string;
  problems: string[];
}

function plainOf(map: Y.Map<unknown> | undefined): Record<string, unknown> | undefined {
  if (!map || typeof map.forEach !== 'function') return undefined;
  return mapToObject(map);
}

export function readRequest(doc: Y.Doc, id: string): Request | undefined {
  const r = Request.safeParse(plainOf(requestsMap(doc).get(id)));
  return r.success ? r.data : undefined;
}

export function readLibraryItem(doc: Y.Doc, id: string): LibraryItem | undefined {
  const r = LibraryItem.safeParse(plainOf(libraryMap(doc).get(id)));
  return r.success ? r.data : undefined;
}

/** Every request that validates; a peer's malformed one is listed apart and never crashes the inbox. */
export function readRequests(doc: Y.Doc): { items: Request[]; quarantined: NetworkQuarantined[] } {
  const items: Request[] = [];
  const quarantined: NetworkQuarantined[] = [];
  requestsMap(doc).forEach((m, id) => {
    const r = Request.safeParse(plainOf(m));
    if (r.success) items.push(r.data);
    else quarantined.push({ collection: 'requests', id, problems: readableErrors(r.error) });
  });
  return { items, quarantined };
}

export function readLibrary(doc: Y.Doc): { items: LibraryItem[]; quarantined: NetworkQuarantined[] } {
  const items: LibraryItem[] = [];
  const quarantined: NetworkQuarantined[] = [];
  libraryMap(doc).forEach((m, id) => {
    const r = LibraryItem.safeParse(plainOf(m));
    if (r.success) items.push(r.data);
    else quarantined.push({ collection: 'library', id, problems: readableErrors(r.error) });
  });
  return { items, quarantined };
}

// ——— requests ———

function requestOrThrow(doc: Y.Doc, id: string): { map: Y.Map<unknown>; value: Request } {
  const map = requestsMap(doc).get(id);
  const value = readRequest(doc, id);
  if (!map || !value) throw new ValidationError('The request', [`There is no request with id "${id}"; it may have been deleted by someone else.`]);
  return { map, value };
}

export function createRequest(doc: Y.Doc, ctx: WriteContext, input: NewRequest): Request {
  const at = stamp(ctx);
  const id = input.id ?? newId('q');
  if (requestsMap(doc).has(id)) throw new ValidationError('The request', [`Id "${id}" is already used.`]);
  const value = parseOrThrow(Request, { ...input, id, status: 'new', history: [], createdAt: at, createdBy: ctx.author, updatedAt: at, updatedBy: ctx.author }, 'The request');
  transactLocal(doc, () => {
    networkMeta(doc).set('schemaVersion', NETWORK_SCHEMA_VERSION);
    const map = new Y.Map<unknown>();
    requestsMap(doc).set(id, map);
    writeFields(map, value as Record<string, unknown>, REQUEST_ARRAYS, new Set());
  });
  return value;
}

/** Fields a plain edit may change; status moves go through moveRequest, the memo through editRequestMemo. */
export type RequestPatch = Partial<Omit<Request, 'id' | 'status' | 'history' | 'memo' | 'publishedItemId' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>>;

export function updateRequest(doc: Y.Doc, ctx: WriteContext, id: string, patch: RequestPatch): Request {
  const { map, value: current } = requestOrThrow(doc, id);
  const at = stamp(ctx);
  const clean = { ...patch } as Record<string, unknown>;
  for (const k of ['id', 'status', 'history', 'memo', 'publishedItemId']) delete clean[k];
  const value = parseOrThrow(Request, { ...current, ...clean, updatedAt: at, updatedBy: ctx.author }, 'The request');
  transactLocal(doc, () => {
    writeFields(map, { ...pick(value as Record<string, unknown>, Object.keys(clean)), updatedAt: at, updatedBy: ctx.author }, REQUEST_ARRAYS, new Set());
    for (const [k, v] of Object.entries(clean)) if (v === undefined && map.has(k)) map.delete(k);
  });
  return value;
}

export class RequestFlowError extends ValidationError {
  constructor(message: string) {
    super('The move', [message]);
    this.name = 'RequestFlowError';
  }
}

/**
 * Move a request along new → triaged → assigned → answered → published (REQUEST_TRANSITIONS). Throws
 * RequestFlowError with a readable sentence when the role or the request's state does not allow it. Moving to
 * "published" publishes the answer (publishRequest) so a board drag and the Publish button do the same thing.
 */
export function moveRequest(doc: Y.Doc, ctx: WriteContext, id: string, to: RequestStatus, role: PersonRole, opts: PublishOptions = {}): Request {
  const { map, value } = requestOrThrow(doc, id);
  const problem = requestMoveProblem(value, to, role);
  if (problem) throw new RequestFlowError(problem);
  if (to === 'published') return publishRequest(doc, ctx, id, role, opts).request;
  const at = stamp(ctx);
  transactLocal(doc, () => {
    map.set('status', to);
    pushHistory(map, { from: value.status, to, by: ctx.author, at });
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
  });
  return readRequest(doc, id)!;
}

function pushHistory(map: Y.Map<unknown>, event: { from: RequestStatus; to: RequestStatus; by: string; at: string }): void {
  let h = map.get('history');
  if (!(h instanceof Y.Array)) {
    h = new Y.Array<unknown>();
    map.set('history', h);
  }
  (h as Y.Array<unknown>).push([event]);
}

/** The live Y.Text of one memo section (created on first use), for an editor bound to the CRDT. */
export function requestMemoText(doc: Y.Doc, id: string, section: MemoSection): Y.Text | undefined {
  const map = requestsMap(doc).get(id);
  if (!map) return undefined;
  let memo = map.get('memo');
  if (memo instanceof Y.Map && memo.get(section) instanceof Y.Text) return memo.get(section) as Y.Text;
  const text = new Y.Text(memo instanceof Y.Map && typeof memo.get(section) === 'string' ? String(memo.get(section)) : '');
  doc.transact(() => {
    if (!(memo instanceof Y.Map)) {
      memo = new Y.Map<unknown>();
      map.set('memo', memo);
    }
    (memo as Y.Map<unknown>).set(section, text);
  }, LOCAL_ORIGIN);
  return text;
}

/** Edit one memo section and stamp the request, in one local transaction. */
export function editRequestMemo(doc: Y.Doc, ctx: WriteContext, id: string, section: MemoSection, next: string): void {
  const map = requestsMap(doc).get(id);
  if (!map) throw new ValidationError('The request', [`There is no request with id "${id}".`]);
  if (next.length > 50000) throw new ValidationError('The memo', [`${MEMO_SECTION_LABELS[section]} must be at most 50000 characters long.`]);
  transactLocal(doc, () => {
    const text = requestMemoText(doc, id, section)!;
    setText(text, next);
    map.set('updatedAt', stamp(ctx));
    map.set('updatedBy', ctx.author);
  });
}

/** The answer memo as Markdown: one heading per non-empty section, in reading order. */
export function memoMarkdown(memo: Request['memo']): string {
  return MEMO_SECTIONS.filter((s) => memo[s].trim())
    .map((s) => `## ${MEMO_SECTION_LABELS[s]}\n\n${memo[s].trim()}`)
    .join('\n\n');
}

export interface PublishOptions {
  /** Shown as the memo's author in the library (a name); defaults to the assignee's id. */
  authorName?: string;
  /** Extra tags for the library item. */
  tags?: string[];
}

/**
 * Publish an answered request: one transaction makes a library item (kind "memo") from the answer memo, links it
 * back (publishedItemId), and sets the status to "published". Only a lead publishes, and only an answered request.
 */
export function publishRequest(doc: Y.Doc, ctx: WriteContext, id: string, role: PersonRole = 'lead', opts: PublishOptions = {}): { request: Request; item: LibraryItem } {
  const { map, value } = requestOrThrow(doc, id);
  const problem = requestMoveProblem(value, 'published', role);
  if (problem) throw new RequestFlowError(problem);
  const at = stamp(ctx);
  const itemId = newId('lib');
  const summary = `Answer to ${value.official.name}${value.official.title ? `, ${value.official.title}` : ''} (${value.city}, ${value.state}): ${value.question}`;
  const item = parseOrThrow(
    LibraryItem,
    {
      id: itemId,
      kind: 'memo',
      title: value.topic,
      author: opts.authorName ?? value.assignee ?? ctx.author,
      date: at.slice(0, 10),
      focusAreas: [value.focusArea],
      tags: [...new Set(['311 answer', value.city, ...(opts.tags ?? [])].map((t) => t.slice(0, 40)))],
      summary: summary.length > 2000 ? `${summary.slice(0, 1999)}…` : summary,
      body: memoMarkdown(value.memo),
      files: [],
      featured: false,
      archived: false,
      sourceRequestId: id,
      createdAt: at,
      createdBy: ctx.author,
      updatedAt: at,
      updatedBy: ctx.author,
    },
    'The published memo',
  );
  transactLocal(doc, () => {
    const lib = new Y.Map<unknown>();
    libraryMap(doc).set(itemId, lib);
    writeFields(lib, item as Record<string, unknown>, LIBRARY_ARRAYS, LIBRARY_TEXTS);
    map.set('status', 'published');
    map.set('publishedItemId', itemId);
    pushHistory(map, { from: value.status, to: 'published', by: ctx.author, at });
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
  });
  return { request: readRequest(doc, id)!, item };
}

export function linkRequestLibrary(doc: Y.Doc, ctx: WriteContext, requestId: string, libraryId: string): Request {
  const { value } = requestOrThrow(doc, requestId);
  if (value.libraryIds.includes(libraryId)) return value;
  return updateRequest(doc, ctx, requestId, { libraryIds: [...value.libraryIds, libraryId] });
}

export function unlinkRequestLibrary(doc: Y.Doc, ctx: WriteContext, requestId: string, libraryId: string): Request {
  const { value } = requestOrThrow(doc, requestId);
  return updateRequest(doc, ctx, requestId, { libraryIds: value.libraryIds.filter((l) => l !== libraryId) });
}

export function deleteRequest(doc: Y.Doc, id: string): void {
  transactLocal(doc, () => requestsMap(doc).delete(id));
}

// ——— library ———

function validateItem(ctx: WriteContext, input: LibraryItemInput, at: string): LibraryItem {
  const parsed = parseOrThrow(LibraryItemInput, input, 'The library item');
  return parseOrThrow(LibraryItem, { ...parsed, id: parsed.id ?? newId('lib'), createdAt: at, createdBy: ctx.author, updatedAt: at, updatedBy: ctx.author }, 'The library item');
}

export function createLibraryItem(doc: Y.Doc, ctx: WriteContext, input: LibraryItemInput): LibraryItem {
  return createLibraryItems(doc, ctx, [input])[0]!;
}

/**
 * Add several items in ONE transaction (an import): every item is validated first, and if any fails nothing is
 * written. Ids already in the library are refused too, so a re-import never overwrites someone's edits.
 */
export function createLibraryItems(doc: Y.Doc, ctx: WriteContext, inputs: readonly LibraryItemInput[]): LibraryItem[] {
  const at = stamp(ctx);
  const items = inputs.map((input) => validateItem(ctx, input, at));
  const seen = new Set<string>();
  for (const item of items) {
    if (libraryMap(doc).has(item.id) || seen.has(item.id)) throw new ValidationError('The library item', [`Id "${item.id}" is already used.`]);
    seen.add(item.id);
  }
  transactLocal(doc, () => {
    networkMeta(doc).set('schemaVersion', NETWORK_SCHEMA_VERSION);
    for (const item of items) {
      const map = new Y.Map<unknown>();
      libraryMap(doc).set(item.id, map);
      writeFields(map, item as Record<string, unknown>, LIBRARY_ARRAYS, LIBRARY_TEXTS);
    }
  });
  return items;
}

export type LibraryPatch = Partial<Omit<LibraryItem, 'id' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>>;

export function updateLibraryItem(doc: Y.Doc, ctx: WriteContext, id: string, patch: LibraryPatch): LibraryItem {
  const map = libraryMap(doc).get(id);
  const current = plainOf(map);
  if (!map || !current) throw new ValidationError('The library item', [`There is no library item with id "${id}"; it may have been deleted by someone else.`]);
  const at = stamp(ctx);
  const clean = { ...patch } as Record<string, unknown>;
  delete clean.id;
  const value = parseOrThrow(LibraryItem, { ...current, ...clean, id, updatedAt: at, updatedBy: ctx.author }, 'The library item');
  transactLocal(doc, () => {
    writeFields(map, { ...pick(value as Record<string, unknown>, Object.keys(clean)), updatedAt: at, updatedBy: ctx.author }, LIBRARY_ARRAYS, LIBRARY_TEXTS);
    for (const [k, v] of Object.entries(clean)) if (v === undefined && map.has(k)) map.delete(k);
  });
  return value;
}

export const setFeatured = (doc: Y.Doc, ctx: WriteContext, id: string, featured: boolean) => updateLibraryItem(doc, ctx, id, { featured });
export const setArchived = (doc: Y.Doc, ctx: WriteContext, id: string, archived: boolean) => updateLibraryItem(doc, ctx, id, { archived });

/** The live Y.Text of an item's body (created on first use). */
export function libraryBodyText(doc: Y.Doc, id: string): Y.Text | undefined {
  const map = libraryMap(doc).get(id);
  if (!map) return undefined;
  const existing = map.get('body');
  if (existing instanceof Y.Text) return existing;
  const text = new Y.Text(typeof existing === 'string' ? existing : '');
  doc.transact(() => map.set('body', text), LOCAL_ORIGIN);
  return text;
}

export function editLibraryBody(doc: Y.Doc, ctx: WriteContext, id: string, next: string): void {
  const map = libraryMap(doc).get(id);
  if (!map) throw new ValidationError('The library item', [`There is no library item with id "${id}".`]);
  if (next.length > 200000) throw new ValidationError('The library item', ['Body must be at most 200000 characters long.']);
  transactLocal(doc, () => {
    setText(libraryBodyText(doc, id)!, next);
    map.set('updatedAt', stamp(ctx));
    map.set('updatedBy', ctx.author);
  });
}

// ——— attached files (bytes live in the blob store, addressed by SHA-256; the relay scopes them to the network room) ———

export type NewLibraryFile = Pick<LibraryFile, 'sha256' | 'name' | 'mime' | 'size'>;

/** The item's live files array (a Y.Array, so two people attaching at once both keep their file). */
function filesArray(map: Y.Map<unknown>): Y.Array<unknown> {
  const existing = map.get('files');
  if (existing instanceof Y.Array) return existing;
  const arr = new Y.Array<unknown>();
  if (Array.isArray(existing)) arr.push(existing as unknown[]);
  map.set('files', arr);
  return arr;
}

/**
 * Attach a file (its bytes already stored under `sha256`): stamped with who and when, appended in one local
 * transaction (undoable). Refused with a readable sentence when it is too big, already attached, or one too many.
 */
export function attachLibraryFile(doc: Y.Doc, ctx: WriteContext, itemId: string, input: NewLibraryFile): LibraryFile {
  const map = libraryMap(doc).get(itemId);
  const item = readLibraryItem(doc, itemId);
  if (!map || !item) throw new ValidationError('The file', [`There is no library item with id "${itemId}"; it may have been deleted by someone else.`]);
  const name = input.name.trim() || 'file';
  if (input.size > MAX_LIBRARY_FILE_BYTES) throw new ValidationError('The file', [`"${name}" is ${formatMb(input.size)}; files up to ${formatMb(MAX_LIBRARY_FILE_BYTES)} can be attached.`]);
  const same = item.files.find((f) => f.sha256 === input.sha256);
  if (same) throw new ValidationError('The file', [`"${name}" is already attached${same.name !== name ? ` as "${same.name}"` : ''}.`]);
  if (item.files.length >= MAX_LIBRARY_FILES) throw new ValidationError('The file', [`An item holds at most ${MAX_LIBRARY_FILES} files; remove one first.`]);
  const at = stamp(ctx);
  // Browsers report '' for unknown types; the schema wants a media type.
  const mime = /^[a-z]+\/[a-z0-9.+-]+$/i.test(input.mime) ? input.mime : 'application/octet-stream';
  const file = parseOrThrow(LibraryFile, { sha256: input.sha256, name: name.slice(0, 255), mime, size: input.size, addedBy: ctx.author, addedAt: at }, 'The file');
  transactLocal(doc, () => {
    filesArray(map).push([file]);
    map.set('updatedAt', at);
    map.set('updatedBy', ctx.author);
  });
  return file;
}

/** Remove an attached file from the item (the bytes stay in the blob store: undo brings the file straight back). */
export function removeLibraryFile(doc: Y.Doc, ctx: WriteContext, itemId: string, sha256: string): LibraryFile | undefined {
  const map = libraryMap(doc).get(itemId);
  if (!map) throw new ValidationError('The file', [`There is no library item with id "${itemId}".`]);
  const arr = filesArray(map);
  const list = arr.toArray();
  const index = list.findIndex((f) => (f as { sha256?: unknown } | null)?.sha256 === sha256);
  if (index < 0) return undefined;
  const removed = LibraryFile.safeParse(list[index]);
  transactLocal(doc, () => {
    arr.delete(index, 1);
    map.set('updatedAt', stamp(ctx));
    map.set('updatedBy', ctx.author);
  });
  return removed.success ? removed.data : undefined;
}

/** Every file hash the library lists (archived items included): what the sync uploads into the network's blob scope. */
export function libraryFileShas(doc: Y.Doc): string[] {
  const out = new Set<string>();
  libraryMap(doc).forEach((m) => {
    const files = m instanceof Y.Map ? m.get('files') : undefined;
    const list = files instanceof Y.Array ? files.toArray() : Array.isArray(files) ? (files as unknown[]) : [];
    for (const f of list) {
      const sha = (f as { sha256?: unknown } | null)?.sha256;
      if (typeof sha === 'string') out.add(sha);
    }
  });
  return [...out];
}

const formatMb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;

// ——— "basis" links from an engagement's findings and recommendations ———

type Linkable = Extract<Collection, 'findings' | 'recommendations'>;

/** Link a library item as the basis of a finding or recommendation (engagement doc). Idempotent. */
export function linkLibraryItem(engDoc: Y.Doc, ctx: WriteContext, name: Linkable, id: string, libraryId: string): void {
  const current = entityPlain(engDoc, name, id);
  if (!current) throw new ValidationError(name === 'findings' ? 'The finding' : 'The recommendation', [`There is no item with id "${id}".`]);
  const ids = Array.isArray(current.libraryIds) ? (current.libraryIds as string[]) : [];
  if (ids.includes(libraryId)) return;
  updateEntity(engDoc, ctx, name, id, { libraryIds: [...ids, libraryId] });
}

export function unlinkLibraryItem(engDoc: Y.Doc, ctx: WriteContext, name: Linkable, id: string, libraryId: string): void {
  const current = entityPlain(engDoc, name, id);
  if (!current) return;
  const ids = Array.isArray(current.libraryIds) ? (current.libraryIds as string[]) : [];
  if (!ids.includes(libraryId)) return;
  updateEntity(engDoc, ctx, name, id, { libraryIds: ids.filter((l) => l !== libraryId) });
}
