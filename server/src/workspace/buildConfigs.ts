// Which Skaffold and Tilt configs deploy a manifest, found by the workspace walk and
// read once (until invalidated). The core's builtImages.ts decides what their
// substitution does to each image.
//
// Skaffold: a skaffold.yaml's configs (every YAML document), with the configs they
// `require` (local paths, transitively), run as one pipeline: every artifact of it
// replaces matching images in every manifest it deploys (the deployers get all builds).
// A manifest is deployed when a `rawYaml`/`kubectl.manifests` pattern matches it or a
// directory above it, when a kustomization deployed by `kustomize.paths` includes it,
// or when it is the values file of a `helm.releases[].chartPath`. Profiles are all
// counted: an artifact or manifest of any profile is one the config may build or deploy.
//
// Tilt: every docker_build/custom_build of a Tiltfile, or of one it includes or loads,
// applies to every YAML any of them loads with literal k8s_yaml/kustomize/helm calls,
// each relative to its own Tiltfile's directory.
//
// Nothing outside the roots is read; a broken, huge or outside reference costs one log
// line and the manifests keep today's findings. Nothing throws.

import * as path from 'node:path';
import type { Artifact, BuildConfig } from '../analysis/builtImages';
import { parseSkaffold, SKAFFOLD_FILE_NAMES, type SkaffoldConfig } from './skaffoldConfig';
import { readTiltfile, TILTFILE_NAME } from './tiltfile';
import { isInside } from './walk';
import type { FileSystem } from './fileSystem';

/** skaffold.yaml files and Tiltfiles larger than this are not read. */
const MAX_CONFIG_SIZE = 1024 * 1024;
/** Config files read through `requires`, per pipeline. */
const MAX_REQUIRED = 100;
/** skaffold.yaml files and Tiltfiles read in all (the walk's first, the shallowest). */
const MAX_CONFIGS = 1_000;

/** Where a manifest sits, as far as deploy configs ask. */
export interface DeployedFile {
  readonly file: string;
  /** Directories of the kustomizations that include the file (transitively). */
  readonly kustomizations: ReadonlySet<string>;
  /** The chart directory, when the file is a chart's values file. */
  readonly chart?: string;
}

interface Pipeline {
  readonly config: BuildConfig;
  readonly deploys: (file: DeployedFile) => boolean;
}

export function isBuildConfigFile(file: string): boolean {
  const name = path.basename(file);
  return name === TILTFILE_NAME || SKAFFOLD_FILE_NAMES.includes(name);
}

export class BuildLayout {
  private pipelines: Pipeline[] | undefined;
  private readonly parsed = new Map<string, SkaffoldConfig[] | undefined>();

  constructor(
    private readonly fs: FileSystem,
    private readonly files: readonly string[],
    private readonly roots: readonly string[],
    private readonly shown: (file: string) => string,
    private readonly log: (message: string) => void,
  ) {}

  /** The configs that deploy `target`, in walk order. */
  configsFor(target: DeployedFile): BuildConfig[] {
    if (!this.pipelines) this.pipelines = this.read();
    return this.pipelines.filter((pipeline) => pipeline.deploys(target)).map((pipeline) => pipeline.config);
  }

  private read(): Pipeline[] {
    const pipelines: Pipeline[] = [];
    if (this.files.length > MAX_CONFIGS) this.log(`reading the first ${MAX_CONFIGS} of ${this.files.length} skaffold.yaml files and Tiltfiles only.`);
    for (const file of this.files.slice(0, MAX_CONFIGS)) {
      const name = path.basename(file);
      // Skaffold reads skaffold.yml only when there is no skaffold.yaml.
      if (name === 'skaffold.yml' && this.files.includes(path.join(path.dirname(file), 'skaffold.yaml'))) continue;
      const pipeline = name === TILTFILE_NAME ? this.tilt(file) : this.skaffold(file);
      if (pipeline) pipelines.push(pipeline);
    }
    return pipelines;
  }

  /** A Tiltfile and the Tiltfiles it includes (transitively): Tilt applies every build to every YAML of the run. */
  private tilt(file: string): Pipeline | undefined {
    const yaml = new Set<string>();
    const kustomizations: string[] = [];
    const charts: string[] = [];
    const artifacts: Artifact[] = [];
    const notes: string[] = [];
    const pending = [file];
    const seen = new Set(pending);
    for (let next = 0; next < pending.length; next++) {
      const current = pending[next];
      const text = this.text(current);
      if (text === undefined) {
        if (current === file) return undefined;
        notes.push(`the included ${this.shown(current)} could not be read`);
        continue;
      }
      const calls = readTiltfile(text);
      const dir = path.dirname(current);
      for (const entry of calls.yaml) yaml.add(path.resolve(dir, entry));
      kustomizations.push(...calls.kustomizations.map((entry) => path.resolve(dir, entry)));
      charts.push(...calls.charts.map((entry) => path.resolve(dir, entry)));
      artifacts.push(...calls.builds.map((build): Artifact => ({ tool: 'tilt', ...build })));
      const shown = current === file ? '' : `${this.shown(current)} `;
      notes.push(...calls.notUnderstood.map((note) => `${shown}${note}`));
      for (const entry of calls.includes) {
        const included = path.resolve(dir, entry);
        if (seen.has(included) || seen.size > MAX_REQUIRED) continue;
        seen.add(included);
        if (this.roots.some((root) => isInside(root, included))) pending.push(included);
        else {
          notes.push(`includes ${included}, outside the workspace, which is not read`);
          this.log(`${this.shown(current)} includes ${included}, outside the workspace: not read, so its builds are not known.`);
        }
      }
    }
    const config: BuildConfig = { tool: 'tilt', config: this.shown(file), artifacts, ...(notes.length ? { notes } : {}) };
    return {
      config,
      deploys: (target) =>
        artifacts.length > 0 &&
        (yaml.has(target.file) || kustomizations.some((dir) => target.kustomizations.has(dir)) || (target.chart !== undefined && charts.includes(target.chart))),
    };
  }

