// Suppression comments. Only comments, never annotations: an annotation would be
// sent to the cluster. Forms:
//   # kube-pull-policy: ignore-file
//   # kube-pull-policy: ignore <rule-id>[, <rule-id>…]   (on the finding's line or the line above)
//   # kube-pull-policy: ignore                            (every rule, same placement)

import { lineOf, lineStarts } from './lines';

const DIRECTIVE = /(?:^|\s)#\s*kube-pull-policy:\s*(ignore-file|ignore)\b([^\n#]*)/g;

export interface Suppressions {
  readonly file: boolean;
  /** Is `ruleId` suppressed for a finding starting at `offset`? */
  readonly covers: (ruleId: string, offset: number) => boolean;
}

export function readSuppressions(text: string): Suppressions {
  if (!text.includes('kube-pull-policy:')) return { file: false, covers: () => false };
  let file = false;
  /** Line number → suppressed ids ('*' for all), for the comment's own line and the next. */
  const byLine = new Map<number, Set<string>>();
  const starts = lineStarts(text);
  for (const match of text.matchAll(DIRECTIVE)) {
    if (match[1] === 'ignore-file') {
      file = true;
      continue;
    }
    const ids = match[2].split(/[\s,]+/).filter(Boolean);
    const line = lineOf(starts, match.index ?? 0);
    for (const target of [line, line + 1]) {
      const set = byLine.get(target) ?? new Set<string>();
      for (const id of ids.length ? ids : ['*']) set.add(id);
      byLine.set(target, set);
    }
  }
  return {
    file,
    covers(ruleId, offset) {
      if (file) return true;
      const ids = byLine.get(lineOf(starts, offset));
      return !!ids && (ids.has('*') || ids.has(ruleId));
    },
  };
}
