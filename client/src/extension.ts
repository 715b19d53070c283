// The desktop client (`main`): the server runs as a child process and reads the
// workspace from disk itself; the local context (kubeconfig, Docker) is available.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { startClient } from './client';
import type { LanguageServer } from './languageServer';
import { localContext } from './localContext';
import { forkServer } from './nodeServer';

let server: LanguageServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const debug = context.extensionMode === vscode.ExtensionMode.Development;
  server = startClient(context, {
    start: forkServer(context.asAbsolutePath(path.join('server', 'out', 'server.js')), debug ? ['--nolazy', '--inspect=6011'] : []),
    processId: process.pid,
    selector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    extras: localContext,
  });
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}
