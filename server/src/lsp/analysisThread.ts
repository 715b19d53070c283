// Analyses big YAML documents on a worker thread. Parsing is one synchronous call
// per YAML document: a multi-megabyte single document (`kubectl get -o yaml` gives
// one `kind: List`) would otherwise hold the event loop for seconds, and every other
// document's hovers and hints with it. Results are plain data and cross threads as
// structured clones. The worker runs this same bundle (see server.ts).

import { Worker, type MessagePort } from 'node:worker_threads';
import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import { ask } from '../threads';
import type { FileContext } from '../analysis/fileContext';
import type { AnalysisSettings } from '../analysis/settings';

/** YAML documents at least this long (≈ 100 ms of parsing) are analysed on the worker thread. */
export const OFFLOAD_CHARS = 256 * 1024;

/**
 * A worker idle this long is ended: its heap, still holding the garbage of parsing a
 * big document (hundreds of megabytes for 5 MB), goes with it. The next job starts
 * a new worker in about 50 ms.
 */
const IDLE_MS = 5_000;

/** Marks the worker in `workerData`, so that the bundle serves analyses instead of LSP. */
export const ANALYSIS_WORKER = 'kube-pull-policy analysis worker';

interface Job {
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
  readonly reject: (error: unknown) => void;
}

/** One worker thread, one job at a time, started on first use and again after a failure. */
export class AnalysisThread {
  private worker: Worker | undefined;
  private busy = false;
  private disposed = false;
  private idle: NodeJS.Timeout | undefined;
  private readonly queue: Queued[] = [];

  constructor(
    /** The script the worker runs: the server bundle. */
    private readonly script: string,
    private readonly log: (message: string) => void,
  ) {}

  /** Rejects when the job was dropped or the worker failed; the caller then analyses in place. */
  analyze(text: string, settings: AnalysisSettings, eol: string, context: FileContext, wanted: () => boolean): Promise<DocumentAnalysis> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { text, settings, eol, context }, wanted, resolve, reject });
      void this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    clearTimeout(this.idle);
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (!next.wanted() || this.disposed) {
        next.reject(new Error('dropped: the document changed'));
        continue;
      }
      try {
        next.resolve(await ask<DocumentAnalysis>(this.worker ?? this.startWorker(), next.job));
      } catch (error) {
        if (!this.disposed) this.log(`analysis worker failed (${error instanceof Error ? error.message : String(error)}); that document is analysed on the main thread`);
        this.stopWorker();
        next.reject(error);
      }
    }
    this.busy = false;
    if (this.worker) this.idle = setTimeout(() => this.stopWorker(), IDLE_MS).unref();
  }

  private stopWorker(): void {
    clearTimeout(this.idle);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private startWorker(): Worker {
    const worker = new Worker(this.script, { workerData: ANALYSIS_WORKER });
    worker.unref(); // never keeps the server alive
    // A worker that fails or ends between jobs is replaced by the next job.
    const forget = () => {
      if (this.worker === worker) this.worker = undefined;
    };
    worker.on('error', forget);
    worker.on('exit', forget);
    this.worker = worker;
    return worker;
  }
}

/** The worker's side: answer each job with its analysis (analyzeDocument never throws). */
export function serveAnalyses(port: MessagePort): void {
  port.on('message', (job: Job) => port.postMessage(analyzeDocument(job.text, job.settings, job.eol, job.context)));
}
