import type * as Y from 'yjs';
import { readableErrors, ValidationError } from '../errors.ts';
import type { WriteContext } from '../model/write.ts';
import { FOCUS_AREA_LABELS, FOCUS_AREAS, type FocusArea } from '../schemas/common.ts';
import { createLibraryItems, libraryMap } from './network-model.ts';
import { LIBRARY_KIND_LABELS, LIBRARY_KINDS, LibraryItemInput, type LibraryItem, type LibraryItemParsed, type LibraryKind } from './schemas.ts';

/**
 * Library import: a folder of Markdown files with front matter, or a JSON or CSV list. Pure: parses and validates,
 * returns the items that passed and, for everything else, which file (and row) and why in a sentence. Writing is
 * `applyLibraryImport`, one transaction, never partial.
 */
export interface ImportFile {
  name: string;
  text: string;
}

export interface ImportSkip {
  /** File name. */
  name: string;
  /** 1-based row of a CSV (after the header) or entry of a JSON list; absent when the whole file was skipped. */
  row?: number;
  reason: string;
}

export interface ImportResult {
  items: LibraryItemParsed[];
  skipped: ImportSkip[];
}

/** A library entry is prose, not a data dump: anything larger is almost surely the wrong file. */
export const MAX_IMPORT_FILE_CHARS = 1_000_000;
export const MAX_IMPORT_ITEMS = 5_000;

/** Rounded up, so a file just over the limit never reads as equal to it. */
const mb = (n: number) => `${(Math.ceil(n / 100_000) / 10).toFixed(1)} MB`;

// ——— field normalisation shared by the three formats ———

const FIELD_ALIASES: Record<string, string> = {
  title: 'title',
  kind: 'kind',
  type: 'kind',
  author: 'author',
  by: 'author',
  date: 'date',
  focusareas: 'focusAreas',
  focusarea: 'focusAreas',
  focus: 'focusAreas',
  tags: 'tags',
  tag: 'tags',
  summary: 'summary',
  description: 'summary',
  body: 'body',
  text: 'body',
  url: 'url',
  link: 'url',
  featured: 'featured',
  id: 'id',
};
const fieldName = (key: string) => FIELD_ALIASES[key.toLowerCase().replace(/[\s_-]+/g, '')];

const FOCUS_LOOKUP = new Map<string, FocusArea>();
for (const fa of FOCUS_AREAS) {
  FOCUS_LOOKUP.set(fa, fa);
  FOCUS_LOOKUP.set(FOCUS_AREA_LABELS[fa].toLowerCase(), fa);
  FOCUS_LOOKUP.set(fa.replace(/-/g, ' '), fa);
}
FOCUS_LOOKUP.set('budget', 'operations-budget');
FOCUS_LOOKUP.set('fiscal health', 'operations-budget');
FOCUS_LOOKUP.set('workforce', 'workforce-development');

const KIND_LOOKUP = new Map<string, LibraryKind>();
for (const k of LIBRARY_KINDS) {
  KIND_LOOKUP.set(k, k);
  KIND_LOOKUP.set(LIBRARY_KIND_LABELS[k].toLowerCase(), k);
}
KIND_LOOKUP.set('casestudy', 'case-study');

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter(Boolean);
  if (typeof v === 'string') return v.split(/[;|,]/).map((x) => x.trim()).filter(Boolean);
  return [];
}

function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Turn loosely named fields into a LibraryItemInput, or say (in sentences) what is wrong. */
export function toLibraryInput(raw: Record<string, unknown>): { ok: true; item: LibraryItemParsed } | { ok: false; reason: string } {
  const f: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const name = fieldName(k);
    if (name && v !== undefined && v !== null && v !== '') f[name] = v;
  }
  const problems: string[] = [];
  if (typeof f.title !== 'string' || !f.title.trim()) problems.push('Title is missing.');
  let kind: LibraryKind | undefined = 'guide';
  if (f.kind !== undefined) {
    kind = KIND_LOOKUP.get(String(f.kind).trim().toLowerCase().replace(/_/g, '-'));
    if (!kind) problems.push(`Kind "${String(f.kind)}" is not one of: ${LIBRARY_KINDS.map((k) => LIBRARY_KIND_LABELS[k].toLowerCase()).join(', ')}.`);
  }
  const date = f.date instanceof Date ? f.date.toISOString().slice(0, 10) : typeof f.date === 'string' ? f.date.trim() : undefined;
  if (!date) problems.push('Date is missing (write it as YYYY-MM-DD).');
  else if (!isRealDate(date)) problems.push(`Date "${date}" is not a real date written as YYYY-MM-DD.`);
  const focusAreas: FocusArea[] = [];
  for (const v of list(f.focusAreas)) {
    const fa = FOCUS_LOOKUP.get(v.toLowerCase());
    if (fa) {
      if (!focusAreas.includes(fa)) focusAreas.push(fa);
    } else problems.push(`Focus area "${v}" is not one of: ${FOCUS_AREAS.join(', ')}.`);
  }
  let featured = false;
  if (f.featured !== undefined) featured = f.featured === true || /^(true|yes|1)$/i.test(String(f.featured));
  if (problems.length) return { ok: false, reason: problems.join(' ') };
  const candidate = {
    ...(typeof f.id === 'string' ? { id: f.id } : {}),
    kind,
    title: String(f.title).trim(),
    author: typeof f.author === 'string' ? f.author.trim() : '',
    date,
    focusAreas,
    tags: [...new Set(list(f.tags))],
    summary: typeof f.summary === 'string' ? f.summary.trim() : '',
    body: typeof f.body === 'string' ? f.body : '',
    ...(typeof f.url === 'string' && f.url.trim() ? { url: f.url.trim() } : {}),
    files: [],
    featured,
    archived: false,
  };
  const r = LibraryItemInput.safeParse(candidate);
  if (!r.success) return { ok: false, reason: readableErrors(r.error).join(' ') };
  return { ok: true, item: r.data };
}

