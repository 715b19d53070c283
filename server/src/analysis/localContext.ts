// What the developer's machine says, when the local context is on: the kubectl
// context in use, whether it is a local cluster, and which images the local Docker
// Engine holds. Found by server/src/host/ (editor and CLI alike); plain data here,
// like FileContext, so the worker thread can receive it.

import type { EffectivePolicy } from './effectivePolicy';
import { parseNormalizedNamed } from './imageReference';
import { pulledReference } from './rules/describe';

export type LocalClusterKind = 'docker-desktop' | 'rancher-desktop' | 'orbstack' | 'colima' | 'kind' | 'k3d' | 'minikube' | 'microk8s' | 'loopback';

export interface LocalCluster {
  readonly kind: LocalClusterKind;
  /** The cluster's name for its own tool (kind `kind-dev` → `dev`, k3d `k3d-dev` → `dev`, a minikube profile). */
  readonly name?: string;
}

export interface LocalImage {
  readonly present: boolean;
  /** Bytes, as the Engine API's image inspect `Size`. */
  readonly size?: number;
  /** Milliseconds since the epoch, from the image's `Created`. */
  readonly created?: number;
}

export interface LocalFacts {
  /** The kubectl context in use; '' when the kubeconfig names none or could not be read. */
  readonly context: string;
  /** Set when the context is a local cluster. */
  readonly cluster?: LocalCluster;
  /** The local Docker Engine answered. */
  readonly docker: boolean;
  /** Keyed by the reference the kubelet pulls (`docker.io/registry/demoapi:latest`); absent: not asked yet. */
  readonly images: Readonly<Record<string, LocalImage>>;
  /** When the facts were gathered (ms since the epoch), for "built 23 hours ago". */
  readonly now: number;
}

export const CLUSTER_NAMES: Readonly<Record<LocalClusterKind, string>> = {
  'docker-desktop': 'Docker Desktop',
  'rancher-desktop': 'Rancher Desktop',
  orbstack: 'OrbStack',
  colima: 'Colima',
  kind: 'kind',
  k3d: 'k3d',
  minikube: 'minikube',
  microk8s: 'MicroK8s',
  loopback: 'a cluster on this machine',
};

/** What the local Docker Engine says about this container's image, when it was asked. */
export function localImageOf(facts: LocalFacts | undefined, effective: EffectivePolicy): LocalImage | undefined {
  const reference = pulledReference(effective.decision.parsed);
  return facts && reference !== undefined && Object.hasOwn(facts.images, reference) ? facts.images[reference] : undefined;
}

/** A program and its arguments, run as they are: no shell, no string to split. */
export interface LoadCommand {
  readonly program: string;
  readonly args: readonly string[];
}

type LoadingKind = 'kind' | 'k3d' | 'minikube';

/**
 * The clusters whose nodes keep their own image store, so an image built with the
 * local Docker Engine must be copied into them (after each build), whatever the pull
 * policy, and each tool's command for that. The cluster is always named: without it
 * each tool picks its default cluster, which need not be the one the context points at.
 * - kind: nodes are containers running containerd. "kind load docker-image IMAGE --name
 *   NAME"; "if using a named cluster you will need to specify the name"; contexts are
 *   `kind-NAME` (kind.sigs.k8s.io/docs/user/quick-start/#loading-an-image-into-your-cluster).
 * - k3d: "k3d image import IMAGE --cluster NAME" imports images from docker into k3d
 *   clusters (default k3s-default); contexts are `k3d-NAME` (k3d.io/stable/usage/commands/k3d_image_import/).
 * - minikube: "minikube image load IMAGE" loads a local image into the node's own runtime
 *   (minikube.sigs.k8s.io/docs/handbook/pushing/); the profile, which names the context,
 *   is the global `--profile` flag (minikube.sigs.k8s.io/docs/commands/image/).
 */
