// implicit-if-not-present: the policy is omitted and defaults to IfNotPresent
// because the image is pinned by a tag other than `latest` or by a digest.
// Harmless, but writing it down documents what the cluster does.

import { writtenImage } from '../effectivePolicy';
import { describeSite, imagePhrase } from './describe';
import { setPolicyFix } from './fixes';
import type { Rule } from './types';

export const implicitIfNotPresent: Rule = {
  id: 'implicit-if-not-present',
  defaultSeverity: 'hint',
  description: 'The pull policy is omitted and the image is pinned, so Kubernetes sets `IfNotPresent`.',
  check(context) {
    const { site, effective } = context;
    // Unparseable images also default to IfNotPresent; invalid-image speaks for them.
    if (effective.origin !== 'default' || effective.policy !== 'IfNotPresent' || !site.image) return [];
    if (!effective.decision.parsed.ok) return [];
    const image = imagePhrase(effective, writtenImage(site));
    const cause =
      effective.decision.reason === 'digest-only' ? `${image} is pinned by digest` : `${image} has the tag \`${effective.decision.effectiveTag}\``;
    const message = `${site.policyKey} is omitted and ${cause}, so the API server sets ${site.policyKey}: IfNotPresent on ${describeSite(site)}. Nodes pull it only when they do not have it yet.`;
    const fix = setPolicyFix(context, 'IfNotPresent');
    return [{ span: site.image.valueSpan, message, fixes: fix ? [fix] : [], preferredFix: fix ? 0 : undefined }];
  },
};
