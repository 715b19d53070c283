// Output formats: text for people, JSON for scripts, SARIF 2.1.0 for code scanning.

import * as path from 'node:path';
import { RULE_CATALOG } from '../analysis/rules';
import type { Severity } from '../analysis/types';
import { RULES_DOC_URL, SERVER_NAME } from '../shared/protocol';
import type { FileResult } from './check';

export interface Totals {
  errors: number;
  warnings: number;
  information: number;
}

export function totalsOf(results: readonly FileResult[]): Totals {
  const totals = { errors: 0, warnings: 0, information: 0 };
  for (const finding of results.flatMap((result) => result.findings)) {
    if (finding.severity === 'error') totals.errors++;
    else if (finding.severity === 'warning') totals.warnings++;
    else totals.information++;
  }
  return totals;
}

const COLOURS: Readonly<Record<Severity, string>> = { error: '31', warning: '33', information: '36', hint: '90' };

/** One file's block: its path, then `line:col severity message rule-id` per finding. */
export function formatTextFile(result: FileResult, colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  if (result.diff) lines.push(result.diff.trimEnd());
  const notes = [
    ...(result.error ? [paint('31', result.error)] : []),
    ...(result.fixed ? ['fixed: explicit pull policies written'] : []),
    ...(result.notFixed ? [`not fixed: ${result.notFixed}`] : []),
  ];
  if (result.findings.length === 0 && notes.length === 0) return lines.join('\n');
  lines.push(paint('4', result.file), ...notes.map((note) => `  ${note}`));
  for (const finding of result.findings) {
    lines.push(`  ${finding.line}:${finding.column}  ${paint(COLOURS[finding.severity], finding.severity)}  ${finding.message}  ${paint('90', finding.ruleId)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatTextSummary(totals: Totals, files: number, colour: boolean): string {
  const problems = totals.errors + totals.warnings + totals.information;
  const text =
    problems === 0
      ? `No problems in ${files} file${files === 1 ? '' : 's'}.`
      : `${problems} problem${problems === 1 ? '' : 's'} (${totals.errors} error${totals.errors === 1 ? '' : 's'}, ${totals.warnings} warning${totals.warnings === 1 ? '' : 's'}, ${totals.information} information) in ${files} file${files === 1 ? '' : 's'}.`;
  return colour ? `\u001b[1m${text}\u001b[0m` : text;
}

export function formatJson(results: readonly FileResult[]): string {
  return JSON.stringify(
    results.map(({ file, findings }) => ({ file, findings })),
    null,
    2,
  );
}

const SARIF_LEVEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning reads it; paths relative to the working directory. */
export function formatSarif(results: readonly FileResult[], version: string): string {
  const ruleIndex = new Map(RULE_CATALOG.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: SERVER_NAME,
            version,
            informationUri: RULES_DOC_URL,
            rules: RULE_CATALOG.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              fullDescription: { text: `${rule.description} See ${RULES_DOC_URL}#${rule.id}` },
              helpUri: `${RULES_DOC_URL}#${rule.id}`,
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        results: results.flatMap(({ file, findings }) =>
          findings.map((finding) => ({
            ruleId: finding.ruleId,
            ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(file), ...(file === '-' ? {} : { uriBaseId: '%SRCROOT%' }) },
                  region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
                },
              },
            ],
          })),
        ),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  return path.relative(process.cwd(), path.resolve(file)).split(path.sep).map(encodeURIComponent).join('/');
}
