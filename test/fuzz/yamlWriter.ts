// A small YAML writer for the fuzz generators: a tree of nodes, each carrying the
// style it should be written in (block or flow collections; plain, quoted, block
// or escaped scalars; anchors, aliases, tags, comments), rendered to text with a
// chosen indentation. Scalars are checked against the `yaml` package: a style
// that would not read back as the intended value falls back to a double-quoted
// scalar, so the generators' models stay true.

import { parseDocument } from 'yaml';

export type ScalarValue = string | number | boolean | null;

export type ScalarStyle =
  | 'plain'
  | 'single'
  | 'double'
  /** Double-quoted with one character written as an escape (`\x6e`): no verbatim span. */
  | 'doubleEscaped'
  /** Double-quoted, a space written as a line break (folded back to a space). */
  | 'doubleMultiline'
  /** Plain, a space written as a line break. */
  | 'plainMultiline'
  /** `>-` */
  | 'folded'
  /** `|-` */
  | 'literal'
  /** `|`: the value's final line break is kept; the value must end with one. */
  | 'literalKeep'
  /** null as nothing at all after the colon; '' with `!!str` */
  | 'empty'
  /** '' as a block scalar header without content: `|` */
  | 'emptyLiteral'
  /** '' as `>-` without content */
  | 'emptyFolded'
  /** null as a flow-map key without a colon (`{image: x, imagePullPolicy}`); `key:` in block maps */
  | 'keyOnly'
  /** null as `~` */
  | 'tilde'
  /** null as `null`, `Null` or `NULL` */
  | 'nullWord';

export interface ScalarNode {
  readonly t: 'scalar';
  readonly value: ScalarValue;
  readonly style: ScalarStyle;
  readonly anchor?: string;
  /** `!!str` (strings only) or `!!null` (null only). */
  readonly tag?: '!!str' | '!!null';
  /** Spelling for `nullWord`. */
  readonly nullWord?: 'null' | 'Null' | 'NULL';
}

export interface AliasNode {
  readonly t: 'alias';
  readonly name: string;
}

export interface MapEntry {
  readonly key: string;
  readonly value: YNode;
  /** Own-line comment before the key. */
  readonly commentBefore?: string;
  /** Write that comment at column 0 rather than at the key's column. */
  readonly commentAtColumn0?: boolean;
  /** End-of-line comment after the value (or after `key:` for block collections). */
  readonly comment?: string;
  /** Write the key quoted. */
  readonly keyQuote?: '"' | "'";
  /** Write `key :` (a space before the colon). */
  readonly spaceBeforeColon?: boolean;
  /** A tab rather than a space after the colon (scalars in block maps). */
  readonly tabAfterColon?: boolean;
  /** `key:` alone, the scalar value indented on the next line (block maps). */
  readonly valueOnNextLine?: boolean;
}

export interface MapNode {
  readonly t: 'map';
  readonly entries: readonly MapEntry[];
  readonly flow?: boolean;
  readonly anchor?: string;
  /** A single pair inside a flow sequence written without braces: `[image: x]`. */
  readonly bare?: boolean;
}

export interface SeqItem {
  readonly value: YNode;
  readonly commentBefore?: string;
  /** A comment on the dash line (block) or after the comma (multi-line flow). */
  readonly comment?: string;
}

export interface SeqNode {
  readonly t: 'seq';
  readonly items: readonly SeqItem[];
  readonly flow?: boolean;
  /** Flow only: one item per line. */
  readonly multiline?: boolean;
  readonly anchor?: string;
}

export type YNode = ScalarNode | AliasNode | MapNode | SeqNode;

export interface Layout {
  /** Columns per nesting level: 2, 4, or odd ones. */
  readonly indent: number;
  /** `key:\n  - item` (true) or `key:\n- item` (false). */
  readonly seqIndented: boolean;
  /** Spaces after a sequence dash: 1, or `indent - 1` for `-   name:`. */
  readonly dashGap: number;
}

export const scalar = (value: ScalarValue, style: ScalarStyle = 'plain', extra: Partial<ScalarNode> = {}): ScalarNode => ({
  t: 'scalar',
  value,
  style,
  ...extra,
});
export const map = (entries: readonly MapEntry[], extra: Partial<MapNode> = {}): MapNode => ({ t: 'map', entries, ...extra });
export const seq = (items: readonly (YNode | SeqItem)[], extra: Partial<SeqNode> = {}): SeqNode => ({
  t: 'seq',
  items: items.map((item) => ('t' in item ? { value: item } : item)),
  ...extra,
});
export const entry = (key: string, value: YNode, extra: Partial<MapEntry> = {}): MapEntry => ({ key, value, ...extra });

