// Reading YAML as kubectl reads it. kubectl (and the API server, for YAML bodies)
// converts each document to JSON with sigs.k8s.io/yaml, which decodes with
// go-yaml v2 (Kubernetes 1.29+ vendors sigs.k8s.io/yaml v1.4, whose goyaml.v2 is a
// fork of gopkg.in/yaml.v2 v2.4.0). That is YAML 1.1 typing on a libyaml parser:
// `on` is a boolean, `0777` an octal number, `<<` merges maps, and a duplicate key
// silently replaces the earlier one. The `yaml` package reads YAML 1.2; these
// options make its values match go-yaml's, checked against go-yaml itself by
// test/oracle/.

import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments, parseDocument, type Document, type DocumentOptions, type Node, type Pair, type ParseOptions, type Scalar, type ScalarTag, type SchemaOptions, type Tags, type YAMLError } from 'yaml';
import { indentFlowContinuations, originalOffset } from './flowContinuations';
import type { Span } from './types';

/**
 * The value go-yaml v2 gives a plain (unquoted, untagged) scalar, as its
 * `resolve()` does: the first character picks the candidates, then booleans and
 * nulls by table, integers as Go's `strconv.ParseInt(s, 0, 64)` reads them after
 * dropping every `_` (so `0777` is octal, `08` is not an integer but the float 8),
 * floats by go-yaml's `yamlStyleFloat`. Everything else is the string itself
 * (timestamps too: go-yaml decodes them to strings when the target is untyped).
 */
export function goYamlPlainValue(text: string): unknown {
  const first = text[0];
  if (first === undefined || first === '~') return text.length <= 1 ? null : text;
  // Most scalars are names and keys: only these first characters can start anything but a string.
  if (!MAY_BE_TYPED[text.charCodeAt(0)]) return text;
  if (text in GO_YAML_WORDS) return GO_YAML_WORDS[text];
  if (first === '.') return /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(text) ? Number(text) : text;
  if (!/[-+0-9]/.test(first)) return text;
  const plain = text.replace(/_/g, '');
  const integer = goInteger(plain);
  if (integer !== undefined) return integer;
  return /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(plain) ? Number(plain) : text;
}

/** The go-yaml type of a plain scalar's text: what its `resolve()` tags it with. */
function goYamlType(text: string): string {
  const value = goYamlPlainValue(text);
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return goInteger(text.replace(/_/g, '')) === undefined ? 'float' : 'int';
  return 'str';
}

/** Go's ParseInt with base 0 (sign, then 0b/0o/0x or a leading 0 for octal), or ParseUint for big positive ones. */
function goInteger(plain: string): number | undefined {
  const match = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (!match) return undefined;
  const [, sign, digits] = match;
  const body = /^0[0-7]/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const value = Number(body);
  // Beyond int64 (or uint64 without a sign) Go's parsers fail and the float path decides.
  const big = BigInt(body);
  if (sign === '-' ? big > 2n ** 63n : big > (sign ? 2n ** 63n - 1n : 2n ** 64n - 1n)) return undefined;
  return sign === '-' ? -value : value;
}

const MAY_BE_TYPED: readonly boolean[] = Array.from({ length: 128 }, (_, code) => '-+.0123456789yYnNtTfFoO'.includes(String.fromCharCode(code)));

/** go-yaml v2's `resolveMap`: YAML 1.1 booleans (y/n included), nulls, infinities and NaN. */
const GO_YAML_WORDS: Readonly<Record<string, unknown>> = Object.assign(Object.create(null) as Record<string, unknown>, {
  ...words(true, 'y Y yes Yes YES true True TRUE on On ON'),
  ...words(false, 'n N no No NO false False FALSE off Off OFF'),
  ...words(null, 'null Null NULL'),
  ...words(Number.NaN, '.nan .NaN .NAN'),
  ...words(Number.POSITIVE_INFINITY, '.inf .Inf .INF +.inf +.Inf +.INF'),
  ...words(Number.NEGATIVE_INFINITY, '-.inf -.Inf -.INF'),
});

