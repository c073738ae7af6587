import type { ConfigDiff } from '../driver.ts';
import { sortText } from './addr.ts';

/**
 * Unified diff of two file sets (`diff -u` style, 3 lines of context), files in name order. Line
 * matching is Myers' O((N+M)·D) algorithm, so large files with few changes stay cheap.
 */

type Op = { kind: ' ' | '-' | '+'; line: string };

function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  // walk back through the saved frontiers
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: ' ', line: a[x]! });
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

const splitLines = (text: string): string[] => {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

function hunks(ops: readonly Op[], context: number): string[] {
  const changes = ops.flatMap((o, i) => (o.kind === ' ' ? [] : [i]));
  // group changes whose unchanged gap is at most 2 × context into one hunk
  const groups: [number, number][] = [];
  for (const i of changes) {
    const last = groups[groups.length - 1];
    if (last && i - last[1] <= 2 * context + 1) last[1] = i;
    else groups.push([i, i]);
  }
  const out: string[] = [];
  for (const [first, lastChange] of groups) {
    const start = Math.max(0, first - context);
    const stop = Math.min(ops.length, lastChange + context + 1);
    let aLine = 1;
    let bLine = 1;
    for (let j = 0; j < start; j++) {
      if (ops[j]!.kind !== '+') aLine++;
      if (ops[j]!.kind !== '-') bLine++;
    }
    const body = ops.slice(start, stop);
    const aCount = body.filter((o) => o.kind !== '+').length;
    const bCount = body.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aCount ? aLine : aLine - 1},${aCount} +${bCount ? bLine : bLine - 1},${bCount} @@`);
    for (const o of body) out.push(`${o.kind}${o.line}`);
  }
  return out;
}

export function diffFileSets(
  from: Record<string, string>,
  to: Record<string, string>,
  context = 3,
): ConfigDiff {
  const out: string[] = [];
  for (const name of sortText(new Set([...Object.keys(from), ...Object.keys(to)]))) {
    const a = from[name];
    const b = to[name];
    if (a === b) continue;
    const ops = myers(splitLines(a ?? ''), splitLines(b ?? ''));
    out.push(
      a === undefined ? '--- /dev/null' : `--- a/${name}`,
      b === undefined ? '+++ /dev/null' : `+++ b/${name}`,
    );
    out.push(...hunks(ops, context));
  }
  const text = out.length ? `${out.join('\n')}\n` : '';
  return { text, changed: text !== '' };
}
