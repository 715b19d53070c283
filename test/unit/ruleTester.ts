// An ESLint-style rule tester: valid cases produce no finding of the rule; invalid
// cases list every expected finding with its location, message and the exact text
// after each fix. Every fix output must differ from the input, parse without new
// errors, change nothing but the intended key, and silence the rule there.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import { RULES_BY_ID } from '../../server/src/analysis/rules';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/analysis/settings';
import { sourceText } from '../../server/src/analysis/sourceText';
import type { Finding } from '../../server/src/analysis/types';
import type { FileContext } from '../../server/src/analysis/fileContext';

export interface ValidCase {
  readonly name?: string;
  readonly code: string;
  readonly settings?: Partial<AnalysisSettings>;
  /** The file's context (layout, local facts); none when absent. */
  readonly context?: FileContext;
}

export interface ExpectedFix {
  readonly title: string;
  readonly output: string;
}

export interface ExpectedFinding {
  readonly message?: string | RegExp;
  readonly severity?: Finding['severity'];
  /** 1-based, like ESLint. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Every fix, in order; the first listed with `preferred: true` must be the preferred one. */
  readonly fixes?: readonly (ExpectedFix & { readonly preferred?: boolean })[];
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedFinding[];
}

export function runRuleTests(ruleId: string, cases: { valid: readonly (string | ValidCase)[]; invalid: readonly InvalidCase[] }): void {
  assert.ok(RULES_BY_ID.has(ruleId), `unknown rule ${ruleId}`);
  describe(ruleId, () => {
    const seen = new Set<string>();
    for (const [index, raw] of cases.valid.entries()) {
      const valid = typeof raw === 'string' ? { code: raw } : raw;
      assertUnique(seen, valid);
      it(`valid ${valid.name ?? index}`, () => {
        assert.deepEqual(findingsOf(ruleId, valid).map(describeFinding), []);
      });
    }
    for (const [index, invalid] of cases.invalid.entries()) {
      assertUnique(seen, invalid);
      it(`invalid ${invalid.name ?? index}`, () => checkInvalid(ruleId, invalid));
    }
  });
}

function checkInvalid(ruleId: string, invalid: InvalidCase): void {
  const findings = findingsOf(ruleId, invalid);
  assert.equal(findings.length, invalid.errors.length, `expected ${invalid.errors.length} findings, got:\n${findings.map(describeFinding).join('\n')}`);
  findings.forEach((finding, i) => {
    const expected = invalid.errors[i];
    const [line, column] = lineColumn(invalid.code, finding.span[0]);
    const [endLine, endColumn] = lineColumn(invalid.code, finding.span[1]);
    assert.deepEqual(
      { line, column, endLine, endColumn },
      { line: expected.line, column: expected.column, endLine: expected.endLine, endColumn: expected.endColumn },
      `location of finding ${i}`,
    );
    if (typeof expected.message === 'string') assert.equal(finding.message, expected.message);
    else if (expected.message) assert.match(finding.message, expected.message);
    assert.doesNotMatch(finding.message, /\{\{|undefined|\[object/, 'message has a leftover placeholder');
    if (expected.severity) assert.equal(finding.severity, expected.severity);
    const expectedFixes = expected.fixes ?? [];
    assert.deepEqual(
      finding.fixes.map((fix) => fix.title),
      expectedFixes.map((fix) => fix.title),
      'fix titles',
    );
    const preferred = expectedFixes.findIndex((fix) => fix.preferred);
    assert.equal(finding.preferredFix, finding.fixes.length ? Math.max(preferred, 0) : undefined, 'preferred fix');
    finding.fixes.forEach((fix, j) => {
      const output = applyEdits(invalid.code, fix.edits);
      assert.equal(output, expectedFixes[j].output, `output of fix "${fix.title}"`);
      checkFixedText(ruleId, invalid, finding, output);
    });
  });
}

/** The fixed text is different, parses with no new errors, and the rule is silent where it fired. */
function checkFixedText(ruleId: string, original: InvalidCase, finding: Finding, output: string): void {
  assert.notEqual(output, original.code, 'a fix must change the text');
  const errorsBefore = parseAllDocuments(sourceText(original.code).text).flatMap((doc) => doc.errors).length;
  const errorsAfter = parseAllDocuments(sourceText(output).text).flatMap((doc) => doc.errors).length;
  assert.ok(errorsAfter <= errorsBefore, `fixed text has new YAML errors:\n${output}`);
  const [line] = lineColumn(original.code, finding.span[0]);
  const again = findingsOf(ruleId, { ...original, code: output }).filter((f) => lineColumn(output, f.span[0])[0] === line);
  assert.deepEqual(again.map(describeFinding), [], 'the rule still fires after its fix');
}

function findingsOf(ruleId: string, testCase: ValidCase): Finding[] {
  const settings = { ...DEFAULT_SETTINGS, ...testCase.settings };
  return analyze(testCase.code, settings, testCase.context).findings.filter((finding) => finding.ruleId === ruleId);
}

function assertUnique(seen: Set<string>, testCase: ValidCase): void {
  const key = JSON.stringify([testCase.code, testCase.settings, testCase.context]);
  assert.ok(!seen.has(key), `duplicate test case: ${testCase.name ?? testCase.code}`);
  seen.add(key);
}

export function lineColumn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return [line, offset - (before.lastIndexOf('\n') + 1) + 1];
}

function describeFinding(finding: Finding): string {
  return `${finding.ruleId} [${finding.span}] ${finding.message}`;
}

/** Joins lines with LF and a final newline: fixtures stay readable inline. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
