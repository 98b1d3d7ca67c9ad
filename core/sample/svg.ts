import type { Rng } from './prng.ts';

/** Procedural pictures for sample photos: simple shapes, varied by the PRNG, rasterized to JPEG by the app. */
export const PICTURE_KINDS = ['street', 'facade', 'housing-row', 'meeting-room', 'whiteboard-chart'] as const;
export type PictureKind = (typeof PICTURE_KINDS)[number];

const BRICK = ['#9c4a3a', '#b5653f', '#8a5a44', '#a0522d', '#7d3c2f'];
const SIDING = ['#d8d2c4', '#a9b8c4', '#c9b48a', '#8fa38a', '#e3d9c6', '#b7a3a3'];
const SKY = ['#9cc7e8', '#b8d4ea', '#d7e3ec', '#c4cfd8', '#f2c9a0'];
const AWNING = ['#2f6f5e', '#9b2d30', '#2d4f9b', '#c7892b', '#5a3d7a'];

const r1 = (n: number) => Math.round(n * 10) / 10;
const rect = (x: number, y: number, w: number, h: number, fill: string, extra = '') =>
  `<rect x="${r1(x)}" y="${r1(y)}" width="${r1(w)}" height="${r1(h)}" fill="${fill}"${extra}/>`;

function windowsGrid(rng: Rng, x: number, y: number, w: number, h: number, cols: number, rows: number, boardedShare: number): string {
  let out = '';
  const cw = w / cols;
  const rh = h / rows;
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      const boarded = rng.chance(boardedShare);
      out += rect(
        x + c * cw + cw * 0.2,
        y + r * rh + rh * 0.15,
        cw * 0.6,
        rh * 0.65,
        boarded ? '#b89b6a' : rng.pick(['#34495e', '#3d5a73', '#f4e7b5', '#2c3e50']),
        ' stroke="#eee" stroke-width="2"',
      );
      if (boarded)
        out += `<line x1="${r1(x + c * cw + cw * 0.2)}" y1="${r1(y + r * rh + rh * 0.15)}" x2="${r1(x + c * cw + cw * 0.8)}" y2="${r1(y + r * rh + rh * 0.8)}" stroke="#7a6440" stroke-width="3"/>`;
    }
  }
  return out;
}

function street(rng: Rng, w: number, h: number): string {
  const horizon = h * rng.around(0.45, 0.05, 2);
  let out = rect(0, 0, w, horizon, rng.pick(SKY)) + rect(0, horizon, w, h - horizon, '#6b6b6b');
  // Buildings on both sides, receding to a vanishing point.
  const vx = w * rng.around(0.5, 0.08, 2);
  for (let i = 0; i < 6; i++) {
    const t = i / 6;
    const bw = w * 0.22 * (1 - t * 0.8);
    const bh = h * rng.around(0.42, 0.12, 2) * (1 - t * 0.6);
    const lx = t * Math.max(0, vx - bw - 20) * 0.9;
    out += rect(lx, horizon - bh, bw, bh, rng.pick(BRICK)) + windowsGrid(rng, lx, horizon - bh, bw, bh * 0.8, 3, 3, 0.15);
    const rx = w - lx - bw;
    out += rect(rx, horizon - bh, bw, bh, rng.pick(SIDING)) + windowsGrid(rng, rx, horizon - bh, bw, bh * 0.8, 3, 3, 0.15);
  }
  out += `<polygon points="${r1(vx - 10)},${r1(horizon)} ${r1(vx + 10)},${r1(horizon)} ${r1(w * 0.8)},${h} ${r1(w * 0.2)},${h}" fill="#4a4a4a"/>`;
  for (let i = 0; i < 5; i++) {
    const y = horizon + (h - horizon) * (i / 5 + 0.08);
    const half = 2 + i * 3;
    out += rect(vx - half / 2, y, half, 6 + i * 6, '#f1d24a');
  }
  for (let i = 0; i < rng.int(1, 4); i++) {
    const cx = rng.int(Math.round(w * 0.25), Math.round(w * 0.7));
    const cy = rng.int(Math.round(horizon + 30), Math.round(h - 60));
    out +=
      rect(cx, cy, 90, 38, rng.pick(AWNING), ' rx="8"') +
      `<circle cx="${cx + 20}" cy="${cy + 40}" r="9" fill="#222"/><circle cx="${cx + 70}" cy="${cy + 40}" r="9" fill="#222"/>`;
  }
  return out;
}

