/**
 * Word-level diff (Myers' O(ND) algorithm) for showing what changed between two versions of a text. No diff
 * library is installed (lib0/diff only finds one changed range), and this is ~60 lines. Words and the
 * whitespace between them are the tokens, so joining the pieces gives back either text exactly.
 */
export type DiffOp = { op: 'eq' | 'ins' | 'del'; text: string };

export const tokenize = (s: string): string[] => s.match(/\s+|[^\s]+/g) ?? [];

/** Beyond this many differing tokens the middle is shown as one deletion and one insertion (bounded time). */
const MAX_EDITS = 4000;

export function diffWords(a: string, b: string): DiffOp[] {
  if (a === b) return a ? [{ op: 'eq', text: a }] : [];
  const x = tokenize(a);
  const y = tokenize(b);
  let pre = 0;
  while (pre < x.length && pre < y.length && x[pre] === y[pre]) pre++;
  let suf = 0;
  while (suf < x.length - pre && suf < y.length - pre && x[x.length - 1 - suf] === y[y.length - 1 - suf]) suf++;
  const out: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  push('eq', x.slice(0, pre).join(''));
  for (const d of myers(x.slice(pre, x.length - suf), y.slice(pre, y.length - suf))) push(d.op, d.text);
  push('eq', x.slice(x.length - suf).join(''));
  return out;
}

function myers(x: string[], y: string[]): DiffOp[] {
  const n = x.length;
  const m = y.length;
  if (n === 0) return m ? [{ op: 'ins', text: y.join('') }] : [];
  if (m === 0) return [{ op: 'del', text: x.join('') }];
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      next[offset + k] = px;
      if (px >= n && py >= m) return backtrack(trace, x, y, offset, d, k);
    }
    v = next;
  }
  // Too different to be worth aligning: say so plainly.
  return [
    { op: 'del', text: x.join('') },
    { op: 'ins', text: y.join('') },
  ];
}

function backtrack(trace: Int32Array[], x: string[], y: string[], offset: number, dEnd: number, kEnd: number): DiffOp[] {
  const ops: DiffOp[] = [];
  let px = x.length;
  let py = y.length;
  let k = kEnd;
  for (let d = dEnd; d > 0; d--) {
    const v = trace[d]!;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) {
      ops.push({ op: 'eq', text: x[--px]! });
      py--;
    }
    if (down) ops.push({ op: 'ins', text: y[--py]! });
    else ops.push({ op: 'del', text: x[--px]! });
    k = prevK;
  }
  while (px > 0 && py > 0) {
    ops.push({ op: 'eq', text: x[--px]! });
    py--;
  }
  return ops.reverse();
}
