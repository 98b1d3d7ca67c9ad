/**
 * Ten clients edit one engagement concurrently — map fields, Y.Text, Y.Array — while randomly dropping off
 * the relay and coming back. At the end every document is identical and holds every edit.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collection } from '#core/model/layout.ts';
import { connectClient, mintToken, removeDir, rng, sleep, startRelay, synced, waitFor, Y, type Client, type RelayProcess } from './harness.ts';

let relay: RelayProcess;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  await relay?.stop();
  removeDir(relay.dataDir);
});

const CLIENTS = 10;
const OPS = 50;

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

const shared = (doc: Y.Doc) => collection(doc, 'visits').get('shared') as Y.Map<unknown>;

function missingEdits(doc: Y.Doc, edits: string[]): string[] {
  const entity = shared(doc);
  if (!entity) return edits;
  const text = (entity.get('observations') as Y.Text).toString();
  const list = doc.getArray<string>('order').toArray();
  const listSet = new Set(list);
  return edits.filter((e) => {
    const [kind] = e.split(':');
    if (kind === 'map') return !entity.has(e);
    if (kind === 'text') return !text.includes(`[${e}]`);
    return !listSet.has(e);
  });
}

test('10 clients editing while going offline converge to identical documents holding every edit', async () => {
  const token = mintToken(relay.dataDir, { eng: ['eng-a'] });
  const clients: Client[] = [];
  // The shared entity exists before anyone edits it (two offline creations of one id would be last-writer-wins).
  const seed = connectClient(relay.url, 'eng-a', token);
  await synced(seed);
  seed.doc.transact(() => {
    const m = new Y.Map<unknown>();
    m.set('id', 'shared');
    m.set('observations', new Y.Text());
    collection(seed.doc, 'visits').set('shared', m);
  });
  for (let i = 0; i < CLIENTS; i++) clients.push(connectClient(relay.url, 'eng-a', token));
  await Promise.all(clients.map((c) => synced(c)));
  await waitFor(() => clients.every((c) => shared(c.doc) !== undefined), 'shared entity everywhere');
  seed.destroy();

  const edits: string[] = [];
  let disconnects = 0;
  await Promise.all(
    clients.map(async (c, i) => {
      const random = rng(1000 + i);
      for (let n = 0; n < OPS; n++) {
        const r = random();
        if (r < 0.08) {
          if (c.provider.shouldConnect) {
            c.provider.disconnect();
            disconnects++;
          } else c.provider.connect();
        }
        const kind = random() < 0.34 ? 'map' : random() < 0.5 ? 'text' : 'list';
        const edit = `${kind}:c${i}.${n}`;
        edits.push(edit);
        c.doc.transact(() => {
          const entity = shared(c.doc);
          if (kind === 'map') entity.set(edit, { by: i, n, at: Date.now() });
          else if (kind === 'text') {
            const text = entity.get('observations') as Y.Text;
            // Only at the ends: an insert inside another client's marker would split it (still a merge, but unreadable).
            text.insert(random() < 0.5 ? 0 : text.length, `[${edit}]`);
          } else {
            const list = c.doc.getArray<string>('order');
            if (random() < 0.5) list.push([edit]);
            else list.insert(0, [edit]);
          }
        });
        await sleep(Math.floor(random() * 6));
      }
    }),
  );
  expect(disconnects).toBeGreaterThan(5);
  for (const c of clients) c.provider.connect();

  await waitFor(
    () => {
      const first = canonical(clients[0]!.doc.toJSON());
      return clients.every((c) => canonical(c.doc.toJSON()) === first) && missingEdits(clients[0]!.doc, edits).length === 0;
    },
    'all 10 documents identical and complete',
    20_000,
  );
  for (const c of clients) expect(missingEdits(c.doc, edits)).toEqual([]);
  const sv = Y.encodeStateVector(clients[0]!.doc);
  for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(sv);
  expect(edits.length).toBe(CLIENTS * OPS);

  // And the relay has it: a brand-new client receives the same document.
  const fresh = connectClient(relay.url, 'eng-a', token);
  await synced(fresh);
  await waitFor(() => missingEdits(fresh.doc, edits).length === 0, 'fresh client has every edit');
  expect(canonical(fresh.doc.toJSON())).toBe(canonical(clients[0]!.doc.toJSON()));
  fresh.destroy();
  for (const c of clients) c.destroy();
});
