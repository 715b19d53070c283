// Plain data shared by the analysis core. Offsets are UTF-16 code units into the
// document text, exactly what `yaml` reports and what LSP's `positionAt` expects.

import type { PullPolicy } from './pullPolicy';

/** A half-open range `[start, end)` of the text. */
export type Span = readonly [start: number, end: number];

/** Replace `span` with `text`; an insertion has `span[0] === span[1]`. */
export interface TextEdit {
  readonly span: Span;
  readonly text: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface Fix {
  /** What a person sees in the quick-fix menu. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The policy this fix writes, when it writes one. */
  readonly policy?: PullPolicy;
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: string;
  /** Quick fixes; `preferredFix` indexes the one an editor applies first. */
  readonly fixes: readonly Fix[];
  readonly preferredFix?: number;
  /** For findings about a container: its image and the policy the API server will store. */
  readonly image?: string;
  readonly effectivePolicy?: PullPolicy;
}
