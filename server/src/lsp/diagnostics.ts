// textDocument/publishDiagnostics: every finding of the current analysis.

import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../analysis';
import { diagnostic } from './toProto';

export function diagnosticsFor(document: TextDocument, analysis: Analysis): Diagnostic[] {
  return analysis.findings.map((finding) => diagnostic(document, finding));
}
