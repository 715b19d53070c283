// The analysis facade: text and settings in, plain objects with offsets out.
// Never throws: a failure becomes a finding.

import { parseAllDocuments, type Document } from 'yaml';
import { effectivePolicy, type EffectivePolicy } from './effectivePolicy';
import { locateSites, type ContainerSite } from './manifest';
import { NOTICE_RULE, RULES, SYNTAX_RULE } from './rules';
import type { AnalysisSettings } from './settings';
import { sourceText, type SourceText } from './sourceText';
import { readSuppressions } from './suppression';
import type { Finding, Span } from './types';

export interface SiteAnalysis {
  readonly site: ContainerSite;
  readonly effective: EffectivePolicy;
}

/** One YAML document (`---`-separated) of the file. */
export interface DocumentAnalysis {
  readonly span: Span;
  /** A Go/Helm template: not YAML until rendered, so neither syntax errors nor findings. */
  readonly template: boolean;
  readonly sites: readonly SiteAnalysis[];
  readonly syntaxErrors: readonly Finding[];
}

export interface Analysis {
  /** The text that was analysed; fixes are computed against it. */
  readonly source: SourceText;
  readonly documents: readonly DocumentAnalysis[];
  /** Every finding after severity settings and suppression comments, in text order. */
  readonly findings: readonly Finding[];
}

/** A person fixes the first few syntax errors; hundreds would only hide everything else. */
const MAX_SYNTAX_ERRORS = 10;

export function analyze(raw: string, settings: AnalysisSettings): Analysis {
  const source = sourceText(raw);
  const { text } = source;
  if (text.length > settings.maxFileSize) {
    return notice(source, 
      `This file has ${text.length} characters, more than the kubePullPolicy.maxFileSize limit of ${settings.maxFileSize}, so image pull policies are not analysed. Raise the setting to analyse it.`,
    );
  }
  try {
    const documents = parseAllDocuments(text, { prettyErrors: false }) as Document[];
    const analysed = documents.map((doc) => analyzeDocument(doc, text, settings));
    return { source, documents: analysed, findings: collectFindings(analysed, source, settings) };
  } catch (error) {
    // Defence in depth: nothing below is expected to throw.
    return notice(source, 
      `Image pull policies could not be analysed in this file (${error instanceof Error ? error.message : String(error)}). Other files are not affected.`,
    );
  }
}

function analyzeDocument(doc: Document, text: string, settings: AnalysisSettings): DocumentAnalysis {
  const range = doc.range ?? [0, 0, 0];
  const span: Span = [range[0], range[2]];
  if (isTemplate(text, span)) return { span, template: true, sites: [], syntaxErrors: [] };
  const syntaxErrors = doc.errors.map<Finding>((error) => ({
    ruleId: SYNTAX_RULE.id,
    severity: SYNTAX_RULE.defaultSeverity,
    span: nonEmpty(error.pos, text.length),
    message: `YAML syntax error: ${syntaxMessage(error.message)} Kubernetes cannot read this document until it is fixed; what still parses is analysed.`,
    fixes: [],
  }));
  const sites = locateSites({ doc, text }).map((site) => ({ site, effective: effectivePolicy(site, settings) }));
  return { span, template: false, sites, syntaxErrors };
}

function collectFindings(documents: readonly DocumentAnalysis[], source: SourceText, settings: AnalysisSettings): Finding[] {
  const suppressions = readSuppressions(source.text);
  if (suppressions.file) return [];
  const findings: Finding[] = documents.flatMap((doc) => doc.syntaxErrors).slice(0, MAX_SYNTAX_ERRORS);
  for (const { site, effective } of documents.flatMap((doc) => doc.sites)) {
    for (const rule of RULES) {
      if (settings.rules[rule.id] === 'off') continue;
      for (const report of rule.check({ source, site, effective, settings })) {
        findings.push({ ruleId: rule.id, severity: rule.defaultSeverity, fixes: [], image: effective.image, effectivePolicy: effective.policy, ...report });
      }
    }
  }
  const result: Finding[] = [];
  for (const finding of findings) {
    const severity = settings.rules[finding.ruleId] ?? finding.severity;
    if (severity === 'off' || suppressions.covers(finding.ruleId, finding.span[0])) continue;
    result.push({ ...finding, severity });
  }
  return result.sort((a, b) => a.span[0] - b.span[0]);
}

/** Helm and other Go templates carry `{{ … }}` actions. */
function isTemplate(text: string, span: Span): boolean {
  const index = text.indexOf('{{', span[0]);
  return index >= 0 && index < span[1];
}

function notice(source: SourceText, message: string): Analysis {
  return { source, documents: [], findings: [{ ruleId: NOTICE_RULE.id, severity: NOTICE_RULE.defaultSeverity, span: [0, 0], message, fixes: [] }] };
}

function nonEmpty(pos: readonly [number, number], length: number): Span {
  const start = Math.min(pos[0], length);
  return pos[1] > start ? [start, Math.min(pos[1], length)] : [start, Math.min(start + 1, length)];
}

function syntaxMessage(message: string): string {
  // `yaml` recovers from exhausting the stack on absurd nesting and reports it as an error.
  if (/call stack/i.test(message)) return 'The document is nested too deeply.';
  const line = message.split('\n')[0].trim();
  return /[.!?]$/.test(line) ? line : `${line}.`;
}
