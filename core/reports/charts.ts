/**
 * Small SVG charts for the report, drawn by hand so they are pure, deterministic and print crisply (pdfmake
 * renders SVG as vectors). Text uses the report's font (Roboto) through pdfmake's font callback.
 */

export interface Segment {
  key: string;
  value: number;
  color: string;
}
export interface BarRow {
  label: string;
  segments: Segment[];
}
export interface LegendItem {
  label: string;
  color: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n1 = (n: number) => String(Math.round(n * 10) / 10);
const FONT = 'font-family="Roboto"';
const INK = '#1d2733';
const MUTED = '#5b6672';
const GRID = '#dfe3e8';

/** A "nice" axis maximum: 1, 2, 5 × 10^k at or above the largest value. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** An axis maximum for counts whose four grid steps are whole numbers (1.3 recommendations reads as a bug). */
export function countAxisMax(max: number): number {
  if (max <= 4) return 4;
  if (max > 20) {
    // Larger counts: the smallest round step (1, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) whose four grid lines reach the
    // largest bar, so the ticks read 0, 60, 120, 180, 240 rather than 0, 63, 126, 189, 252.
    const p = 10 ** Math.floor(Math.log10(max / 4));
    for (const m of [1, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (Number.isInteger(m * p) && 4 * m * p >= max) return 4 * m * p;
  }
  const n = niceMax(max);
  return n <= 4 ? 4 : n % 4 === 0 ? n : Math.ceil(n / 4) * 4;
}

function legend(items: LegendItem[], x: number, y: number, width: number): { svg: string; height: number } {
  let svg = '';
  let cx = x;
  let cy = y;
  for (const it of items) {
    const w = 14 + it.label.length * 5.6 + 16;
    if (cx + w > x + width) {
      cx = x;
      cy += 16;
    }
    svg += `<rect x="${n1(cx)}" y="${n1(cy - 8)}" width="10" height="10" rx="2" fill="${it.color}"/>`;
    svg += `<text x="${n1(cx + 14)}" y="${n1(cy + 1)}" font-size="9" ${FONT} fill="${INK}">${esc(it.label)}</text>`;
    cx += w;
  }
  return { svg, height: cy - y + 16 };
}

/**
 * Horizontal bars, optionally stacked, one row per label, with the total printed at the end of each bar.
 * `legendItems` adds a legend under the bars.
 */
export function horizontalBarChart(rows: BarRow[], opts: { width: number; labelWidth?: number; legendItems?: LegendItem[]; rowHeight?: number }): string {
  const width = opts.width;
  const labelW = opts.labelWidth ?? 150;
  const rowH = opts.rowHeight ?? 22;
  const top = 8;
  const chartW = width - labelW - 40;
  const max = countAxisMax(Math.max(0, ...rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0))));
  let body = '';
  // Grid lines at quarters of the axis, with their values under the bars.
  const axisY = top + rows.length * rowH;
  for (let k = 0; k <= 4; k++) {
    const x = labelW + (chartW * k) / 4;
    body += `<line x1="${n1(x)}" y1="${top - 4}" x2="${n1(x)}" y2="${n1(axisY)}" stroke="${GRID}" stroke-width="0.75"/>`;
    body += `<text x="${n1(x)}" y="${n1(axisY + 12)}" font-size="8" ${FONT} fill="${MUTED}" text-anchor="middle">${n1((max * k) / 4)}</text>`;
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    body += `<text x="${labelW - 8}" y="${n1(y + rowH / 2 + 3.5)}" font-size="9.5" ${FONT} fill="${INK}" text-anchor="end">${esc(row.label)}</text>`;
    let x = labelW;
    let total = 0;
    for (const seg of row.segments) {
      if (seg.value <= 0) continue;
      const w = (chartW * seg.value) / max;
      body += `<rect x="${n1(x)}" y="${n1(y + 4)}" width="${n1(w)}" height="${n1(rowH - 8)}" fill="${seg.color}"/>`;
      x += w;
      total += seg.value;
    }
    body += `<text x="${n1(x + 5)}" y="${n1(y + rowH / 2 + 3.5)}" font-size="9.5" ${FONT} fill="${INK}" font-weight="bold">${total}</text>`;
  });
  let height = axisY + 20;
  if (opts.legendItems?.length) {
    const l = legend(opts.legendItems, labelW, height + 6, width - labelW);
    body += l.svg;
    height += l.height + 8;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n1(height)}" viewBox="0 0 ${width} ${n1(height)}">${body}</svg>`;
}

/**
 * Vertical stacked columns over time (one per quarter), for the implementation timeline. `marker` draws a
 * dashed line at a column boundary labelled e.g. "Report date".
 */
export function columnChart(
  columns: BarRow[],
  opts: { width: number; height: number; legendItems?: LegendItem[]; marker?: { index: number; label: string } },
): string {
  const { width } = opts;
  const left = 34;
  const top = 14;
  const plotH = opts.height - top - 34;
  const plotW = width - left - 8;
  const max = countAxisMax(Math.max(0, ...columns.map((c) => c.segments.reduce((s, x) => s + x.value, 0))));
  const slot = columns.length ? plotW / columns.length : plotW;
  const barW = Math.max(4, Math.min(34, slot * 0.7));
  let body = '';
  for (let k = 0; k <= 4; k++) {
    const y = top + plotH - (plotH * k) / 4;
    body += `<line x1="${left}" y1="${n1(y)}" x2="${n1(left + plotW)}" y2="${n1(y)}" stroke="${GRID}" stroke-width="0.75"/>`;
    body += `<text x="${left - 5}" y="${n1(y + 3)}" font-size="8" ${FONT} fill="${MUTED}" text-anchor="end">${n1((max * k) / 4)}</text>`;
  }
  // Label every column when there is room, otherwise every other one.
  const every = slot < 26 ? Math.ceil(26 / slot) : 1;
  columns.forEach((col, i) => {
    const cx = left + slot * i + slot / 2;
    let y = top + plotH;
    let total = 0;
    for (const seg of col.segments) {
      if (seg.value <= 0) continue;
      const h = (plotH * seg.value) / max;
      y -= h;
      body += `<rect x="${n1(cx - barW / 2)}" y="${n1(y)}" width="${n1(barW)}" height="${n1(h)}" fill="${seg.color}"/>`;
      total += seg.value;
    }
    if (total > 0) body += `<text x="${n1(cx)}" y="${n1(y - 3)}" font-size="7.5" ${FONT} fill="${INK}" text-anchor="middle">${total}</text>`;
    if (i % every === 0) body += `<text x="${n1(cx)}" y="${n1(top + plotH + 12)}" font-size="8" ${FONT} fill="${MUTED}" text-anchor="middle">${esc(col.label)}</text>`;
  });
  if (opts.marker && opts.marker.index >= 0 && opts.marker.index <= columns.length) {
    const x = left + slot * opts.marker.index;
    body += `<line x1="${n1(x)}" y1="${top - 6}" x2="${n1(x)}" y2="${n1(top + plotH)}" stroke="${INK}" stroke-width="1" stroke-dasharray="3,2"/>`;
    body += `<text x="${n1(x + 3)}" y="${top - 2}" font-size="8" ${FONT} fill="${INK}">${esc(opts.marker.label)}</text>`;
  }
  let height = top + plotH + 20;
  if (opts.legendItems?.length) {
    const l = legend(opts.legendItems, left, height + 6, plotW);
    body += l.svg;
    height += l.height + 8;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${n1(height)}" viewBox="0 0 ${width} ${n1(height)}">${body}</svg>`;
}
