// Analysis options, normalised from untrusted input (editor settings, config files).

import type { ReferenceLibrary } from './imageReference';
import { isPullPolicy, type PullPolicy } from './pullPolicy';
import type { SeveritySetting } from './types';

export interface AnalysisSettings {
  /** Severity override per rule id; rules not listed keep their default. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** The policy offered as the preferred quick fix for `implicit-always`. */
  readonly preferredPolicy: PullPolicy;
  /** The cluster runs the AlwaysPullImages admission plugin: every container pulls. */
  readonly assumeAlwaysPullImages: boolean;
  /** The target Kubernetes release, `major.minor`; it decides the reference parser. */
  readonly kubernetesVersion: string;
  /** Which reference parser that release uses (derived from `kubernetesVersion`). */
  readonly library: ReferenceLibrary;
  /** KEP-6083's proposed feature gate DigestAwareImagePullPolicyDefaulting. */
  readonly digestAwareDefaulting: boolean;
  /** Files longer than this many characters are not analysed. */
  readonly maxFileSize: number;
  /** More objects with pod specs: `group/Kind` or `apiVersion/Kind` → dotted paths (`[]` steps into lists). */
  readonly podSpecPaths: Readonly<Record<string, readonly string[]>>;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  preferredPolicy: 'IfNotPresent',
  assumeAlwaysPullImages: false,
  kubernetesVersion: 'current',
  library: 'distribution/reference v0.6',
  digestAwareDefaulting: false,
  maxFileSize: 32 * 1024 * 1024,
  podSpecPaths: {},
};

const SEVERITIES: readonly string[] = ['off', 'error', 'warning', 'information', 'hint'];

/** Builds settings from anything (a `kubePullPolicy` settings object); bad values fall back to defaults. */
export function settingsFrom(raw: unknown): AnalysisSettings {
  const input = isRecord(raw) ? raw : {};
  const rules: Record<string, SeveritySetting> = {};
  if (isRecord(input.rules)) {
    for (const [id, severity] of Object.entries(input.rules)) {
      if (typeof severity === 'string' && SEVERITIES.includes(severity)) rules[id] = severity as SeveritySetting;
    }
  }
  const quickFix = isRecord(input.quickFix) ? input.quickFix : {};
  const featureGates = isRecord(input.featureGates) ? input.featureGates : {};
  const kubernetesVersion = typeof input.kubernetesVersion === 'string' && /^(current|\d+\.\d+)$/.test(input.kubernetesVersion.trim()) ? input.kubernetesVersion.trim() : 'current';
  return {
    rules,
    preferredPolicy: isPullPolicy(quickFix.preferredPolicy) ? quickFix.preferredPolicy : DEFAULT_SETTINGS.preferredPolicy,
    assumeAlwaysPullImages: input.assumeAlwaysPullImages === true,
    kubernetesVersion,
    library: libraryFor(kubernetesVersion),
    digestAwareDefaulting: featureGates.DigestAwareImagePullPolicyDefaulting === true,
    maxFileSize:
      typeof input.maxFileSize === 'number' && input.maxFileSize >= 0 ? input.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    podSpecPaths: podSpecPathsFrom(input.podSpecPaths),
  };
}

/**
 * The image reference library a Kubernetes release links (SPEC §6): up to 1.28
 * docker/distribution v2.8, 1.29 distribution/reference v0.5, then v0.6. The
 * boundaries come from dependency changelogs and are approximate.
 */
export function libraryFor(kubernetesVersion: string): ReferenceLibrary {
  const match = /^1\.(\d+)$/.exec(kubernetesVersion);
  if (!match) return 'distribution/reference v0.6';
  const minor = Number(match[1]);
  return minor <= 28 ? 'docker/distribution v2.8' : minor === 29 ? 'distribution/reference v0.5' : 'distribution/reference v0.6';
}

const PATH = /^[A-Za-z0-9_-]+(\[\])?(\.[A-Za-z0-9_-]+(\[\])?)*$/;

function podSpecPathsFrom(raw: unknown): Record<string, readonly string[]> {
  const result: Record<string, readonly string[]> = {};
  if (!isRecord(raw)) return result;
  for (const [kind, paths] of Object.entries(raw)) {
    const list = (Array.isArray(paths) ? paths : [paths]).filter((path): path is string => typeof path === 'string' && PATH.test(path));
    if (kind.includes('/') && list.length) result[kind] = list;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Settings from a project's config file with editor settings on top. An editor
 * reports every setting, defaults included, so only values that differ from the
 * defaults count as set there; rule severities merge per rule.
 */
export function layerSettings(base: AnalysisSettings, top: AnalysisSettings): AnalysisSettings {
  const pick = <K extends keyof AnalysisSettings>(key: K) => (top[key] !== DEFAULT_SETTINGS[key] ? top[key] : base[key]);
  return {
    rules: { ...base.rules, ...top.rules },
    preferredPolicy: pick('preferredPolicy'),
    assumeAlwaysPullImages: pick('assumeAlwaysPullImages'),
    kubernetesVersion: pick('kubernetesVersion'),
    library: pick('library'),
    digestAwareDefaulting: pick('digestAwareDefaulting'),
    maxFileSize: pick('maxFileSize'),
    podSpecPaths: { ...base.podSpecPaths, ...top.podSpecPaths },
  };
}