function facade(rng: Rng, w: number, h: number): string {
  let out = rect(0, 0, w, h, rng.pick(SKY));
  const n = rng.int(2, 4);
  const bw = w / n;
  for (let i = 0; i < n; i++) {
    const top = h * rng.around(0.18, 0.1, 2);
    const x = i * bw;
    out += rect(x, top, bw, h - top, rng.pick(BRICK), ' stroke="#5a3a2a" stroke-width="2"');
    out += rect(x, top, bw, 16, '#d9cfc0');
    out += windowsGrid(rng, x, top + 24, bw, (h - top) * 0.5, rng.int(2, 4), 2, 0.25);
    const vacant = rng.chance(0.35);
    const sy = h * 0.72;
    out += rect(x + 10, sy - 26, bw - 20, 22, rng.pick(AWNING));
    out += rect(x + 14, sy, bw - 28, h - sy - 8, vacant ? '#8a8a8a' : '#2e3f4f', ' stroke="#ddd" stroke-width="3"');
    if (vacant)
      out += `<text x="${r1(x + bw / 2)}" y="${r1(sy + (h - sy) / 2)}" font-family="sans-serif" font-size="${Math.round(bw / 9)}" fill="#fff" text-anchor="middle">FOR LEASE</text>`;
  }
  out += rect(0, h - 8, w, 8, '#777');
  return out;
}

function housingRow(rng: Rng, w: number, h: number): string {
  let out = rect(0, 0, w, h * 0.55, rng.pick(SKY)) + rect(0, h * 0.55, w, h * 0.45, '#7aa35a') + rect(0, h * 0.86, w, h * 0.14, '#a3a3a3');
  const n = rng.int(3, 5);
  const slot = w / n;
  for (let i = 0; i < n; i++) {
    const hw = slot * rng.around(0.7, 0.08, 2);
    const x = i * slot + (slot - hw) / 2;
    const base = h * 0.8;
    const bodyH = h * rng.around(0.38, 0.06, 2);
    const vacant = rng.chance(0.3);
    out += rect(x, base - bodyH, hw, bodyH, vacant ? '#9a958c' : rng.pick(SIDING), ' stroke="#555" stroke-width="2"');
    out += `<polygon points="${r1(x - 10)},${r1(base - bodyH)} ${r1(x + hw / 2)},${r1(base - bodyH - hw * 0.4)} ${r1(x + hw + 10)},${r1(base - bodyH)}" fill="${vacant ? '#5b4a42' : '#4b4b55'}"/>`;
    out += windowsGrid(rng, x, base - bodyH + 10, hw, bodyH * 0.55, 2, 2, vacant ? 0.8 : 0.05);
    out += rect(x + hw * 0.42, base - bodyH * 0.35, hw * 0.16, bodyH * 0.35, vacant ? '#b89b6a' : '#5b3b2b');
    out += rect(x - 6, base - 6, hw + 12, 8, '#6d6256');
    if (vacant && rng.chance(0.6))
      out += `<text x="${r1(x + hw / 2)}" y="${r1(base - bodyH - 8)}" font-family="sans-serif" font-size="14" fill="#b22" text-anchor="middle">NO TRESPASSING</text>`;
  }
  return out;
}