function words(value: unknown, list: string): Record<string, unknown> {
  return Object.fromEntries(list.split(' ').map((word) => [word, value]));
}

/**
 * One tag for every plain scalar but the merge key `<<`: it goes first and matches
 * all of them, so the YAML 1.2 core tags behind it only ever see explicit tags
 * (`!!int "1"`), and the `yaml` package runs no other tag's test on a plain scalar.
 */
const goYamlPlain: ScalarTag = {
  tag: 'tag:kube-pull-policy,2026:go-yaml-v2-plain',
  default: true,
  test: /^(?!<<$)/,
  resolve: goYamlPlainValue,
};

/** Options for `parseAllDocuments` that read values as kubectl does. */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  prettyErrors: false,
  // sigs.k8s.io/yaml's YAMLToJSON is not strict: the last duplicate wins.
  uniqueKeys: false,
  merge: true,
  // A function, not a shared Schema: parsing an explicit tag adds it to the schema's tags, which must not carry over.
  customTags: (tags: Tags) => [goYamlPlain, ...tags],
};

/** What kubectl's reading says about a document that the `yaml` package does not. */
export interface ReadingProblem {
  /** `error`: kubectl stops; `strict`: kubectl reads it, strict YAML 1.2 tools do not; `ignored`: kubectl never reads it. */
  readonly kind: 'error' | 'strict' | 'ignored';
  /** In the original text. */
  readonly span: Span;
  readonly message: string;
}

/** One `---` piece of a stream, parsed as kubectl reads it. */
export interface YamlReading {
  /** The document kubectl decodes: the first one of the piece (go-yaml's Unmarshal reads one). */
  readonly doc: Document;
  /** The text `doc` was parsed from: the piece, or a copy with continuation lines indented (see flowContinuations.ts). */
  readonly text: string;
  /** Maps an offset in `text` to the piece. */
  readonly toOriginal: (offset: number) => number;
  readonly problems: readonly ReadingProblem[];
}

/**
 * Parses one piece (see documents.ts) as kubectl reads it. Where the `yaml` package
 * rejects only the indentation of continuation lines, which go-yaml ignores, the
 * piece is re-parsed from an indented copy and the constructs are noted as strict;
 * where it rejects only what follows the document's first node, which go-yaml never
 * reads, that node is parsed alone and the rest noted as ignored.
 */
export function readYaml(text: string): YamlReading {
  // libyaml reads NEL, LS and PS as line breaks (YAML 1.1), YAML 1.2 as content;
  // one character each, so every offset stays. Not in a `%` line: kubectl rejects
  // the directive anyway, and one error there is enough.
  const libyamlText = text.search(UNICODE_BREAKS) < 0 ? text : text.replace(UNICODE_BREAKS, (c: string, at: number) => (text[text.lastIndexOf('\n', at) + 1] === '%' ? c : '\n'));
  let docs = parseAsLibyaml(libyamlText);
  let parsedText = libyamlText;
  let toOriginal = (offset: number) => offset;
  const problems: ReadingProblem[] = [];
  if (docs.some((doc) => doc.errors.length)) {
    const copy = indentFlowContinuations(libyamlText);
    const again = copy && parseAsLibyaml(copy.text);
    if (copy && again && errorCount(again) < errorCount(docs)) {
      docs = again;
      parsedText = copy.text;
      toOriginal = (offset) => originalOffset(copy, offset);
      for (const span of copy.constructs) problems.push({ kind: 'strict', span, message: STRICT_INDENT });
    }
  }
  const rootOnly = docs[0] && afterRoot(docs[0], parsedText);
  if (rootOnly) {
    docs = [rootOnly.doc];
    const start = toOriginal(rootOnly.rest);
    problems.push({ kind: 'ignored', span: [start, lineEndOf(text, start)], message: rootOnly.message });
  }
  const doc = docs[0] ?? parseDocument('', KUBECTL_YAML);
  problems.push(...kubectlOnlyErrors(text, doc, parsedText, toOriginal));
  for (const later of docs.slice(1)) {
    if (later.contents === null && !later.errors.length) continue;
    const start = toOriginal(later.range[0]);
    problems.push({ kind: 'ignored', span: [start, lineEndOf(text, start)], message: IGNORED_AFTER_END });
  }
  return { doc, text: parsedText, toOriginal, problems };
}

