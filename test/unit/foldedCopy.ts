// A strict YAML 1.2 copy of a file whose quoted scalars and flow sequences are
// continued on under-indented lines: each such value is folded onto the line it
// starts on, the way YAML folds it (a line break and the indentation around it
// become one space; in double quotes, `\` before the break removes it). Written
// independently of server/src/analysis/flowContinuations.ts, so tests can compare
// what the analysis reads in the original with what it reads in this copy; the
// differential test checks that go-yaml reads both alike.

/** Folds every multi-line `'…'`, `"…"` or `[…]` value that starts after `key: ` or `- `. */
export function foldedCopy(text: string): string {
  const out: string[] = [];
  let open: string | undefined; // the line being extended while a value is unclosed
  for (const line of text.split('\n')) {
    if (open === undefined) {
      if (unclosed(valueStart(line))) open = line;
      else out.push(line);
      continue;
    }
    const joined = open.endsWith('\\') ? open.slice(0, -1) + line.trimStart() : `${open.trimEnd()} ${line.trim()}`;
    if (unclosed(valueStart(joined))) open = joined;
    else {
      out.push(joined);
      open = undefined;
    }
  }
  if (open !== undefined) out.push(open);
  return out.join('\n');
}

function valueStart(line: string): string {
  if (/^\s*#/.test(line)) return '';
  return /^\s*(?:- )?(?:[\w.-]+: )?(['"[].*)$/.exec(line)?.[1] ?? '';
}

/** Whether the quoted scalar or flow sequence `value` starts is still open at its end. */
function unclosed(value: string): boolean {
  const quote = value[0];
  if (quote === "'") return !value.slice(1).replace(/''/g, '').includes("'");
  if (quote === '"') return !value.slice(1).replace(/\\./g, '').includes('"');
  if (quote === '[') return !value.includes(']');
  return false;
}
