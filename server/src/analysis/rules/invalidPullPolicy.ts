// invalid-pull-policy: anything but exactly `Always`, `IfNotPresent` or `Never`.
// The API server's validation rejects the whole object with
// `Unsupported value: "x": supported values: "Always", "IfNotPresent", "Never"`.

import { isPullPolicy, PULL_POLICIES } from '../pullPolicy';
import { replaceValueEdit } from '../edits';
import { isPolicyOmitted } from '../effectivePolicy';
import type { Fix } from '../types';
import { nonStringReading } from './describe';
import type { Rule } from './types';

const SUPPORTED = PULL_POLICIES.map((policy) => `"${policy}"`).join(', ');

export const invalidPullPolicy: Rule = {
  id: 'invalid-pull-policy',
  defaultSeverity: 'error',
  description: 'The pull policy is not exactly `Always`, `IfNotPresent` or `Never`.',
  check({ site, source }) {
    const policy = site.policy;
    if (!policy || isPolicyOmitted(site) || isPullPolicy(policy.value)) return [];
    const message =
      policy.shape === 'string'
        ? `${site.fieldPath}.${site.policyKey}: Unsupported value: ${JSON.stringify(policy.value)}: supported values: ${SUPPORTED}. ` +
          `The API server rejects this object; write one of the supported values exactly, with this capitalisation.`
        : `${site.policyKey} must be a string, but ${nonStringReading(policy, source.text)}. The API server rejects this object; write one of ${SUPPORTED}.`;
    const fixes: Fix[] = [];
    if (typeof policy.value === 'string') {
      const lower = policy.value.toLowerCase();
      const intended = PULL_POLICIES.find((candidate) => candidate.toLowerCase() === lower);
      const edit = intended && replaceValueEdit(source, policy, intended);
      if (intended && edit) fixes.push({ title: `Change to ${intended}`, edits: [edit], policy: intended });
    }
    const span = policy.valueSpan[0] === policy.valueSpan[1] ? policy.keySpan : policy.valueSpan;
    return [{ span, message, fixes, preferredFix: fixes.length ? 0 : undefined }];
  },
};
