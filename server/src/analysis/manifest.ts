// Locates every container and image volume of every object in a YAML stream, with
// the source spans that rules and edits need. It reads the `yaml` AST and never
// resolves aliases in collections (an alias bomb stays a handful of nodes).

import { Document, isAlias, isMap, isScalar, isSeq, visit, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { containerLocations, isListKind, type ContainerRole, type Location } from './podSpecs';
import type { Span } from './types';

/** How a value was written, as far as rules and edits care. */
export type ValueShape = 'null' | 'string' | 'other-scalar' | 'map' | 'seq';

/** A `key: value` pair of a container map. */
export interface Entry {
  readonly keySpan: Span;
  /** Right after the `:` between key and value; the key's end when there is no colon (`{a, b: 1}`). */
  readonly afterColon: number;
  /** Whether the key has its `:` (a flow-map key may have none). */
  readonly hasColon: boolean;
  /** Where the value's text begins, tag and anchor included; undefined when there is none (comments aside). */
  readonly contentStart?: number;
  /** `[start, valueEnd)` of the value, after any tag or anchor; empty when there is no value. */
  readonly valueSpan: Span;
  /**
   * The value may be rewritten in place: false for aliases, and for anchored values
   * (an alias elsewhere would change with them).
   */
  readonly editable: boolean;
  /** The pair lives in another map, merged in with `<<`: nothing may be inserted next to it. */
  readonly inherited: boolean;
  readonly shape: ValueShape;
  /** The scalar's value (aliases of scalars resolved); undefined for collections. */
  readonly value: unknown;
  /** The scalar's text in the file, without quotes, when it equals its value (no escapes, no folding). */
  readonly literalSpan?: Span;
}

export type SiteKind = ContainerRole | 'imageVolume' | 'helmImage';

/** One container (or image volume): everything the rules need to know about it. */
export interface ContainerSite {
  readonly kind: SiteKind;
  /** `image` / `imagePullPolicy`, or `reference` / `pullPolicy` for image volumes. */
  readonly imageKey: string;
  readonly policyKey: string;
  readonly objectApiVersion?: string;
  readonly objectKind: string;
  readonly objectName?: string;
  readonly name?: string;
  /**
   * The API field path in its object, e.g. `spec.template.spec.containers[0]`: what
   * the API server reports, which receives each item of a `List` on its own.
   */
  readonly fieldPath: string;
  /** Where the object sits in a `List`, e.g. `items[3]`; undefined for a top-level object. */
  readonly objectPath?: string;
  readonly mapSpan: Span;
  readonly flow: boolean;
  readonly image?: Entry;
  readonly policy?: Entry;
  /** An alias names (or merges) the map, so it is in several containers: no fix may edit it. */
  readonly shared?: boolean;
  /** The image a chart renders from this values block (`repository:tag`), for Helm values sites. */
  readonly composedImage?: string;
}

/** Where a site is in its YAML document: `items[3].spec.containers[0]` in a `List`, else its field path. */
export function locationOf(site: ContainerSite): string {
  return site.objectPath ? `${site.objectPath}.${site.fieldPath}` : site.fieldPath;
}

const CONTAINER_LISTS: ReadonlyArray<readonly [string, ContainerRole]> = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** Nested `List` objects deeper than this are ignored; real lists nest once. */
const MAX_LIST_DEPTH = 8;

/** A parsed YAML document, the text it was parsed from, and custom pod spec paths. */
export interface Source {
  readonly doc: Document;
  readonly text: string;
  readonly podSpecPaths: Readonly<Record<string, readonly string[]>>;
}

/** A source being walked, with what is left of its alias budget. */
interface Walk extends Source {
  readonly aliasBudget: { left: number };
}

type ObjectInfo = { objectApiVersion: string | undefined; objectKind: string; objectName: string | undefined; objectPath: string | undefined };

export function locateSites(source: Source): ContainerSite[] {
  const sites: ContainerSite[] = [];
  collectObject({ ...source, aliasBudget: { left: MAX_ALIAS_HOPS } }, source.doc.contents, undefined, 0, sites);
  // Locations are visited kind by kind; people read in text order.
  return sites.sort((a, b) => a.mapSpan[0] - b.mapSpan[0]);
}

/** Aliases followed while locating containers in one document; past it, aliases are not followed (an alias bomb stays cheap). */
const MAX_ALIAS_HOPS = 10_000;

function collectObject(ctx: Walk, node: unknown, objectPath: string | undefined, depth: number, out: ContainerSite[]): void {
  if (!isMap(node)) return;
  const kind = scalarValue(ctx, get(ctx, node, 'kind'));
  if (typeof kind !== 'string') return;
  const apiVersion = scalarValue(ctx, get(ctx, node, 'apiVersion'));
  const objectName = scalarValue(ctx, get(ctx, get(ctx, node, 'metadata'), 'name'));
  const object: ObjectInfo = {
    objectApiVersion: typeof apiVersion === 'string' ? apiVersion : undefined,
    objectKind: kind,
    objectName: typeof objectName === 'string' ? objectName : undefined,
    objectPath,
  };
  if (isListKind(kind)) {
    const items = get(ctx, node, 'items');
    if (depth < MAX_LIST_DEPTH && isSeq(items)) {
      items.items.forEach((item, i) => collectObject(ctx, deref(ctx, item), `${objectPath ? `${objectPath}.` : ''}items[${i}]`, depth + 1, out));
    }
    return;
  }
  for (const location of containerLocations(apiVersion, kind, ctx.podSpecPaths)) {
    const path = 'podSpec' in location ? location.podSpec : 'containers' in location ? location.containers : location.container;
    for (const found of resolvePath(ctx, node, path)) collectLocation(ctx, location, found.node, found.path, object, out);
  }
}

/**
 * Helm values: every `image:` map with a `repository` (at any depth, bounded),
 * rendered by the usual templates as
 * `{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}`.
 */
export function locateHelmImages(ctx: Source, appVersion: string | undefined): ContainerSite[] {
  const sites: ContainerSite[] = [];
  const visit = (node: unknown, path: string, depth: number) => {
    if (!isMap(node) || depth > MAX_VALUES_DEPTH) return;
    for (const pair of node.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
      const key = pair.key.value;
      const at = path ? `${path}.${key}` : key;
      if (key === 'image' && isMap(pair.value) && findPair(ctx, pair.value, 'repository')) {
        const found = site(ctx, pair.value, 'helmImage', 'repository', 'pullPolicy', at, { objectApiVersion: undefined, objectKind: 'values', objectName: undefined, objectPath: undefined });
        const repository = scalarValue(ctx, get(ctx, pair.value, 'repository'));
        const tag = scalarValue(ctx, get(ctx, pair.value, 'tag'));
        // Sprig's `default` replaces empty values: "", null, 0 and false.
        const shownTag = tag === null || tag === undefined || tag === '' || tag === 0 || tag === false ? (appVersion ?? '') : String(tag);
        sites.push({ ...found, composedImage: typeof repository === 'string' ? `${repository}:${shownTag}` : '' });
      } else {
        visit(pair.value, at, depth + 1);
      }
    }
  };
  visit(ctx.doc.contents, '', 0);
  return sites;
}

const MAX_VALUES_DEPTH = 8;

function collectLocation(ctx: Walk, location: Location, node: unknown, path: string, object: ObjectInfo, out: ContainerSite[]): void {
  if ('podSpec' in location) {
    if (isMap(node)) collectPodSpec(ctx, node, path, object, out);
  } else if ('containers' in location) {
    if (isSeq(node)) collectContainerList(ctx, node, path, location.role, object, out);
  } else if (isMap(node)) {
    out.push(site(ctx, node, location.role, 'image', 'imagePullPolicy', path, object));
  }
}

/** Every node a dotted path with `[]` steps reaches, with its field path. */
function resolvePath(ctx: Walk, root: unknown, path: string): { node: unknown; path: string }[] {
  let reached = [{ node: root, path: '' }];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    const next: { node: unknown; path: string }[] = [];
    for (const { node, path: at } of reached) {
      const child = deref(ctx, get(ctx, node, key));
      const childPath = at ? `${at}.${key}` : key;
      if (!each) next.push({ node: child, path: childPath });
      else if (isSeq(child)) child.items.forEach((item, i) => next.push({ node: deref(ctx, item), path: `${childPath}[${i}]` }));
    }
    reached = next;
  }
  return reached;
}

