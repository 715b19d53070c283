// The web client (`browser`: vscode.dev, github.dev, code-server's web extension
// host): the server runs in a Web Worker and reads the workspace's layout files
// through this client (workspaceFiles.ts). There is no local context on the web.

import * as vscode from 'vscode';
import { startClient } from './client';
import type { LanguageServer } from './languageServer';
import { workerServer } from './browserServer';
import { serveWorkspaceFiles } from './workspaceFiles';

let server: LanguageServer | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // The workspace's documents, whatever file system holds them (github.dev: vscode-vfs), and new files.
  const schemes = new Set(['untitled', ...(vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.scheme)]);
  server = startClient(context, {
    start: workerServer(vscode.Uri.joinPath(context.extensionUri, 'server', 'out', 'browser.js')),
    processId: null,
    selector: [...schemes].map((scheme) => ({ language: 'yaml', scheme })),
    extras: (started) => [serveWorkspaceFiles(started)],
  });
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}
