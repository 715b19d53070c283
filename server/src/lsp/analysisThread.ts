// Analyses big YAML documents on a worker (a Node worker thread, or a nested Web
// Worker in a browser: see the hosts). Parsing is one synchronous call per YAML
// document: a multi-megabyte single document (`kubectl get -o yaml` gives one
// `kind: List`) would otherwise hold the event loop for seconds, and every other
// document's hovers and hints with it. Results are plain data and cross as
// structured clones. The worker runs the same bundle as the server.

import { analyzeDocument, type DocumentAnalysis } from '../analysis';
import type { FileContext } from '../analysis/fileContext';
import type { AnalysisSettings } from '../analysis/settings';

/** YAML documents at least this long (≈ 100 ms of parsing) are analysed on the worker. */
export const OFFLOAD_CHARS = 256 * 1024;

/**
 * A worker idle this long is ended: its heap, still holding the garbage of parsing a
 * big document (hundreds of megabytes for 5 MB), goes with it. The next job starts
 * a new worker in about 50 ms.
 */
const IDLE_MS = 5_000;

/** Marks the worker (Node: `workerData`; browser: the worker's name), so that the bundle serves analyses instead of LSP. */
export const ANALYSIS_WORKER = 'kube-pull-policy analysis worker';

export interface AnalysisJob {
  readonly text: string;
  readonly settings: AnalysisSettings;
  readonly eol: string;
  readonly context: FileContext;
}

/** One running worker, as a host starts it. */
export interface JobWorker {
  /** Rejects when the job or its reply cannot be cloned, or the worker fails or ends first. */
  ask(job: AnalysisJob): Promise<DocumentAnalysis>;
  terminate(): void;
}

/** The worker's side: each job's answer (analyzeDocument never throws). */
export function answer(job: AnalysisJob): DocumentAnalysis {
  return analyzeDocument(job.text, job.settings, job.eol, job.context);
}

interface Queued {
  readonly job: AnalysisJob;
  /** False once the document changed or closed: the job is dropped unless already running. */
  readonly wanted: () => boolean;
  readonly resolve: (analysis: DocumentAnalysis) => void;
  readonly reject: (error: unknown) => void;
}

/** One worker, one job at a time, started on first use and again after a failure. */
export class AnalysisThread {
  private worker: JobWorker | undefined;
  private busy = false;
  private disposed = false;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly queue: Queued[] = [];

  constructor(
    /** Starts a worker that calls `ended` if it fails or ends between jobs (the next job then starts another). */
    private readonly start: (ended: () => void) => JobWorker,
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
        next.resolve(await (this.worker ?? this.startWorker()).ask(next.job));
      } catch (error) {
        if (!this.disposed) this.log(`analysis worker failed (${error instanceof Error ? error.message : String(error)}); that document is analysed on the main thread`);
        this.stopWorker();
        next.reject(error);
      }
    }
    this.busy = false;
    if (this.worker) {
      this.idle = setTimeout(() => this.stopWorker(), IDLE_MS);
      // Node: the timer alone never keeps the server process alive.
      (this.idle as { unref?: () => void }).unref?.();
    }
  }

  private startWorker(): JobWorker {
    const worker = this.start(() => {
      if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    clearTimeout(this.idle);
    this.worker?.terminate();
    this.worker = undefined;
  }
}
