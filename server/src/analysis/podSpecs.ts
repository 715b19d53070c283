// Where objects embed a pod spec. Built-in workloads are matched by kind within the
// API groups Kubernetes serves them from; objects of other groups with the same kind
// (Knative's `Service`, say) are not pods.

/** A path of map keys from the object's root to a pod spec. */
export type PodSpecPath = readonly string[];

const TEMPLATE_SPEC: PodSpecPath = ['spec', 'template', 'spec'];

const BUILTIN_KINDS: Readonly<Record<string, readonly PodSpecPath[]>> = {
  Pod: [['spec']],
  PodTemplate: [['template', 'spec']],
  ReplicationController: [TEMPLATE_SPEC],
  ReplicaSet: [TEMPLATE_SPEC],
  Deployment: [TEMPLATE_SPEC],
  StatefulSet: [TEMPLATE_SPEC],
  DaemonSet: [TEMPLATE_SPEC],
  Job: [TEMPLATE_SPEC],
  CronJob: [['spec', 'jobTemplate', 'spec', 'template', 'spec']],
};

/** Groups that have served the built-in workload kinds ('' is the core group). */
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions']);

/** Custom resources whose schema embeds a standard pod template. */
const CUSTOM_KINDS: Readonly<Record<string, readonly PodSpecPath[]>> = {
  'argoproj.io/Rollout': [TEMPLATE_SPEC],
  'serving.knative.dev/Service': [TEMPLATE_SPEC],
  'serving.knative.dev/Configuration': [TEMPLATE_SPEC],
  'apps.kruise.io/CloneSet': [TEMPLATE_SPEC],
  'keda.sh/ScaledJob': [['spec', 'jobTargetRef', 'template', 'spec']],
};

/** The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ''), or undefined when absent. */
function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Pod spec paths for an object. An object without `apiVersion` (a manifest being
 * typed) is matched on its kind alone.
 */
export function podSpecPaths(apiVersion: unknown, kind: string): readonly PodSpecPath[] {
  const group = groupOf(apiVersion);
  if (group === undefined || BUILTIN_GROUPS.has(group)) {
    const builtin = BUILTIN_KINDS[kind];
    if (builtin) return builtin;
  }
  return (group && CUSTOM_KINDS[`${group}/${kind}`]) || [];
}

/** `kind: List` and the typed lists (`PodList`, `DeploymentList`…) carry objects in `items`. */
export function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.endsWith('List') && kind.length > 4);
}
