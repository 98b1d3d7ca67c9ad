import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, MIN_SIZE, captureWindowState, clampToDisplays, loadWindowState, parseWindowState, saveWindowState } from '#main/window-state.ts';

const laptop = { x: 0, y: 0, width: 1920, height: 1040 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('parses a stored state and refuses anything else', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1200,"height":800,"maximized":true}')).toEqual({ x: 10, y: 20, width: 1200, height: 800, maximized: true });
    expect(parseWindowState('{"width":1200,"height":800}')).toEqual({ width: 1200, height: 800, maximized: false });
    for (const bad of [null, '', 'not json', '{"width":-5,"height":800}', '{"width":"big","height":800}', '{"x":1e9,"y":0,"width":10,"height":10}', '[]'])
      expect(parseWindowState(bad), String(bad)).toBeNull();
  });

  it('keeps a window that is on a display', () => {
    const s = { x: 2000, y: 100, width: 1400, height: 900, maximized: false };
    expect(clampToDisplays(s, [laptop, rightMonitor], laptop)).toEqual(s);
  });

  it('brings back a window from a monitor that is gone, centred on the primary display', () => {
    const s = { x: 2000, y: 100, width: 1400, height: 900, maximized: true };
    expect(clampToDisplays(s, [laptop], laptop)).toEqual({ x: 260, y: 70, width: 1400, height: 900, maximized: true });
  });

  it('shrinks a window larger than the display to fit it, never below the minimum when there is room', () => {
    const s = { x: 0, y: 0, width: 4000, height: 3000, maximized: false };
    expect(clampToDisplays(s, [laptop], laptop)).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
    const tiny = { x: 10, y: 10, width: 200, height: 100, maximized: false };
    expect(clampToDisplays(tiny, [laptop], laptop)).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
  });

  it('re-centres a window whose title bar is off-screen (only its bottom edge peeks out)', () => {
    const s = { x: 100, y: -850, width: 1200, height: 900, maximized: false };
    const r = clampToDisplays(s, [laptop], laptop);
    expect(r.y).toBeGreaterThanOrEqual(0);
    expect(r).toEqual({ x: 360, y: 70, width: 1200, height: 900, maximized: false });
  });

  it('pulls a window that hangs over an edge back inside', () => {
    const s = { x: 1500, y: 300, width: 1200, height: 900, maximized: false };
    expect(clampToDisplays(s, [laptop], laptop)).toEqual({ x: 720, y: 140, width: 1200, height: 900, maximized: false });
  });

  it('uses the defaults (OS places the window) when nothing was stored', () => {
    expect(clampToDisplays(null, [laptop], laptop)).toEqual({ width: DEFAULT_STATE.width, height: DEFAULT_STATE.height, maximized: false });
  });

  it('captures the normal bounds and round-trips through the file', async () => {
    const state = captureWindowState({ getNormalBounds: () => ({ x: 10.4, y: 20, width: 1300, height: 850.6 }), isMaximized: () => true });
    expect(state).toEqual({ x: 10, y: 20, width: 1300, height: 851, maximized: true });
    let stored: string | null = null;
    const file = { read: async () => stored, write: async (t: string) => void (stored = t) };
    await saveWindowState(file, state);
    await expect(loadWindowState(file)).resolves.toEqual(state);
    await expect(loadWindowState({ read: async () => Promise.reject(new Error('EACCES')), write: async () => undefined })).resolves.toBeNull();
  });
});
