// Quoted scalars and flow collections whose continuation lines are indented less
// than YAML 1.2 requires. libyaml, and so go-yaml and kubectl, reads a quoted
// scalar or a `[…]`/`{…}` to its closing character whatever the indentation of the
// lines between (yaml_parser_scan_flow_scalar checks only for document markers),
// and the value does not depend on it: leading white space of a continuation line
// is folded away. Generated CRDs are full of such descriptions. The `yaml` package
// rejects them, so the analysis re-parses a copy with those lines indented just
// enough, and maps offsets back.

import type { Span } from './types';

/** A copy of the text with spaces inserted at the start of under-indented continuation lines. */
export interface IndentedCopy {
  readonly text: string;
  /** Ascending offsets in the original text where spaces were inserted, and how many. */
  readonly insertions: readonly (readonly [at: number, count: number])[];
  /** The first line of each construct that needed it, in the original text. */
  readonly constructs: readonly Span[];
}

/** Undefined when no multi-line quoted scalar or flow collection is under-indented. */
export function indentFlowContinuations(text: string): IndentedCopy | undefined {
  const insertions: [number, number][] = [];
  const constructs: Span[] = [];
  let blockScalarIndent = -1;
  for (let line = 0; line < text.length; ) {
    const end = lineEnd(text, line);
    const indent = leadingSpaces(text, line, end);
    if (blockScalarIndent >= 0 && (indent > blockScalarIndent || indent === end - line)) {
      line = nextLine(text, end);
      continue;
    }
    blockScalarIndent = -1;
    const scanned = scanLine(text, line, end);
    if (scanned.blockScalar) blockScalarIndent = indent;
    if (scanned.flow) {
      const { start, close } = scanned.flow;
      // More indented than the node the construct belongs to: past the spaces and `- ` of its first line.
      const needed = /^[ ]*(?:-[ ]+)*/.exec(text.slice(line, end))![0].length + 1;
      let fixed = false;
      for (let at = nextLine(text, end); at <= close && at < text.length; at = nextLine(text, lineEnd(text, at))) {
        const atEnd = lineEnd(text, at);
        const spaces = leadingSpaces(text, at, atEnd);
        if (spaces < needed && at + spaces < atEnd) {
          insertions.push([at, needed - spaces]);
          fixed = true;
        }
      }
      if (fixed) constructs.push([start, end]);
      line = nextLine(text, lineEnd(text, close));
      continue;
    }
    line = nextLine(text, end);
  }
  if (!insertions.length) return undefined;
  let copy = '';
  let from = 0;
  for (const [at, count] of insertions) {
    copy += text.slice(from, at) + ' '.repeat(count);
    from = at;
  }
  return { text: copy + text.slice(from), insertions, constructs };
}

/** The original offset of an offset in the copy (an offset inside inserted spaces maps to where they were inserted). */
export function originalOffset(copy: IndentedCopy, offset: number): number {
  let shift = 0;
  for (const [at, count] of copy.insertions) {
    if (offset < at + shift) break;
    if (offset < at + shift + count) return at;
    shift += count;
  }
  return offset - shift;
}

interface ScannedLine {
  /** A quoted scalar or flow collection that opens on this line and closes on a later one. */
  readonly flow?: { readonly start: number; readonly close: number };
  /** The line ends with a block scalar header (`|`, `>-`…): its content lines follow. */
  readonly blockScalar: boolean;
}

/**
 * Block context: skips indicators (`- `, `? `, `: `), anchors, tags and aliases, and
 * plain scalars (whose quotes are ordinary characters) to find a quote or bracket
 * that starts a node.
 */
function scanLine(text: string, start: number, end: number): ScannedLine {
  let at = start;
  while (at < end) {
    const char = text[at];
    if (char === ' ' || char === '\t') at++;
    else if (char === '#') break;
    else if ((char === '-' || char === '?' || char === ':') && isBlank(text[at + 1], at + 1 >= end)) at++;
    else if (char === '&' || char === '!' || char === '*') at = tokenEnd(text, at, end);
    else if (char === '|' || char === '>') return { blockScalar: true };
    else if (char === "'" || char === '"' || char === '[' || char === '{') {
      const close = closingOf(text, at);
      if (close === undefined) return { blockScalar: false };
      if (close >= end) return { flow: { start: at, close }, blockScalar: false };
      at = close + 1;
    } else {
      // A plain scalar: to `: ` (a key), ` #` (a comment) or the end of the line.
      while (at < end && !(text[at] === ':' && isBlank(text[at + 1], at + 1 >= end)) && !(text[at] === '#' && /[ \t]/.test(text[at - 1]))) at++;
      if (text[at] === '#') break;
      if (at < end) at++;
    }
  }
  return { blockScalar: false };
}

/** The offset of the character that closes the quote or bracket at `open`; undefined when it never closes. */
function closingOf(text: string, open: number): number | undefined {
  const stack: string[] = [];
  for (let at = open; at < text.length; at++) {
    const char = text[at];
    // A document marker ends every flow construct (libyaml: "found unexpected document indicator").
    if ((at === 0 || text[at - 1] === '\n') && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(at, at + 4))) return undefined;
    if (char === "'" || char === '"') {
      const close = quoteEnd(text, at);
      if (close === undefined) return undefined;
      if (!stack.length) return close;
      at = close;
    } else if (stack.length && char === '#' && /[ \t\n]/.test(text[at - 1])) {
      at = lineEnd(text, at) - 1;
    } else if (char === '[' || char === '{') {
      stack.push(char === '[' ? ']' : '}');
    } else if (char === ']' || char === '}') {
      if (stack.pop() !== char) return undefined;
      if (!stack.length) return at;
    }
  }
  return undefined;
}

/** The closing quote of the quoted scalar at `open` (`''` escapes a single quote, `\` escapes in double quotes). */
function quoteEnd(text: string, open: number): number | undefined {
  const quote = text[open];
  for (let at = open + 1; at < text.length; at++) {
    if ((at === 0 || text[at - 1] === '\n') && /^(?:---|\.\.\.)(?:[ \t\r\n]|$)/.test(text.slice(at, at + 4))) return undefined;
    if (quote === '"' && text[at] === '\\') at++;
    else if (text[at] === quote) {
      if (quote === "'" && text[at + 1] === "'") at++;
      else return at;
    }
  }
  return undefined;
}

function tokenEnd(text: string, at: number, end: number): number {
  while (at < end && !/[ \t]/.test(text[at])) at++;
  return at;
}

function isBlank(char: string | undefined, atEnd: boolean): boolean {
  return atEnd || char === ' ' || char === '\t';
}

function leadingSpaces(text: string, start: number, end: number): number {
  let at = start;
  while (at < end && text[at] === ' ') at++;
  return at - start;
}

/** The end of the line starting at or containing `pos`, before its line break. */
function lineEnd(text: string, pos: number): number {
  const newline = text.indexOf('\n', pos);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(text: string, end: number): number {
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}
