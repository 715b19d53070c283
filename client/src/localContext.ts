// The local context in the status bar (the server says which context it uses and
// whether Docker answered), the command that asks it to look again, and the context
// key that says whether it is on (the palette shows the load command only then).

import * as vscode from 'vscode';
import { COMMANDS, CONFIG_SECTION, LOCAL_CONTEXT_NOTIFICATION, REFRESH_LOCAL_CONTEXT_REQUEST, type LocalContextStatus } from '../../server/src/shared/protocol';
import type { LanguageServer } from './languageServer';

const ENABLED_KEY = 'kubePullPolicy.localContextEnabled';
const ENABLED_SETTING = `${CONFIG_SECTION}.localContext.enabled`;

export function localContext(server: LanguageServer): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('kubePullPolicy.localContext', vscode.StatusBarAlignment.Left);
  item.name = 'Kubernetes local context';
  item.command = COMMANDS.refreshLocalContext;
  const followSetting = () => {
    const enabled = vscode.workspace.getConfiguration().get(ENABLED_SETTING) === true;
    void vscode.commands.executeCommand('setContext', ENABLED_KEY, enabled);
    // Once off, the server says nothing more about the context: the last status would stay.
    if (!enabled) item.hide();
  };
  followSetting();
  return [
    item,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(ENABLED_SETTING)) followSetting();
    }),
    server.onWillStart((connection) =>
      connection.onNotification(LOCAL_CONTEXT_NOTIFICATION, (status: LocalContextStatus) => {
        if (!server.isCurrent(connection)) return;
        item.text = `$(cloud) ${status.context || 'no context'}${status.cluster ? ` · Docker ${status.docker ? '$(check)' : '$(circle-slash)'}` : ''}`;
        item.tooltip = status.cluster
          ? `Local cluster: ${status.cluster}. The local Docker Engine ${status.docker ? 'answered' : 'did not answer'}. Click to look again.`
          : `${status.context ? `${status.context} is not a local cluster` : 'No kubectl context'}: local images are not checked. Click to look again.`;
        item.show();
      }),
    ),
    server.onDidStop(() => item.hide()),
    vscode.commands.registerCommand(COMMANDS.refreshLocalContext, () => server.request(REFRESH_LOCAL_CONTEXT_REQUEST, null)),
  ];
}
