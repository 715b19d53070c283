// The shape of a rule: a stable id (the diagnostic code and settings key), a
// default severity, user documentation, and a check over one container.

import type { EffectivePolicy } from '../effectivePolicy';
import type { LocalFacts } from '../localContext';
import type { ContainerSite } from '../manifest';
import type { AnalysisSettings } from '../settings';
import type { SourceText } from '../sourceText';
import type { Fix, Severity, Span } from '../types';

export interface RuleContext {
  readonly source: SourceText;
  readonly site: ContainerSite;
  readonly effective: EffectivePolicy;
  readonly settings: AnalysisSettings;
  /** The machine's local context, when it is on (see localContext.ts). */
  readonly local?: LocalFacts;
}

export interface Report {
  readonly span: Span;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  readonly preferredFix?: number;
}

export interface RuleMeta {
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One sentence for the README and rule metadata. */
  readonly description: string;
}

export interface Rule extends RuleMeta {
  readonly check: (context: RuleContext) => readonly Report[];
  /** Rules whose reports on the same container this rule's reports replace. */
  readonly supersedes?: readonly string[];
}
