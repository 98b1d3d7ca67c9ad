/** SHA-256 of some bytes as 64 lowercase hex digits (Web Crypto: works in the renderer, workers and Node 20+). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // Copy into a fresh ArrayBuffer: subtle.digest refuses views over SharedArrayBuffer and the copy keeps types simple.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', copy.buffer);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}