function collectContainerList(ctx: Walk, list: YAMLSeq, path: string, role: ContainerRole, object: ObjectInfo, out: ContainerSite[]): void {
  list.items.forEach((node, i) => {
    const item = deref(ctx, node);
    if (isMap(item)) out.push(site(ctx, item, role, 'image', 'imagePullPolicy', `${path}[${i}]`, object));
  });
}

function collectPodSpec(ctx: Walk, spec: YAMLMap, specPath: string, object: ObjectInfo, out: ContainerSite[]): void {
  for (const [field, role] of CONTAINER_LISTS) {
    const list = deref(ctx, get(ctx, spec, field));
    if (isSeq(list)) collectContainerList(ctx, list, `${specPath}.${field}`, role, object, out);
  }
  // Image volumes (KEP-4639) default `pullPolicy` by the same rule as containers.
  const volumes = deref(ctx, get(ctx, spec, 'volumes'));
  if (!isSeq(volumes)) return;
  volumes.items.forEach((node, i) => {
    const volume = deref(ctx, node);
    const image = deref(ctx, get(ctx, volume, 'image'));
    if (isMap(image) && isMap(volume)) {
      const name = scalarValue(ctx, get(ctx, volume, 'name'));
      out.push({
        ...site(ctx, image, 'imageVolume', 'reference', 'pullPolicy', `${specPath}.volumes[${i}].image`, object),
        name: typeof name === 'string' ? name : undefined,
      });
    }
  });
}

