// The VS Code client: starts the bundled server, translates between VS Code and LSP,
// and passes settings. Nothing clever: all knowledge of manifests is in the server.
// Activation only forks the server; the handshake finishes in the background.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  COMMANDS,
  EFFECTIVE_POLICIES_REQUEST,
  type EffectivePoliciesParams,
  type EffectivePolicyItem,
} from '../../server/src/shared/protocol';
import { CLIENT_CAPABILITIES, registerFeatures } from './features';
import { LanguageServer } from './languageServer';
import { localContext } from './localContext';

let server: LanguageServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Kubernetes Image Pull Policy');
  const debug = context.extensionMode === vscode.ExtensionMode.Development;
  server = new LanguageServer(
    {
      module: context.asAbsolutePath(path.join('server', 'out', 'server.js')),
      execArgv: debug ? ['--nolazy', '--inspect=6011'] : [],
      capabilities: CLIENT_CAPABILITIES,
    },
    output,
  );
  context.subscriptions.push(
    output,
    server,
    ...registerFeatures(server),
    ...localContext(server),
    vscode.commands.registerCommand(COMMANDS.showEffectivePolicies, showEffectivePolicies),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => server?.restart()),
  );
  server.start();
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}

/** Lists every container of the active file with its effective policy; picking one reveals it. */
async function showEffectivePolicies(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !server) return;
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
