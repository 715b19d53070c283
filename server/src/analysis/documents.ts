// Splitting a YAML stream into its documents without parsing it. A line that
// starts with `---` followed by white space or the end of the line is a
// document marker wherever it appears: YAML forbids it inside scalars
// (`c-forbidden`), so this split is exact, and each document can be parsed, cached
// and re-parsed on its own.

const MARKER = /(?:^|\r\n|\r|\n)(?=---(?:[ \t\r\n]|$))/g;

/**
 * Offsets where documents start: 0, then the start of every `---` line, or of the
 * directive lines (`%YAML`, `%TAG`) right before it, which belong to its document.
 */
export function documentStarts(text: string): number[] {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    const marker = match.index + match[0].length;
    let start = marker;
    // Directive lines, with comments or blank lines among them, belong to the document after them.
    for (let line = lineBefore(text, marker); line !== undefined && DIRECTIVE_OR_COMMENT.test(lineAt(text, line)); line = lineBefore(text, line)) {
      if (text[line] === '%' || (text[line] === '\uFEFF' && text[line + 1] === '%')) start = line;
    }
    if (start > starts[starts.length - 1]) starts.push(start);
    if (match[0].length === 0) MARKER.lastIndex++; // the empty match at offset 0
  }
  return starts;
}

// `[^\r\n]`, not `.`: a directive may hold U+2028 or U+2029, which YAML reads as ordinary characters and `.` does not match.
const DIRECTIVE_OR_COMMENT = /^\uFEFF?(%[^\r\n]*|#[^\r\n]*|[ \t]*)$/;

/** The line starting at `lineStart`, without its line break. */
function lineAt(text: string, lineStart: number): string {
  let end = lineStart;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return text.slice(lineStart, end);
}

/** The start of the line before the one starting at `lineStart`, if any (scanning only that line). */
function lineBefore(text: string, lineStart: number): number | undefined {
  if (lineStart === 0) return undefined;
  let start = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  return start;
}

/** The documents' texts: consecutive, covering the whole text. */
export function splitDocuments(text: string): string[] {
  const starts = documentStarts(text);
  return starts.map((start, i) => text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length));
}