const LOADERS: Readonly<Record<LoadingKind, { readonly program: string; readonly verb: readonly string[]; readonly clusterFlag: string; readonly install: string }>> = {
  kind: { program: 'kind', verb: ['load', 'docker-image'], clusterFlag: '--name', install: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation' },
  k3d: { program: 'k3d', verb: ['image', 'import'], clusterFlag: '--cluster', install: 'https://k3d.io/' },
  minikube: { program: 'minikube', verb: ['image', 'load'], clusterFlag: '--profile', install: 'https://minikube.sigs.k8s.io/docs/start/' },
};

function isLoadingKind(kind: LocalClusterKind): kind is LoadingKind {
  return Object.hasOwn(LOADERS, kind);
}

function loadArgv(kind: LoadingKind, image: string, cluster: string): LoadCommand {
  const { program, verb, clusterFlag } = LOADERS[kind];
  return { program, args: [...verb, image, clusterFlag, cluster] };
}

/** Letters, digits, `.`, `_` and `-`, not first `-`: never an option, a path or shell syntax. */
const SAFE_CLUSTER_NAME = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;

/**
 * The command that copies `image` from the local Docker Engine into the cluster, for
 * kind, k3d and minikube; undefined for other clusters, and for an image that is not a
 * reference (a reference never starts with `-` nor holds spaces or quotes) or a
 * cluster name outside SAFE_CLUSTER_NAME, so nothing else ever reaches the command line.
 */
export function loadCommand(cluster: LocalCluster, image: string): LoadCommand | undefined {
  if (!isLoadingKind(cluster.kind) || !cluster.name || !SAFE_CLUSTER_NAME.test(cluster.name) || !parseNormalizedNamed(image).ok) return undefined;
  return loadArgv(cluster.kind, image, cluster.name);
}

/** The command as a person reads it; exact, since loadCommand admits no spaces or quotes. */
export function commandLine(command: LoadCommand): string {
  return [command.program, ...command.args].join(' ');
}

/** Where to get the tool a load command runs. */
export function installHint(cluster: LocalCluster): string | undefined {
  return isLoadingKind(cluster.kind) ? LOADERS[cluster.kind].install : undefined;
}

/** `Load registry/demoapi:latest into kind cluster dev` */
export function loadTitle(cluster: LocalCluster, image: string): string {
  return `Load ${image} into ${CLUSTER_NAMES[cluster.kind]} cluster ${cluster.name ?? ''}`.trimEnd();
}

/**
 * The load command for a container whose image the local Docker Engine holds, when the
 * context is a kind, k3d or minikube cluster (whatever the policy: those nodes need the
 * image loaded anyway). Not for an image a build tool replaces: it deploys its own tag.
 */
export function containerLoadCommand(facts: LocalFacts | undefined, effective: EffectivePolicy): LoadCommand | undefined {
  if (!facts?.cluster || effective.built?.replaced || !localImageOf(facts, effective)?.present) return undefined;
  return loadCommand(facts.cluster, effective.image);
}

/**
 * Without the local context: each tool's load command (from LOADERS) and the clusters
 * that need none. The specific lines of localContextLines replace this when it is on.
 */
export function localClusterAdvice(image: string): string {
  const loads = (Object.keys(LOADERS) as LoadingKind[]).map((kind) => `${CLUSTER_NAMES[kind]}: \`${commandLine(loadArgv(kind, image, 'CLUSTER'))}\``);
  return (
    `Image built locally? Load it into a kind, k3d or minikube cluster (${loads.join('; ')}). ` +
    "Docker Desktop's kubeadm cluster, OrbStack, Colima (docker runtime) and Rancher Desktop (dockerd) run pods from the Docker Engine's own images. " +
    'Then use IfNotPresent (or Never) so the kubelet does not go to the registry.'
  );
}

/**
 * One sentence on where the cluster's nodes find images built on this machine. What
 * each tool documents:
 * - Docker Desktop: its kubeadm cluster works with the Docker image store; the kind
 *   cluster it provisions since 4.38 works only with the containerd image store
 *   (docs.docker.com/desktop/use-desktop/kubernetes/#cluster-provisioning-method). Both
 *   are the context docker-desktop, and nothing in the kubeconfig we read tells them
 *   apart, so IfNotPresent is said to be enough for the kubeadm cluster only.
 * - OrbStack: "Kubernetes uses the same container engine as the rest of OrbStack, so
 *   built images are immediately available for use in Pods" (docs.orbstack.dev/kubernetes).
 * - Colima: "For Docker runtime, images built or pulled with Docker are accessible to
 *   Kubernetes. For Containerd runtime, images built or pulled in the k8s.io namespace
 *   are accessible" (github.com/abiosoft/colima, README, "Interacting with Image Registry").
 * - Rancher Desktop: with dockerd (moby) an image from `docker build` runs as is; with
 *   containerd, `nerdctl --namespace k8s.io build` makes it available to Kubernetes
 *   (docs.rancherdesktop.io/how-to-guides/hello-world-example).
 * - MicroK8s and other loopback clusters: not known, so nothing is claimed.
 */
export function storeNote(facts: LocalFacts, cluster: LocalCluster, image: string): string {
  const owner = `${facts.context} (${CLUSTER_NAMES[cluster.kind]})`;
  if (isLoadingKind(cluster.kind)) {
    const load = loadCommand(cluster, image);
    const how = load ? `\`${commandLine(load)}\`` : `\`${[LOADERS[cluster.kind].program, ...LOADERS[cluster.kind].verb].join(' ')}\``;
    return `${owner} keeps its own image store: load the image with ${how} (after each build), whatever the pull policy.`;
  }
  switch (cluster.kind) {
    case 'docker-desktop':
      return (
        "IfNotPresent is enough on Docker Desktop's kubeadm cluster, which runs pods from the Docker Engine's own images; " +
        'Docker Desktop 4.38 and later can provision a kind cluster instead, under the same context name, and the kubeconfig does not tell which one this is.'
      );
    case 'orbstack':
      return "OrbStack's cluster runs pods from the same container engine that builds your images, so IfNotPresent is enough.";
    case 'colima':
      return 'With the docker runtime, Colima\'s cluster sees images built with Docker, so IfNotPresent is enough; with containerd, build in the k8s.io namespace.';
    case 'rancher-desktop':
      return 'With the dockerd (moby) engine, Rancher Desktop\'s cluster sees images built with Docker, so IfNotPresent is enough; with containerd, build with `nerdctl --namespace k8s.io build`.';
    default:
      return `Whether ${facts.context}'s nodes see your local Docker images depends on how it was set up.`;
  }
}

/**
 * Hover lines: the local image, the context in use, and (unless the image is known
 * not to be local) what this cluster needs for images built on this machine.
 */
export function localContextLines(facts: LocalFacts, effective: EffectivePolicy): string[] {
  const context = facts.context
    ? `Context: \`${facts.context}\` (${facts.cluster ? `local: ${CLUSTER_NAMES[facts.cluster.kind]}` : 'not a local cluster'})`
    : 'Context: none (no kubeconfig, or no current context)';
  // Docker is asked only for a local cluster.
  if (!facts.cluster) return ['Local image: not checked (the context is not a local cluster)', context];
  const note = storeNote(facts, facts.cluster, effective.image);
  if (!facts.docker) return ['Local image: unknown (the local Docker Engine did not answer)', context, note];
  const image = localImageOf(facts, effective);
  if (!image) return [context, note];
  if (!image.present) return ['Local image: not present locally', context];
  const details = [
    ...(image.created !== undefined ? [`built ${ago(facts.now - image.created)}`] : []),
    ...(image.size !== undefined ? [humanSize(image.size)] : []),
  ];
  return [`Local image: present${details.length ? ` (${details.join(', ')})` : ''}`, context, note];
}

/** Like the Docker CLI's sizes (go-units HumanSize): decimal units, three significant digits. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))} ${units[unit]}`;
}

/** `23 hours ago`, roughly like the Docker CLI's `CREATED` column. */
export function ago(ms: number): string {
  const seconds = Math.max(0, ms / 1000);
  const steps: [number, string][] = [
    [60 * 60 * 24 * 365, 'year'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  // Two of a unit before switching to it, as `docker images` says "47 hours ago".
  for (const [size, unit] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 2 || (unit === 'minute' && count >= 1)) return `${count} ${unit}${count === 1 ? '' : 's'} ago`;
  }
  return seconds < 60 ? 'less than a minute ago' : '1 minute ago';
}
