// Entry point of the web build: the language server in a Web Worker, started by the
// web client (client/src/browserServer.ts), talking LSP over the MessagePort the client
// sends as its first message. The same bundle, started under the analysis worker's
// name, analyses big YAML documents.

import { BrowserMessageReader, BrowserMessageWriter, ProposedFeatures, createConnection } from 'vscode-languageserver/browser';
import { ANALYSIS_WORKER, answerer, type WorkerRequest } from '../lsp/analysisThread';
import { startSession } from '../lsp/session';
import { READ_FILES_REQUEST, type ReadResult } from '../shared/protocol';
import { browserHost } from './host';

/** The dedicated worker scope, as far as used here (the project's types are Node's). */
declare const self: {
  readonly name: string;
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  addEventListener(type: 'unhandledrejection' | 'error', listener: (event: { reason?: unknown; message?: string }) => void): void;
};

if (self.name === ANALYSIS_WORKER) {
  const respond = answerer();
  self.onmessage = (event) => self.postMessage(respond(event.data as WorkerRequest));
} else {
  self.onmessage = (event) => {
    self.onmessage = null;
    serve(event.data);
  };
}

function serve(port: unknown): void {
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port as never), new BrowserMessageWriter(port as never));

  // Input must never take the server down: log what escaped a handler and keep serving.
  self.addEventListener('error', (event) => connection.console.error(`uncaught: ${event.message ?? ''}`));
  self.addEventListener('unhandledrejection', (event) => connection.console.error(`unhandled rejection: ${String(event.reason)}`));

  startSession(connection, browserHost((params) => connection.sendRequest<readonly ReadResult[]>(READ_FILES_REQUEST, params)));
}
