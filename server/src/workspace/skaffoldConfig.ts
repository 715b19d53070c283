// One skaffold.yaml read into what the workspace index needs: per config (one per
// YAML document), the artifacts it builds with their tag policy and push setting,
// what it deploys, and the configs it requires. Schemas v1…v2beta (`deploy.kubectl`,
// `deploy.kustomize`, `deploy.helm`) and v3/v4 (`manifests.rawYaml`,
// `manifests.kustomize`, `manifests.helm`) alike; `profiles` add their artifacts and
// manifests (a profile's build replaces the fields it sets, pkg/skaffold/schema/profiles.go).
// Anything of the wrong shape is skipped. Never throws.

import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SkaffoldArtifact, SkaffoldTagger } from '../analysis/builtImages';

/** The names Skaffold looks for by default (pkg/skaffold/parser: skaffold.yaml, then skaffold.yml). */
export const SKAFFOLD_FILE_NAMES: readonly string[] = ['skaffold.yaml', 'skaffold.yml'];

export interface SkaffoldRequire {
  /** The required file or directory (absolute); git and Google Cloud Storage requirements are not read. */
  readonly path: string;
  /** `configs:`: the names to take from it; empty: all. */
  readonly configs: readonly string[];
}

export interface SkaffoldConfig {
  /** `metadata.name`. */
  readonly name?: string;
  readonly artifacts: readonly SkaffoldArtifact[];
  /** `rawYaml` and `kubectl.manifests` patterns, absolute (Go's filepath.Glob; a matched directory deploys everything below it). */
  readonly manifests: readonly string[];
  /** Kustomization directories (`kustomize.paths`, default `.`), absolute. */
  readonly kustomizations: readonly string[];
  /** Helm chart directories (`helm.releases[].chartPath`), absolute. */
  readonly charts: readonly string[];
  readonly requires: readonly SkaffoldRequire[];
}

type Json = Record<string, unknown>;

/** The configs of a skaffold.yaml; an error message when it is not YAML or holds no Skaffold config. */
export function parseSkaffold(text: string, file: string): SkaffoldConfig[] | { error: string } {
  const dir = path.dirname(file);
  const configs: SkaffoldConfig[] = [];
  try {
    for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
      if (doc.errors.length) return { error: `it is not valid YAML (${doc.errors[0].message.split('\n')[0]})` };
      const top = object(doc.toJS({ maxAliasCount: 100 }));
      if (!top || !String(top.apiVersion ?? '').startsWith('skaffold/')) continue;
      configs.push(configOf(top, dir));
    }
  } catch (error) {
    return { error: `it could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
  return configs.length ? configs : { error: 'it holds no document with apiVersion skaffold/…' };
}

function configOf(top: Json, dir: string): SkaffoldConfig {
  const at = (relative: string) => path.resolve(dir, relative);
  const build = object(top.build);
  const artifacts: SkaffoldArtifact[] = [...artifactsOf(build, undefined, undefined)];
  const manifests: string[] = [];
  const kustomizations: string[] = [];
  const charts: string[] = [];
  const deployed = (section: Json | undefined) => {
    const deploy = object(section?.deploy);
    const rendered = object(section?.manifests);
    manifests.push(...strings(object(deploy?.kubectl)?.manifests).map(at), ...strings(rendered?.rawYaml).map(at));
    for (const kustomize of [object(deploy?.kustomize), object(rendered?.kustomize)]) {
      if (!kustomize) continue;
      const paths = strings(kustomize.paths);
      // The schema's default: `paths: ["."]`.
      kustomizations.push(...(paths.length ? paths : ['.']).map(at));
    }
    for (const helm of [object(deploy?.helm), object(rendered?.helm)]) {
      for (const release of objects(helm?.releases)) if (typeof release.chartPath === 'string') charts.push(at(release.chartPath));
    }
  };
  deployed(top);
  if (!manifests.length && !kustomizations.length && !charts.length && !rendersOrDeploysOtherwise(top)) {
    // pkg/skaffold/schema/defaults/defaults.go, SetDefaultRenderer: "k8s/*.yaml", same as v1.
    manifests.push(at('k8s/*.yaml'));
  }
  for (const profile of objects(top.profiles)) {
    const name = typeof profile.name === 'string' ? profile.name : '(unnamed)';
    artifacts.push(...artifactsOf(object(profile.build), build, name));
    deployed(profile);
  }
  const requires: SkaffoldRequire[] = [];
  for (const entry of objects(top.requires)) {
    if (typeof entry.path !== 'string') continue;
    requires.push({ path: at(entry.path), configs: strings(entry.configs) });
  }
  const name = object(top.metadata)?.name;
  return { ...(typeof name === 'string' ? { name } : {}), artifacts, manifests, kustomizations, charts, requires };
}

/** A renderer or deployer other than raw YAML, kustomize and helm: Skaffold then sets no default manifests. */
function rendersOrDeploysOtherwise(top: Json): boolean {
  const rendered = object(top.manifests);
  const deploy = object(top.deploy);
  return rendered?.kpt !== undefined || rendered?.helm !== undefined || deploy?.helm !== undefined || deploy?.docker !== undefined || deploy?.cloudrun !== undefined;
}

/** `build.artifacts` with the section's tagPolicy and push setting (a profile falls back to the config's). */
function* artifactsOf(build: Json | undefined, base: Json | undefined, profile: string | undefined): Generator<SkaffoldArtifact> {
  if (!build) return;
  const tagger = taggerOf(object(build.tagPolicy) ?? object(base?.tagPolicy));
  const push = pushOf(build) ?? (base ? pushOf(base) : undefined);
  for (const artifact of objects(build.artifacts)) {
    if (typeof artifact.image !== 'string' || artifact.image === '') continue;
    yield { tool: 'skaffold', image: artifact.image, tagger, ...(push === undefined ? {} : { push }), ...(profile ? { profile } : {}) };
  }
}

/** Remote builders always push; `local.push` decides for the local one (unset: the cluster decides). */
function pushOf(build: Json): boolean | undefined {
  if (object(build.cluster) || object(build.googleCloudBuild)) return true;
  const push = object(build.local)?.push;
  return typeof push === 'boolean' ? push : undefined;
}

/** The first tagger set, in the order of pkg/skaffold/tag/tagger_mux.go; none: gitCommit, the schema's default. */
function taggerOf(policy: Json | undefined): SkaffoldTagger {
  const env = object(policy?.envTemplate);
  if (env) return { kind: 'envTemplate', ...(typeof env.template === 'string' ? { template: env.template } : {}) };
  if (policy && 'sha256' in policy) return { kind: 'sha256' };
  const git = object(policy?.gitCommit);
  if (git) {
    return { kind: 'gitCommit', ...(typeof git.variant === 'string' ? { variant: git.variant } : {}), ...(typeof git.prefix === 'string' ? { prefix: git.prefix } : {}) };
  }
  const dateTime = object(policy?.dateTime);
  if (dateTime) return { kind: 'dateTime', ...(typeof dateTime.format === 'string' ? { format: dateTime.format } : {}) };
  if (policy && 'inputDigest' in policy) return { kind: 'inputDigest' };
  const custom = object(policy?.customTemplate);
  if (custom) return { kind: 'customTemplate', ...(typeof custom.template === 'string' ? { template: custom.template } : {}) };
  return { kind: 'gitCommit' };
}

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function objects(value: unknown): Json[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const found = object(item);
    return found ? [found] : [];
  });
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '') : [];
}
