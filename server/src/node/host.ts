// The session's host in a Node process: files from the disk, big documents on a
// worker thread running this same bundle, and the local context's probe.

import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { LocalProbe } from '../host/localFacts';
import { AnalysisThread, ANALYSIS_WORKER } from '../lsp/analysisThread';
import type { SessionHost, WorkspaceFiles } from '../lsp/host';
import { ask } from '../threads';
import { nodeFileSystem } from '../workspace/nodeFileSystem';

function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function nodeHost(bundle: string): SessionHost {
  return {
    workspaceFiles(folders, log): WorkspaceFiles {
      return {
        fs: nodeFileSystem,
        roots: folders.flatMap((folder) => pathOf(folder) ?? []),
        pathOf,
        settle: async (read) => read(),
        log,
        changed: () => undefined,
      };
    },
    analysisThread: (log) =>
      new AnalysisThread((ended) => {
        const worker = new Worker(bundle, { workerData: ANALYSIS_WORKER });
        worker.unref(); // never keeps the server alive
        worker.on('error', ended);
        worker.on('exit', ended);
        return { ask: (job) => ask(worker, job), terminate: () => void worker.terminate() };
      }, log),
    later: (callback) => void setImmediate(callback),
    localProbe: (log) => new LocalProbe(log),
  };
}
