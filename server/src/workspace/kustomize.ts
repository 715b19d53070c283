// The Node side of FileContext: where a manifest sits in the workspace's Kustomize
// and Helm layout, and which Skaffold and Tilt configs deploy it (buildConfigs.ts).
// The editor and the CLI share it; the pure core only sees plain data.
//
// Built lazily on the first `contextFor` and cached: a bounded walk of the roots
// finds kustomization files and reads them; each is parsed only when it may
// concern a file asked about (see Graph), a broken one is ignored, and
// directories they reference are read too, even outside the walk. Nothing throws.
//
// Which kustomizations: those listing the file under `resources` (the one in the
// file's directory first, else the nearest) and those using it as a patch, then,
// transitively, every kustomization including one of those (as a resource
// directory or a component). The first gives `images` (and, for a patch,
// `kustomizePatch`); every other one that is not a Component and adds image steps
// of its own gives an entry of `overlays` (one adding none builds the same images
// as the one below it).
//
// How images combine (the rule implemented, as `kustomize build` does it for images):
// building a kustomization K runs, in order, (1) everything its resource
// directories already did to their own resources, (2) each of K's components, in
// list order (a component's own sub-components first, then its `images:`), on
// everything accumulated so far, and (3) K's own `images:`. A file listed in K's
// `resources` therefore gets K's components then K's images; a file reached through
// `../../base` gets the base's chain, then the overlay's components and images; a
// file reached through K's component number i gets only the components after i.
// Within one `images:` list, entries apply one after another. A patch file gets the
// images of the kustomization it patches (kustomize runs patches before the images
// transformer) and of everything above it. The steps of one chain are folded into
// one list with `composeTransforms`, so the core's `transformImage` gives the image
// of `kustomize build <that kustomization>`.

import * as path from 'node:path';
import { helmValuesOf } from './helmValues';
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import type { FileContext, ImageTransform, Overlay } from '../analysis/fileContext';
import { composeTransforms } from './composeImages';
import { CHART_FILE, HelmLayout } from './helmChart';
import { isKustomizationFileName, KUSTOMIZATION_FILE_NAMES, parseKustomization, type Kustomization, type PatchSelector } from './kustomizationFile';
import { BuildLayout, isBuildConfigFile } from './buildConfigs';
import { isInside, walkRoots, type WalkResult } from './walk';
import type { FileSystem } from './fileSystem';

export interface WorkspaceIndexOptions {
  /** Where files are read from: the disk, or what a web client serves. */
  readonly fs: FileSystem;
  /** Directories the walk looks into, over all roots (default 20,000). */
  readonly maxDirectories?: number;
  /** Directory entries the walk looks at, over all roots (default 200,000). */
  readonly maxFiles?: number;
  /** Where a config that cannot be used is reported (one line each); default: nowhere. */
  readonly log?: (message: string) => void;
}

export interface WorkspaceIndex {
  /** The FileContext of a manifest at this path (made absolute). Cheap after the first call (cached). */
  contextFor(file: string): FileContext;
  /**
   * Forget what was read. Without an argument, or for a kustomization file or
   * Chart.yaml, everything; for another file, what was read from it (the objects a
   * patch's base is searched among) and the contexts computed so far.
   */
  invalidate(changed?: string): void;
  /** A path as `kustomization`/`base` strings show it: relative to its root, with `/`. */
  displayPath(file: string): string;
}

/** A kustomization file, a Chart.yaml, a skaffold.yaml or a Tiltfile: its change reshapes the layout. */
export function isLayoutFile(file: string): boolean {
  const name = path.basename(file);
  return isKustomizationFileName(name) || name === CHART_FILE || isBuildConfigFile(file);
}

/** Files that describe a layout rather than hold manifests: no special context. */
const PLAIN_FILES = new Set([CHART_FILE, 'Chart.lock', 'values.yaml', 'values.yml']);

const DEFAULT_MAX_DIRECTORIES = 20_000;
const DEFAULT_MAX_FILES = 200_000;
/** Kustomizations read in all (walked and referenced). */
const MAX_KUSTOMIZATIONS = 10_000;
/** Kustomization files and manifests larger than this are not read. */
const MAX_KUSTOMIZATION_SIZE = 1024 * 1024;
const MAX_MANIFEST_SIZE = 8 * 1024 * 1024;
/** Files read when looking for the object a patch targets. */
const MAX_BASE_FILES = 1_000;
/** Directories above a file where a kustomization is looked for when the walk did not see them. */
const ANCESTORS_LOOKED_AT = 3;