function site(
  ctx: Source,
  map: YAMLMap,
  kind: SiteKind,
  imageKey: string,
  policyKey: string,
  fieldPath: string,
  object: ObjectInfo,
): ContainerSite {
  const name = scalarValue(ctx, get(ctx, map, 'name'));
  const range = map.range ?? [0, 0, 0];
  // kubectl expands aliases: a map an alias names (or merges) is in several containers, and a fix in it would change them all.
  const shared = map.anchor !== undefined && aliasedNodes(ctx).has(map);
  const frozen = (e: Entry | undefined) => (e && shared ? { ...e, editable: false } : e);
  return {
    kind,
    imageKey,
    policyKey,
    ...object,
    name: typeof name === 'string' ? name : undefined,
    fieldPath,
    mapSpan: [range[0], range[1]],
    flow: map.flow === true,
    image: frozen(entry(ctx, map, imageKey)),
    policy: frozen(entry(ctx, map, policyKey)),
    ...(shared ? { shared } : {}),
  };
}

function entry(ctx: Source, map: YAMLMap, key: string): Entry | undefined {
  const found = findPair(ctx, map, key);
  const pair = found?.pair;
  if (!found || !pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const keyRange = pair.key.range;
  const colon = skipBlanks(ctx.text, keyRange[1], false);
  const hasColon = ctx.text[colon] === ':';
  const afterColon = hasColon ? colon + 1 : keyRange[1];
  const valueNode = pair.value as Node | null;
  const keySpan: Span = [keyRange[0], keyRange[1]];
  if (!valueNode || !valueNode.range) {
    return { keySpan, afterColon, hasColon, valueSpan: [afterColon, afterColon], editable: !found.inherited, inherited: found.inherited, shape: 'null', value: null };
  }
  const [start, valueEnd] = valueNode.range;
  const resolved = isAlias(valueNode) ? resolveAlias(ctx, valueNode) : valueNode;
  const value = isScalar(resolved) ? resolved.value : undefined;
  const content = skipBlanks(ctx.text, afterColon, true);
  return {
    keySpan,
    afterColon,
    hasColon,
    // Text before the end of the value: the value itself, or a tag or anchor before an empty one.
    contentStart: content < Math.max(valueEnd, start) ? content : undefined,
    valueSpan: [start, valueEnd],
    editable: !found.inherited && !isAlias(valueNode) && !(valueNode as { anchor?: string }).anchor,
    inherited: found.inherited,
    shape: shapeOf(resolved, value),
    value,
    literalSpan: resolved === valueNode && isScalar(valueNode) ? literalSpan(ctx, valueNode) : undefined,
  };
}

/** The first offset from `from` that is not a blank (nor, across lines, a line break or a comment). */
function skipBlanks(text: string, from: number, acrossLines: boolean): number {
  let at = from;
  while (at < text.length) {
    const char = text[at];
    if (char === ' ' || char === '\t') at++;
    else if (acrossLines && (char === '\n' || char === '\r')) at++;
    else if (acrossLines && char === '#' && (at === from || /\s/.test(text[at - 1]))) {
      while (at < text.length && text[at] !== '\n') at++;
    } else break;
  }
  return at;
}

function shapeOf(node: unknown, value: unknown): ValueShape {
  if (isMap(node)) return 'map';
  if (isSeq(node)) return 'seq';
  if (value === null || value === undefined) return 'null';
  return typeof value === 'string' ? 'string' : 'other-scalar';
}

/** Every alias of a document with the node it names, found in one walk (see `resolveAlias`). */
const aliasTargets = new WeakMap<Document, Map<Node, Node | undefined>>();

/**
 * The node an alias names: the last node before it with that anchor, as yaml's
 * `Alias.resolve` finds it. That walks the whole document for every alias, which
 * is quadratic in a big document (a 20 MB `kind: List` took minutes), so all
 * aliases of a document are resolved in one walk. A lookup, never an expansion:
 * safe for alias bombs; nothing here walks into the collection it returns.
 */
function resolveAlias(ctx: Source, alias: Node): Node | undefined {
  if (!isAlias(alias)) return undefined;
  return aliasMap(ctx).get(alias);
}

/** Every node some alias of the document names. */
function aliasedNodes(ctx: Source): ReadonlySet<Node | undefined> {
  let nodes = aliasedSets.get(ctx.doc);
  if (!nodes) aliasedSets.set(ctx.doc, (nodes = new Set(aliasMap(ctx).values())));
  return nodes;
}

const aliasedSets = new WeakMap<Document, ReadonlySet<Node | undefined>>();

function aliasMap(ctx: Source): Map<Node, Node | undefined> {
  let targets = aliasTargets.get(ctx.doc);
  if (!targets) {
    const found = new Map<Node, Node | undefined>();
    const latest = new Map<string, Node>();
    try {
      visit(ctx.doc, {
        Node: (_key, node) => {
          if (isAlias(node)) found.set(node, latest.get(node.source));
          else if (node.anchor) latest.set(node.anchor, node);
        },
      });
    } catch {
      // A document too deep to walk: its aliases stay unresolved, the rest is analysed.
      found.clear();
    }
    aliasTargets.set(ctx.doc, found);
    targets = found;
  }
  return targets;
}

/** The span of a scalar's characters when the file holds its value verbatim (so it can be edited in place). */
function literalSpan(ctx: Source, node: Node): Span | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  if (!quoted && node.type !== 'PLAIN') return undefined;
  const [start, end] = node.range;
  // An unterminated quote has no closing character to keep; an empty plain scalar
  // (after a bare tag such as `!!str`) has no characters to replace.
  if (quoted ? end - start < 2 || ctx.text[end - 1] !== ctx.text[start] : end === start) return undefined;
  const inner: Span = quoted ? [start + 1, end - 1] : [start, end];
  return ctx.text.slice(inner[0], inner[1]) === node.value ? inner : undefined;
}

