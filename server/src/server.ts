// Entry point: `node server.js --stdio` (any editor) or `--node-ipc` (VS Code).
// The transport is chosen from the command line by `createConnection`.

import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startSession } from './lsp/session';

const connection = createConnection(ProposedFeatures.all);

// Input must never take the server down: log what escaped a handler and keep serving.
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));

startSession(connection);