function meetingRoom(rng: Rng, w: number, h: number): string {
  let out = rect(0, 0, w, h, rng.pick(['#e8e2d6', '#dfe6e9', '#ece7df'])) + rect(0, h * 0.7, w, h * 0.3, rng.pick(['#8c7b6b', '#6f7f8a', '#9b8f7e']));
  out += rect(w * 0.08, h * 0.1, w * 0.3, h * 0.28, '#3b5b7a', ' stroke="#333" stroke-width="4"');
  out += rect(w * 0.6, h * 0.12, w * 0.3, h * 0.3, '#fdfdfd', ' stroke="#999" stroke-width="3"');
  out += `<ellipse cx="${w / 2}" cy="${r1(h * 0.72)}" rx="${r1(w * 0.38)}" ry="${r1(h * 0.12)}" fill="#6b4a2f"/>`;
  const seats = rng.int(5, 9);
  for (let i = 0; i < seats; i++) {
    const a = Math.PI + (Math.PI * (i + 0.5)) / seats;
    const cx = w / 2 + Math.cos(a) * w * 0.36;
    const cy = h * 0.72 + Math.sin(a) * h * 0.16;
    out += `<circle cx="${r1(cx)}" cy="${r1(cy - 30)}" r="14" fill="${rng.pick(['#c68642', '#8d5524', '#e0ac69', '#f1c27d', '#5c3a1e'])}"/>`;
    out += rect(cx - 18, cy - 16, 36, 34, rng.pick(AWNING), ' rx="8"');
  }
  for (let i = 0; i < rng.int(3, 7); i++) out += rect(w * 0.3 + rng.next() * w * 0.4, h * 0.68 + rng.next() * h * 0.06, 26, 18, '#fff', ' stroke="#aaa"');
  return out;
}

function whiteboardChart(rng: Rng, w: number, h: number): string {
  let out = rect(0, 0, w, h, '#cfd6da') + rect(w * 0.06, h * 0.08, w * 0.88, h * 0.8, '#fbfbf8', ' stroke="#8a9096" stroke-width="8"');
  const x0 = w * 0.14;
  const y0 = h * 0.78;
  const cw = w * 0.72;
  const ch = h * 0.55;
  out += `<line x1="${r1(x0)}" y1="${r1(y0)}" x2="${r1(x0 + cw)}" y2="${r1(y0)}" stroke="#333" stroke-width="3"/><line x1="${r1(x0)}" y1="${r1(y0)}" x2="${r1(x0)}" y2="${r1(y0 - ch)}" stroke="#333" stroke-width="3"/>`;
  const bars = rng.int(4, 7);
  const colour = rng.pick(['#1f5fa8', '#b8322a', '#2f8a4a']);
  let level = rng.around(0.6, 0.2, 2);
  const pts: string[] = [];
  for (let i = 0; i < bars; i++) {
    level = Math.min(0.95, Math.max(0.1, level + rng.around(rng.chance(0.6) ? -0.06 : 0.05, 0.12, 2)));
    const bx = x0 + (cw / bars) * i + 14;
    const bh = ch * level;
    out += rect(bx, y0 - bh, cw / bars - 28, bh, colour, ' fill-opacity="0.75"');
    pts.push(`${r1(bx + (cw / bars - 28) / 2)},${r1(y0 - bh - 12)}`);
    out += `<text x="${r1(bx + (cw / bars - 28) / 2)}" y="${r1(y0 + 26)}" font-family="sans-serif" font-size="18" fill="#333" text-anchor="middle">FY${20 + i}</text>`;
  }
  out += `<polyline points="${pts.join(' ')}" fill="none" stroke="#222" stroke-width="3" stroke-dasharray="8 6"/>`;
  out += `<text x="${r1(w * 0.5)}" y="${r1(h * 0.16)}" font-family="sans-serif" font-size="28" fill="#333" text-anchor="middle">${rng.pick(['General fund gap', 'Vacancy by block', 'Open code cases', 'Overtime hours', 'Storefront occupancy'])}</text>`;
  out += rect(w * 0.08, h * 0.88, w * 0.2, 12, '#777');
  return out;
}

const DRAW: Record<PictureKind, (rng: Rng, w: number, h: number) => string> = {
  street,
  facade,
  'housing-row': housingRow,
  'meeting-room': meetingRoom,
  'whiteboard-chart': whiteboardChart,
};

export function drawPicture(kind: PictureKind, rng: Rng, width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${DRAW[kind](rng, width, height)}</svg>`;
}