export function createWorkspaceIndex(roots: readonly string[], options: WorkspaceIndexOptions): WorkspaceIndex {
  return new Index(
    options.fs,
    roots.map((root) => path.resolve(root)),
    options.maxDirectories ?? DEFAULT_MAX_DIRECTORIES,
    options.maxFiles ?? DEFAULT_MAX_FILES,
    options.log ?? (() => undefined),
  );
}

/** A kustomization with its references resolved. */
interface Node {
  readonly k: Kustomization;
  /** `resources` (and `bases`) in order: manifest files (absolute) or included kustomizations. */
  readonly resources: (string | Node)[];
  readonly components: Node[];
}

/** `parent` includes `child` as a resource directory, or as its component number `component`. */
interface Inclusion {
  readonly parent: Node;
  readonly component?: number;
}

interface PatchUse {
  readonly node: Node;
  readonly target?: PatchSelector;
}

interface ObjectId {
  readonly kind: string;
  readonly name: string;
}

/** A kustomization file found: read at once, parsed only when it may matter. */
interface Source {
  readonly file: string;
  readonly dir: string;
  readonly text: string;
  /** Undefined until parsed; null when it does not parse. */
  node?: Node | null;
}

/**
 * The kustomizations of the workspace and who includes what. Walking and reading
 * is cheap; parsing YAML is not (about a millisecond a file while cold), so a
 * kustomization is parsed only when its text contains the relative path from its
 * directory to a file or directory asked about (`listersOf`, `includersOf`), or
 * when a parsed one references it. An entry spelled with redundant segments
 * (`a/../b`) is therefore not found from the other end.
 */
class Graph {
  /** Directory → its kustomization; null: looked at, none there. */
  private readonly known = new Map<string, Source | null>();
  private readonly sources: Source[] = [];
  private readonly unregistered: Node[] = [];
  /** Manifest file → kustomizations listing it under `resources`. */
  private readonly listedBy = new Map<string, Node[]>();
  /** Patch file → kustomizations patching with it. */
  private readonly patchedBy = new Map<string, PatchUse[]>();
  /** Kustomization directory → who includes it. */
  private readonly includedBy = new Map<string, Inclusion[]>();

  /** skaffold.yaml files and Tiltfiles the walk found. */
  readonly buildConfigs: readonly string[];

  constructor(
    private readonly fs: FileSystem,
    walk: WalkResult,
  ) {
    this.buildConfigs = walk.buildConfigs;
    for (const dir of walk.directories) this.known.set(dir, null);
    for (const file of walk.kustomizations) this.read(path.dirname(file), file);
  }

  /** Reads kustomizations in `dirs` not seen yet; true when one was found. */
  lookAt(dirs: readonly string[]): boolean {
    const before = this.sources.length;
    for (const dir of dirs) this.sourceIn(dir);
    return this.sources.length > before;
  }

  /** Kustomizations listing `file` under `resources`. */
  listersOf(file: string): readonly Node[] {
    this.parseMentioning(file);
    return this.listedBy.get(file) ?? [];
  }

  /** Kustomizations using `file` as a patch. */
  patchersOf(file: string): readonly PatchUse[] {
    this.parseMentioning(file);
    return this.patchedBy.get(file) ?? [];
  }

  /** Kustomizations including the kustomization directory `dir` as a resource or component. */
  includersOf(dir: string): readonly Inclusion[] {
    this.parseMentioning(dir);
    return this.includedBy.get(dir) ?? [];
  }

  /** Parses every kustomization whose text could reference `target`, and what those reference. */
  private parseMentioning(target: string): void {
    // `sources` may grow meanwhile (references outside the walk): those are checked too.
    for (const source of this.sources) {
      if (source.node !== undefined || source.dir === target) continue;
      const relative = path.relative(source.dir, target).split(path.sep).join('/');
      if (source.text.includes(relative)) this.parse(source);
    }
    this.register();
  }

