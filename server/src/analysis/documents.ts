// Splitting a YAML stream into its documents without parsing it. A line that
// starts with `---` followed by white space or the end of the line is a
// document marker wherever it appears: YAML forbids it inside scalars
// (`c-forbidden`), so this split is exact, and each document can be parsed, cached
// and re-parsed on its own.

const MARKER = /(?:^|\r\n|\r|\n)(?=---(?:[ \t\r\n]|$))/g;

/** Offsets where documents start: 0, then the start of every `---` line. */
export function documentStarts(text: string): number[] {
  const starts = [0];
  MARKER.lastIndex = 0;
  for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
    const start = match.index + match[0].length;
    if (start > 0) starts.push(start);
    if (match[0].length === 0) MARKER.lastIndex++; // the empty match at offset 0
  }
  return starts;
}

/** The documents' texts: consecutive, covering the whole text. */
export function splitDocuments(text: string): string[] {
  const starts = documentStarts(text);
  return starts.map((start, i) => text.slice(start, i + 1 < starts.length ? starts[i + 1] : text.length));
}
