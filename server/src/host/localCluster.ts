// Which local cluster a kubectl context points at, from the names its tools give
// the contexts they write and from the server address.

import type { LocalCluster } from '../analysis/localContext';
import type { KubeContext } from './kubeconfig';

/** Undefined: not a cluster on this machine, as far as names and address tell. */
export function classifyContext({ context, cluster = '', server = '' }: KubeContext): LocalCluster | undefined {
  const names = [context, cluster];
  const host = hostOf(server);
  const has = (test: (name: string) => boolean) => names.some(test);
  // Docker Desktop writes `docker-desktop` (older releases `docker-for-desktop`) with server kubernetes.docker.internal.
  if (has((n) => n === 'docker-desktop' || n === 'docker-for-desktop') || host === 'kubernetes.docker.internal') return { kind: 'docker-desktop' };
  // kind and k3d prefix the cluster's name (kind-NAME, k3d-NAME); minikube names the context after the profile.
  const prefixed = (prefix: string) => names.find((n) => n.startsWith(prefix) && n.length > prefix.length)?.slice(prefix.length);
  const kindName = prefixed('kind-');
  if (kindName) return { kind: 'kind', name: kindName };
  const k3dName = prefixed('k3d-');
  if (k3dName) return { kind: 'k3d', name: k3dName };
  if (has((n) => n === 'minikube')) return { kind: 'minikube', name: context };
  if (has((n) => n === 'rancher-desktop')) return { kind: 'rancher-desktop' };
  if (has((n) => n === 'orbstack')) return { kind: 'orbstack' };
  if (has((n) => n === 'colima' || n.startsWith('colima-'))) return { kind: 'colima' };
  if (has((n) => n === 'microk8s' || n === 'microk8s-cluster')) return { kind: 'microk8s' };
  if (host === 'localhost' || host === 'host.docker.internal' || host === '::1' || /^127\./.test(host)) return { kind: 'loopback' };
  return undefined;
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return '';
  }
}
