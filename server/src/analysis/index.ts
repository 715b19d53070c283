// The analysis facade: text and settings in, plain objects with offsets out.
// Never throws: a failure becomes a finding.
//
// A file is analysed one YAML document at a time (see documents.ts). Each
// document's analysis uses offsets relative to the document, so it stays valid
// while edits elsewhere move it; `combine` places them in the file.

import { documentStarts } from './documents';
import { builtImageFor, tiltObjectPolicy, type BuiltImage } from './builtImages';
import { effectivePolicy, renderedImage, type EffectivePolicy } from './effectivePolicy';
import { NO_CONTEXT, type FileContext, type ImageTransform } from './fileContext';
import { locateHelmImages, locateSites, type ContainerSite, type Entry } from './manifest';
import { IGNORED_RULE, NOTICE_RULE, RULES, STRICT_YAML_RULE, SYNTAX_RULE } from './rules';
import type { Report, Rule } from './rules/types';
import type { AnalysisSettings } from './settings';
import { sourceText, type SourceText } from './sourceText';
import { readSuppressions } from './suppression';
import type { Finding, Span, TextEdit } from './types';
import { readYaml, type ReadingProblem } from './yamlReading';

export interface SiteAnalysis {
  readonly site: ContainerSite;
  readonly effective: EffectivePolicy;
}

/** One YAML document (from one `---` to the next), offsets relative to its start. */
export interface DocumentAnalysis {
  /** The document's text (lone CRs read as LF) and the line break fixes insert. */
  readonly source: SourceText;
  /** A Go/Helm template: not YAML until rendered, so neither syntax errors nor findings. */
  readonly template: boolean;
  readonly sites: readonly SiteAnalysis[];
  /** Syntax errors and rule findings, after severity settings and line suppressions. */
  readonly findings: readonly Finding[];
  /** It holds a `# kube-pull-policy: ignore-file` comment. */
  readonly ignoresFile: boolean;
  /** The file's role in a Kustomize or Helm layout. */
  readonly context: FileContext;
}

/** A document analysis and where the document starts in the file. */
export interface PlacedDocument {
  readonly start: number;
  readonly analysis: DocumentAnalysis;
}

export interface Analysis {
  readonly documents: readonly PlacedDocument[];
  /** Every finding of the file, offsets in the file, in text order. */
  readonly findings: readonly Finding[];
}

/** A person fixes the first few syntax errors; hundreds would only hide everything else. */
const MAX_SYNTAX_ERRORS = 10;

/** What a patch cannot know: the base decides the image and the policy. */
const RULES_OFF_IN_PATCHES = new Set(['missing-image', 'implicit-always', 'local-image-pulled', 'implicit-if-not-present', 'latest-if-not-present']);
/** A build tool decides the image's tag: what the manifest says about it is not what runs. */
const RULES_OFF_FOR_BUILT_IMAGES = new Set(['implicit-always', 'local-image-pulled', 'implicit-if-not-present', 'latest-if-not-present']);
/** In a chart's values only the policy value itself can be wrong; the image is the templates' business. */
const RULES_IN_HELM_VALUES = new Set(['invalid-pull-policy']);

export function analyze(raw: string, settings: AnalysisSettings, context: FileContext = NO_CONTEXT): Analysis {
  if (raw.length > settings.maxFileSize) return tooLarge(raw.length, settings);
  const starts = documentStarts(raw);
  const eol = sourceText(raw).eol;
  const fileContext = fileLevelContext(context, raw.includes('{{'));
  const documents = starts.map((start, i) => ({
    start,
    analysis: analyzeDocument(raw.slice(start, i + 1 < starts.length ? starts[i + 1] : raw.length), settings, eol, fileContext),
  }));
  return combine(documents);
}

/**
 * In a Helm chart's template file, an action in one document (`{{- if }}` … `{{- end }}`)
 * can wrap the others, so once the file has any action, every document is a template.
 */
export function fileLevelContext(context: FileContext, fileHasActions: boolean): FileContext {
  return context.helmTemplate && !fileHasActions ? { ...context, helmTemplate: false } : context;
}

