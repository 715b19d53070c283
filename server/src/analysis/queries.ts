// Position-based questions the editor asks: which container is here, which hints
// fall in a range, what to complete. Offsets in and out are the file's.

import type { Analysis, PlacedDocument, SiteAnalysis } from './index';
import { shiftSpan } from './index';
import { isPolicyOmitted, type EffectivePolicy } from './effectivePolicy';
import { describeTransform, type FileContext } from './fileContext';
import type { ContainerSite } from './manifest';
import { PULL_POLICIES, type PullPolicy } from './pullPolicy';
import { buildNote, helmNote, patchNote, reasonFor } from './explain';
import { describeBuild } from './builtImages';
import { commandLine, containerLoadCommand, loadTitle, type LoadCommand, type LocalCluster } from './localContext';
import { describeSiteInObject } from './rules/describe';
import type { Span } from './types';

export interface PolicyHint {
  /** Where the hint goes: right after the image value. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** A load command (localContext.ts) and the containers of the file it is for. */
export interface ImageLoad {
  readonly command: LoadCommand;
  readonly title: string;
  readonly image: string;
  readonly cluster: LocalCluster;
  readonly context: string;
  /** `container "web" (Deployment demo)`, and the file spans of their maps, in text order. */
  readonly containers: readonly string[];
  readonly spans: readonly Span[];
}

/** The file's load commands, one per distinct command line, in the order of their first container. */
export function imageLoads(analysis: Analysis): ImageLoad[] {
  const loads = new Map<string, ImageLoad & { containers: string[]; spans: Span[] }>();
  for (const { start, analysis: doc } of analysis.documents) {
    const facts = doc.context.local;
    for (const { site, effective } of doc.sites) {
      const command = containerLoadCommand(facts, effective);
      if (!command || !facts?.cluster) continue;
      const key = commandLine(command);
      const load = loads.get(key) ?? { command, title: loadTitle(facts.cluster, effective.image), image: effective.image, cluster: facts.cluster, context: facts.context, containers: [], spans: [] };
      load.containers.push(describeSiteInObject(site));
      load.spans.push(shiftSpan(site.mapSpan, start));
      loads.set(key, load);
    }
  }
  return [...loads.values()];
}

/** Every container of the file with the offset its document starts at. */
export function allSites(analysis: Analysis): (SiteAnalysis & { readonly start: number })[] {
  return analysis.documents.flatMap(({ start, analysis: doc }) => doc.sites.map((site) => ({ ...site, start })));
}

/** Hints after every image whose policy is omitted, within `range` when given. */
export function policyHints(analysis: Analysis, range?: Span): PolicyHint[] {
  const hints: PolicyHint[] = [];
  for (const { start, analysis: doc } of documentsIn(analysis, range)) {
    for (const { site, effective } of doc.sites) {
      const image = site.image;
      // A chart's values say what the rendered container gets even when pullPolicy is set.
      if (!image || !effective.policy || !(isPolicyOmitted(site) || site.kind === 'helmImage')) continue;
      const offset = start + (image.valueSpan[0] === image.valueSpan[1] ? image.keySpan[1] + 1 : image.valueSpan[1]);
      if (range && (offset < range[0] || offset > range[1])) continue;
      hints.push(policyHint(offset, site, effective, doc.context));
    }
  }
  return hints;
}

function policyHint(offset: number, site: ContainerSite, effective: EffectivePolicy, context: FileContext): PolicyHint {
  if (context.kustomizePatch) {
    return { offset, label: `${site.policyKey}: from the kustomize base`, tooltip: patchNote(context.kustomizePatch) };
  }
  const key = site.kind === 'helmImage' ? 'imagePullPolicy' : site.policyKey;
  const by = effective.built ? describeBuild(effective.built) : effective.transformedBy ? describeTransform(effective.transformedBy) : undefined;
  const label = `${key}: ${effective.policy}${by ? ` — ${by}` : ''}`;
  const helm = context.helmValues ? ` ${helmNote(site, context.helmValues)}` : '';
  const build = effective.built ? ` ${buildNote(effective.built)}` : '';
  return { offset, label, tooltip: reasonFor(site, effective) + helm + build };
}

export type HoverTarget = { readonly on: 'image' | 'policy'; readonly span: Span; readonly site: SiteAnalysis; readonly context: FileContext };

/** The image value or policy entry under `offset` (inclusive of the end, where a cursor sits after a word). */
export function targetAt(analysis: Analysis, offset: number): HoverTarget | undefined {
  for (const { start, analysis: doc } of documentsIn(analysis, [offset, offset])) {
    const at = offset - start;
    for (const entry of doc.sites) {
      const { image, policy } = entry.site;
      if (image && within(image.valueSpan, at)) return { on: 'image', span: shiftSpan(image.valueSpan, start), site: entry, context: doc.context };
      if (policy && (within(policy.keySpan, at) || within(policy.valueSpan, at))) {
        return { on: 'policy', span: shiftSpan([policy.keySpan[0], Math.max(policy.keySpan[1], policy.valueSpan[1])], start), site: entry, context: doc.context };
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
  for (const { start, analysis: doc } of documentsIn(analysis, [offset, offset])) {
    const { text } = doc.source;
    const at = offset - start;
    for (const { site, effective } of doc.sites) {
      const policy = site.policy;
      if (!policy) continue;
      const colon = text.indexOf(':', policy.keySpan[1]);
      const lineEnd = text.indexOf('\n', policy.keySpan[1]);
      if (colon < 0 || at <= colon || (lineEnd >= 0 && at > lineEnd)) continue;
      const typed: Span = policy.valueSpan[0] === policy.valueSpan[1] ? [at, at] : policy.valueSpan;
      if (at < typed[0] - 1 || at > typed[1]) continue;
      // For a Skaffold or Tilt artifact, what the tool's image gets.
      const defaulted = effective.built?.policy ?? effective.decision.policy;
      return {
        span: shiftSpan(typed, start),
        prefix: text[typed[0] - 1] === ':' ? ' ' : '',
        values: PULL_POLICIES.map((value) => ({
          policy: value,
          detail: value === defaulted ? 'what Kubernetes uses when omitted' : '',
          preselect: value === defaulted,
        })),
      };
    }
  }
  return undefined;
}

/** The documents overlapping `range` (all of them without one), found by binary search. */
export function documentsIn(analysis: Analysis, range?: Span): readonly PlacedDocument[] {
  const documents = analysis.documents;
  if (!range) return documents;
  let low = 0;
  let high = documents.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (documents[mid].start <= range[0]) low = mid;
    else high = mid - 1;
  }
  // A position at a document's very end may belong to the next one's start; include both.
  const first = low > 0 && documents[low].start === range[0] ? low - 1 : low;
  let last = low;
  while (last + 1 < documents.length && documents[last + 1].start <= range[1]) last++;
  return documents.slice(first, last + 1);
}

function within(span: Span, offset: number): boolean {
  return offset >= span[0] && offset <= span[1];
}
