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
  /** Which reference parser the target Kubernetes release used. */
  readonly library: ReferenceLibrary;
  /** Files longer than this many characters are not analysed. */
  readonly maxFileSize: number;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  preferredPolicy: 'IfNotPresent',
  assumeAlwaysPullImages: false,
  library: 'distribution/reference v0.6',
  maxFileSize: 32 * 1024 * 1024,
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
  return {
    rules,
    preferredPolicy: isPullPolicy(quickFix.preferredPolicy) ? quickFix.preferredPolicy : DEFAULT_SETTINGS.preferredPolicy,
    assumeAlwaysPullImages: input.assumeAlwaysPullImages === true,
    library: DEFAULT_SETTINGS.library,
    maxFileSize:
      typeof input.maxFileSize === 'number' && input.maxFileSize >= 0 ? input.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
  };
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
    library: pick('library'),
    maxFileSize: pick('maxFileSize'),
  };
}
