// textDocument/completion: the three policy values after `imagePullPolicy:`.

import { CompletionItemKind, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { POLICY_MEANING } from '../analysis/explain';
import { policyCompletion } from '../analysis/queries';
import { range, type TextDocument } from './toProto';

export function completionsAt(document: TextDocument, analysis: Analysis, position: Position): CompletionItem[] {
  const completion = policyCompletion(analysis, document.offsetAt(position));
  if (!completion) return [];
  const replace = range(document, completion.span);
  return completion.values.map(({ policy, detail, preselect }, index) => ({
    label: policy,
    kind: CompletionItemKind.EnumMember,
    detail: detail || undefined,
    documentation: { kind: MarkupKind.Markdown, value: POLICY_MEANING[policy] },
    preselect,
    sortText: String(index),
    textEdit: { range: replace, newText: completion.prefix + policy },
  }));
}
