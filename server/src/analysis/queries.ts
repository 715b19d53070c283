// Position-based questions the editor asks: which container is here, which hints
// fall in a range, what to complete.

import type { Analysis, SiteAnalysis } from './index';
import { isPolicyOmitted } from './effectivePolicy';
import { PULL_POLICIES, type PullPolicy } from './pullPolicy';
import { reasonFor } from './explain';
import type { Span } from './types';

export interface PolicyHint {
  /** Where the hint goes: right after the image value. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

export function allSites(analysis: Analysis): SiteAnalysis[] {
  return analysis.documents.flatMap((doc) => doc.sites);
}

/** Hints after every image whose policy is omitted, within `range` when given. */
export function policyHints(analysis: Analysis, range?: Span): PolicyHint[] {
  const hints: PolicyHint[] = [];
  for (const doc of analysis.documents) {
    if (range && (doc.span[1] < range[0] || doc.span[0] > range[1])) continue;
    for (const { site, effective } of doc.sites) {
      const image = site.image;
      if (!image || !effective.policy || !isPolicyOmitted(site)) continue;
      const offset = image.valueSpan[0] === image.valueSpan[1] ? image.keySpan[1] + 1 : image.valueSpan[1];
      if (range && (offset < range[0] || offset > range[1])) continue;
      hints.push({ offset, label: `${site.policyKey}: ${effective.policy}`, tooltip: reasonFor(site, effective) });
    }
  }
  return hints;
}

export type HoverTarget = { readonly on: 'image' | 'policy'; readonly span: Span; readonly site: SiteAnalysis };

/** The image value or policy entry under `offset` (inclusive of the end, where a cursor sits after a word). */
export function targetAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  for (const doc of analysis.documents) {
    if (offset < doc.span[0] || offset > doc.span[1]) continue;
    for (const entry of doc.sites) {
      const { image, policy } = entry.site;
      if (image && within(image.valueSpan, offset)) return { on: 'image', span: image.valueSpan, site: entry };
      if (policy && (within(policy.keySpan, offset) || within(policy.valueSpan, offset))) {
        return { on: 'policy', span: [policy.keySpan[0], Math.max(policy.keySpan[1], policy.valueSpan[1])], site: entry };
      }
    }
  }
  return undefined;
}

export interface PolicyCompletion {
  /** The text the values replace (the value typed so far, possibly empty). */
  readonly span: Span;
  /** A space to write first when the cursor sits right after the colon. */
  readonly prefix: string;
  readonly values: readonly { policy: PullPolicy; detail: string; preselect: boolean }[];
}

/** Completion of the three policy values after `imagePullPolicy:` inside a container map. */
export function policyCompletion(analysis: Analysis, offset: number): PolicyCompletion | undefined {
  const { text } = analysis.source;
  for (const { site, effective } of allSites(analysis)) {
    const policy = site.policy;
    if (!policy) continue;
    const colon = text.indexOf(':', policy.keySpan[1]);
    const lineEnd = text.indexOf('\n', policy.keySpan[1]);
    if (colon < 0 || offset <= colon || (lineEnd >= 0 && offset > lineEnd)) continue;
    const typed: Span = policy.valueSpan[0] === policy.valueSpan[1] ? [offset, offset] : policy.valueSpan;
    if (offset < typed[0] - 1 || offset > typed[1]) continue;
    const defaulted = effective.decision.policy;
    return {
      span: typed,
      prefix: text[typed[0] - 1] === ':' ? ' ' : '',
      values: PULL_POLICIES.map((value) => ({
        policy: value,
        detail: value === defaulted ? 'what Kubernetes uses when omitted' : '',
        preselect: value === defaulted,
      })),
    };
  }
  return undefined;
}

function within(span: Span, offset: number): boolean {
  return offset >= span[0] && offset <= span[1];
}
