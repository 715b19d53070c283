// Entry point: `node server.js --stdio` (any editor) or `--node-ipc` (VS Code).
// The transport is chosen from the command line by `createConnection`. The same
// bundle runs the analysis worker thread (see lsp/analysisThread.ts).

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { ANALYSIS_WORKER, answerer } from './lsp/analysisThread';
import { startSession } from './lsp/session';
import { nodeHost } from './node/host';

if (!isMainThread && workerData === ANALYSIS_WORKER && parentPort) {
  const port = parentPort;
  const respond = answerer();
  port.on('message', (request) => port.postMessage(respond(request)));
} else {
  const connection = createConnection(ProposedFeatures.all);

  // Input must never take the server down: log what escaped a handler and keep serving.
  process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

  startSession(connection, nodeHost(__filename));
}
