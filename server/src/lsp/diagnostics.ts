// textDocument/publishDiagnostics: the diagnostics of a document, at most
// MAX_DIAGNOSTICS of them (a generated file can hold 100,000 containers; past a
// thousand squiggles nobody reads, and the payload would stall the editor).

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { NOTICE_RULE } from '../analysis/rules';
import { SERVER_NAME } from '../shared/protocol';

export const MAX_DIAGNOSTICS = 1000;

/** Caps a document's diagnostics, with a notice of how many are not shown. */
export function capped(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS);
  const hidden = diagnostics.length - shown.length;
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
