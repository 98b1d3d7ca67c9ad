/** Reads a room straight from the relay's SQLite file (read-only; the relay may still be running). */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as Y from 'yjs';

export function readRoomFromStore(dataDir: string, room: string): { doc: Y.Doc; auditRows: { user: string; at: number }[] } {
  const db = new Database(join(dataDir, 'relay.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const snap = db.prepare<[string], { upto_seq: number; bytes: Buffer }>('SELECT upto_seq, bytes FROM snapshots WHERE room = ?').get(room);
    const rows = db.prepare<[string, number], { bytes: Buffer }>('SELECT bytes FROM updates WHERE room = ? AND seq > ? ORDER BY seq').all(room, snap?.upto_seq ?? 0);
    const doc = new Y.Doc();
    if (snap) Y.applyUpdate(doc, snap.bytes);
    for (const r of rows) Y.applyUpdate(doc, r.bytes);
    const auditRows = db.prepare<[string], { user: string; at: number }>('SELECT user, at FROM updates WHERE room = ? ORDER BY seq').all(room);
    return { doc, auditRows };
  } finally {
    db.close();
  }
}