  private sourceIn(dir: string): Source | null {
    const known = this.known.get(dir);
    if (known !== undefined) return known;
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const source = this.read(dir, path.join(dir, name));
      if (source) return source;
    }
    this.known.set(dir, null);
    return null;
  }

  /** Reads one kustomization file; undefined when it does not exist (or is too large, or too many were read). */
  private read(dir: string, file: string): Source | undefined {
    let text: string;
    try {
      if (this.sources.length >= MAX_KUSTOMIZATIONS || this.fs.stat(file).size > MAX_KUSTOMIZATION_SIZE) return undefined;
      text = this.fs.readFile(file);
    } catch {
      return undefined;
    }
    const source: Source = { file, dir, text };
    this.known.set(dir, source);
    this.sources.push(source);
    return source;
  }

  /** The parsed kustomization of a directory (its references are resolved by the next `register`). */
  private nodeIn(dir: string): Node | null {
    const source = this.sourceIn(dir);
    return source ? this.parse(source) : null;
  }

  private parse(source: Source): Node | null {
    if (source.node === undefined) {
      const k = parseKustomization(source.text, source.file);
      source.node = k ? { k, resources: [], components: [] } : null;
      if (source.node) this.unregistered.push(source.node);
    }
    return source.node;
  }

  /** Resolves the references of kustomizations parsed since the last call (parsing the ones they name). */
  private register(): void {
    for (let node = this.unregistered.pop(); node; node = this.unregistered.pop()) {
      for (const entry of node.k.resources) {
        const target = this.entry(entry);
        if (target === 'file') {
          push(this.listedBy, entry, node);
          node.resources.push(entry);
        } else if (target) {
          push(this.includedBy, target.k.dir, { parent: node });
          node.resources.push(target);
        }
      }
      for (const entry of node.k.components) {
        const target = this.entry(entry);
        if (target && target !== 'file') {
          push(this.includedBy, target.k.dir, { parent: node, component: node.components.length });
          node.components.push(target);
        }
      }
      for (const patch of node.k.patches) push(this.patchedBy, patch.file, { node, ...(patch.target ? { target: patch.target } : {}) });
    }
  }

  /** A reference: a manifest file, a directory's kustomization, or nothing usable. */
  private entry(target: string): Node | 'file' | undefined {
    if (this.known.has(target)) return this.nodeIn(target) ?? undefined;
    let directory = false;
    try {
      directory = this.fs.stat(target).kind === 'directory';
    } catch {
      // A missing file is still the one listed: it may be being created.
    }
    return directory ? (this.nodeIn(target) ?? undefined) : 'file';
  }
}

class Index implements WorkspaceIndex {
  private graph: Graph | undefined;
  private builds: BuildLayout | undefined;
  private readonly helm: HelmLayout;
  private readonly contexts = new Map<string, FileContext>();
  /** Manifest file → the objects in it, for finding a patch's base. */
  private readonly objects = new Map<string, ObjectId[]>();

  constructor(
    private readonly fs: FileSystem,
    private readonly roots: readonly string[],
    private readonly maxDirectories: number,
    private readonly maxFiles: number,
    private readonly log: (message: string) => void,
  ) {
    this.helm = new HelmLayout(fs);
  }

  contextFor(file: string): FileContext {
    const absolute = path.resolve(file);
    const cached = this.contexts.get(absolute);
    if (cached) return cached;
    let context: FileContext;
    try {
      context = this.compute(absolute);
    } catch {
      // Defence in depth: a layout we cannot make sense of is no layout.
      context = {};
    }
    this.contexts.set(absolute, context);
    return context;
  }

  invalidate(changed?: string): void {
    this.contexts.clear();
    if (changed === undefined || isLayoutFile(changed)) {
      this.graph = undefined;
      this.builds = undefined;
      this.helm.clear();
      this.objects.clear();
    } else {
      this.objects.delete(path.resolve(changed));
    }
  }

  displayPath(file: string): string {
    const absolute = path.resolve(file);
    let best: string | undefined;
    for (const root of this.roots) if (isInside(root, absolute) && (best === undefined || root.length > best.length)) best = root;
    const shown = best === undefined ? absolute : path.relative(best, absolute) || path.basename(absolute);
    return shown.split(path.sep).join('/');
  }

