// Where objects carry containers. Built-in workloads are matched by kind within
// the API groups Kubernetes serves them from; objects of other groups with the
// same kind (Knative's `Service`, say) are not pods. Custom resources whose
// controllers create pods from embedded containers are listed by group and kind;
// the pods they create are defaulted by the API server like any other.
//
// A path is dot-separated map keys; `name[]` steps into every item of a list.

export type ContainerRole = 'container' | 'initContainer' | 'ephemeralContainer' | 'sidecar' | 'step';

export type Location =
  /** A PodSpec: its containers, initContainers, ephemeralContainers and image volumes. */
  | { readonly podSpec: string }
  /** A list of containers. */
  | { readonly containers: string; readonly role: ContainerRole }
  /** A single container. */
  | { readonly container: string; readonly role: ContainerRole };

const TEMPLATE_SPEC: readonly Location[] = [{ podSpec: 'spec.template.spec' }];

const BUILTIN_KINDS: Readonly<Record<string, readonly Location[]>> = {
  Pod: [{ podSpec: 'spec' }],
  PodTemplate: [{ podSpec: 'template.spec' }],
  ReplicationController: TEMPLATE_SPEC,
  ReplicaSet: TEMPLATE_SPEC,
  Deployment: TEMPLATE_SPEC,
  StatefulSet: TEMPLATE_SPEC,
  DaemonSet: TEMPLATE_SPEC,
  Job: TEMPLATE_SPEC,
  CronJob: [{ podSpec: 'spec.jobTemplate.spec.template.spec' }],
};

/** Groups that have served the built-in workload kinds ('' is the core group). */
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions']);

/** Argo Workflows templates: a main container (or script), init containers and sidecars. */
function argoTemplates(templates: string): Location[] {
  return [
    { container: `${templates}[].container`, role: 'container' },
    { container: `${templates}[].script`, role: 'container' },
    { containers: `${templates}[].initContainers`, role: 'initContainer' },
    { containers: `${templates}[].sidecars`, role: 'sidecar' },
  ];
}

/** A Tekton TaskSpec: steps and sidecars. */
function tektonTaskSpec(taskSpec: string): Location[] {
  return [
    { containers: `${taskSpec}.steps`, role: 'step' },
    { containers: `${taskSpec}.sidecars`, role: 'sidecar' },
  ];
}

const CUSTOM_KINDS: Readonly<Record<string, readonly Location[]>> = {
  'argoproj.io/Rollout': TEMPLATE_SPEC,
  'serving.knative.dev/Service': TEMPLATE_SPEC,
  'serving.knative.dev/Configuration': TEMPLATE_SPEC,
  'apps.kruise.io/CloneSet': TEMPLATE_SPEC,
  'keda.sh/ScaledJob': [{ podSpec: 'spec.jobTargetRef.template.spec' }],
  'argoproj.io/Workflow': argoTemplates('spec.templates'),
  'argoproj.io/WorkflowTemplate': argoTemplates('spec.templates'),
  'argoproj.io/ClusterWorkflowTemplate': argoTemplates('spec.templates'),
  'argoproj.io/CronWorkflow': argoTemplates('spec.workflowSpec.templates'),
  'tekton.dev/Task': tektonTaskSpec('spec'),
  'tekton.dev/ClusterTask': tektonTaskSpec('spec'),
  'tekton.dev/TaskRun': tektonTaskSpec('spec.taskSpec'),
  'tekton.dev/Pipeline': [...tektonTaskSpec('spec.tasks[].taskSpec'), ...tektonTaskSpec('spec.finally[].taskSpec')],
};

/** The group of an `apiVersion` (`apps/v1` → `apps`, `v1` → ''), or undefined when absent. */
export function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Container locations of an object. An object without `apiVersion` (a manifest
 * being typed) is matched on its kind alone. `extra` maps `group/Kind` or
 * `apiVersion/Kind` to pod spec paths (the `podSpecPaths` setting).
 */
export function containerLocations(apiVersion: unknown, kind: string, extra: Readonly<Record<string, readonly string[]>>): readonly Location[] {
  const group = groupOf(apiVersion);
  const configured = [extra[`${String(apiVersion)}/${kind}`], extra[`${group}/${kind}`]].find(Array.isArray);
  if (configured) return configured.map((podSpec) => ({ podSpec }));
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