const UNICODE_BREAKS = /[\u0085\u2028\u2029]/g;

const IGNORED_AFTER_ROOT =
  'kubectl never reads this: go-yaml decodes one value per document and stops where it ends, and it ended before this line (the lines above are indented further, or form a complete value). Indent this line to belong to the value above, or put a --- line before it.';
const IGNORED_AFTER_DIRECTIVE =
  'kubectl never reads this or anything after it in this document: a % directive line ends the document for go-yaml. Remove the directive line.';
const STRICT_INDENT =
  'kubectl reads this value, but its continuation lines are indented less than YAML 1.2 requires, so strict YAML tools (yaml-language-server, Prettier, the yaml npm package) reject the file. Indent those lines further than the key to make it portable.';
const IGNORED_AFTER_END =
  'kubectl never reads this: it cuts a stream into documents only at --- lines and reads one document from each, so what follows a ... line is silently dropped. Put a --- line before it.';

/**
 * `parseAllDocuments` with kubectl's options, less the errors libyaml does not
 * make: it takes `#` for a comment after a quoted scalar or a closing bracket even
 * without a space before it (`"a"#x`, `[a]#x`), where YAML 1.2 wants the space.
 */
function parseAsLibyaml(text: string): Document.Parsed[] {
  const parsed = parseAllDocuments(text, KUBECTL_YAML);
  const docs = Array.isArray(parsed) ? parsed : [];
  const glued = (error: YAMLError) => error.code === 'MISSING_CHAR' && text[error.pos[0]] === '#' && /["'\]}]/.test(text[error.pos[0] - 1] ?? '');
  for (const doc of docs) if (doc.errors.some(glued)) doc.errors = doc.errors.filter((error) => !glued(error));
  return docs;
}

/**
 * go-yaml decodes one node per document and stops once it ends: libyaml's parser
 * then only peeks at the next token, which for a plain scalar, `-`, `?` or `:`
 * scans no further than its line. So content after the root node ends (lines
 * indented less than an indented first line, or anything after a complete flow
 * value) is never read, where the `yaml` package reports an error. A `...` line
 * with content after it, or a `%YAML`/`%TAG` line, ends the root node where it
 * stands (libyaml closes every block there). When every error of `doc` lies after
 * the end and the text up to it parses alone, that parse is kubectl's document.
 */
function afterRoot(doc: Document, text: string): { doc: Document.Parsed; rest: number; message: string } | undefined {
  const first = doc.errors[0];
  const root = doc.contents;
  if (!first || !root?.range) return undefined;
  const marker = LINE_MARKER.exec(text);
  let end: number;
  let rest: number;
  let message: string;
  if (marker && marker.index > root.range[0] && marker.index <= first.pos[0]) {
    end = rest = marker.index;
    message = text[end] === '%' ? IGNORED_AFTER_DIRECTIVE : IGNORED_AFTER_END;
  } else {
    end = root.range[1];
    rest = first.pos[0];
    message = IGNORED_AFTER_ROOT;
    // A block collection ends only at a line indented less than its own (the `yaml` package also ends it at a flow `]` that is).
    const block = (isMap(root) || isSeq(root)) && !root.flow;
    if (block && columnOf(text, rest) >= columnOf(text, root.range[0])) return undefined;
    if (!/^[^\s"'[\]{}@`%!&*|>#,]/u.test(text.slice(rest, rest + 1))) return undefined;
  }
  if (doc.errors.some((error) => error.pos[0] < end)) return undefined;
  const [prefix] = parseAsLibyaml(text.slice(0, end));
  if (!prefix || prefix.errors.length) return undefined;
  return { doc: prefix, rest, message };
}

const LINE_MARKER = /^(?:%(?:YAML|TAG)[ \t]|\.\.\.(?=[ \t\r\n]|$))/m;

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function errorCount(docs: readonly Document[]): number {
  return docs.reduce((sum, doc) => sum + doc.errors.length, 0);
}

/**
 * What go-yaml rejects and the `yaml` package accepts, with kubectl's own words:
 * content on a `---` line (apimachinery's YAMLReader), directives (the reader cuts
 * them off from their document), a document that is only `...`, control
 * characters, and what nodeProblems finds.
 */
function kubectlOnlyErrors(text: string, doc: Document, parsedText: string, toOriginal: (offset: number) => number): ReadingProblem[] {
  const problems: ReadingProblem[] = [];
  const marker = /^---[ \t]*([^ \t\r\n#][^\r\n]*)/.exec(text);
  if (marker) {
    const rest = marker[1].trim();
    problems.push({ kind: 'error', span: [3, marker[0].length], message: `kubectl stops with "invalid Yaml document separator: ${rest}": it allows only a comment after ---. Move the content to the next line.` });
  }
  // Directives come first, among comments and blank lines (documents.ts keeps them with their document).
  const directive = /^(?:\uFEFF?(?:#[^\r\n]*|[ \t]*)(?:\r?\n))*(\uFEFF?%[^\r\n]*)/.exec(text);
  if (directive) {
    const start = directive[0].length - directive[1].length;
    problems.push({
      kind: 'error',
      span: [start, directive[0].length],
      message: 'kubectl stops with "yaml: did not find expected <document start>": it cuts documents at --- lines, which leaves this directive at the end of the previous document. Remove the directive.',
    });
  }
  // What kubectl's reader passes on after dropping the `---` line: if it begins with
  // `...` before any content, go-yaml finds a document end where a node must be.
  const body = text.startsWith('---') ? text.slice(Math.min(text.length, lineEndOf(text, 0) + 1)) : text;
  const empty = doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.contents.source === '');
  const bare = empty && !doc.errors.length ? /^((?:\uFEFF?[ \t]*(?:#[^\r\n]*)?\r?\n)*\uFEFF?)\.\.\.(?:[ \t\r\n]|$)/.exec(body) : null;
  if (bare) {
    const at = text.length - body.length + bare[1].length;
    problems.push({
      kind: 'error',
      span: [at, at + 3],
      message: 'kubectl stops with "yaml: did not find expected node content": a document that holds nothing but ... is an error to it. Remove the ... line.',
    });
  }
  // libyaml's reader accepts only printable characters (yaml_parser_update_buffer).
  const control = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    problems.push({ kind: 'error', span: [control.index, control.index + 1], message: `kubectl stops with "yaml: control characters are not allowed": this U+${code} is not printable. Remove it.` });
  }
  for (const { range, message } of nodeProblems(doc, parsedText)) problems.push({ kind: 'error', span: [toOriginal(range[0]), toOriginal(range[1])], message });
  return problems;
}

const FLOW_MESSAGES = {
  colon: (source: string) => `kubectl stops with "did not find expected node content": inside [ ] or { } go-yaml reads the : that starts ${source} as a value indicator. Quote the value.`,
  question: (source: string, closer: string) => `kubectl stops with "did not find expected ',' or '${closer}'": inside [ ] or { } go-yaml ends a plain value at ?, so ${source} needs quotes. Quote the value.`,
} as const;

const KEY_MESSAGES = {
  collection: 'kubectl stops with "yaml: invalid map key": a list or a map cannot be a mapping key for it. Write a string key.',
  empty: 'kubectl stops here: an empty or null mapping key is an error to it ("Unsupported map key" or "did not find expected key"). Write the key.',
  multiline: 'kubectl stops with "did not find expected \',\' or \'}\'": inside [ ] or { } go-yaml reads a key only on one line, and this one continues on the next. Put the key on one line.',
  adjacent: 'kubectl stops with "did not find expected \',\' or \'}\'": inside [ ] or { } it needs a space between this colon and the [ or { after it. Add the space.',
} as const;

/**
 * In one walk of the document, what go-yaml or sigs.k8s.io/yaml cannot decode:
 * mapping keys that are collections, empty or null; a plain key whose `:` is glued
 * to a flow collection (`{a:[b]}`: libyaml takes `:` for a value indicator only
 * before a blank there); inside `[ ]` and `{ }`, keys across lines and plain values
 * holding `?` or starting with `:`; infinities and NaN that reach the JSON (not
 * replaced by a later duplicate key), which JSON has not; anchor names libyaml
 * does not allow, and aliases with no anchor of their name before them (the `yaml`
 * package leaves those unresolved without an error); explicitly tagged scalars
 * whose text is of another type.
 */
function nodeProblems(doc: Document, text: string): { range: Span; message: string }[] {
  const found: { range: Span; message: string }[] = [];
  const at = (node: Node | null | undefined, fallback = 0): Span => (node?.range ? [node.range[0], Math.max(node.range[1], node.range[0] + 1)] : [fallback, fallback + 1]);
  const anchors = new Set<string>();
  // A node's properties: its anchor, and its tag.
  const properties = (node: Node) => {
    if (node.anchor) {
      anchors.add(node.anchor);
      if (!LIBYAML_ANCHOR.test(node.anchor)) found.push({ range: at(node), message: anchorMessage(node.anchor) });
    }
    if (node.tag && isScalar(node)) tagProblem(node);
  };
  // go-yaml resolves an explicitly tagged scalar by its text, and fails unless the text is of that type (an integer passes as a float).
  const tagProblem = (node: Scalar) => {
    const tag = /^tag:yaml\.org,2002:(null|bool|int|float|binary)$/.exec(node.tag ?? '')?.[1];
    if (!tag) return;
    const source = String(node.source);
    if (tag === 'binary') {
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(source) || source.replace(/\s/g, '').length % 4) found.push({ range: at(node), message: 'kubectl stops with "yaml: !!binary value contains invalid base64 data". Write base64 data or remove the tag.' });
      return;
    }
    const typed = goYamlType(source);
    if (typed !== tag && !(tag === 'float' && typed === 'int')) {
      found.push({ range: at(node), message: `kubectl stops with "yaml: cannot decode !!${typed} \`${source}\` as a !!${tag}": go-yaml reads an explicitly tagged value by its text. Remove the tag or write a ${tag} value.` });
    }
  };
  const keyOf = (pair: Pair) => (isScalar(pair.key) ? pair.key.value : pair.key);
  /** A pair's key; in `[ ]` or `{ }` (`closer` given) also what libyaml reads differently there. */
  const pairProblem = (pair: Pair, closer?: ']' | '}') => {
    const key = pair.key as Node | null;
    if (key === null || (isScalar(key) && key.value === null)) found.push({ range: at(key, (isNode(pair.value) && pair.value.range?.[0]) || 0), message: KEY_MESSAGES.empty });
    else if (isCollection(key)) found.push({ range: at(key), message: KEY_MESSAGES.collection });
    else if (isScalar(key) && key.type === 'PLAIN' && key.range && text[key.range[1]] === ':' && /[[{]/.test(text[key.range[1] + 1] ?? '')) {
      found.push({ range: [key.range[0], key.range[1] + 2], message: KEY_MESSAGES.adjacent });
    }
    if (!closer) return;
    // libyaml's simple keys end at the line's end (the key runs to its `:`); in [ ] and { } it then wants a , or the closing bracket.
    if (isScalar(key) && key.range && /[\r\n]/.test(text.slice(key.range[0], keyEnd(key.range[1], pair.value)))) found.push({ range: at(key), message: KEY_MESSAGES.multiline });
    flowPlain(key, closer);
    flowPlain(pair.value, closer);
  };
  const keyEnd = (end: number, value: unknown) => {
    const valueStart = isNode(value) && value.range ? value.range[0] : end;
    const colon = text.slice(end, valueStart).indexOf(':');
    return colon < 0 ? end : end + colon;
  };
  // libyaml (as go-yaml v2 ports it) ends a plain scalar in [ ] or { } at `?` too, and reads a leading `:` there as a value indicator.
  const flowPlain = (node: unknown, closer: string) => {
    if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.source !== 'string') return;
    if (node.source.startsWith(':')) found.push({ range: at(node), message: FLOW_MESSAGES.colon(node.source) });
    else if (node.source.includes('?')) found.push({ range: at(node), message: FLOW_MESSAGES.question(node.source, closer) });
  };
  const infinite = (node: unknown): node is Scalar<number> => isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value);
  const unsupported = (node: Scalar<number>) => {
    const shown = Number.isNaN(node.value) ? 'NaN' : node.value > 0 ? '+Inf' : '-Inf';
    found.push({ range: at(node), message: `kubectl stops with "json: unsupported value: ${shown}": it reads ${node.source} as a number that JSON cannot hold. Quote it to mean the text.` });
  };
  // A hand-written walk in document order (anchors before their aliases): yaml's `visit` costs a tenth of the parse here.
  const stack: unknown[] = [doc.contents];
  // Key, then value, so they pop in document order.
  const pushPair = (pair: Pair, replaced: boolean) => {
    if (replaced) stack.push(NOT_SENT);
    stack.push(pair.value);
    // A mapping key: anchors and aliases count, a number there is a string to sigs.k8s.io/yaml.
    if (isScalar(pair.key)) stack.push(NOT_SENT);
    stack.push(pair.key);
  };
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      properties(node);
      const { items } = node;
      for (const pair of items) pairProblem(pair, node.flow ? '}' : undefined);
      // An infinity reaches the JSON unless a later duplicate key replaces it.
      for (let i = items.length - 1; i >= 0; i--) pushPair(items[i], infinite(items[i].value) && items.some((other, j) => j > i && keyOf(other) === keyOf(items[i])));
    } else if (isSeq(node)) {
      properties(node);
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        // A single-pair mapping in [ ] (`[a: b]`) is a Pair among the items.
        if (isPair(item)) {
          pairProblem(item, ']');
          pushPair(item, false);
        } else {
          if (node.flow) flowPlain(item, ']');
          stack.push(item);
        }
      }
    } else if (isScalar(node)) {
      properties(node);
      if (stack[stack.length - 1] === NOT_SENT) stack.pop();
      else if (infinite(node)) unsupported(node);
    } else if (isAlias(node)) {
      if (!LIBYAML_ANCHOR.test(node.source)) found.push({ range: at(node), message: anchorMessage(node.source) });
      else if (!anchors.has(node.source)) {
        found.push({ range: at(node), message: `kubectl stops with "yaml: unknown anchor '${node.source}' referenced": no &${node.source} comes before this alias. Define the anchor first.` });
      }
    }
  }
  return found;
}

/** libyaml's anchor and alias names: letters, digits, `-` and `_` (YAML 1.2 allows any character but spaces and flow indicators). */
const LIBYAML_ANCHOR = /^[0-9A-Za-z_-]+$/;

function anchorMessage(name: string): string {
  return `kubectl stops here: go-yaml allows only letters, digits, "-" and "_" in anchor and alias names, and ${JSON.stringify(name)} has others (it reports "did not find expected alphabetic or numeric character", or misreads what follows). Rename the anchor.`;
}

/** On the walk's stack right under a scalar that never reaches the JSON as a value: a key, or a value a later duplicate replaces. */
const NOT_SENT = Symbol('not sent');

function lineEndOf(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
}
