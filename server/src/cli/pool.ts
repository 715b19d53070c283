// Checks many files on every core: one worker thread per core, each taking the next
// file when it finishes one. Small runs stay on the main thread (starting workers
// costs more than it saves).

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ask } from '../threads';
import { checkFile, type CheckOptions, type FileResult } from './check';

/** Below this many files per core, workers are not worth their start-up. */
const FILES_PER_WORKER = 16;

export async function checkFiles(
  files: readonly string[],
  options: CheckOptions,
  workerScript: string,
  onResult: (index: number, result: FileResult) => void,
): Promise<void> {
  const workerCount = Math.min(availableParallelism(), Math.floor(files.length / FILES_PER_WORKER));
  if (workerCount < 2) {
    files.forEach((file, index) => onResult(index, checkFile(file, options)));
    return;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: workerCount }, async () => {
      const worker = new Worker(workerScript, { workerData: { options } });
      try {
        while (next < files.length) {
          const index = next++;
          onResult(index, await ask<FileResult>(worker, files[index]));
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
}

/** The worker side: check each file it is sent. */
export function serveChecks(port: { on(event: 'message', listener: (file: string) => void): void; postMessage(result: FileResult): void }, options: CheckOptions): void {
  port.on('message', (file) => port.postMessage(checkFile(file, options)));
}
