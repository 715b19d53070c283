// The "Show Effective Image Pull Policies" quick pick.

import * as vscode from 'vscode';
import { EFFECTIVE_POLICIES_REQUEST, type EffectivePoliciesParams, type EffectivePolicyItem } from '../../server/src/shared/protocol';
import type { LanguageServer } from './languageServer';

/** Lists every container of the active file with its effective policy; picking one reveals it. */
export async function showEffectivePolicies(server: LanguageServer): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const params: EffectivePoliciesParams = { uri: editor.document.uri.toString() };
  const items = await server.request<EffectivePolicyItem[]>(EFFECTIVE_POLICIES_REQUEST, params);
  if (!items) return;
  if (items.length === 0) {
    void vscode.window.showInformationMessage('This file has no Kubernetes containers.');
    return;
  }
  const picked = await vscode.window.showQuickPick(
    items.map((item) => ({
      label: `${item.policy ?? 'rejected'}  ${item.image || '(no image)'}`,
      description: item.container,
      detail: item.reason,
      item,
    })),
    { placeHolder: 'Effective imagePullPolicy of every container', matchOnDescription: true },
  );
  if (!picked) return;
  const position = new vscode.Position(picked.item.line, picked.item.character);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
}
