// latest-if-not-present: an explicit IfNotPresent or Never with a `latest` (or
// untagged) image. Each node keeps whichever `latest` it got first, so pods on
// different nodes can run different builds.

import { describeSite } from './describe';
import type { Rule } from './types';

export const latestIfNotPresent: Rule = {
  id: 'latest-if-not-present',
  defaultSeverity: 'information',
  description: 'An explicit `IfNotPresent` or `Never` with a `latest` or untagged image: nodes may run different builds.',
  check({ site, effective }) {
    const policy = effective.policy;
    if (effective.origin !== 'explicit' || (policy !== 'IfNotPresent' && policy !== 'Never') || !site.policy) return [];
    const { parsed, effectiveTag } = effective.decision;
    if (!parsed.ok || parsed.ref.digest || effectiveTag !== 'latest') return [];
    const consequence =
      policy === 'Never'
        ? 'The image must already be on every node (otherwise the kubelet reports ErrImageNeverPull), and each node runs whichever `latest` it holds.'
        : 'Each node keeps whichever `latest` it pulled first, so pods on different nodes can run different builds and a new push is not picked up.';
    const message = `${describeSite(site)} uses ${site.policyKey}: ${policy} with the image ${JSON.stringify(effective.image)}, which means \`latest\`. ${consequence} Pin a version tag or a digest.`;
    return [{ span: site.policy.valueSpan, message }];
  },
};
