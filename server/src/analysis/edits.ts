// Minimal text edits. A fix inserts or replaces a few characters; it never
// re-serialises the document, so comments, quoting, line endings and
// indentation elsewhere stay byte-for-byte the same.

import type { ContainerSite, Entry } from './manifest';
import type { SourceText } from './sourceText';
import type { TextEdit } from './types';

/**
 * Sets a container's pull policy to `value`: replaces an existing empty/null/wrong
 * value in place, or inserts the key as the next sibling of the image entry.
 * Returns undefined when there is no safe place (no image entry, an anchored or
 * aliased value, or a layout it does not understand).
 */
export function setPolicyEdit(source: SourceText, site: ContainerSite, value: string): TextEdit | undefined {
  if (site.shared) return undefined;
  if (site.policy) return replaceValueEdit(source, site.policy, value);
  // A merged-in image sits in another map: a line next to it would land there.
  if (!site.image || site.image.inherited) return undefined;
  return site.flow ? insertIntoFlowMap(source, site, value) : insertIntoBlockMap(source, site, value);
}

/**
 * Replaces an entry's value. A string keeps its quotes; an empty value (nothing,
 * `null`, `~`, a bare tag such as `!!str`, an empty block scalar) has its text
 * replaced, tag included, wherever it is written; with no text at all, the value
 * goes right after the colon, before any comment.
 */
export function replaceValueEdit({ text }: SourceText, entry: Entry, value: string): TextEdit | undefined {
  if (!entry.editable) return undefined;
  if (entry.literalSpan) return { span: entry.literalSpan, text: value };
  if (entry.shape !== 'null' && entry.value !== '') return undefined;
  if (!entry.hasColon) return { span: [entry.afterColon, entry.afterColon], text: `: ${value}` };
  const start = entry.contentStart;
  if (start === undefined) {
    // A `#` right after a plain scalar would be part of it, not a comment.
    const next = text[entry.afterColon];
    return { span: [entry.afterColon, entry.afterColon], text: ` ${value}${next !== undefined && !/\s/.test(next) ? ' ' : ''}` };
  }
  // Never past the line the text is on: an empty block scalar's span ends after its header's line break.
  const end = Math.min(Math.max(start, entry.valueSpan[1]), lineEnd(text, start));
  // Keep the blanks before a trailing comment, or the comment would join the value.
  return { span: [start, start + text.slice(start, end).trimEnd().length], text: value };
}

/** The end of the line containing `pos`, before its line break. */
function lineEnd(text: string, pos: number): number {
  const newline = text.indexOf('\n', pos);
  return newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** `{image: x}` → `{image: x, imagePullPolicy: V}`; only a map in braces (`[image: x]` is a one-pair map without them). */
function insertIntoFlowMap({ text }: SourceText, site: ContainerSite, value: string): TextEdit | undefined {
  const image = site.image;
  if (!image || image.valueSpan[0] === image.valueSpan[1] || text[site.mapSpan[0]] !== '{') return undefined;
  const at = image.valueSpan[1];
  return { span: [at, at], text: `, ${site.policyKey}: ${value}` };
}

/**
 * A new line after the image entry's last line (its trailing comment stays on it),
 * at the image key's column. Comment lines after the value belong to what follows.
 */
function insertIntoBlockMap({ text, eol }: SourceText, site: ContainerSite, value: string): TextEdit | undefined {
  const image = site.image;
  if (!image) return undefined;
  const keyStart = image.keySpan[0];
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const prefix = text.slice(lineStart, keyStart);
  // Only spaces and sequence dashes may precede a block key; anything else means a
  // layout we do not understand well enough to edit.
  if (!/^[ -]*$/.test(prefix)) return undefined;
  const indent = ' '.repeat(prefix.length);
  // After the line holding the value's last character (or its tag or anchor, for an empty value).
  const [valueStart, valueEnd] = image.valueSpan;
  const last = Math.max(valueEnd > valueStart ? valueEnd : image.afterColon, image.contentStart === undefined ? 0 : image.contentStart + 1);
  const at = startOfNextLine(text, last);
  const line = `${indent}${site.policyKey}: ${value}`;
  if (at === text.length && !text.endsWith('\n')) return { span: [at, at], text: `${eol}${line}` };
  return { span: [at, at], text: `${line}${eol}` };
}

/** `pos` itself when it starts a line, else the start of the following line (or the end of the text). */
function startOfNextLine(text: string, pos: number): number {
  if (pos === 0 || text[pos - 1] === '\n') return pos;
  const newline = text.indexOf('\n', pos);
  return newline < 0 ? text.length : newline + 1;
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span[0] - a.span[0] || b.span[1] - a.span[1]);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.span[0]) + edit.text + result.slice(edit.span[1]);
  return result;
}