/** A key's pair as go-yaml v2 decodes the map, and whether it came in through a `<<` merge. */
interface Found {
  readonly pair: Pair;
  readonly inherited: boolean;
}

/** Merge chains deeper than this are not followed; real ones are one or two deep. */
const MAX_MERGE_DEPTH = 4;

/**
 * The pair that decides `key`, as go-yaml v2 decodes a map: in text order, each
 * assignment replacing the one before, a duplicate key too (sigs.k8s.io/yaml is not
 * strict), and a `<<` merge assigning its map's keys where it stands; of a list of
 * merged maps, the first one that has the key (go-yaml merges them last to first).
 */
function findPair(ctx: Source, map: YAMLMap, key: string, depth = 0): Found | undefined {
  let found: Found | undefined;
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    if (pair.key.value === key) found = { pair, inherited: false };
    else if (typeof pair.key.value === 'symbol' && depth < MAX_MERGE_DEPTH) {
      const merged = mergedPair(ctx, pair.value, key, depth + 1);
      if (merged) found = { pair: merged.pair, inherited: true };
    }
  }
  return found;
}

function mergedPair(ctx: Source, value: unknown, key: string, depth: number): Found | undefined {
  const source = isAlias(value) ? resolveAlias(ctx, value) : value;
  if (isMap(source)) return findPair(ctx, source, key, depth);
  if (!isSeq(source)) return undefined;
  for (const item of source.items) {
    const map = isAlias(item) ? resolveAlias(ctx, item) : item;
    const found = isMap(map) ? findPair(ctx, map, key, depth) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** The node an alias names (a lookup, within the walk's budget), or the node itself. */
function deref(ctx: Walk, node: unknown): unknown {
  if (!isAlias(node)) return node;
  if (ctx.aliasBudget.left <= 0) return undefined;
  ctx.aliasBudget.left--;
  return resolveAlias(ctx, node);
}

function get(ctx: Source, node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  return findPair(ctx, node, key)?.pair.value ?? undefined;
}

function scalarValue(ctx: Source, node: unknown): unknown {
  const resolved = isAlias(node) ? resolveAlias(ctx, node) : node;
  return isScalar(resolved) ? resolved.value : undefined;
}