// ── Scalars ──────────────────────────────────────────────────────────────────

type Context = 'block' | 'flow';

/** A scalar's text: the first line (after `key: `) and continuation lines (already indented). */
interface ScalarText {
  readonly first: string;
  readonly rest: readonly string[];
  /** Block scalars take an end-of-line comment on the header line. */
  readonly commentOnFirst: boolean;
}

const checked = new Map<string, boolean>();

function writeStyle(node: ScalarNode, context: Context, continuation: string): ScalarText | undefined {
  const { value, style } = node;
  const one = (first: string): ScalarText => ({ first, rest: [], commentOnFirst: false });
  if (value === null) {
    if (style === 'empty' || style === 'keyOnly') return one('');
    if (style === 'tilde') return one('~');
    if (style === 'nullWord') return one(node.nullWord ?? 'null');
    return one('null');
  }
  if (typeof value !== 'string') return one(String(value));
  switch (style) {
    case 'plain':
      return one(value);
    case 'single':
      return one(`'${value.replace(/'/g, "''")}'`);
    case 'double':
      return one(doubleQuoted(value));
    case 'doubleEscaped': {
      const i = [...value].findIndex((c) => /[a-z0-9]/i.test(c));
      if (i < 0) return undefined;
      const code = value.charCodeAt(i).toString(16).padStart(2, '0');
      return one(doubleQuoted(value.slice(0, i)).slice(0, -1) + `\\x${code}` + doubleQuoted(value.slice(i + 1)).slice(1));
    }
    case 'doubleMultiline':
    case 'plainMultiline': {
      if (context === 'flow') return undefined;
      const space = value.indexOf(' ');
      if (space <= 0 || space === value.length - 1) return undefined;
      const head = value.slice(0, space);
      const tail = value.slice(space + 1);
      if (style === 'plainMultiline') return { first: head, rest: [continuation + tail], commentOnFirst: false };
      return { first: doubleQuoted(head).slice(0, -1), rest: [continuation + doubleQuoted(tail).slice(1)], commentOnFirst: false };
    }
    case 'folded':
    case 'literal':
    case 'literalKeep': {
      if (context === 'flow') return undefined;
      const content = style === 'literalKeep' ? value.replace(/\n$/, '') : value;
      if (content === '' || content.includes('\n')) return undefined;
      const header = style === 'folded' ? '>-' : style === 'literal' ? '|-' : '|';
      return { first: header, rest: [continuation + content], commentOnFirst: true };
    }
    case 'empty':
      return value === '' ? one('') : undefined;
    case 'emptyLiteral':
    case 'emptyFolded':
      if (context === 'flow' || value !== '') return undefined;
      return { first: style === 'emptyLiteral' ? '|' : '>-', rest: [], commentOnFirst: true };
    default:
      return undefined;
  }
}