// ——— Markdown with front matter ———

function unquote(v: string): string {
  const t = v.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

/** The small YAML subset front matter uses: `key: value`, `key: [a, b]`, and `key:` followed by `- item` lines. */
export function parseFrontMatter(block: string): { ok: true; fields: Record<string, unknown> } | { ok: false; reason: string } {
  const fields: Record<string, unknown> = {};
  let listKey: string | null = null;
  const lines = block.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && listKey) {
      (fields[listKey] as string[]).push(unquote(item[1]!));
      continue;
    }
    const kv = /^([A-Za-z][\w -]*?)\s*:\s*(.*)$/.exec(line);
    if (!kv) return { ok: false, reason: `Front matter line ${i + 1} is not "key: value": "${line.trim().slice(0, 60)}".` };
    const key = kv[1]!;
    const value = kv[2]!.trim();
    listKey = null;
    if (!value) {
      fields[key] = [];
      listKey = key;
    } else if (value.startsWith('[') && value.endsWith(']')) {
      fields[key] = value.slice(1, -1).split(',').map(unquote).filter(Boolean);
    } else fields[key] = unquote(value);
  }
  return { ok: true, fields };
}

function parseMarkdown(file: ImportFile): { item?: LibraryItemParsed; skip?: ImportSkip } {
  const text = file.text.replace(/^\uFEFF/, '');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  let fields: Record<string, unknown> = {};
  let body = text;
  if (m) {
    const fm = parseFrontMatter(m[1]!);
    if (!fm.ok) return { skip: { name: file.name, reason: fm.reason } };
    fields = fm.fields;
    body = m[2]!;
  } else if (text.startsWith('---')) {
    return { skip: { name: file.name, reason: 'The front matter opened with "---" is never closed with a second "---" line.' } };
  }
  // No title in the front matter: the first "# Heading" is the title, and is not repeated in the body.
  if (!Object.keys(fields).some((k) => fieldName(k) === 'title')) {
    const h = /^#\s+(.+)$/m.exec(body);
    if (h) {
      fields.title = h[1]!.trim();
      body = body.replace(h[0], '');
    }
  }
  const r = toLibraryInput({ ...fields, body: body.trim() });
  return r.ok ? { item: r.item } : { skip: { name: file.name, reason: r.reason } };
}

// ——— CSV (RFC 4180: quotes, doubled quotes, newlines inside quotes) ———

export function parseCsv(text: string): { ok: true; rows: string[][] } | { ok: false; reason: string } {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let quoteLine = 0;
  let line = 1;
  let atFieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') return { ok: false, reason: `Broken CSV quoting on line ${line}: text follows a closing quote (write a quote inside a quoted field as "").` };
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (!atFieldStart) return { ok: false, reason: `Broken CSV quoting on line ${line}: a quote in the middle of an unquoted field (quote the whole field and write the quote as "").` };
      quoted = true;
      quoteLine = line;
      atFieldStart = false;
    } else if (c === ',') {
      row.push(field);
      field = '';
      atFieldStart = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      atFieldStart = true;
      line++;
    } else {
      field += c;
      atFieldStart = false;
    }
  }
  if (quoted) return { ok: false, reason: `Broken CSV quoting: the quoted field opened on line ${quoteLine} is never closed.` };
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => r.some((v) => v.trim())) };
}

