import * as Y from 'yjs';

/** Y types to JSON: Y.Text → string, Y.Map → object, Y.Array → array (recursively). */
export function toPlain(value: unknown): unknown {
  if (value instanceof Y.Text) return value.toString();
  if (value instanceof Y.Map || value instanceof Y.Array) return value.toJSON();
  return value;
}

export function mapToObject(map: Y.Map<unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  map.forEach((v, k) => {
    out[k] = toPlain(v);
  });
  return out;
}

/** Keyed sub-collections (team, indicators) are stored as Y.Map id → plain object. */
export function keyedToArray(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.values(value);
  return value;
}