  private compute(file: string): FileContext {
    const name = path.basename(file);
    const helmValues = helmValuesOf(this.fs, file, (shown) => this.displayPath(shown));
    if (helmValues) {
      const graph = this.layout(file);
      return { helmValues, ...this.buildsFor({ file, kustomizations: new Set(), chart: path.dirname(file) }, graph) };
    }
    if (isKustomizationFileName(name) || PLAIN_FILES.has(name) || isBuildConfigFile(file)) return {};
    const graph = this.layout(file);
    const context: { -readonly [K in keyof FileContext]: FileContext[K] } = {};
    if (this.helm.isTemplate(file)) context.helmTemplate = true;

    const from = path.dirname(file);
    const listers = nearestFirst(from, graph.listersOf(file).map((node) => ({ node })));
    const patchers = nearestFirst(from, graph.patchersOf(file));
    if (patchers.length) {
      const patch = patchers[0];
      const base = this.findBase(graph, patch.node, patch.target ? [patch.target] : this.objectsIn(file));
      context.kustomizePatch = { kustomization: this.displayPath(patch.node.k.file), ...(base ? { base: this.displayPath(base) } : {}) };
    }

    // Every kustomization that builds this file, with the image steps of its chain.
    const starts = [
      ...listers.map((use) => ({ node: use.node, steps: levelImages(use.node, 0) })),
      ...patchers.map((use) => ({ node: use.node, steps: [...use.node.k.images] })),
    ];
    const reached = new Map<Node, { steps: ImageTransform[]; own: boolean }>();
    const queue: Node[] = [];
    for (const start of starts) {
      if (reached.has(start.node)) continue;
      reached.set(start.node, { steps: start.steps, own: start.steps.length > 0 });
      queue.push(start.node);
    }
    for (let next = 0; next < queue.length; next++) {
      const node = queue[next];
      const { steps } = reached.get(node) as { steps: ImageTransform[] };
      for (const { parent, component } of graph.includersOf(node.k.dir)) {
        if (reached.has(parent)) continue;
        const added = levelImages(parent, component === undefined ? 0 : component + 1);
        reached.set(parent, { steps: [...steps, ...added], own: added.length > 0 });
        queue.push(parent);
      }
    }

    const primary = starts[0]?.node;
    if (primary) {
      const images = composeTransforms((reached.get(primary) as { steps: ImageTransform[] }).steps);
      if (images.length) context.images = { kustomization: this.displayPath(primary.k.file), images };
    }
    const overlays: Overlay[] = [];
    for (const [node, { steps, own }] of reached) {
      if (node === primary || node.k.component || !own) continue;
      const images = composeTransforms(steps);
      if (images.length) overlays.push({ kustomization: this.displayPath(node.k.file), images });
    }
    if (overlays.length) context.overlays = overlays.sort((a, b) => compare(a.kustomization, b.kustomization));
    return { ...context, ...this.buildsFor({ file, kustomizations: new Set([...reached.keys()].map((node) => node.k.dir)) }, graph) };
  }

  /** `builds`: the Skaffold and Tilt configs deploying the file, if any. */
  private buildsFor(target: Parameters<BuildLayout['configsFor']>[0], graph: Graph): Pick<FileContext, 'builds'> {
    if (!this.builds) this.builds = new BuildLayout(this.fs, graph.buildConfigs, this.roots, (file) => this.displayPath(file), this.log);
    const builds = this.builds.configsFor(target);
    return builds.length ? { builds } : {};
  }

