// One kustomization file read into what the workspace index needs: which files it
// includes (resources, bases, components), which files patch what, and its
// `images:`. Anything of the wrong shape is skipped; a file that does not parse is
// no kustomization at all (undefined). Never throws.

import * as path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import type { ImageTransform } from '../analysis/fileContext';

/** The names kustomize looks for in a directory, in its order. */
export const KUSTOMIZATION_FILE_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** What a patch applies to (kustomize matches `kind` and `name` as anchored regular expressions). */
export interface PatchSelector {
  readonly kind?: string;
  readonly name?: string;
}

export interface PatchEntry {
  /** The patch file, absolute. */
  readonly file: string;
  /** `target:` of the entry; without it the patch names its object itself (strategic merge). */
  readonly target?: PatchSelector;
}

export interface Kustomization {
  /** The kustomization file, absolute. */
  readonly file: string;
  readonly dir: string;
  /** `kind: Component`: only ever applied inside another kustomization. */
  readonly component: boolean;
  /** `resources:` then the deprecated `bases:` (as kustomize appends them), absolute; files or directories. */
  readonly resources: readonly string[];
  /** `components:`, absolute directories, in order. */
  readonly components: readonly string[];
  /** `patches:`, `patchesStrategicMerge:` and `patchesJson6902:` entries that name a file. */
  readonly patches: readonly PatchEntry[];
  readonly images: readonly ImageTransform[];
}

export function isKustomizationFileName(name: string): boolean {
  return KUSTOMIZATION_FILE_NAMES.includes(name);
}

/** Reads a kustomization's text; undefined when it is not YAML or not a mapping. */
export function parseKustomization(text: string, file: string): Kustomization | undefined {
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch {
    return undefined;
  }
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const top = doc.contents;
  const dir = path.dirname(file);
  const at = (relative: string) => path.resolve(dir, relative);
  const field = (key: string) => resolved(doc, top.get(key, true));

  const resources = [...strings(doc, field('resources')), ...strings(doc, field('bases'))].filter(isLocal).map(at);
  const components = strings(doc, field('components')).filter(isLocal).map(at);

  const patches: PatchEntry[] = [];
  for (const entry of maps(doc, field('patches'))) {
    const file = text_(doc, entry, 'path');
    if (file) patches.push({ file: at(file), ...targetOf(doc, entry) });
  }
  for (const entry of strings(doc, field('patchesStrategicMerge'))) {
    // An entry is a file path or an inline patch (YAML in a string).
    if (!/[\n{]|:\s/.test(entry) && isLocal(entry)) patches.push({ file: at(entry) });
  }
  for (const entry of maps(doc, field('patchesJson6902'))) {
    const file = text_(doc, entry, 'path');
    if (file) patches.push({ file: at(file), ...targetOf(doc, entry) });
  }

  const images: ImageTransform[] = [];
  for (const entry of maps(doc, field('images'))) {
    const name = text_(doc, entry, 'name');
    if (!name) continue;
    const newName = text_(doc, entry, 'newName');
    const newTag = text_(doc, entry, 'newTag');
    const digest = text_(doc, entry, 'digest');
    images.push({ name, ...(newName ? { newName } : {}), ...(newTag ? { newTag } : {}), ...(digest ? { digest } : {}) });
  }

  return { file, dir, component: text_(doc, top, 'kind') === 'Component', resources, components, patches, images };
}

/** Remote resources (URLs, go-getter and git references) are not files here. */
function isLocal(entry: string): boolean {
  return entry.trim() !== '' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) && !/^(git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(entry) && !entry.includes('?ref=') && !entry.includes('//');
}

function targetOf(doc: Document.Parsed, entry: YAMLMap): { target?: PatchSelector } {
  const target = resolved(doc, entry.get('target', true));
  if (!isMap(target)) return {};
  const kind = text_(doc, target, 'kind');
  const name = text_(doc, target, 'name');
  return { target: { ...(kind ? { kind } : {}), ...(name ? { name } : {}) } };
}

function resolved(doc: Document.Parsed, node: unknown): unknown {
  try {
    return isAlias(node) ? node.resolve(doc) : node;
  } catch {
    return undefined;
  }
}

/**
 * A scalar as the string Go's YAML decoder gives a `string` field: `newTag: 1.10`
 * is "1.10" (its source), not the number 1.1. Null and non-scalars are undefined.
 */
function scalarText(doc: Document.Parsed, node: unknown): string | undefined {
  const value = resolved(doc, node);
  if (!isScalar(value) || value.value === null || value.value === undefined) return undefined;
  if (typeof value.value === 'string') return value.value;
  if (typeof value.value === 'number' || typeof value.value === 'boolean' || typeof value.value === 'bigint') {
    return value.type === 'PLAIN' && typeof value.source === 'string' ? value.source : String(value.value);
  }
  return undefined;
}

function text_(doc: Document.Parsed, map: YAMLMap, key: string): string | undefined {
  return scalarText(doc, map.get(key, true));
}

function strings(doc: Document.Parsed, node: unknown): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const text = scalarText(doc, item);
    return text === undefined ? [] : [text];
  });
}

function maps(doc: Document.Parsed, node: unknown): YAMLMap[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => {
    const value = resolved(doc, item);
    return isMap(value) ? [value] : [];
  });
}
