// The session's host in a browser Web Worker (VS Code for the Web): files served by
// the client through `vscode.workspace.fs`, big documents on a nested Web Worker
// running this same bundle, and no local context (there is no machine to ask).

import { AnalysisThread, ANALYSIS_WORKER, type WorkerReply, type WorkerRequest } from '../lsp/analysisThread';
import type { SessionHost } from '../lsp/host';
import { ServedFiles, type ReadFiles } from './servedFiles';

/** The few Web Worker APIs used here (the project's types are Node's). */
interface BrowserWorker {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  onmessageerror: (() => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}
declare const Worker: (new (url: string, options: { name: string }) => BrowserWorker) | undefined;
declare const self: { readonly location: { readonly href: string } };

/** Posts one request; the reply, or the worker's failure, settles it. */
function askWorker(worker: BrowserWorker, request: WorkerRequest, ended: () => void): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data as WorkerReply);
    worker.onmessageerror = () => reject(new Error('the reply could not be read'));
    worker.onerror = (event) => {
      ended();
      reject(new Error(event.message ?? 'the worker failed'));
    };
    try {
      worker.postMessage(request);
    } catch (error) {
      reject(error);
    }
  });
}

/** A browser has no `setImmediate`, and `setTimeout(0)` is clamped to 4 ms once nested: a MessageChannel message is the next task. */
function messageLoop(): (callback: () => void) => void {
  const queue: (() => void)[] = [];
  const channel = new MessageChannel();
  (channel.port1 as unknown as { onmessage: () => void }).onmessage = () => queue.shift()?.();
  return (callback) => {
    queue.push(callback);
    channel.port2.postMessage(undefined);
  };
}

/** `readFiles` asks the client what is at some URIs (the READ_FILES_REQUEST). */
export function browserHost(readFiles: ReadFiles): SessionHost {
  const later = messageLoop();
  return {
    workspaceFiles: (folders, log) => new ServedFiles(folders, readFiles, log),
    // Nested workers exist in Chromium and Firefox; where they do not, big documents are analysed in place between slices.
    analysisThread: (log) =>
      typeof Worker === 'function'
        ? new AnalysisThread((ended) => {
            const worker = new Worker(self.location.href, { name: ANALYSIS_WORKER });
            worker.onerror = () => ended();
            return { ask: (request) => askWorker(worker, request, ended), terminate: () => worker.terminate() };
          }, log)
        : undefined,
    later,
  };
}