/** Analyses one YAML document's text; `fileEol` is used when the document itself has no line break. */
export function analyzeDocument(raw: string, settings: AnalysisSettings, fileEol = '\n', context: FileContext = NO_CONTEXT): DocumentAnalysis {
  const own = sourceText(raw);
  const source = /[\r\n]/.test(raw) ? own : { ...own, eol: fileEol };
  const { text } = source;
  const suppressions = readSuppressions(text);
  const empty = { source, sites: [], ignoresFile: suppressions.file, context };
  // Helm and other Go templates carry `{{ … }}` actions.
  if (context.helmTemplate || text.includes('{{')) return { ...empty, template: true, findings: [] };
  const transforms = context.images?.images ?? [];
  try {
    const reading = readYaml(text);
    const { doc, toOriginal } = reading;
    const findings: Finding[] = reading.problems.map(problemFinding);
    for (const error of doc.errors) findings.push(syntaxFinding(error.message, [toOriginal(error.pos[0]), toOriginal(error.pos[1])], text.length));
    const parsed = { doc, text: reading.text, podSpecPaths: settings.podSpecPaths };
    const located = context.helmValues ? locateHelmImages(parsed, context.helmValues.appVersion) : locateSites(parsed);
    const built = builtImages(located, transforms, context, settings);
    const sites: SiteAnalysis[] = located.map((site, i) => ({ site: reading.text === text ? site : mapSite(site, toOriginal), effective: effectivePolicy(site, settings, transforms, built[i]) }));
    const ruleSource = reading.text === text ? source : { ...source, text: reading.text };
    for (const [i, { effective }] of sites.entries()) {
      const reported: { rule: Rule; report: Report }[] = [];
      for (const rule of RULES) {
        if (settings.rules[rule.id] === 'off') continue;
        if (context.kustomizePatch && RULES_OFF_IN_PATCHES.has(rule.id)) continue;
        if (context.helmValues && !RULES_IN_HELM_VALUES.has(rule.id)) continue;
        if (effective.built && RULES_OFF_FOR_BUILT_IMAGES.has(rule.id)) continue;
        // Rules read the text the sites were located in; their spans and edits are mapped back.
        for (const report of rule.check({ source: ruleSource, site: located[i], effective, settings, local: context.local })) reported.push({ rule, report });
      }
      const superseded = new Set(reported.flatMap(({ rule }) => rule.supersedes ?? []));
      for (const { rule, report } of reported) {
        if (superseded.has(rule.id)) continue;
        const finding: Finding = { ruleId: rule.id, severity: rule.defaultSeverity, fixes: [], image: effective.image, effectivePolicy: effective.policy, ...report };
        findings.push(reading.text === text ? finding : mapFinding(finding, toOriginal));
      }
    }
    const kept: Finding[] = [];
    for (const finding of findings) {
      const severity = settings.rules[finding.ruleId] ?? finding.severity;
      if (severity !== 'off' && !suppressions.covers(finding.ruleId, finding.span[0])) kept.push({ ...finding, severity });
    }
    return { ...empty, template: false, sites, findings: kept.sort((a, b) => a.span[0] - b.span[0]) };
  } catch (error) {
    // Defence in depth: nothing above is expected to throw.
    const message = `Image pull policies could not be analysed in this document (${error instanceof Error ? error.message : String(error)}).`;
    return { ...empty, template: false, findings: [{ ruleId: NOTICE_RULE.id, severity: NOTICE_RULE.defaultSeverity, span: [0, 0], message, fixes: [] }] };
  }
}

/**
 * Per site, the Skaffold or Tilt artifact that replaces its rendered image; the other
 * containers (not image volumes) of an object in which Tilt replaced one get Tilt's
 * policy too (InjectImagePullPolicy).
 */
function builtImages(sites: readonly ContainerSite[], transforms: readonly ImageTransform[], context: FileContext, settings: AnalysisSettings): (BuiltImage | undefined)[] {
  const builds = context.builds;
  if (!builds?.length) return sites.map(() => undefined);
  const options = { library: settings.library, digestAwareDefaulting: settings.digestAwareDefaulting };
  const built = sites.map((site) => {
    const image = renderedImage(site, transforms).image;
    const field = site.kind === 'helmImage' ? 'values' : site.kind === 'imageVolume' ? 'reference' : 'image';
    return image ? builtImageFor(image, { apiVersion: site.objectApiVersion, kind: site.objectKind, field }, builds, options) : undefined;
  });
  const tiltObjects = new Map<string, BuiltImage>();
  sites.forEach((site, i) => {
    const found = built[i];
    if (found?.config.tool === 'tilt' && !tiltObjects.has(site.objectPath ?? '')) tiltObjects.set(site.objectPath ?? '', found);
  });
  return sites.map((site, i) => {
    const object = tiltObjects.get(site.objectPath ?? '');
    return built[i] ?? (object && site.kind !== 'helmImage' && site.kind !== 'imageVolume' ? tiltObjectPolicy(object, renderedImage(site, transforms).image) : undefined);
  });
}

