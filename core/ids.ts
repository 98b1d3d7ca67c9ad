/** Random, sortable-enough ids made on the device: 16 url-safe characters (96 bits). */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-';

export function newId(prefix = ''): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/** Deterministic ids for generated sample data and tests. */
export function seededIds(seed: number, prefix = ''): () => string {
  let state = seed >>> 0 || 1;
  return () => {
    let id = prefix;
    for (let i = 0; i < 12; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      id += ALPHABET[(state >>> 0) & 63];
    }
    return id;
  };
}
