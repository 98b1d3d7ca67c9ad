import type * as Y from 'yjs';
import type { z } from 'zod';
import { readableErrors } from '../errors.ts';
import { Attachment, Engagement, Finding, Recommendation, Visit } from '../schemas/index.ts';
import { collection, engagementMap, meta, type Collection } from './layout.ts';
import { keyedToArray, mapToObject } from './plain.ts';

export const SCHEMAS = {
  visits: Visit,
  findings: Finding,
  recommendations: Recommendation,
  attachments: Attachment,
} as const satisfies Record<Collection, z.ZodType>;

export type EntityOf<C extends Collection> = z.output<(typeof SCHEMAS)[C]>;

/** A peer's entity that failed validation: kept in the doc untouched, shown to the user, never crashes the UI. */
export interface Quarantined {
  collection: Collection | 'engagement';
  id: string;
  problems: string[];
}

export type ReadResult<T> = { ok: true; value: T } | ({ ok: false } & Quarantined);

export function engagementPlain(doc: Y.Doc): Record<string, unknown> {
  const plain = mapToObject(engagementMap(doc));
  plain.team = keyedToArray(plain.team) ?? [];
  plain.indicators = keyedToArray(plain.indicators) ?? [];
  return plain;
}

export function readEngagement(doc: Y.Doc): ReadResult<Engagement> {
  const result = Engagement.safeParse(engagementPlain(doc));
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, collection: 'engagement', id: String(meta(doc).get('engagementId') ?? ''), problems: readableErrors(result.error) };
}

export function entityPlain(doc: Y.Doc, name: Collection, id: string): Record<string, unknown> | undefined {
  const map = collection(doc, name).get(id);
  if (!map || typeof (map as Y.Map<unknown>).forEach !== 'function') return undefined;
  return mapToObject(map);
}

export function readEntity<C extends Collection>(doc: Y.Doc, name: C, id: string): ReadResult<EntityOf<C>> | undefined {
  const raw = collection(doc, name).get(id);
  if (raw === undefined) return undefined;
  const plain = typeof (raw as Y.Map<unknown>).forEach === 'function' ? mapToObject(raw) : raw;
  const result = SCHEMAS[name].safeParse(plain);
  if (result.success) return { ok: true, value: result.data as EntityOf<C> };
  return { ok: false, collection: name, id, problems: readableErrors(result.error) };
}

export function readAll<C extends Collection>(doc: Y.Doc, name: C): { items: EntityOf<C>[]; quarantined: Quarantined[] } {
  const items: EntityOf<C>[] = [];
  const quarantined: Quarantined[] = [];
  for (const id of collection(doc, name).keys()) {
    const r = readEntity(doc, name, id);
    if (!r) continue;
    if (r.ok) items.push(r.value);
    else quarantined.push({ collection: r.collection, id: r.id, problems: r.problems });
  }
  return { items, quarantined };
}

export function schemaVersionOf(doc: Y.Doc): number {
  const v = meta(doc).get('schemaVersion');
  return typeof v === 'number' ? v : 0;
}
