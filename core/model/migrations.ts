import * as Y from 'yjs';
import { COLLECTIONS, SCHEMA_VERSION, TEXT_FIELDS, collection, engagementMap, meta, type Collection } from './layout.ts';
import { schemaVersionOf } from './read.ts';
import { ARRAY_FIELDS, KEYED_FIELDS } from './write.ts';

/** Origin of migration transactions: not a person's edit, so UndoManager (LOCAL_ORIGIN only) never undoes it. */
export const MIGRATION_ORIGIN = { name: 'groundwork-migration' } as const;

export interface MigrationResult {
  /** Schema version found in the doc (0 when it had none). */
  from: number;
  /** Schema version the doc is at now. */
  to: number;
  /** Whether anything was written. */
  changed: boolean;
  /** The doc was made by a newer Groundwork: left alone so nothing it knows is lost. */
  newer?: boolean;
  /** Nothing in the doc yet (e.g. still waiting for the first sync): left alone. */
  empty?: boolean;
}

/** Legacy v1 numeric priorities: 1 was the most urgent. */
const LEGACY_PRIORITY: Record<number, string> = { 1: 'high', 2: 'medium', 3: 'low' };
const REVIEWED: readonly Collection[] = ['visits', 'findings', 'recommendations'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Y.AbstractType) && !(v instanceof Uint8Array);
}

function isEmptyDoc(doc: Y.Doc): boolean {
  return meta(doc).size === 0 && engagementMap(doc).size === 0 && COLLECTIONS.every((c) => collection(doc, c).size === 0);
}

/** Bring one entity (or the engagement map) to the current layout; returns how many fields changed. */
function normalizeFields(map: Y.Map<unknown>, kind: Collection | 'engagement'): number {
  let changes = 0;
  for (const field of TEXT_FIELDS[kind] as readonly string[]) {
    const v = map.get(field);
    if (typeof v === 'string') {
      map.set(field, new Y.Text(v));
      changes++;
    }
  }
  for (const field of ARRAY_FIELDS[kind]) {
    const v = map.get(field);
    if (Array.isArray(v)) {
      map.set(field, Y.Array.from(v as never[]));
      changes++;
    }
  }
  for (const field of KEYED_FIELDS[kind]) {
    const v = map.get(field);
    if (Array.isArray(v) && v.every((item) => isPlainObject(item) && typeof item.id === 'string')) {
      const keyed = new Y.Map<unknown>();
      for (const item of v as { id: string }[]) keyed.set(item.id, item);
      map.set(field, keyed);
      changes++;
    }
  }
  if (kind === 'visits') {
    const answers = map.get('answers');
    if (isPlainObject(answers)) {
      const y = new Y.Map<unknown>();
      for (const [k, a] of Object.entries(answers)) y.set(k, a);
      map.set('answers', y);
      changes++;
    }
  }
  if ((REVIEWED as readonly string[]).includes(kind) && !map.has('review')) {
    map.set('review', { state: 'draft' });
    changes++;
  }
  if (kind === 'recommendations') {
    const p = map.get('priority');
    if (typeof p === 'number' && LEGACY_PRIORITY[p]) {
      map.set('priority', LEGACY_PRIORITY[p]);
      changes++;
    }
  }
  return changes;
}

/**
 * Bring a doc written by an older Groundwork to SCHEMA_VERSION. Idempotent: a second run finds nothing
 * to do and writes nothing, so the encoded state stays byte-identical. A doc from a newer version is
 * left untouched and reported, so the UI can say so.
 */
export function migrate(doc: Y.Doc): MigrationResult {
  const from = schemaVersionOf(doc);
  if (from > SCHEMA_VERSION) return { from, to: from, changed: false, newer: true };
  // Writing a version into an empty doc could race a newer peer's first sync and win; wait for content.
  if (isEmptyDoc(doc)) return { from, to: from, changed: false, empty: true };
  let changes = 0;
  doc.transact(() => {
    const m = meta(doc);
    if (from < SCHEMA_VERSION) {
      m.set('schemaVersion', SCHEMA_VERSION);
      changes++;
    }
    const eng = engagementMap(doc);
    if (!m.has('engagementId') && typeof eng.get('id') === 'string') {
      m.set('engagementId', eng.get('id'));
      changes++;
    }
    changes += normalizeFields(eng, 'engagement');
    for (const name of COLLECTIONS) {
      const coll = collection(doc, name);
      for (const [id, value] of [...coll.entries()]) {
        let entity: unknown = value;
        if (isPlainObject(entity)) {
          // v0 stored whole entities as plain JSON: give them a Y.Map so fields merge one by one.
          const map = new Y.Map<unknown>();
          for (const [k, v] of Object.entries(entity)) map.set(k, v);
          coll.set(id, map);
          entity = map;
          changes++;
        }
        if (entity instanceof Y.Map) changes += normalizeFields(entity, name);
      }
    }
  }, MIGRATION_ORIGIN);
  return { from, to: Math.max(from, SCHEMA_VERSION), changed: changes > 0 };
}
