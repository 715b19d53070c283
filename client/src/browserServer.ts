// The web's server: the bundled browser server in a Web Worker. The connection runs
// over a MessageChannel whose other end the worker gets as its first message, so the
// connection exists at once while the worker may still be starting (see startWorker).
// A worker does not die of an uncaught error (the server logs its own), so it ends
// only when it is terminated.

import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, createMessageConnection } from 'vscode-jsonrpc/browser';
import type { ServerProcess } from './languageServer';

/** The Web Worker API as far as used here (the project's types are Node's). */
interface BrowserWorker {
  postMessage(message: unknown, transfer: unknown[]): void;
  terminate(): void;
}
declare const Worker: new (url: string, options: { name: string }) => BrowserWorker;

const NAME = 'kube-pull-policy server';

/**
 * A worker running `script`. vscode.dev serves extensions over https, and its web
 * extension host starts workers from such URLs. An extension installed on a server
 * (code-server, a remote) has a `vscode-remote:` URI, from which the web extension host
 * refuses to start workers: the script is then read through `workspace.fs` and started
 * from a blob URL of this origin.
 */
async function startWorker(script: vscode.Uri): Promise<BrowserWorker> {
  try {
    return new Worker(script.toString(true), { name: NAME });
  } catch {
    const bytes = await vscode.workspace.fs.readFile(script);
    return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })), { name: NAME });
  }
}

export function workerServer(script: vscode.Uri): (output: vscode.OutputChannel) => ServerProcess {
  return (output) => {
    const channel = new MessageChannel();
    let worker: BrowserWorker | undefined;
    let killed = false;
    let ended: (how: string) => void = () => undefined;
    const exited = new Promise<string>((resolve) => (ended = resolve));
    startWorker(script).then(
      (started) => {
        if (killed) return started.terminate();
        worker = started;
        started.postMessage(channel.port2, [channel.port2]);
      },
      (error: unknown) => {
        output.appendLine(`The server could not be started: ${error instanceof Error ? error.message : String(error)}`);
        ended('not started');
      },
    );
    return {
      connection: createMessageConnection(new BrowserMessageReader(channel.port1 as never), new BrowserMessageWriter(channel.port1 as never)),
      exited,
      endsOnExit: false,
      kill() {
        killed = true;
        worker?.terminate();
        ended('terminated');
      },
    };
  };
}