  /** The graph, built on first use; kustomizations just above `file` are read if the walk missed them. */
  private layout(file: string): Graph {
    if (!this.graph) this.graph = new Graph(this.fs, walkRoots(this.fs, this.roots, { maxDirectories: this.maxDirectories, maxFiles: this.maxFiles }));
    const dirs: string[] = [];
    for (let dir = path.dirname(file), i = 0; i <= ANCESTORS_LOOKED_AT; i++) {
      dirs.push(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    // New kustomizations can change what other files' contexts hold.
    if (this.graph.lookAt(dirs)) this.contexts.clear();
    return this.graph;
  }

  /**
   * The first manifest file among the resources of `node` (transitively, in order)
   * that holds an object matching one of `selectors`; for a component, also among
   * those of the kustomizations that include it, whose objects its patches apply to.
   */
  private findBase(graph: Graph, node: Node, selectors: readonly PatchSelector[]): string | undefined {
    const usable = selectors.filter((selector) => selector.kind || selector.name);
    if (!usable.length) return undefined;
    const seen = new Set<Node>();
    let budget = MAX_BASE_FILES;
    const search = (current: Node): string | undefined => {
      if (seen.has(current)) return undefined;
      seen.add(current);
      for (const entry of [...current.resources, ...current.components]) {
        if (typeof entry !== 'string') {
          const found = search(entry);
          if (found) return found;
        } else if (budget-- > 0 && this.holds(entry, usable)) {
          return entry;
        }
      }
      return undefined;
    };
    const found = search(node);
    if (found || !node.k.component) return found;
    for (const { parent } of graph.includersOf(node.k.dir)) {
      const viaParent = search(parent);
      if (viaParent) return viaParent;
    }
    return undefined;
  }

  private holds(file: string, selectors: readonly PatchSelector[]): boolean {
    let ids = this.objects.get(file);
    if (!ids) {
      const text = readManifest(this.fs, file);
      if (text === undefined) return false;
      // Most files cannot match: skip parsing them when a literal kind or name is absent from the text.
      const possible = selectors.some((selector) => [selector.kind, selector.name].every((part) => !part || !isLiteral(part) || text.includes(part)));
      if (!possible) return false;
      ids = this.objectsIn(file, text);
    }
    return ids.some((id) => selectors.some((selector) => matches(selector.kind, id.kind) && matches(selector.name, id.name)));
  }

  /** Kind and name of each object in a manifest file (a strategic-merge patch names its target so); cached. */
  private objectsIn(file: string, text = readManifest(this.fs, file)): ObjectId[] {
    let ids = this.objects.get(file);
    if (ids) return ids;
    ids = [];
    try {
      for (const doc of parseAllDocuments(text ?? '', { prettyErrors: false, uniqueKeys: false })) {
        if (!isMap(doc.contents)) continue;
        const kind = doc.contents.get('kind', true);
        const name = doc.getIn(['metadata', 'name'], true);
        if (isScalar(kind) && isScalar(name) && typeof kind.value === 'string' && (typeof name.value === 'string' || typeof name.value === 'number')) {
          ids.push({ kind: kind.value, name: typeof name.value === 'string' ? name.value : (name.source ?? String(name.value)) });
        }
      }
    } catch {
      // What did not parse holds no object.
    }
    this.objects.set(file, ids);
    return ids;
  }
}

function readManifest(fs: FileSystem, file: string): string | undefined {
  try {
    return fs.stat(file).size > MAX_MANIFEST_SIZE ? undefined : fs.readFile(file);
  } catch {
    return undefined;
  }
}

/**
 * The image steps a kustomization adds on top of what its resources bring: its
 * components from number `fromComponent` on (each with its own components first),
 * then its own `images:`.
 */
function levelImages(node: Node, fromComponent: number, depth = 0): ImageTransform[] {
  if (depth > 16) return [...node.k.images];
  const steps: ImageTransform[] = [];
  for (const component of node.components.slice(fromComponent)) steps.push(...levelImages(component, 0, depth + 1));
  steps.push(...node.k.images);
  return steps;
}

/** The kustomizations in the file's own directory first, then the nearest (fewest steps away). */
function nearestFirst<T extends { readonly node: Node }>(dir: string, uses: readonly T[]): T[] {
  const distance = (use: T) => path.relative(dir, use.node.k.dir).split(path.sep).filter(Boolean).length;
  return [...uses].sort((a, b) => distance(a) - distance(b) || compare(a.node.k.file, b.node.k.file));
}

/** kustomize matches a target's kind and name as anchored regular expressions. */
function matches(pattern: string | undefined, value: string): boolean {
  if (!pattern || pattern === value) return true;
  if (isLiteral(pattern)) return false;
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}

function isLiteral(pattern: string): boolean {
  return !/[\\^$.|?*+()[\]{}]/.test(pattern);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
