// The VS Code client: starts the bundled server and passes settings. Nothing clever.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  COMMANDS,
  CONFIG_SECTION,
  EFFECTIVE_POLICIES_REQUEST,
  WATCHED_FILE_GLOBS,
  type EffectivePoliciesParams,
  type EffectivePolicyItem,
} from '../../server/src/shared/protocol';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    synchronize: {
      configurationSection: CONFIG_SECTION,
      fileEvents: WATCHED_FILE_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
  };
  // The id names the trace setting: `kubePullPolicy.trace.server`.
  client = new LanguageClient(CONFIG_SECTION, 'Kubernetes Image Pull Policy', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.showEffectivePolicies, showEffectivePolicies),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => client?.restart()),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** Lists every container of the active file with its effective policy; picking one reveals it. */
async function showEffectivePolicies(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const params: EffectivePoliciesParams = { uri: editor.document.uri.toString() };
  const items = await client.sendRequest<EffectivePolicyItem[]>(EFFECTIVE_POLICIES_REQUEST, params);
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
