// Our reading of a stream against kubectl's (the reference reader), document by
// document: the same documents rejected, and in the accepted ones the same
// containers with the same image and pull policy values, typed as JSON.

import { analyze } from '../../server/src/analysis';
// kubectl's lines end at "\n" only (bufio.Reader.ReadLine), as lines.ts counts them.
import { lineOf, lineStarts } from '../../server/src/analysis/lines';
import { locationOf } from '../../server/src/analysis/manifest';
import { containerLocations, isListKind, type Location } from '../../server/src/analysis/podSpecs';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import type { OracleDocument, OracleReading } from './oracle';

/** A container as both readers see it: where, and its two values (`undefined`: absent; `{}`: a collection). */
export interface Seen {
  readonly path: string;
  readonly image: unknown;
  readonly policy: unknown;
}

export interface Disagreement {
  /** Which way the readers differ. */
  readonly kind: 'we-reject' | 'we-accept' | 'values' | 'split';
  /** 0-based line where the document starts. */
  readonly line: number;
  readonly detail: string;
}

const COLLECTION = '<collection>';

/** Every disagreement between our analysis of `text` and kubectl's reading of it. */
export function disagreements(text: string, reference: OracleReading): Disagreement[] {
  // Suppression comments would hide what we read; the same length keeps every offset.
  const analysis = analyze(text.replace(/kube-pull-policy:/g, 'kube-pull-xxxxxx:'), DEFAULT_SETTINGS);
  const starts = lineStarts(text);
  const pieces = analysis.documents.map(({ start, analysis: doc }) => ({
    line: lineOf(starts, start),
    rejected: doc.findings.some((f) => f.ruleId === 'yaml-syntax'),
    seen: doc.sites.map(({ site }) => ({ path: locationOf(site), image: valueOf(site.image), policy: valueOf(site.policy) })),
    references: [] as OracleDocument[],
  }));
  const found: Disagreement[] = [];
  // kubectl's documents start after their `---` line; ours at it (or at its directives).
  for (const document of reference.json ? [] : reference.documents) {
    let piece = pieces[0];
    for (const candidate of pieces) if (candidate.line <= document.line) piece = candidate;
    piece.references.push(document);
  }
  if (reference.json) {
    // A JSON stream: kubectl decodes JSON values, we read the text as YAML (a superset); compare the whole file.
    const rejected = pieces.some((p) => p.rejected);
    const oracleRejected = reference.documents.some((d) => 'error' in d);
    if (rejected !== oracleRejected) found.push({ kind: rejected ? 'we-reject' : 'we-accept', line: 0, detail: describe(reference.documents) });
    else if (!rejected) compareSeen(0, pieces.flatMap((p) => p.seen), reference.documents.flatMap((d) => ('value' in d ? containersIn(d.value) : [])), found);
    return found;
  }
  for (const piece of pieces) {
    // kubectl cuts directive lines off their document and rejects them; we reject the piece that holds them.
    if (piece.references.length > 1 && piece.rejected && piece.references.some((r) => 'error' in r)) continue;
    if (piece.references.length > 1) {
      found.push({ kind: 'split', line: piece.line, detail: `kubectl reads ${piece.references.length} documents where we read one` });
      continue;
    }
    const reference = piece.references[0];
    if (!reference) {
      if (piece.rejected) found.push({ kind: 'we-reject', line: piece.line, detail: 'kubectl reads nothing here (an empty document)' });
      else compareSeen(piece.line, piece.seen, [], found);
    } else if ('error' in reference) {
      if (!piece.rejected) found.push({ kind: 'we-accept', line: piece.line, detail: `kubectl: ${reference.error}` });
    } else if (piece.rejected) {
      found.push({ kind: 'we-reject', line: piece.line, detail: 'kubectl accepts this document' });
    } else {
      compareSeen(piece.line, piece.seen, containersIn(reference.value), found);
    }
  }
  return found;
}

function compareSeen(line: number, ours: readonly Seen[], theirs: readonly Seen[], found: Disagreement[]): void {
  const key = (seen: readonly Seen[]) => JSON.stringify([...seen].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
  if (key(ours) !== key(theirs)) found.push({ kind: 'values', line, detail: `we see ${key(ours)}, kubectl sends ${key(theirs)}` });
}

function describe(documents: readonly OracleDocument[]): string {
  return documents.map((d) => ('error' in d ? `kubectl: ${d.error}` : 'accepted')).join('; ');
}

function valueOf(entry: { shape: string; value: unknown } | undefined): unknown {
  if (!entry) return undefined;
  if (entry.shape === 'map' || entry.shape === 'seq') return COLLECTION;
  if (entry.shape === 'null') return null;
  return typeof entry.value === 'bigint' ? Number(entry.value) : entry.value;
}

/** The containers of one decoded object, located as the analysis locates them (see manifest.ts). */
export function containersIn(value: unknown, objectPath?: string, depth = 0): Seen[] {
  if (!isObject(value) || typeof value.kind !== 'string') return [];
  if (isListKind(value.kind)) {
    if (depth >= 8 || !Array.isArray(value.items)) return [];
    return value.items.flatMap((item, i) => containersIn(item, `${objectPath ? `${objectPath}.` : ''}items[${i}]`, depth + 1));
  }
  const at = (fieldPath: string) => (objectPath ? `${objectPath}.${fieldPath}` : fieldPath);
  const seen: Seen[] = [];
  const container = (node: unknown, fieldPath: string, imageKey = 'image', policyKey = 'imagePullPolicy') => {
    if (isObject(node)) seen.push({ path: at(fieldPath), image: jsonValue(node, imageKey), policy: jsonValue(node, policyKey) });
  };
  const list = (node: unknown, fieldPath: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => container(item, `${fieldPath}[${i}]`));
  };
  for (const location of containerLocations(value.apiVersion, value.kind, {})) {
    for (const { node, path } of resolve(value, pathOf(location))) {
      if ('podSpec' in location) {
        if (!isObject(node)) continue;
        for (const field of ['containers', 'initContainers', 'ephemeralContainers']) list(node[field], `${path}.${field}`);
        if (Array.isArray(node.volumes)) {
          node.volumes.forEach((volume, i) => {
            if (isObject(volume) && isObject(volume.image)) container(volume.image, `${path}.volumes[${i}].image`, 'reference', 'pullPolicy');
          });
        }
      } else if ('containers' in location) list(node, path);
      else container(node, path);
    }
  }
  return seen;
}

function pathOf(location: Location): string {
  return 'podSpec' in location ? location.podSpec : 'containers' in location ? location.containers : location.container;
}

function resolve(root: unknown, path: string): { node: unknown; path: string }[] {
  let reached = [{ node: root, path: '' }];
  for (const segment of path.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    reached = reached.flatMap(({ node, path: at }) => {
      const child = isObject(node) ? node[key] : undefined;
      const childPath = at ? `${at}.${key}` : key;
      if (!each) return [{ node: child, path: childPath }];
      return Array.isArray(child) ? child.map((item, i) => ({ node: item, path: `${childPath}[${i}]` })) : [];
    });
  }
  return reached;
}

function jsonValue(node: Record<string, unknown>, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
  const value = node[key];
  return value !== null && typeof value === 'object' ? COLLECTION : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
