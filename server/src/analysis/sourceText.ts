// The text as the analysis reads it. YAML 1.2 (and Kubernetes' go-yaml) accept a
// lone CR as a line break, the `yaml` package does not: reading lone CRs as LF
// keeps every offset the same and lets CR-only files parse.

export interface SourceText {
  /** The document text with lone CRs read as LF; same length, same offsets. */
  readonly text: string;
  /** The file's line break, for inserted lines: its first CRLF, CR or LF. */
  readonly eol: string;
}

export function sourceText(raw: string): SourceText {
  const firstBreak = raw.search(/\r\n?|\n/);
  const eol = firstBreak < 0 ? '\n' : raw[firstBreak] === '\n' ? '\n' : raw[firstBreak + 1] === '\n' ? '\r\n' : '\r';
  return { text: raw.includes('\r') ? raw.replace(/\r(?!\n)/g, '\n') : raw, eol };
}
