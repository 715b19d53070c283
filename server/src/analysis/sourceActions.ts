// Whole-document fixes: write a policy for every container that omits it. Used
// by the editor's source actions (fix-all on save) and the CLI's --fix.

import { setPolicyEdit } from './edits';
import { isPolicyOmitted } from './effectivePolicy';
import { shiftEdit, type Analysis } from './index';
import type { PullPolicy } from './pullPolicy';
import type { TextEdit } from './types';

/**
 * One edit per container whose policy is omitted. `choose` receives the policy the
 * API server defaults to (ignoring AlwaysPullImages, which overrides whatever is
 * written; for a Skaffold or Tilt artifact, what follows from the tool's image), so
 * `(defaulted) => defaulted` keeps today's behaviour exactly.
 */
export function setOmittedPolicies(analysis: Analysis, choose: (defaulted: PullPolicy) => PullPolicy): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const { start, analysis: doc } of analysis.documents) {
    // A patch's policy comes from its base, and a chart's from its templates.
    if (doc.context.kustomizePatch || doc.context.helmValues) continue;
    for (const { site, effective } of doc.sites) {
      if (!isPolicyOmitted(site) || !site.image) continue;
      const edit = setPolicyEdit(doc.source, site, choose(effective.built?.policy ?? effective.decision.policy));
      if (edit) edits.push(shiftEdit(edit, start));
    }
  }
  return edits;
}
