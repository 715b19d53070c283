// The registry of rules, by stable id. The id is the diagnostic code, the
// settings key under `kubePullPolicy.rules` and the suppression-comment name.

import { implicitAlways } from './implicitAlways';
import { implicitIfNotPresent } from './implicitIfNotPresent';
import { invalidImage } from './invalidImage';
import { invalidPullPolicy } from './invalidPullPolicy';
import { latestIfNotPresent } from './latestIfNotPresent';
import { localImagePulled } from './localImagePulled';
import { missingImage } from './missingImage';
import type { Rule, RuleMeta } from './types';

export const RULES: readonly Rule[] = [
  implicitAlways,
  implicitIfNotPresent,
  invalidPullPolicy,
  invalidImage,
  missingImage,
  latestIfNotPresent,
  localImagePulled,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));

/** Findings that come from no rule; they obey the same severity settings and suppressions. */
export const SYNTAX_RULE: RuleMeta = {
  id: 'yaml-syntax',
  defaultSeverity: 'error',
  description: 'The YAML does not parse; containers in the parts that still parse are analysed.',
};
export const STRICT_YAML_RULE: RuleMeta = {
  id: 'strict-yaml',
  defaultSeverity: 'information',
  description: 'kubectl reads this YAML, but strict YAML 1.2 tools reject it.',
};
export const IGNORED_RULE: RuleMeta = {
  id: 'ignored-by-kubectl',
  defaultSeverity: 'warning',
  description: 'kubectl never reads this part of the file (it follows a `...` line without a `---`).',
};
export const NOTICE_RULE: RuleMeta = {
  id: 'not-analysed',
  defaultSeverity: 'information',
  description: 'The file was not analysed, for example because it is larger than the size limit.',
};

/** Every id a finding can carry, with its metadata (for SARIF, docs and settings). */
export const RULE_CATALOG: readonly RuleMeta[] = [...RULES, SYNTAX_RULE, STRICT_YAML_RULE, IGNORED_RULE, NOTICE_RULE];
