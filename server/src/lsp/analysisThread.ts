// Analyses big YAML documents on a worker (a Node worker thread, or a nested Web
// Worker in a browser: see the hosts). Parsing is one synchronous call per YAML
// document: a multi-megabyte single document (`kubectl get -o yaml` gives one
// `kind: List`) would otherwise hold the event loop for seconds, and every other
// document's hovers and hints with it. Results are plain data and cross as
// structured clones, in parts: reading a clone is synchronous on the receiving side,
// and one document's answer can be hundreds of megabytes (a Pod with 100,000 flow
// containers: 166 MB, 5 s to read in one piece). The worker runs the same bundle as
// the server.

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

/**
 * Sites or findings per part of an answer: about half a megabyte of clone, read in
 * 10–20 ms, so the server's other requests wait at most that long for one part.
 */
export const PART_ITEMS = 500;

/** What the server asks its worker: analyse a job, or send a part of the last job's answer. */
export type WorkerRequest = { readonly job: AnalysisJob } | { readonly part: number };

/** The answer without its sites and findings, and how many parts of each follow. */
export interface AnswerHead {
  readonly analysis: Omit<DocumentAnalysis, 'sites' | 'findings'>;
  readonly siteParts: number;
  readonly findingParts: number;
}

/** A part: up to PART_ITEMS sites (parts below `siteParts`) or findings (the rest). */
export type AnswerPart = readonly unknown[];

export type WorkerReply = AnswerHead | AnswerPart;

/** One running worker, as a host starts it. */
export interface JobWorker {
  /** Rejects when the request or its reply cannot be cloned, or the worker fails or ends first. */
  ask(request: WorkerRequest): Promise<WorkerReply>;
  terminate(): void;
}

/** The worker's side: a job's answer head, then its parts on request (analyzeDocument never throws). */
export function answerer(): (request: WorkerRequest) => WorkerReply {
  let last: DocumentAnalysis | undefined;
  return (request) => {
    if ('job' in request) {
      const { text, settings, eol, context } = request.job;
      last = analyzeDocument(text, settings, eol, context);
      const { sites, findings, ...analysis } = last;
      return { analysis, siteParts: Math.ceil(sites.length / PART_ITEMS), findingParts: Math.ceil(findings.length / PART_ITEMS) };
    }
    const { sites = [], findings = [] } = last ?? {};
    const siteParts = Math.ceil(sites.length / PART_ITEMS);
    const [items, index] = request.part < siteParts ? [sites, request.part] : [findings, request.part - siteParts];
    return items.slice(index * PART_ITEMS, (index + 1) * PART_ITEMS);
  };
}

/** The server's side: one job's answer, a part per message, so other work runs between them. */
async function received(worker: JobWorker, job: AnalysisJob): Promise<DocumentAnalysis> {
  const head = (await worker.ask({ job })) as AnswerHead;
  const sites: unknown[] = [];
  const findings: unknown[] = [];
  for (let part = 0; part < head.siteParts + head.findingParts; part++) {
    const items = (await worker.ask({ part })) as AnswerPart;
    (part < head.siteParts ? sites : findings).push(...items);
  }
  return { ...head.analysis, sites, findings } as DocumentAnalysis;
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
        next.resolve(await received(this.worker ?? this.startWorker(), next.job));
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
