// Checking (and fixing) one file: read, analyse with the file's settings, report
// findings with 1-based positions, and apply fixes atomically.

import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze, type Analysis } from '../analysis';
import { applyEdits } from '../analysis/edits';
import { lineOf, lineStarts } from '../analysis/lines';
import { PULL_POLICIES } from '../analysis/pullPolicy';
import { RULES_BY_ID, SYNTAX_RULE } from '../analysis/rules';
import { layerSettings, settingsFrom, type AnalysisSettings } from '../analysis/settings';
import { setOmittedPolicies } from '../analysis/sourceActions';
import { sourceText } from '../analysis/sourceText';
import type { Finding, TextEdit } from '../analysis/types';
import { NO_CONTEXT, type FileContext } from '../analysis/fileContext';
import type { LocalFacts } from '../analysis/localContext';
import { allSites } from '../analysis/queries';
import { pulledReference } from '../analysis/rules/describe';
import { findConfigFile, readConfigFile } from '../config/configFile';
import { createWorkspaceIndex, type WorkspaceIndex } from '../workspace/kustomize';
import { nodeFileSystem } from '../workspace/nodeFileSystem';
import type { CliOptions } from './args';
import { unifiedDiff } from './diff';

export interface ReportedFinding {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  readonly image?: string;
  readonly effectivePolicy?: string;
}

export interface FileResult {
  readonly file: string;
  readonly findings: readonly ReportedFinding[];
  /** A reason the file could not be read (exit code 2). */
  readonly error?: string;
  /** --fix: the file was rewritten. */
  readonly fixed?: boolean;
  /** With `listImages`: the reference the kubelet pulls for every container. */
  readonly images?: readonly string[];
  /** --fix: why the file was left alone. */
  readonly notFixed?: string;
  /** --fix --dry-run: what --fix would change. */
  readonly diff?: string;
  /** Layout configs (skaffold.yaml, Tiltfile) skipped while this file's context was found: one line each. */
  readonly layoutNotes?: readonly string[];
}

/** The options a worker needs (plain data, so they cross thread boundaries). */
export type CheckOptions = Pick<CliOptions, 'fix' | 'fixPolicy' | 'dryRun' | 'rules' | 'assumeAlwaysPullImages' | 'kubernetesVersion' | 'podSpecPaths'> & {
  /** Where Kustomize and Helm layouts are looked for (see workspace/roots.ts). */
  readonly roots: readonly string[];
  /** The local context's facts, gathered once per run (see cli.ts). */
  readonly local?: LocalFacts;
  /** Only list the images (the local context's first pass): no findings, no fixes. */
  readonly listImages?: boolean;
};

/** One index per thread, built on first use: kustomizations and charts are read once per run. */
let workspace: { roots: readonly string[]; index: WorkspaceIndex } | undefined;
/** What the index logged since the last file; each thread reports it with the file that caused it. */
let layoutNotes: string[] = [];

function contextOf(file: string, roots: readonly string[]): FileContext {
  if (workspace?.roots !== roots) workspace = { roots, index: createWorkspaceIndex(roots, { fs: nodeFileSystem, log: (line) => layoutNotes.push(line) }) };
  return workspace.index.contextFor(path.resolve(file));
}

export function checkFile(file: string, options: CheckOptions): FileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { file, findings: [], error: `Cannot read "${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}.` };
  }
  const context = contextOf(file, options.roots);
  const notes = layoutNotes;
  layoutNotes = [];
  const result = checkText(file, text, options, path.dirname(path.resolve(file)), context);
  return notes.length ? { ...result, layoutNotes: notes } : result;
}

