// Minimal text edits. A fix inserts or replaces a few characters; it never
// re-serialises the document, so comments, quoting, line endings and
// indentation elsewhere stay byte-for-byte the same.

import type { ContainerSite, Entry } from './manifest';
import type { SourceText } from './sourceText';
import type { TextEdit } from './types';

/**
 * Sets a container's pull policy to `value`: replaces an existing empty/null/wrong
 * value in place, or inserts the key as the next sibling of the image entry.
 * Returns undefined when there is no safe place (no image entry, or a value
 * written in a form that cannot be replaced verbatim).
 */
export function setPolicyEdit(source: SourceText, site: ContainerSite, value: string): TextEdit | undefined {
  if (site.policy) return replaceValueEdit(site.policy, value);
  if (!site.image) return undefined;
  return site.flow ? insertIntoFlowMap(site, value) : insertIntoBlockMap(source, site, value);
}

/** Replaces an entry's value, keeping its quotes; a missing value is written after the colon. */
export function replaceValueEdit(entry: Entry, value: string): TextEdit | undefined {
  if (entry.shape === 'null' && entry.valueSpan[0] === entry.valueSpan[1]) {
    return { span: entry.valueSpan, text: ` ${value}` };
  }
  if (entry.shape === 'null') return { span: entry.valueSpan, text: value }; // `null` or `~`
  return entry.literalSpan ? { span: entry.literalSpan, text: value } : undefined;
}

/** `{image: x}` → `{image: x, imagePullPolicy: V}`. */
function insertIntoFlowMap(site: ContainerSite, value: string): TextEdit | undefined {
  const image = site.image;
  if (!image || image.valueSpan[0] === image.valueSpan[1]) return undefined;
  const at = image.valueSpan[1];
  return { span: [at, at], text: `, ${site.policyKey}: ${value}` };
}

/** A new line after the image entry (after its trailing comment), at the image key's column. */
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
  const at = startOfNextLine(text, Math.max(image.nodeEnd, image.valueSpan[1]));
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
