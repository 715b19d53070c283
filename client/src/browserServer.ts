// The web's server: the bundled browser server in a Web Worker, over postMessage.
// A worker does not die of an uncaught error (the server logs its own), so it ends
// only when it is terminated.

import type * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser';
import type { ServerProcess } from './languageServer';

/** The Web Worker API as far as used here (the project's types are Node's). */
interface BrowserWorker {
  terminate(): void;
}
declare const Worker: new (url: string, options: { name: string }) => BrowserWorker;

export function workerServer(script: vscode.Uri): () => ServerProcess {
  return () => {
    const worker = new Worker(script.toString(true), { name: 'kube-pull-policy server' });
    let ended: (how: string) => void = () => undefined;
    const exited = new Promise<string>((resolve) => (ended = resolve));
    return {
      connection: createMessageConnection(new BrowserMessageReader(worker as never), new BrowserMessageWriter(worker as never)),
      exited,
      endsOnExit: false,
      kill() {
        worker.terminate();
        ended('terminated');
      },
    };
  };
}
