// The registry of rules, by stable id. The id is the diagnostic code, the
// settings key under `kubePullPolicy.rules` and the suppression-comment name.

import { implicitAlways } from './implicitAlways';
import { implicitIfNotPresent } from './implicitIfNotPresent';
import { invalidImage } from './invalidImage';
import { invalidPullPolicy } from './invalidPullPolicy';
import { latestIfNotPresent } from './latestIfNotPresent';
import { missingImage } from './missingImage';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [
  implicitAlways,
  implicitIfNotPresent,
  invalidPullPolicy,
  invalidImage,
  missingImage,
  latestIfNotPresent,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.id, rule]));
