// implicit-always: the policy is omitted and the API server will default it to
// Always, so every pod start pulls from the registry and a locally built image is
// never used. The classic `registry/demoapi:latest` on Docker Desktop trap.

import { PULL_POLICIES } from '../pullPolicy';
import { writtenImage } from '../effectivePolicy';
import { describeSite, imagePhrase, pulledReference } from './describe';
import { setPolicyFix } from './fixes';
import type { Rule } from './types';

export const implicitAlways: Rule = {
  id: 'implicit-always',
  defaultSeverity: 'warning',
  description: 'The pull policy is omitted and the image has no tag or the tag `latest`, so Kubernetes sets `Always`.',
  check(context) {
    const { site, effective } = context;
    if (effective.origin !== 'default' || effective.policy !== 'Always' || !site.image) return [];
    const pulled = pulledReference(effective.decision.parsed) ?? effective.image;
    const image = imagePhrase(effective, writtenImage(site));
    const cause = effective.decision.reason === 'no-tag' ? `${image} has no tag, which means \`latest\`` : `${image} has the tag \`latest\``;
    const message =
      `${site.policyKey} is omitted and ${cause}, so the API server sets ${site.policyKey}: Always on ${describeSite(site)}. ` +
      `Every pod start pulls ${pulled} from the registry; an image that exists only on the node is never used and the pod fails with ErrImagePull. ` +
      `Set ${site.policyKey} explicitly: IfNotPresent to use a local image, Always to keep pulling.`;
    const preferred = context.settings.preferredPolicy;
    const order = [preferred, ...PULL_POLICIES.filter((policy) => policy !== preferred)];
    const fixes = order.flatMap((policy) => setPolicyFix(context, policy) ?? []);
    return [{ span: site.image.valueSpan, message, fixes, preferredFix: fixes.length ? 0 : undefined }];
  },
};
