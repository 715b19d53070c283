// The one place where analysis objects (offsets) become LSP objects (positions).

import {
  DiagnosticSeverity,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Severity, Span, TextEdit } from '../analysis/types';
import { RULES_DOC_URL, SERVER_NAME } from '../shared/protocol';

/** What the conversions need of a document: its identity and position arithmetic. */
export interface TextDocument {
  readonly uri: string;
  readonly version: number;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

export function range(document: TextDocument, span: Span): Range {
  return { start: document.positionAt(span[0]), end: document.positionAt(span[1]) };
}

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What travels in `Diagnostic.data`, so code actions never match on message text. */
export interface DiagnosticData {
  readonly ruleId: string;
}

/** `offset`: where the finding's document starts, when its span is relative to it. */
export function diagnostic(document: TextDocument, finding: Finding, offset = 0): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId };
  return {
    range: range(document, [finding.span[0] + offset, finding.span[1] + offset]),
    severity: SEVERITY[finding.severity],
    source: SERVER_NAME,
    code: finding.ruleId,
    codeDescription: { href: `${RULES_DOC_URL}#${finding.ruleId}` },
    message: finding.message,
    data,
  };
}

export function textEdits(document: TextDocument, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((edit) => ({ range: range(document, edit.span), newText: edit.text }));
}

/** A versioned edit: the client refuses it if the document changed since it was computed. */
export function workspaceEdit(document: TextDocument, edits: readonly TextEdit[]): WorkspaceEdit {
  return {
    documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: textEdits(document, edits) }],
  };
}