/** Places document analyses in the file: file-level rules, then absolute offsets. */
export function combine(documents: readonly PlacedDocument[]): Analysis {
  const kept = keptFindings(documents);
  const findings = documents.flatMap(({ start }, i) => (start === 0 ? kept[i] : kept[i].map((finding) => shiftFinding(finding, start))));
  return { documents, findings };
}

/**
 * Per document, the findings that survive the file-level rules (an ignore-file
 * comment anywhere, at most ten syntax errors in the file), offsets still relative
 * to the document. A document's own array is returned when nothing of it is dropped,
 * so callers can cache by identity.
 */
export function keptFindings(documents: readonly PlacedDocument[]): (readonly Finding[])[] {
  if (documents.some((doc) => doc.analysis.ignoresFile)) return documents.map(() => []);
  let syntaxErrors = 0;
  return documents.map(({ analysis }) => {
    const before = syntaxErrors;
    for (const finding of analysis.findings) if (finding.ruleId === SYNTAX_RULE.id) syntaxErrors++;
    if (syntaxErrors <= MAX_SYNTAX_ERRORS) return analysis.findings;
    let allowed = Math.max(0, MAX_SYNTAX_ERRORS - before);
    return analysis.findings.filter((finding) => finding.ruleId !== SYNTAX_RULE.id || allowed-- > 0);
  });
}

/** The analysis of a file too large to analyse: one notice. */
export function tooLarge(length: number, settings: AnalysisSettings): Analysis {
  const message = `This file has ${length} characters, more than the kubePullPolicy.maxFileSize limit of ${settings.maxFileSize}, so image pull policies are not analysed. Raise the setting to analyse it.`;
  return { documents: [], findings: [{ ruleId: NOTICE_RULE.id, severity: NOTICE_RULE.defaultSeverity, span: [0, 0], message, fixes: [] }] };
}

export function shiftSpan(span: Span, by: number): Span {
  return [span[0] + by, span[1] + by];
}

export function shiftEdit(edit: TextEdit, by: number): TextEdit {
  return { span: shiftSpan(edit.span, by), text: edit.text };
}

function shiftFinding(finding: Finding, by: number): Finding {
  return mapFinding(finding, (offset) => offset + by);
}

function mapSpan(span: Span, map: (offset: number) => number): Span {
  return [map(span[0]), map(span[1])];
}

function mapFinding(finding: Finding, map: (offset: number) => number): Finding {
  return {
    ...finding,
    span: mapSpan(finding.span, map),
    fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ span: mapSpan(edit.span, map), text: edit.text })) })),
  };
}

function mapSite(site: ContainerSite, map: (offset: number) => number): ContainerSite {
  const entry = (e: Entry | undefined): Entry | undefined =>
    e && {
      ...e,
      keySpan: mapSpan(e.keySpan, map),
      afterColon: map(e.afterColon),
      contentStart: e.contentStart === undefined ? undefined : map(e.contentStart),
      valueSpan: mapSpan(e.valueSpan, map),
      literalSpan: e.literalSpan && mapSpan(e.literalSpan, map),
    };
  return { ...site, mapSpan: mapSpan(site.mapSpan, map), image: entry(site.image), policy: entry(site.policy) };
}

const PROBLEM_RULES = { error: SYNTAX_RULE, strict: STRICT_YAML_RULE, ignored: IGNORED_RULE } as const;

function problemFinding(problem: ReadingProblem): Finding {
  const rule = PROBLEM_RULES[problem.kind];
  const message = problem.kind === 'error' ? `YAML syntax error: ${problem.message}` : problem.message;
  return { ruleId: rule.id, severity: rule.defaultSeverity, span: problem.span, message, fixes: [] };
}

function syntaxFinding(message: string, pos: readonly [number, number], length: number): Finding {
  const start = Math.min(pos[0], length);
  const end = pos[1] > start ? Math.min(pos[1], length) : Math.min(start + 1, length);
  return {
    ruleId: SYNTAX_RULE.id,
    severity: SYNTAX_RULE.defaultSeverity,
    span: [start, end],
    message: `YAML syntax error: ${syntaxMessage(message)} Kubernetes cannot read this document until it is fixed; what still parses is analysed.`,
    fixes: [],
  };
}

function syntaxMessage(message: string): string {
  // `yaml` recovers from exhausting the stack on absurd nesting and reports it as an error.
  if (/call stack/i.test(message)) return 'The document is nested too deeply.';
  const line = message.split('\n')[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