export function checkText(file: string, text: string, options: CheckOptions, directory: string, context: FileContext = NO_CONTEXT): FileResult {
  const configured = settingsFor(directory);
  if ('error' in configured) return { file, findings: [], error: configured.error };
  // Command-line options over the config file, layered as editor settings are.
  const fromOptions = settingsFrom({
    rules: options.rules,
    podSpecPaths: options.podSpecPaths,
    assumeAlwaysPullImages: options.assumeAlwaysPullImages,
    kubernetesVersion: options.kubernetesVersion,
  });
  const finalSettings = layerSettings(configured, fromOptions);
  const analysis = analyze(text, finalSettings, options.local ? { ...context, local: options.local } : context);
  if (options.listImages) return { file, findings: [], images: pulledImages(analysis) };
  if (!options.fix) return { file, findings: report(text, analysis) };

  const hasSyntaxErrors = analysis.documents.some((doc) => doc.analysis.findings.some((finding) => finding.ruleId === SYNTAX_RULE.id));
  if (hasSyntaxErrors) return { file, findings: report(text, analysis), notFixed: 'it has YAML syntax errors' };
  const edits = fixEdits(analysis, options, finalSettings);
  if (edits.length === 0) return { file, findings: report(text, analysis) };
  const fixedText = applyEdits(text, edits);
  if (options.dryRun || file === '-') {
    return { file, findings: report(text, analysis), diff: unifiedDiff(file, text, fixedText) };
  }
  writeAtomically(file, fixedText);
  return { file, findings: report(fixedText, analyze(fixedText, finalSettings, context)), fixed: true };
}

/**
 * The pull-policy fixes --fix applies: omitted policies are written (with
 * --fix-policy, or the preferred policy), and wrongly capitalised ones corrected.
 * Image rewrites are never automatic: which image was meant is the author's call.
 */
function fixEdits(analysis: Analysis, options: CheckOptions, settings: AnalysisSettings): TextEdit[] {
  const chosen = options.fixPolicy ?? settings.preferredPolicy;
  const edits = setOmittedPolicies(analysis, (defaulted) => (chosen === 'explicit' ? defaulted : chosen));
  for (const finding of analysis.findings) {
    const fix = finding.preferredFix === undefined ? undefined : finding.fixes[finding.preferredFix];
    if (finding.ruleId === 'invalid-pull-policy' && fix && PULL_POLICIES.some((policy) => policy === fix.policy)) edits.push(...fix.edits);
  }
  return edits;
}

const configCache = new Map<string, AnalysisSettings | { error: string }>();

function settingsFor(directory: string): AnalysisSettings | { error: string } {
  let settings = configCache.get(directory);
  if (!settings) {
    const file = findConfigFile(nodeFileSystem, directory);
    const config = file ? readConfigFile(nodeFileSystem, file) : undefined;
    settings = !config ? settingsFrom(undefined) : 'error' in config ? { error: `Invalid config file ${config.error}` } : config.settings;
    configCache.set(directory, settings);
  }
  return settings;
}

/** Findings with 1-based lines and columns; hints are editor-only and left out. */
function report(text: string, analysis: Analysis): ReportedFinding[] {
  const starts = lineStarts(sourceText(text).text);
  const position = (offset: number) => {
    const line = lineOf(starts, offset);
    return { line: line + 1, column: offset - starts[line] + 1 };
  };
  return analysis.findings
    .filter((finding) => finding.severity !== 'hint')
    .map((finding) => {
      const start = position(finding.span[0]);
      const end = position(finding.span[1]);
      return {
        ruleId: finding.ruleId,
        severity: finding.severity,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        message: finding.message,
        ...(RULES_BY_ID.has(finding.ruleId) && finding.image !== undefined ? { image: finding.image } : {}),
        ...(finding.effectivePolicy ? { effectivePolicy: finding.effectivePolicy } : {}),
      };
    });
}

function pulledImages(analysis: Analysis): string[] {
  return allSites(analysis).flatMap(({ effective }) => pulledReference(effective.decision.parsed) ?? []);
}

/** Temp file in the same directory, then rename: a crash never leaves half a manifest. */
function writeAtomically(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.kube-pull-policy.tmp`);
  writeFileSync(temp, text, { mode: statSync(file).mode });
  renameSync(temp, file);
}
