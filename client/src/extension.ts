// The desktop client (`main`): the server runs as a child process and reads the
// workspace from disk itself; the local context (kubeconfig, Docker) and the command
// that loads an image into a local cluster are available.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { startClient } from './client';
import type { LanguageServer } from './languageServer';
import { loadImageCommand, type Confirm } from './loadImage';
import { localContext } from './localContext';
import { forkServer } from './nodeServer';

let server: LanguageServer | undefined;

/**
 * What `activate` returns to the real-VS-Code tests (ExtensionMode.Test only, i.e. an
 * extension host started with --extensionTestsPath): a modal dialog cannot be answered
 * through the API, so a test replaces the load command's confirmation with its own
 * function, and `undefined` restores the dialog.
 */
export interface TestApi {
  setLoadConfirmation(confirm: Confirm | undefined): void;
}

let testConfirm: Confirm | undefined;

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const debug = context.extensionMode === vscode.ExtensionMode.Development;
  server = startClient(context, {
    start: forkServer(context.asAbsolutePath(path.join('server', 'out', 'server.js')), debug ? ['--nolazy', '--inspect=6011'] : []),
    processId: process.pid,
    selector: [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    extras: (started) => [...localContext(started), ...loadImageCommand(started, () => testConfirm)],
  });
  return context.extensionMode === vscode.ExtensionMode.Test ? { setLoadConfirmation: (confirm) => void (testConfirm = confirm) } : undefined;
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}
