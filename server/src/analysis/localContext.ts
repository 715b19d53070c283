// What the developer's machine says, when the local context is on: the kubectl
// context in use, whether it is a local cluster, and which images the local Docker
// Engine holds. Found by server/src/host/ (editor and CLI alike); plain data here,
// like FileContext, so the worker thread can receive it.

import type { EffectivePolicy } from './effectivePolicy';
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

/**
 * The command that copies a local Docker image into the cluster's own image store,
 * for the clusters whose nodes do not use the Docker Engine's store:
 * - kind: nodes are containers running containerd; "kind load docker-image"
 *   copies an image from the host's Docker into them (kind.sigs.k8s.io/docs/user/quick-start/#loading-an-image-into-your-cluster).
 * - k3d: nodes are containers running k3s' containerd; "k3d image import" copies
 *   images from the Docker daemon into them (k3d.io/stable/usage/commands/k3d_image_import/).
 * - minikube: the node has its own runtime; "minikube image load" pushes a local
 *   image into it (minikube.sigs.k8s.io/docs/handbook/pushing/).
 * Docker Desktop, OrbStack, Colima and Rancher Desktop (with dockerd) run the
 * kubelet against the same Docker Engine the CLI builds into, so nothing is loaded;
 * MicroK8s and unknown loopback clusters: we do not know, so we say nothing.
 */
export function loadCommand(cluster: LocalCluster, image: string): string | undefined {
  const name = cluster.name;
  switch (cluster.kind) {
    case 'kind':
      return `kind load docker-image ${image}${name && name !== 'kind' ? ` --name ${name}` : ''}`;
    case 'k3d':
      return `k3d image import ${image}${name ? ` --cluster ${name}` : ''}`;
    case 'minikube':
      return `minikube image load ${image}${name && name !== 'minikube' ? ` --profile ${name}` : ''}`;
    default:
      return undefined;
  }
}

/** The cluster runs its pods from the Docker Engine's own image store. */
export function sharesDockerStore(cluster: LocalCluster): boolean {
  return cluster.kind === 'docker-desktop' || cluster.kind === 'orbstack' || cluster.kind === 'colima' || cluster.kind === 'rancher-desktop';
}

/** One sentence on where the cluster's nodes find images built on this machine. */
export function storeNote(facts: LocalFacts, cluster: LocalCluster, image: string): string {
  const load = loadCommand(cluster, image);
  if (load) return `${facts.context} (${CLUSTER_NAMES[cluster.kind]}) keeps its own image store: load the image with \`${load}\` (after each build), whatever the pull policy.`;
  if (cluster.kind === 'rancher-desktop') return `Rancher Desktop with the dockerd (moby) engine shares the Docker image store with its cluster, so IfNotPresent is enough; with containerd, build with \`nerdctl --namespace k8s.io\`.`;
  if (cluster.kind === 'colima') return 'Colima with the docker runtime shares the Docker image store with its cluster, so IfNotPresent is enough.';
  if (sharesDockerStore(cluster)) return `${CLUSTER_NAMES[cluster.kind]} shares the Docker image store with its cluster, so IfNotPresent is enough.`;
  return `Whether ${facts.context}'s nodes see your local Docker images depends on how it was set up.`;
}

/** Hover lines: the local image and the context in use. */
export function localContextLines(facts: LocalFacts, effective: EffectivePolicy): string[] {
  const context = facts.context
    ? `Context: \`${facts.context}\` (${facts.cluster ? `local: ${CLUSTER_NAMES[facts.cluster.kind]}` : 'not a local cluster'})`
    : 'Context: none (no kubeconfig, or no current context)';
  // Docker is asked only for a local cluster.
  if (!facts.cluster) return ['Local image: not checked (the context is not a local cluster)', context];
  if (!facts.docker) return ['Local image: unknown (the local Docker Engine did not answer)', context];
  const image = localImageOf(facts, effective);
  if (!image) return [context];
  if (!image.present) return ['Local image: not present locally', context];
  const details = [
    ...(image.created !== undefined ? [`built ${ago(facts.now - image.created)}`] : []),
    ...(image.size !== undefined ? [humanSize(image.size)] : []),
  ];
  const lines = [`Local image: present${details.length ? ` (${details.join(', ')})` : ''}`, context];
  if (facts.cluster) lines.push(storeNote(facts, facts.cluster, effective.image));
  return lines;
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