  private skaffold(file: string): Pipeline | undefined {
    const configs = this.skaffoldConfigs(file);
    if (!configs) return undefined;
    const notes: string[] = [];
    const all = [...configs];
    const seen = new Set([file]);
    for (let i = 0; i < all.length; i++) {
      for (const required of all[i].requires) {
        const target = SKAFFOLD_FILE_NAMES.some((name) => required.path.endsWith(`${path.sep}${name}`)) ? required.path : path.join(required.path, 'skaffold.yaml');
        if (seen.has(target) || seen.size > MAX_REQUIRED) continue;
        seen.add(target);
        if (!this.roots.some((root) => isInside(root, target))) {
          notes.push(`requires ${target}, outside the workspace, which is not read`);
          this.log(`${this.shown(file)} requires ${target}, outside the workspace: not read, so its artifacts are not known.`);
          continue;
        }
        const found = this.skaffoldConfigs(target);
        if (!found) {
          notes.push(`the required ${this.shown(target)} could not be read`);
          continue;
        }
        const requiredFrom = this.shown(target);
        for (const config of found) {
          if (required.configs.length && (config.name === undefined || !required.configs.includes(config.name))) continue;
          all.push({ ...config, artifacts: config.artifacts.map((artifact) => ({ ...artifact, requiredFrom: artifact.requiredFrom ?? requiredFrom })) });
        }
      }
    }
    const artifacts = all.flatMap((config) => config.artifacts);
    const config: BuildConfig = { tool: 'skaffold', config: this.shown(file), artifacts, ...(notes.length ? { notes } : {}) };
    const patterns = all.flatMap((entry) => entry.manifests);
    const kustomizations = all.flatMap((entry) => entry.kustomizations);
    const charts = all.flatMap((entry) => entry.charts);
    return {
      config,
      deploys: (target) =>
        artifacts.length > 0 &&
        (patterns.some((pattern) => globCovers(pattern, target.file)) ||
          kustomizations.some((dir) => target.kustomizations.has(dir)) ||
          (target.chart !== undefined && charts.includes(target.chart))),
    };
  }

  private skaffoldConfigs(file: string): SkaffoldConfig[] | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file);
    const text = this.text(file);
    let configs: SkaffoldConfig[] | undefined;
    if (text !== undefined) {
      const parsed = parseSkaffold(text, file);
      if ('error' in parsed) this.log(`ignoring ${this.shown(file)}: ${parsed.error}.`);
      else configs = parsed;
    }
    this.parsed.set(file, configs);
    return configs;
  }

  private text(file: string): string | undefined {
    try {
      const { size } = this.fs.stat(file);
      if (size > MAX_CONFIG_SIZE) {
        this.log(`ignoring ${this.shown(file)}: it has ${size} bytes, more than the ${MAX_CONFIG_SIZE} read.`);
        return undefined;
      }
      return this.fs.readFile(file);
    } catch (error) {
      this.log(`ignoring ${this.shown(file)}: it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
      return undefined;
    }
  }
}

/**
 * Whether Skaffold's ExpandPathsGlob (pkg/skaffold/util/util.go) includes `file` for the
 * absolute `pattern`: Go's filepath.Glob matches the file itself or a directory above it
 * (a matched directory is walked).
 */
export function globCovers(pattern: string, file: string): boolean {
  const parts = pattern.split(path.sep);
  const target = file.split(path.sep);
  if (target.length < parts.length) return false;
  return parts.every((part, i) => globMatch(part, target[i]));
}

/** Go's filepath.Match for one path segment: `*`, `?`, `[…]` (with `^` or `!`), `\` escapes. */
export function globMatch(pattern: string, name: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false; // ErrBadPattern: nothing matches
      const body = pattern.slice(i + 1, end);
      source += `[${body.startsWith('^') ? `^${body.slice(1).replace(/\\/g, '\\\\')}` : body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else source += escapeRegExp(c);
  }
  try {
    return new RegExp(`^${source}$`).test(name);
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
