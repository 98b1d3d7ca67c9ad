/**
 * Who wrote what. Text: every insert made through core/model/write.ts carries Y.Text attributes {by, at}, so
 * each span knows its author even after merges (ADR 0009). Plain fields: the newest change-log entry.
 */
import type * as Y from 'yjs';
import type { Collection } from '../model/layout.ts';
import { entityPlain, engagementPlain } from '../model/read.ts';
import { logEntries } from './log-store.ts';

export interface TextSpan {
  text: string;
  /** Undefined for text written before attribution existed (or at creation: the item's creator wrote it). */
  by?: string;
  at?: string;
}

/** The text as consecutive runs by one author; `fallback` names whoever wrote unattributed text (the creator). */
export function textSpans(ytext: Y.Text, fallback?: { by: string; at?: string }): TextSpan[] {
  const out: TextSpan[] = [];
  for (const d of ytext.toDelta() as { insert?: unknown; attributes?: { by?: unknown; at?: unknown } }[]) {
    if (typeof d.insert !== 'string' || !d.insert) continue;
    const by = typeof d.attributes?.by === 'string' ? d.attributes.by : fallback?.by;
    const at = typeof d.attributes?.at === 'string' ? d.attributes.at : typeof d.attributes?.by === 'string' ? undefined : fallback?.at;
    const last = out[out.length - 1];
    if (last && last.by === by && last.at === at) last.text += d.insert;
    else out.push({ text: d.insert, ...(by !== undefined ? { by } : {}), ...(at !== undefined ? { at } : {}) });
  }
  return out;
}

/** Characters written per person in a text (for the "show authors" legend). */
export function textShares(spans: readonly TextSpan[]): { by: string | undefined; chars: number }[] {
  const m = new Map<string | undefined, number>();
  for (const s of spans) m.set(s.by, (m.get(s.by) ?? 0) + s.text.length);
  return [...m].map(([by, chars]) => ({ by, chars })).sort((a, b) => b.chars - a.chars);
}

export interface FieldAuthor {
  by: string;
  at: string;
  /** The log entry that set it (absent when the value is as the item was created). */
  entryId?: string;
}

/** For each field of an item: who last set it and when (creation stamps for fields never changed since). */
export function fieldAuthors(doc: Y.Doc, name: Collection | 'engagement', id: string): Record<string, FieldAuthor> {
  const plain = name === 'engagement' ? engagementPlain(doc) : entityPlain(doc, name, id);
  const out: Record<string, FieldAuthor> = {};
  if (plain && typeof plain.createdBy === 'string' && typeof plain.createdAt === 'string') {
    for (const k of Object.keys(plain)) {
      if (k === 'answers' && plain.answers && typeof plain.answers === 'object') {
        for (const q of Object.keys(plain.answers)) out[`answers.${q}`] = { by: plain.createdBy, at: plain.createdAt };
      } else out[k] = { by: plain.createdBy, at: plain.createdAt };
    }
  }
  for (const e of logEntries(doc, name, id)) {
    if (!e.field || e.kind === 'checkpoint') continue;
    out[e.field] = { by: e.by, at: e.at, entryId: e.id };
  }
  return out;
}

/** A stable colour per person for "show authors": a hue from the id, so every screen agrees without a table. */
export function authorHue(personId: string): number {
  let h = 2166136261;
  for (let i = 0; i < personId.length; i++) h = Math.imul(h ^ personId.charCodeAt(i), 16777619);
  return (h >>> 0) % 360;
}
