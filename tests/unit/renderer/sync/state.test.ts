import { describe, expect, it } from 'vitest';
import { combineStatuses, INITIAL_STATUS, syncReducer, type DocSyncStatus, type SyncEvent } from '#renderer/sync/state.ts';

const run = (events: SyncEvent[], from: DocSyncStatus = INITIAL_STATUS) => events.reduce(syncReducer, from);

describe('sync state machine', () => {
  it('connect → open → handshake with nothing pending is synced, stamped with the time', () => {
    const s = run([{ type: 'connect' }, { type: 'open' }, { type: 'handshake', at: 1000 }]);
    expect(s).toMatchObject({ phase: 'synced', lastSyncedAt: 1000, pending: 0, handshake: true });
  });

  it('stays syncing until local changes are acknowledged, then synced', () => {
    let s = run([{ type: 'connect' }, { type: 'pending', pending: 3, at: 1 }, { type: 'open' }, { type: 'handshake', at: 2 }]);
    expect(s.phase).toBe('syncing');
    s = syncReducer(s, { type: 'pending', pending: 1, at: 3 });
    expect(s).toMatchObject({ phase: 'syncing', pending: 1, lastSyncedAt: null });
    s = syncReducer(s, { type: 'pending', pending: 0, at: 4 });
    expect(s).toMatchObject({ phase: 'synced', pending: 0, lastSyncedAt: 4 });
  });

  it('a local edit while synced goes back to syncing; the ack returns to synced', () => {
    let s = run([{ type: 'connect' }, { type: 'open' }, { type: 'handshake', at: 1 }, { type: 'pending', pending: 1, at: 2 }]);
    expect(s.phase).toBe('syncing');
    s = syncReducer(s, { type: 'pending', pending: 0, at: 3 });
    expect(s).toMatchObject({ phase: 'synced', lastSyncedAt: 3 });
    s = syncReducer(s, { type: 'remote', at: 9 });
    expect(s.lastSyncedAt).toBe(9);
  });

  it('a closed socket is offline with a retry time; pending changes are kept', () => {
    const s = run([{ type: 'connect' }, { type: 'open' }, { type: 'pending', pending: 2, at: 1 }, { type: 'closed', retryAt: 5000, message: 'gone' }]);
    expect(s).toMatchObject({ phase: 'offline', retryAt: 5000, pending: 2, message: 'gone', handshake: false });
    // Offline edits keep counting; the phase stays offline.
    expect(syncReducer(s, { type: 'pending', pending: 3, at: 2 })).toMatchObject({ phase: 'offline', pending: 3 });
  });

  it('the network going away is offline; a handshake from a stale socket does not make it synced', () => {
    const s = run([{ type: 'connect' }, { type: 'open' }, { type: 'offline' }]);
    expect(s.phase).toBe('offline');
    expect(syncReducer(s, { type: 'handshake', at: 7 }).phase).toBe('offline');
  });

  it('fatal is sticky until a new connect', () => {
    let s = run([{ type: 'connect' }, { type: 'fatal', message: 'revoked' }]);
    expect(s).toMatchObject({ phase: 'error', message: 'revoked' });
    expect(syncReducer(s, { type: 'closed', retryAt: 1, message: null }).phase).toBe('error');
    expect(syncReducer(s, { type: 'offline' }).phase).toBe('error');
    expect(syncReducer(s, { type: 'stop' }).phase).toBe('error');
    s = syncReducer(s, { type: 'connect' });
    expect(s).toMatchObject({ phase: 'connecting', message: null });
  });

  it('a background pass that ends after syncing keeps showing synced; one that never got there is offline', () => {
    const ok = run([{ type: 'connect' }, { type: 'open' }, { type: 'handshake', at: 5 }, { type: 'stop' }]);
    expect(ok).toMatchObject({ phase: 'synced', lastSyncedAt: 5 });
    const failed = run([{ type: 'connect' }, { type: 'stop' }]);
    expect(failed.phase).toBe('offline');
  });

  it('combines documents: worst phase wins, pending adds up, latest sync time', () => {
    const a = run([{ type: 'connect' }, { type: 'open' }, { type: 'handshake', at: 10 }]);
    const b = run([{ type: 'connect' }, { type: 'open' }, { type: 'pending', pending: 2, at: 11 }]);
    const c = run([{ type: 'connect' }, { type: 'closed', retryAt: 1, message: 'x' }]);
    expect(combineStatuses([a, b], { signedIn: true, online: true })).toMatchObject({ phase: 'syncing', pending: 2, lastSyncedAt: 10 });
    expect(combineStatuses([a, b, c], { signedIn: true, online: true }).phase).toBe('offline');
    expect(combineStatuses([a], { signedIn: true, online: false }).phase).toBe('offline');
    expect(combineStatuses([a], { signedIn: false, online: true }).phase).toBe('off');
    expect(combineStatuses([], { signedIn: true, online: true }).phase).toBe('synced');
    expect(combineStatuses([a, run([{ type: 'fatal', message: 'm' }])], { signedIn: true, online: true })).toMatchObject({ phase: 'error', message: 'm' });
  });
});
