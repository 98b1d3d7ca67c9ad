import { z } from 'zod';

/**
 * The main window's size and position, remembered between launches in userData/window-state.json. The file is
 * validated (a hand-edited or truncated file falls back to the defaults) and the bounds are clamped to the
 * displays present now: a window last seen on an unplugged monitor comes back on a visible one.
 */
export const WindowState = z.object({
  x: z.number().int().min(-100_000).max(100_000).optional(),
  y: z.number().int().min(-100_000).max(100_000).optional(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowState>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_STATE: WindowState = { width: 1440, height: 900, maximized: false };
export const MIN_SIZE = { width: 960, height: 600 } as const;

/** The stored state, or null when the text is not a valid state. */
export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Where to open the window. The size fits the work area it lands on (never below MIN_SIZE unless the display is
 * smaller); the position is kept only when the window's title bar region is on a display, otherwise it is
 * centred on the display it overlaps most (or the primary one). No position stored → let the OS place it.
 */
export function clampToDisplays(state: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowState {
  const s = state ?? DEFAULT_STATE;
  const areas = workAreas.length ? workAreas : [primary];
  const fit = (area: Rect) => ({
    width: Math.min(Math.max(s.width, Math.min(MIN_SIZE.width, area.width)), area.width),
    height: Math.min(Math.max(s.height, Math.min(MIN_SIZE.height, area.height)), area.height),
  });
  if (s.x === undefined || s.y === undefined) {
    const size = fit(primary);
    return { ...size, maximized: s.maximized };
  }
  const rect = { x: s.x, y: s.y, width: s.width, height: s.height };
  const best = areas.reduce<{ area: Rect; score: number }>(
    (acc, area) => {
      const score = overlap(rect, area);
      return score > acc.score ? { area, score } : acc;
    },
    { area: primary, score: 0 },
  );
  const area = best.area;
  const size = fit(area);
  // The top strip (where the title bar is) must be reachable with the mouse, at least 100×40 of it.
  const titleBar = { x: s.x, y: s.y, width: size.width, height: 40 };
  const grabbable = areas.some((a) => overlap(titleBar, a) >= Math.min(100, size.width) * 40);
  if (best.score === 0 || !grabbable) {
    return { x: Math.round(area.x + (area.width - size.width) / 2), y: Math.round(area.y + (area.height - size.height) / 2), ...size, maximized: s.maximized };
  }
  // Keep it, pulled inside the work area it overlaps most.
  const x = Math.min(Math.max(s.x, area.x), area.x + area.width - size.width);
  const y = Math.min(Math.max(s.y, area.y), area.y + area.height - size.height);
  return { x, y, ...size, maximized: s.maximized };
}

/** What to store: the normal (un-maximized) bounds, so un-maximizing next time restores a sensible size. */
export function captureWindowState(win: { getNormalBounds(): Rect; isMaximized(): boolean }): WindowState {
  const b = win.getNormalBounds();
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
}

export interface WindowStateFile {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

export async function loadWindowState(file: WindowStateFile): Promise<WindowState | null> {
  return parseWindowState(await file.read().catch(() => null));
}

export async function saveWindowState(file: WindowStateFile, state: WindowState): Promise<void> {
  await file.write(JSON.stringify(WindowState.parse(state)));
}