function doubleQuoted(value: string): string {
  // JSON escapes are valid YAML double-quoted escapes; lone surrogates stay escaped.
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Does `text` (written after `key:` or inside `[ ]`) read back as `value`? */
function readsBack(node: ScalarNode, context: Context, written: ScalarText, props: string): boolean {
  const head = [props, written.first].filter(Boolean).join(' ');
  const key = JSON.stringify([context, head, written.rest, typeof node.value, node.value, node.tag ?? '']);
  const cached = checked.get(key);
  if (cached !== undefined) return cached;
  const rest = written.rest.map((line) => line.replace(/^ */, '  '));
  const text = context === 'flow' ? `[${head}]\n` : [`k: ${head}`, ...rest, 'z: 0'].join('\n') + '\n';
  let ok = false;
  try {
    const doc = parseDocument(text, { prettyErrors: false, logLevel: 'error' });
    if (doc.errors.length === 0 && doc.warnings.length === 0) {
      const js = doc.toJS() as unknown;
      const got = context === 'flow' ? (js as unknown[])[0] : (js as Record<string, unknown>).k;
      ok = Object.is(got, node.value) && (context === 'flow' ? (js as unknown[]).length === 1 : Object.keys(js as object).length === 2);
    }
  } catch {
    ok = false;
  }
  checked.set(key, ok);
  return ok;
}

function props(node: { anchor?: string; tag?: string }): string {
  return [node.tag, node.anchor && `&${node.anchor}`].filter(Boolean).join(' ');
}

/** The scalar in the requested style when that reads back, else double-quoted (or `null`). */
export function writeScalar(node: ScalarNode, context: Context, continuation: string): ScalarText {
  const p = props(node);
  const wanted = writeStyle(node, context, continuation);
  if (wanted && readsBack(node, context, wanted, p)) return wanted;
  const fallback: ScalarText =
    node.value === null
      ? { first: 'null', rest: [], commentOnFirst: false }
      : typeof node.value === 'string'
        ? { first: doubleQuoted(node.value), rest: [], commentOnFirst: false }
        : { first: String(node.value), rest: [], commentOnFirst: false };
  return fallback;
}

// ── Collections ──────────────────────────────────────────────────────────────

const sp = (n: number) => ' '.repeat(n);

function keyText(e: MapEntry): string {
  const key = e.keyQuote === '"' ? JSON.stringify(e.key) : e.keyQuote === "'" ? `'${e.key}'` : e.key;
  return key + (e.spaceBeforeColon ? ' :' : ':');
}

const comment = (text: string | undefined) => (text === undefined ? '' : ` ${text}`);

/** A node in flow context, on one line. */
export function flowText(node: YNode): string {
  switch (node.t) {
    case 'alias':
      return `*${node.name}`;
    case 'scalar': {
      const p = props(node);
      const written = writeScalar(node, 'flow', '');
      return [p, written.first].filter(Boolean).join(' ');
    }
    case 'map': {
      const body = node.entries
        .map((e) => {
          if (!node.bare && e.value.t === 'scalar' && e.value.style === 'keyOnly' && e.value.value === null && !e.value.anchor && !e.value.tag && !e.spaceBeforeColon) {
            return keyText(e).slice(0, -1);
          }
          const value = flowText(e.value);
          return `${keyText(e)}${value === '' ? ' ' : ` ${value}`}`;
        })
        .join(', ');
      if (node.bare && node.entries.length === 1 && !node.anchor) return body;
      return [props(node), `{${body}}`].filter(Boolean).join(' ');
    }
    case 'seq':
      return [props(node), `[${node.items.map((item) => flowText(item.value)).join(', ')}]`].filter(Boolean).join(' ');
  }
}

function isBlockCollection(node: YNode): node is MapNode | SeqNode {
  return (node.t === 'map' || node.t === 'seq') && !node.flow && (node.t === 'map' ? node.entries.length > 0 : node.items.length > 0);
}

/** Lines of a block map whose keys start at column `col`. */
export function blockMap(node: MapNode, col: number, layout: Layout): string[] {
  const lines: string[] = [];
  for (const e of node.entries) {
    if (e.commentBefore !== undefined) lines.push(`${e.commentAtColumn0 ? '' : sp(col)}${e.commentBefore}`);
    lines.push(...afterKey(`${sp(col)}${keyText(e)}`, e.value, col, layout, e.comment, e.tabAfterColon, e.valueOnNextLine));
  }
  return lines;
}

/** `head` is `<indent>key:`; the value follows on this line or the next ones. */
function afterKey(head: string, value: YNode, col: number, layout: Layout, eolComment: string | undefined, tab?: boolean, nextLine?: boolean): string[] {
  const c = comment(eolComment);
  if (value.t === 'alias') return nextLine ? [head, `${sp(col + layout.indent)}*${value.name}${c}`] : [`${head} *${value.name}${c}`];
  if (value.t === 'scalar') {
    const p = props(value);
    const written = writeScalar(value, 'block', sp(col + layout.indent));
    const first = [p, written.first].filter(Boolean).join(' ');
    if (nextLine && first !== '' && !written.commentOnFirst) {
      const rest = [...written.rest];
      const last = rest.length ? rest.pop() : undefined;
      return last === undefined ? [head, `${sp(col + layout.indent)}${first}${c}`] : [head, `${sp(col + layout.indent)}${first}`, ...rest, `${last}${c}`];
    }
    const sep = tab ? '\t' : ' ';
    if (written.rest.length === 0) return [`${head}${first === '' ? '' : sep + first}${c}`];
    if (written.commentOnFirst) return [`${head} ${first}${c}`, ...written.rest];
    return [`${head} ${first}`, ...written.rest.slice(0, -1), `${written.rest[written.rest.length - 1]}${c}`];
  }
  if (!isBlockCollection(value)) return [`${head} ${flowText(value)}${c}`];
  if (value.t === 'seq' && value.flow && value.multiline) return flowSeqLines(head, value, col, layout, c);
  const p = props(value);
  const headLine = `${head}${p ? ` ${p}` : ''}${c}`;
  if (value.t === 'map') return [headLine, ...blockMap(value, col + layout.indent, layout)];
  return [headLine, ...blockSeq(value, layout.seqIndented ? col + layout.indent : col, layout)];
}

function flowSeqLines(head: string, node: SeqNode, col: number, layout: Layout, c: string): string[] {
  const p = props(node);
  const lines = [`${head}${p ? ` ${p}` : ''} [${c}`];
  node.items.forEach((item, i) => {
    const comma = i < node.items.length - 1 ? ',' : '';
    lines.push(`${sp(col + layout.indent)}${flowText(item.value)}${comma}${comma ? comment(item.comment) : ''}`);
  });
  lines.push(`${sp(col)}]`);
  return lines;
}

/** Lines of a block sequence whose dashes are at column `col`. */
export function blockSeq(node: SeqNode, col: number, layout: Layout): string[] {
  const lines: string[] = [];
  const dash = `${sp(col)}-${sp(layout.dashGap)}`;
  const inner = col + 1 + layout.dashGap;
  for (const item of node.items) {
    const v = item.value;
    if (item.commentBefore !== undefined) lines.push(`${sp(col)}${item.commentBefore}`);
    if (v.t === 'map' && isBlockCollection(v)) {
      if (v.anchor !== undefined || item.comment !== undefined) {
        // `- &anchor # comment` on its own line, the map below it.
        lines.push(`${sp(col)}-${[props(v), item.comment].filter(Boolean).map((s) => ` ${s}`).join('')}`);
        lines.push(...blockMap({ ...v, anchor: undefined }, col + Math.max(layout.indent, 2), layout));
        continue;
      }
      const body = blockMap(v, inner, layout);
      // A comment before the first key goes above the dash.
      const firstKey = body.findIndex((line) => line.startsWith(sp(inner)) && line[inner] !== '#');
      for (const line of body.slice(0, firstKey)) lines.push(line.startsWith(sp(inner)) ? `${sp(col)}${line.slice(inner)}` : line);
      lines.push(dash + body[firstKey].slice(inner), ...body.slice(firstKey + 1));
      continue;
    }
    if (v.t === 'seq' && isBlockCollection(v)) {
      lines.push(`${sp(col)}-${[props(v), item.comment].filter(Boolean).map((s) => ` ${s}`).join('')}`);
      lines.push(...blockSeq({ ...v, anchor: undefined }, col + Math.max(layout.indent, 2), layout));
      continue;
    }
    if (v.t === 'scalar') {
      const p = props(v);
      const written = writeScalar(v, 'block', sp(inner + layout.indent));
      const first = [p, written.first].filter(Boolean).join(' ');
      const c = comment(item.comment);
      if (written.rest.length === 0) lines.push(`${first === '' ? `${sp(col)}-` : dash + first}${c}`);
      else if (written.commentOnFirst) lines.push(`${dash}${first}${c}`, ...written.rest);
      else lines.push(`${dash}${first}`, ...written.rest.slice(0, -1), `${written.rest[written.rest.length - 1]}${c}`);
      continue;
    }
    lines.push(`${dash}${flowText(v)}${comment(item.comment)}`);
  }
  return lines;
}

/** A whole document's body (a block map, or a flow collection on one line). */
export function documentBody(node: YNode, layout: Layout): string[] {
  if (node.t === 'map' && isBlockCollection(node)) {
    if (node.anchor) return [`&${node.anchor}`, ...blockMap({ ...node, anchor: undefined }, 0, layout)];
    return blockMap(node, 0, layout);
  }
  if (node.t === 'seq' && isBlockCollection(node)) return blockSeq(node, 0, layout);
  return [flowText(node)];
}
