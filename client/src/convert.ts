// LSP values ↔ VS Code values, for exactly the shapes our server sends and receives.
// Both sides count positions in UTF-16 code units, so positions map one to one.

import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';

export const toPosition = (position: lsp.Position) => new vscode.Position(position.line, position.character);
export const toRange = (range: lsp.Range) => new vscode.Range(toPosition(range.start), toPosition(range.end));
export const fromPosition = (position: vscode.Position): lsp.Position => ({ line: position.line, character: position.character });
export const fromRange = (range: vscode.Range): lsp.Range => ({ start: fromPosition(range.start), end: fromPosition(range.end) });

export function toMarkdown(content: lsp.MarkupContent | string): vscode.MarkdownString | string {
  if (typeof content === 'string') return content;
  return content.kind === 'markdown' ? new vscode.MarkdownString(content.value) : content.value;
}

// LSP severities count from 1 (Error), VS Code's from 0; completion kinds likewise.
const toSeverity = (severity: lsp.DiagnosticSeverity | undefined): vscode.DiagnosticSeverity =>
  severity === undefined ? vscode.DiagnosticSeverity.Error : ((severity - 1) as vscode.DiagnosticSeverity);
const fromSeverity = (severity: vscode.DiagnosticSeverity): lsp.DiagnosticSeverity => (severity + 1) as lsp.DiagnosticSeverity;

export function toDiagnostic(diagnostic: lsp.Diagnostic): vscode.Diagnostic {
  // Our server's messages are plain strings.
  const result = new vscode.Diagnostic(toRange(diagnostic.range), diagnostic.message as string, toSeverity(diagnostic.severity));
  result.source = diagnostic.source;
  if (diagnostic.code !== undefined) {
    result.code = diagnostic.codeDescription
      ? { value: diagnostic.code, target: vscode.Uri.parse(diagnostic.codeDescription.href) }
      : diagnostic.code;
  }
  // LSP and VS Code number the tags alike (Unnecessary = 1, Deprecated = 2).
  if (diagnostic.tags) result.tags = diagnostic.tags as number[] as vscode.DiagnosticTag[];
  if (diagnostic.relatedInformation) {
    result.relatedInformation = diagnostic.relatedInformation.map(
      (info) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(info.location.uri), toRange(info.location.range)), info.message),
    );
  }
  return result;
}

/** What the server needs of a diagnostic to find the fixes behind it: rule id, range, source. */
export function fromDiagnostic(diagnostic: vscode.Diagnostic): lsp.Diagnostic {
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return { range: fromRange(diagnostic.range), message: diagnostic.message, severity: fromSeverity(diagnostic.severity), source: diagnostic.source, code };
}

/**
 * Our server's edits name the document version they were computed for; an edit for
 * another version than the editor now holds is stale and gives undefined, never a
 * damaged file.
 */
export function toWorkspaceEdit(edit: lsp.WorkspaceEdit): vscode.WorkspaceEdit | undefined {
  const result = new vscode.WorkspaceEdit();
  for (const change of edit.documentChanges ?? []) {
    if (!('edits' in change)) continue; // file operations: never sent by our server
    const { uri, version } = change.textDocument;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
    if (open && version !== null && open.version !== version) return undefined;
    // Plain text edits: our server sends neither snippets nor annotations.
    result.set(vscode.Uri.parse(uri), (change.edits as lsp.TextEdit[]).map((textEdit) => new vscode.TextEdit(toRange(textEdit.range), textEdit.newText)));
  }
  return result;
}

export function toInlayHint(hint: lsp.InlayHint): vscode.InlayHint {
  const label = typeof hint.label === 'string' ? hint.label : hint.label.map((part) => new vscode.InlayHintLabelPart(part.value));
  const result = new vscode.InlayHint(toPosition(hint.position), label, hint.kind as vscode.InlayHintKind | undefined);
  if (hint.tooltip !== undefined) result.tooltip = toMarkdown(hint.tooltip);
  result.paddingLeft = hint.paddingLeft;
  result.paddingRight = hint.paddingRight;
  return result;
}

export function toCompletionItem(item: lsp.CompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, item.kind === undefined ? undefined : ((item.kind - 1) as vscode.CompletionItemKind));
  result.detail = item.detail;
  if (item.documentation !== undefined) result.documentation = toMarkdown(item.documentation);
  result.preselect = item.preselect;
  result.sortText = item.sortText;
  result.filterText = item.filterText;
  if (item.textEdit && 'range' in item.textEdit) {
    result.range = toRange(item.textEdit.range);
    result.insertText = item.textEdit.newText;
  } else if (item.insertText !== undefined) {
    result.insertText = item.insertText;
  }
  return result;
}

/**
 * A server code action (an edit, or a command of ours), or undefined when its edit is
 * stale. Its diagnostics become the client's own objects so the editor links the fix
 * to the problem.
 */
export function toCodeAction(action: lsp.CodeAction, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction | undefined {
  const result = new vscode.CodeAction(action.title, action.kind === undefined ? undefined : vscode.CodeActionKind.Empty.append(action.kind));
  if (action.edit) {
    result.edit = toWorkspaceEdit(action.edit);
    if (!result.edit) return undefined;
  }
  // A command our server names (the load command), run with the arguments it computed.
  if (action.command) result.command = { title: action.command.title, command: action.command.command, arguments: action.command.arguments };
  result.isPreferred = action.isPreferred;
  if (action.diagnostics) {
    const same = (theirs: lsp.Diagnostic) => (ours: vscode.Diagnostic) => {
      const mine = fromDiagnostic(ours);
      return mine.code === theirs.code && mine.message === theirs.message && toRange(theirs.range).isEqual(ours.range);
    };
    result.diagnostics = action.diagnostics.map((theirs) => diagnostics.find(same(theirs)) ?? toDiagnostic(theirs));
  }
  return result;
}
