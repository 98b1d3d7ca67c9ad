import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openDb, type GroundworkDb } from '#renderer/data/db.ts';
import { DocPersistence } from '#renderer/data/persistence.ts';

const dbs: GroundworkDb[] = [];
let n = 0;
function freshDb() {
  const db = openDb(`persistence-test-${++n}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  vi.useRealTimers();
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('DocPersistence', () => {
  it('stores every update and loads them back into a new doc (closing and reopening loses nothing)', async () => {
    const db = freshDb();
    const doc = new Y.Doc();
    const p = await DocPersistence.attach(db, 'eng:a', doc);
    doc.getText('t').insert(0, 'hello');
    doc.getMap('m').set('k', 1);
    await p.flush();
    expect(p.state.kind).toBe('saved');
    await p.destroy();
    const again = new Y.Doc();
    await DocPersistence.attach(db, 'eng:a', again);
    expect(again.getText('t').toString()).toBe('hello');
    expect(again.getMap('m').get('k')).toBe(1);
  });

  it('compacts a long log into one row on load', async () => {
    const db = freshDb();
    const doc = new Y.Doc();
    const p = await DocPersistence.attach(db, 'eng:b', doc);
    for (let i = 0; i < 250; i++) {
      doc.getText('t').insert(i, 'x');
      await p.flush();
    }
    expect(await db.updates.where('docId').equals('eng:b').count()).toBeGreaterThan(200);
    const again = new Y.Doc();
    await DocPersistence.attach(db, 'eng:b', again);
    expect(await db.updates.where('docId').equals('eng:b').count()).toBe(1);
    expect(again.getText('t').length).toBe(250);
  });

  it('keeps updates in memory and says so when the disk is full, then saves them when room returns', async () => {
    const db = freshDb();
    const doc = new Y.Doc();
    const p = await DocPersistence.attach(db, 'eng:c', doc);
    const realAdd = db.updates.add.bind(db.updates);
    let full = true;
    vi.spyOn(db.updates, 'add').mockImplementation(((row: never) => {
      if (full) return Promise.reject(Object.assign(new Error('Quota exceeded'), { name: 'QuotaExceededError' }));
      return realAdd(row);
    }) as never);
    const states: string[] = [];
    p.subscribe((s) => states.push(s.kind));
    doc.getText('t').insert(0, 'field notes');
    await p.flush();
    expect(p.state.kind).toBe('error');
    expect(p.state.kind === 'error' && p.state.message).toMatch(/disk is full/i);
    expect(p.pending).toBe(1);
    full = false;
    await new Promise((r) => setTimeout(r, 2200)); // the retry timer
    await p.flush();
    expect(p.state.kind).toBe('saved');
    expect(p.pending).toBe(0);
    const again = new Y.Doc();
    vi.restoreAllMocks();
    await DocPersistence.attach(db, 'eng:c', again);
    expect(again.getText('t').toString()).toBe('field notes');
    expect(states).toContain('error');
  });
});
