// textDocument/codeAction: a quick fix per fix of each of our diagnostics, the command
// that loads a container's local image into a kind, k3d or minikube cluster, and two
// source actions over the whole document.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import type { PullPolicy } from '../analysis/pullPolicy';
import { setOmittedPolicies } from '../analysis/sourceActions';
import { CODE_ACTION_KINDS, SERVER_NAME } from '../shared/protocol';
import { loadImageActions } from './loadImage';
import { workspaceEdit, type TextDocument } from './toProto';

export function codeActionsFor(document: TextDocument, analysis: Analysis, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    actions.push(...quickFixes(document, analysis, params.context.diagnostics));
    actions.push(...loadImageActions(analysis, [document.offsetAt(params.range.start), document.offsetAt(params.range.end)]));
  }
  if (wants(CODE_ACTION_KINDS.fixAll)) {
    const action = sourceAction(document, analysis, CODE_ACTION_KINDS.fixAll, 'Write the effective imagePullPolicy of every container', (policy) => policy);
    if (action) actions.push(action);
  }
  if (wants(CODE_ACTION_KINDS.setIfNotPresent)) {
    const action = sourceAction(document, analysis, CODE_ACTION_KINDS.setIfNotPresent, 'Set imagePullPolicy: IfNotPresent on every container without one', () => 'IfNotPresent');
    if (action) actions.push(action);
  }
  return actions;
}

/** Fixes of the findings behind the client's diagnostics, matched by rule id and range. */
function quickFixes(document: TextDocument, analysis: Analysis, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const key = (ruleId: unknown, start: number, end: number) => `${String(ruleId)}@${start}:${end}`;
  const findings = new Map(analysis.findings.map((finding) => [key(finding.ruleId, finding.span[0], finding.span[1]), finding]));
  const actions: CodeAction[] = [];
  for (const clientDiagnostic of diagnostics) {
    if (clientDiagnostic.source !== SERVER_NAME) continue;
    const { start, end } = clientDiagnostic.range;
    const finding = findings.get(key(clientDiagnostic.code, document.offsetAt(start), document.offsetAt(end)));
    finding?.fixes.forEach((fix, index) =>
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [clientDiagnostic],
        isPreferred: index === finding.preferredFix,
        edit: workspaceEdit(document, fix.edits),
      }),
    );
  }
  return actions;
}

function sourceAction(
  document: TextDocument,
  analysis: Analysis,
  kind: string,
  title: string,
  choose: (defaulted: PullPolicy) => PullPolicy,
): CodeAction | undefined {
  const edits = setOmittedPolicies(analysis, choose);
  return edits.length ? { title, kind, edit: workspaceEdit(document, edits) } : undefined;
}
