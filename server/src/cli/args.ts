// Command-line arguments → options, or a usage error (exit code 2).

import { parseArgs } from 'node:util';
import { isPullPolicy, type PullPolicy } from '../analysis/pullPolicy';
import { RULE_CATALOG } from '../analysis/rules';
import type { SeveritySetting } from '../analysis/types';

export type Format = 'text' | 'json' | 'sarif';
/** `explicit` writes each container's current effective policy: behaviour unchanged. */
export type FixPolicy = PullPolicy | 'explicit';

export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: Format;
  readonly fix: boolean;
  readonly fixPolicy?: FixPolicy;
  readonly dryRun: boolean;
  /** -1: any number of warnings passes. */
  readonly maxWarnings: number;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  readonly assumeAlwaysPullImages: boolean;
  readonly kubernetesVersion?: string;
  /** Extra pod spec locations: `group/Kind` → paths. */
  readonly podSpecPaths: Readonly<Record<string, readonly string[]>>;
  /** Ask the kubeconfig and the local Docker Engine (local-image-pulled). */
  readonly localContext: boolean;
  readonly verbose: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: kube-pull-policy [check] [options] [paths...]

Checks the imagePullPolicy Kubernetes gives every container in YAML manifests.
Paths are files or directories (searched for *.yaml and *.yml; node_modules, .git
and git-ignored files are skipped); "-" reads standard input. Default: ".".

Options:
  --format text|json|sarif        Output format (default: text)
  --fix                           Write explicit pull policies into the files
  --fix-policy P                  With --fix: IfNotPresent, Always, Never, or explicit
                                  (each container's current effective policy);
                                  default: the configured preferred policy
  --dry-run                       With --fix: print a unified diff, change nothing
  --max-warnings N                Exit 1 when there are more than N warnings
  --rule ID=SEVERITY              error, warning, information, hint or off (repeatable)
  --assume-always-pull-images     The cluster runs the AlwaysPullImages admission plugin
  --kubernetes-version 1.N        The target release (older releases parse images differently)
  --pod-spec-path GROUP/KIND=PATH A custom resource's pod spec (repeatable), e.g.
                                  example.com/Widget=spec.template.spec
  --local-context                 Read the kubectl context and ask the local Docker
                                  Engine which images it holds (local-image-pulled)
  --verbose                       Say on stderr why the local context gave nothing
  -h, --help                      Show this help
  -v, --version                   Show the version

Settings also come from the nearest .kube-pull-policy.json above each file;
command-line options win.

Exit codes: 0 no errors (and warnings within --max-warnings), 1 otherwise,
2 usage errors and unreadable paths.`;

const SEVERITIES = ['off', 'error', 'warning', 'information', 'hint'];
const FORMATS = ['text', 'json', 'sarif'];

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        'fix-policy': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'max-warnings': { type: 'string', default: '-1' },
        rule: { type: 'string', multiple: true, default: [] },
        'assume-always-pull-images': { type: 'boolean', default: false },
        'kubernetes-version': { type: 'string' },
        'pod-spec-path': { type: 'string', multiple: true, default: [] },
        'local-context': { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  const positionals = parsed.positionals[0] === 'check' ? parsed.positionals.slice(1) : parsed.positionals;
  const format = values.format as string;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}".`);
  const fixPolicy = values['fix-policy'];
  if (fixPolicy !== undefined && fixPolicy !== 'explicit' && !isPullPolicy(fixPolicy)) {
    throw new UsageError(`--fix-policy must be IfNotPresent, Always, Never or explicit, not "${fixPolicy}".`);
  }
  if ((fixPolicy !== undefined || values['dry-run']) && !values.fix) throw new UsageError('--fix-policy and --dry-run need --fix.');
  const maxWarnings = Number(values['max-warnings']);
  if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings must be a whole number, not "${values['max-warnings']}".`);
  const rules: Record<string, SeveritySetting> = {};
  for (const rule of values.rule as string[]) {
    const [id, severity] = rule.split('=');
    if (!RULE_CATALOG.some((known) => known.id === id)) throw new UsageError(`--rule: unknown rule "${id}". Known: ${RULE_CATALOG.map((r) => r.id).join(', ')}.`);
    if (!SEVERITIES.includes(severity)) throw new UsageError(`--rule ${id}: severity must be one of ${SEVERITIES.join(', ')}, not "${severity ?? ''}".`);
    rules[id] = severity as SeveritySetting;
  }
  const kubernetesVersion = values['kubernetes-version'] as string | undefined;
  if (kubernetesVersion !== undefined && !/^1\.\d+$/.test(kubernetesVersion)) throw new UsageError(`--kubernetes-version must look like 1.29, not "${kubernetesVersion}".`);
  const podSpecPaths: Record<string, string[]> = {};
  for (const entry of values['pod-spec-path'] as string[]) {
    const match = /^([^=\s]+\/[^=\s]+)=([\w.[\]-]+)$/.exec(entry);
    if (!match) throw new UsageError(`--pod-spec-path must look like example.com/Widget=spec.template.spec, not "${entry}".`);
    (podSpecPaths[match[1]] ??= []).push(match[2]);
  }
  return {
    paths: positionals.length ? positionals : ['.'],
    format: format as Format,
    fix: values.fix as boolean,
    fixPolicy: fixPolicy as FixPolicy | undefined,
    dryRun: values['dry-run'] as boolean,
    maxWarnings,
    rules,
    assumeAlwaysPullImages: values['assume-always-pull-images'] as boolean,
    kubernetesVersion,
    podSpecPaths,
    localContext: values['local-context'] as boolean,
    verbose: values.verbose as boolean,
    help: values.help as boolean,
    version: values.version as boolean,
  };
}
