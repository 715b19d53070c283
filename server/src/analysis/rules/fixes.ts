// Fix builders shared by rules.

import { setPolicyEdit } from '../edits';
import type { PullPolicy } from '../pullPolicy';
import type { Fix } from '../types';
import type { RuleContext } from './types';

/** `Set imagePullPolicy: X`, or undefined when the policy cannot be written safely here. */
export function setPolicyFix(context: RuleContext, policy: PullPolicy): Fix | undefined {
  const edit = setPolicyEdit(context.source, context.site, policy);
  return edit && { title: `Set ${context.site.policyKey}: ${policy}`, edits: [edit], policy };
}
