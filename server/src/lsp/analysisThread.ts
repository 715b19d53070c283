// Analyses big YAML documents on a worker thread. Parsing is one synchronous call
// per YAML document: a multi-megabyte single document (`kubectl get -o yaml` gives
// one `kind: List`) would otherwise hold the event loop for seconds, and every other
// document's hovers and hints with it. Results are plain data and cross threads as
// structured clones. The worker runs this same bundle (see server.ts).

import { Worker, type MessagePort } from 'node:worker_threads';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import type { FileContext } from '../analysis/fileContext';
import type { AnalysisSettings } from '../analysis/settings';

/** YAML documents at least this long (≈ 100 ms of parsing) are analysed on the worker thread. */
export const OFFLOAD_CHARS = 256 * 1024;

/** Marks the worker in `workerData`, so that the bundle serves analyses instead of LSP. */
export const ANALYSIS_WORKER = 'kube-pull-policy analysis worker';

interface Job {
  readonly id: number;
  readonly text: string;
  readonly settings: AnalysisSettings;
  readonly eol: string;
  readonly context: FileContext;
}

interface Queued {
  readonly job: Job;
  /** False once the document changed or closed: the job is dropped unless already running. */
  readonly wanted: () => boolean;
  readonly resolve: (analysis: DocumentAnalysis) => void;
  readonly reject: (error: Error) => void;
}

type Reply = { readonly id: number; readonly analysis: DocumentAnalysis } | { readonly id: number; readonly error: string };

export class AnalysisThread {
  private worker: Worker | undefined;
  private running: Queued | undefined;
  private readonly queue: Queued[] = [];
  private nextId = 0;

  constructor(
    /** The script the worker runs: the server bundle. */
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Rejects when the job was dropped or the worker failed; the caller then analyses in place. */
  analyze(text: string, settings: AnalysisSettings, eol: string, context: FileContext, wanted: () => boolean): Promise<DocumentAnalysis> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, text, settings, eol, context }, wanted, resolve, reject });
      this.pump();
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private pump(): void {
    if (this.running) return;
    let next = this.queue.shift();
    while (next && !next.wanted()) {
      next.reject(new Error('dropped: the document changed'));
      next = this.queue.shift();
    }
    if (!next) return;
    this.running = next;
    this.start().postMessage(next.job);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: ANALYSIS_WORKER });
    worker.unref(); // never keeps the server alive
    worker.on('message', (reply: Reply) => {
      const done = this.running;
      this.running = undefined;
      if (done?.job.id === reply.id) {
        if ('analysis' in reply) done.resolve(reply.analysis);
        else done.reject(new Error(reply.error));
      }
      this.pump();
    });
    const failed = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.log(`analysis worker stopped (${error.message}); its document is analysed on the main thread, the next big one starts a new worker`);
      this.running?.reject(error);
      this.running = undefined;
      this.pump();
    };
    worker.on('error', failed);
    worker.on('exit', (code) => failed(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

/** The worker's side: analyse each job, answer with the analysis. */
export function serveAnalyses(port: MessagePort): void {
  port.on('message', (job: Job) => {
    try {
      port.postMessage({ id: job.id, analysis: analyzeDocument(job.text, job.settings, job.eol, job.context) } satisfies Reply);
    } catch (error) {
      // analyzeDocument never throws; a clone failure would land here.
      port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply);
    }
  });
}
