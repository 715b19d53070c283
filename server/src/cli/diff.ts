// A unified diff of two texts (for --fix --dry-run): Myers' O(ND) line diff,
// hunks with three lines of context, `\ No newline at end of file` like git.

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: string };

const CONTEXT = 3;

export function unifiedDiff(file: string, before: string, after: string): string {
  const ops = diffLines(splitLines(before), splitLines(after));
  const hunks: string[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === ' ') {
      i++;
      continue;
    }
    // A hunk runs from CONTEXT lines before the first change to CONTEXT after the last
    // change that is within 2 × CONTEXT unchanged lines of the previous one.
    let end = i;
    for (let j = i; j < ops.length; j++) {
      if (ops[j].kind !== ' ') end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    const start = Math.max(0, i - CONTEXT);
    const stop = Math.min(ops.length, end + CONTEXT + 1);
    hunks.push(hunk(ops, start, stop));
    i = stop;
  }
  const shown = file.replace(/^\/+/, '');
  return hunks.length ? `--- a/${shown}\n+++ b/${shown}\n${hunks.join('')}` : '';
}

function hunk(ops: readonly Op[], start: number, stop: number): string {
  let oldLine = 1;
  let newLine = 1;
  for (let k = 0; k < start; k++) {
    if (ops[k].kind !== '+') oldLine++;
    if (ops[k].kind !== '-') newLine++;
  }
  const slice = ops.slice(start, stop);
  const oldCount = slice.filter((op) => op.kind !== '+').length;
  const newCount = slice.filter((op) => op.kind !== '-').length;
  const body = slice
    .map((op) => `${op.kind}${op.line.endsWith('\n') ? op.line.replace(/\r?\n$/, '') + '\n' : `${op.line}\n\\ No newline at end of file\n`}`)
    .join('');
  return `@@ -${oldCount ? oldLine : oldLine - 1},${oldCount} +${newCount ? newLine : newLine - 1},${newCount} @@\n${body}`;
}

/** Lines with their terminators, so a missing final newline is a difference. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const same = (line: string): Op => ({ kind: ' ', line });
  return [
    ...a.slice(0, prefix).map(same),
    ...myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...a.slice(a.length - suffix).map(same),
  ];
}

/** Myers' greedy shortest edit script. */
function myers(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const v = new Map<number, number>([[1, 0]]);
  const trace: Map<number, number>[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v.get(k - 1) ?? 0) < (v.get(k + 1) ?? 0)) ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v.set(k, x);
      if (x >= n && y >= m) break outer;
    }
  }
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d--) {
    const vd = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? 0) < (vd.get(k + 1) ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd.get(prevK) ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      ops.push({ kind: ' ', line: a[--x] });
    }
    if (d > 0) {
      if (down) ops.push({ kind: '+', line: b[--y] });
      else ops.push({ kind: '-', line: a[--x] });
    }
  }
  return ops.reverse();
}
