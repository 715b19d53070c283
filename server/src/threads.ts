// Request and reply with a worker thread that answers each message it is sent with
// one message (the CLI's file checkers, the server's analysis thread).

import type { Worker } from 'node:worker_threads';

/**
 * Posts `message` and resolves with the worker's reply; rejects if the message or
 * the reply cannot be cloned, or the worker fails or exits first.
 */
export function ask<Reply>(worker: Worker, message: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const settle = (done: () => void) => {
      worker.off('message', onMessage);
      worker.off('messageerror', onError);
      worker.off('error', onError);
      worker.off('exit', onExit);
      done();
    };
    const onMessage = (reply: Reply) => settle(() => resolve(reply));
    const onError = (error: Error) => settle(() => reject(error));
    const onExit = (code: number) => settle(() => reject(new Error(`the worker thread exited with code ${code}`)));
    worker.on('message', onMessage);
    worker.on('messageerror', onError);
    worker.on('error', onError);
    worker.on('exit', onExit);
    try {
      worker.postMessage(message);
    } catch (error) {
      settle(() => reject(error));
    }
  });
}
