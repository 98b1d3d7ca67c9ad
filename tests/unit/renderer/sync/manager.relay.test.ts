/**
 * SyncManager end to end in Node: two workspaces (fake-indexeddb) and a real relay process, real
 * WebsocketProviders over the `ws` package. Covers sign-in, engagements appearing by themselves through the
 * background pool, offline edits on both sides merging, pending counts going back to zero, and presence.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { collection } from '#core/model/layout.ts';
import { createEntity, editText, textField } from '#core/model/write.ts';
import { Workspace } from '#renderer/data/workspace.ts';
import { SyncManager } from '#renderer/sync/manager.ts';
import { RelayError } from '#renderer/sync/relay.ts';
import { mintToken, removeDir, startRelay, waitFor, type RelayProcess } from '../../../integration/sync/harness.ts';
import { newEngagement } from '../fixtures.ts';

let relay: RelayProcess;
const cleanup: (() => Promise<void>)[] = [];

beforeAll(async () => {
  relay = await startRelay();
}, 30_000);

afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => undefined);
  await relay?.stop();
  if (relay) removeDir(relay.dataDir);
});

let n = 0;
async function device(): Promise<{ ws: Workspace; sync: SyncManager }> {
  const ws = await Workspace.start(`sync-mgr-${process.pid}-${++n}`);
  const sync = new SyncManager(ws, { WebSocketImpl: WS as unknown as typeof WebSocket, cycleMs: 300, pollMs: 1000, passTimeoutMs: 5000, backoff: { baseMs: 100, maxMs: 1000, factor: 2, jitter: 0.5 } });
  await sync.start();
  cleanup.push(async () => {
    await sync.destroy();
    await ws.closeAll();
    ws.db.close();
    await ws.db.delete();
  });
  return { ws, sync };
}

const ENGAGEMENT = newEngagement();

describe('SyncManager against a real relay', () => {
  it('refuses a bad token with a readable 401 and an unreachable relay as such', async () => {
    const { sync } = await device();
    await expect(sync.signIn(relay.url, mintToken(relay.dataDir, { exp: 1 }))).rejects.toMatchObject({ kind: 'unauthorized' });
    await expect(sync.signIn('ws://127.0.0.1:1', mintToken(relay.dataDir))).rejects.toMatchObject({ kind: 'unreachable' });
    await expect(sync.signIn('ftp://x', mintToken(relay.dataDir))).rejects.toBeInstanceOf(RelayError);
    await expect(sync.signIn(relay.url, 'hello')).rejects.toMatchObject({ kind: 'bad-token' });
    expect(sync.getSnapshot().account.kind).toBe('signed-out');
  });

  it('two experts: the engagement appears by itself, offline edits merge, pending returns to 0, presence shows the other', async () => {
    const a = await device();
    const b = await device();
    const id = await a.ws.createEngagement(ENGAGEMENT);
    const tokenA = mintToken(relay.dataDir, { sub: 'u-ana', name: 'Ana Reyes', eng: [id] });
    const tokenB = mintToken(relay.dataDir, { sub: 'u-ben', name: 'Ben Ortiz', eng: [id] });

    const meA = await a.sync.signIn(relay.url, tokenA);
    expect(meA.user.name).toBe('Ana Reyes');
    expect(a.ws.user).toMatchObject({ id: 'u-ana', name: 'Ana Reyes' });
    await waitFor(() => a.sync.status(id)?.phase === 'synced', 'A pushed the engagement');

    await b.sync.signIn(relay.url, tokenB);
    await waitFor(async () => Boolean(await b.ws.db.engagements.get(id)), 'the engagement appears on B by itself', 15_000);
    expect((await b.ws.db.engagements.get(id))?.city).toBe('Port Alder');

    // Both open it.
    a.sync.setForeground(id);
    b.sync.setForeground(id);
    const sa = await a.ws.open(id);
    const sb = await b.ws.open(id);
    await waitFor(() => Boolean(a.sync.link(id)?.holders.has('fg') && a.sync.link(id)?.connected && b.sync.link(id)?.connected), 'both connected');
    await waitFor(() => (a.sync.getSnapshot().presence.get(id) ?? []).some((p) => p.user.name === 'Ben Ortiz'), 'A sees Ben');
    await waitFor(() => (b.sync.getSnapshot().presence.get(id) ?? []).some((p) => p.user.name === 'Ana Reyes'), 'B sees Ana');

    const shared = createEntity(sa.doc, sa.ctx, 'recommendations', { number: 1, title: 'Shared', status: 'draft', priority: 'medium', focusArea: 'housing' });
    // The prose field's Y.Text is created lazily (core/model/write.ts textField): create it while online, or two
    // offline creations of the same field would conflict as map entries and one side's text would lose.
    editText(sa.doc, sa.ctx, 'recommendations', shared.id, 'rationale', 'Start.');
    await waitFor(() => textField(sb.doc, 'recommendations', shared.id, 'rationale')?.toString() === 'Start.', 'B got the shared rec and its text');

    // A goes offline; both edit.
    a.sync.setOnline(false);
    expect(a.sync.link(id)?.connected).toBe(false);
    expect(a.sync.status(id)?.phase).toBe('offline');
    createEntity(sa.doc, sa.ctx, 'recommendations', { number: 2, title: 'From Ana offline', status: 'draft', priority: 'medium', focusArea: 'housing' });
    editText(sa.doc, sa.ctx, 'recommendations', shared.id, 'rationale', 'Start. Ana wrote this.');
    createEntity(sb.doc, sb.ctx, 'recommendations', { number: 3, title: 'From Ben online', status: 'draft', priority: 'medium', focusArea: 'housing' });
    await waitFor(() => (a.sync.status(id)?.pending ?? 0) >= 2, 'A counts its offline changes');
    await new Promise((r) => setTimeout(r, 300));
    const rb = textField(sb.doc, 'recommendations', shared.id, 'rationale')!;
    rb.insert(rb.length, ' Ben added this.');
    expect(a.sync.getSnapshot().overall.phase).toBe('offline');

    a.sync.setOnline(true);
    const titles = (doc: typeof sa.doc) =>
      [...collection(doc, 'recommendations').values()]
        .map((m) => String(m.get('title')))
        .sort()
        .join('|');
    await waitFor(() => titles(sa.doc) === 'From Ana offline|From Ben online|Shared' && titles(sb.doc) === titles(sa.doc), 'both see the union');
    await waitFor(() => textField(sa.doc, 'recommendations', shared.id, 'rationale')?.toString() === textField(sb.doc, 'recommendations', shared.id, 'rationale')?.toString(), 'same text');
    const text = textField(sa.doc, 'recommendations', shared.id, 'rationale')!.toString();
    expect(text).toContain('Ana wrote this.');
    expect(text).toContain('Ben added this.');
    await waitFor(() => a.sync.status(id)?.phase === 'synced' && a.sync.status(id)?.pending === 0, 'A acknowledged: nothing pending');
    expect(a.sync.getSnapshot().overall.phase).toBe('synced');
    expect(a.sync.status(id)?.lastSyncedAt).toBeGreaterThan(0);
  }, 60_000);
});