function parseCsvFile(file: ImportFile, out: ImportResult): void {
  const parsed = parseCsv(file.text.replace(/^\uFEFF/, ''));
  if (!parsed.ok) {
    out.skipped.push({ name: file.name, reason: parsed.reason });
    return;
  }
  const [header, ...rows] = parsed.rows;
  if (!header || !header.some((h) => fieldName(h) === 'title')) {
    out.skipped.push({ name: file.name, reason: 'The first row must name the columns, including "title".' });
    return;
  }
  const unknown = header.filter((h) => h.trim() && !fieldName(h));
  rows.forEach((cells, i) => {
    if (cells.length > header.length) {
      out.skipped.push({ name: file.name, row: i + 1, reason: `Has ${cells.length} fields but the header names ${header.length} columns.` });
      return;
    }
    const raw: Record<string, unknown> = {};
    header.forEach((h, j) => {
      if (cells[j] !== undefined) raw[h] = cells[j];
    });
    const r = toLibraryInput(raw);
    if (r.ok) out.items.push(r.item);
    else out.skipped.push({ name: file.name, row: i + 1, reason: r.reason });
  });
  if (unknown.length && rows.length) out.skipped.push({ name: file.name, reason: `Columns ignored (not library fields): ${unknown.join(', ')}.` });
}

// ——— JSON ———

function parseJsonFile(file: ImportFile, out: ImportResult): void {
  let data: unknown;
  try {
    data = JSON.parse(file.text.replace(/^\uFEFF/, ''));
  } catch (err) {
    out.skipped.push({ name: file.name, reason: `Is not valid JSON (${(err as Error).message}).` });
    return;
  }
  const entries = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { items?: unknown }).items) ? (data as { items: unknown[] }).items : null;
  if (!entries) {
    out.skipped.push({ name: file.name, reason: 'Must hold a list of items: [ {...}, ... ] or { "items": [ ... ] }.' });
    return;
  }
  entries.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      out.skipped.push({ name: file.name, row: i + 1, reason: 'Is not an object with fields.' });
      return;
    }
    const r = toLibraryInput(entry as Record<string, unknown>);
    if (r.ok) out.items.push(r.item);
    else out.skipped.push({ name: file.name, row: i + 1, reason: r.reason });
  });
}

/** Parse and validate every file; nothing here writes. Items repeated (same title and date) are kept once. */
export function importLibraryFiles(files: readonly ImportFile[]): ImportResult {
  const out: ImportResult = { items: [], skipped: [] };
  for (const file of files) {
    const ext = /\.([A-Za-z]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
    if (file.text.length > MAX_IMPORT_FILE_CHARS) {
      out.skipped.push({ name: file.name, reason: `Is too large: ${mb(file.text.length)}, and the limit is ${mb(MAX_IMPORT_FILE_CHARS)} per file.` });
      continue;
    }
    if (ext === 'md' || ext === 'markdown') {
      const r = parseMarkdown(file);
      if (r.item) out.items.push(r.item);
      if (r.skip) out.skipped.push(r.skip);
    } else if (ext === 'json') parseJsonFile(file, out);
    else if (ext === 'csv') parseCsvFile(file, out);
    else out.skipped.push({ name: file.name, reason: 'Is not a Markdown (.md), JSON (.json) or CSV (.csv) file.' });
  }
  const seen = new Set<string>();
  const unique: LibraryItemParsed[] = [];
  for (const item of out.items) {
    const key = item.id ?? `${item.title.toLowerCase()}|${item.date}`;
    if (seen.has(key)) out.skipped.push({ name: item.title, reason: 'Appears more than once in this import; kept the first.' });
    else {
      seen.add(key);
      unique.push(item);
    }
  }
  if (unique.length > MAX_IMPORT_ITEMS) {
    out.skipped.push({ name: `${unique.length - MAX_IMPORT_ITEMS} more items`, reason: `An import takes at most ${MAX_IMPORT_ITEMS} items.` });
    unique.length = MAX_IMPORT_ITEMS;
  }
  out.items = unique;
  return out;
}

export interface AppliedImport {
  written: LibraryItem[];
  skipped: ImportSkip[];
  /** True when all-or-nothing was asked for and something was skipped: nothing was written. */
  refused: boolean;
}

/**
 * Write an import's accepted items in ONE transaction. With `allOrNothing`, any skipped file or row means nothing is
 * written. Items whose id is already in the library are reported, not overwritten.
 */
export function applyLibraryImport(doc: Y.Doc, ctx: WriteContext, result: ImportResult, opts: { allOrNothing?: boolean } = {}): AppliedImport {
  const skipped = [...result.skipped];
  const items = result.items.filter((i) => {
    if (i.id && libraryMap(doc).has(i.id)) {
      skipped.push({ name: i.title, reason: `An item with id "${i.id}" is already in the library.` });
      return false;
    }
    return true;
  });
  if (opts.allOrNothing && skipped.length) return { written: [], skipped, refused: true };
  if (!items.length) return { written: [], skipped, refused: false };
  try {
    return { written: createLibraryItems(doc, ctx, items), skipped, refused: false };
  } catch (err) {
    if (err instanceof ValidationError) return { written: [], skipped: [...skipped, { name: 'Import', reason: err.messages.join(' ') }], refused: true };
    throw err;
  }
}
