// textDocument/publishDiagnostics: the findings of the current analysis, at most
// MAX_DIAGNOSTICS of them (a generated file can hold 100,000 containers; past a
// thousand squiggles nobody reads, and the payload would stall the editor).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { NOTICE_RULE } from '../analysis/rules';
import { SERVER_NAME } from '../shared/protocol';
import { diagnostic, type TextDocument } from './toProto';

export const MAX_DIAGNOSTICS = 1000;

export function diagnosticsFor(document: TextDocument, analysis: Analysis): Diagnostic[] {
  const shown = analysis.findings.slice(0, MAX_DIAGNOSTICS).map((finding) => diagnostic(document, finding));
  const hidden = analysis.findings.length - shown.length;
  if (hidden > 0) {
    shown.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      source: SERVER_NAME,
      code: NOTICE_RULE.id,
      message: `${hidden} more findings in this file are not shown (the editor shows the first ${MAX_DIAGNOSTICS}). Run the kube-pull-policy CLI on the file to list them all.`,
    });
  }
  return shown;
}
