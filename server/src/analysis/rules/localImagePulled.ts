// local-image-pulled: the local context is on, the kubectl context is a local
// cluster, the local Docker Engine holds the image, and the effective policy is
// Always (omitted or written). The kubelet asks the registry first, so an image
// built only on this machine fails with ErrImagePull. It replaces implicit-always
// on that container: the same trap, said with the facts of this machine.

import { localImageOf, storeNote } from '../localContext';
import { describeSite, pulledReference } from './describe';
import { setPolicyFix } from './fixes';
import type { Rule } from './types';

export const localImagePulled: Rule = {
  id: 'local-image-pulled',
  defaultSeverity: 'warning',
  description: 'The image is in your local Docker images and the context is a local cluster, but the policy is `Always`, so the kubelet goes to the registry first.',
  supersedes: ['implicit-always'],
  check(context) {
    const { site, effective, local } = context;
    const cluster = local?.cluster;
    if (!cluster || !site.image || effective.policy !== 'Always' || (effective.origin !== 'default' && effective.origin !== 'explicit')) return [];
    if (!localImageOf(local, effective)?.present) return [];
    const pulled = pulledReference(effective.decision.parsed) ?? effective.image;
    const why = effective.origin === 'explicit' ? `${site.policyKey} is Always` : `${site.policyKey} defaults to Always for ${effective.decision.reason === 'no-tag' ? 'an untagged image' : ':latest'}`;
    const message =
      `${effective.image} is in your local Docker images, but on ${local.context} the kubelet pulls ${pulled} first (${why}) for ${describeSite(site)}, ` +
      `and unless the registry has it the pod fails with ErrImagePull. Set ${site.policyKey}: IfNotPresent. ${storeNote(local, cluster, effective.image)}`;
    const fixes = (['IfNotPresent', 'Never'] as const).flatMap((policy) => setPolicyFix(context, policy) ?? []);
    return [{ span: site.image.valueSpan, message, fixes, preferredFix: fixes.length ? 0 : undefined }];
  },
};
