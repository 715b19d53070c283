// What both builds of the client do on activation: start the server (however the
// build runs it), translate between VS Code and LSP, pass settings, and register the
// commands. Nothing clever: all knowledge of manifests is in the server.
// Activation only starts the server; the handshake finishes in the background.

import * as vscode from 'vscode';
import { COMMANDS } from '../../server/src/shared/protocol';
import { showEffectivePolicies } from './effectivePolicies';
import { CLIENT_CAPABILITIES, registerFeatures } from './features';
import { LanguageServer, type ServerOptions } from './languageServer';

export interface ClientOptions {
  readonly start: ServerOptions['start'];
  readonly processId: number | null;
  /** The documents the server is told about and asked about. */
  readonly selector: vscode.DocumentFilter[];
  /** What only this build has (desktop: the local context; web: serving files). */
  readonly extras: (server: LanguageServer) => vscode.Disposable[];
}

export function startClient(context: vscode.ExtensionContext, options: ClientOptions): LanguageServer {
  const output = vscode.window.createOutputChannel('Kubernetes Image Pull Policy');
  const server = new LanguageServer({ start: options.start, processId: options.processId, capabilities: CLIENT_CAPABILITIES }, output);
  context.subscriptions.push(
    output,
    server,
    ...registerFeatures(server, options.selector),
    ...options.extras(server),
    vscode.commands.registerCommand(COMMANDS.showEffectivePolicies, () => showEffectivePolicies(server)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => server.restart()),
  );
  server.start();
  return server;
}
