// The dedicated fuzz run (`npm run fuzz`): generated manifests through every
// fix-safety property, and byte-level mutants through the totality properties,
// in worker threads, seeded and reproducible.
//
//   npm run fuzz                               100,000 generated + 50,000 mutated cases
//   npm run fuzz -- --runs 20000 --mutants 0   other amounts
//   npm run fuzz -- --seed 12345               a given base seed (default: random, printed)
//   npm run fuzz -- --workers 1                threads (default: CPU count, at most 4)
//   npm run fuzz -- --skip 'fix/js-value-empty*,model/collection-alias'
//                                              count, don't fail, failures of these properties (triage)
//   npm run fuzz -- --replay structured:<seed>:<path>
//                                              re-run one reported counter-example
//   npm run fuzz -- --stats-out fuzz-stats.json
//
// The run is split into chunks of --chunk cases, each an fc.check with its own
// seed derived from the base seed; a failing chunk is shrunk and reported with
// its seed and path, the other chunks go on. Exit status 1 when anything failed.
// A watchdog ends a worker whose case runs longer than --hang-ms (default 30 s)
// and reports the input it was stuck on.

import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { manifestArb, mutantArb, type ManifestCase } from './arbitraries';
import { checkManifest, checkMutant, newStats, readable, type CheckOptions, type Stats } from './properties';

type Kind = 'structured' | 'mutant';

interface Job {
  readonly kind: Kind;
  readonly seed: number;
  readonly runs: number;
  readonly path?: string;
}

interface WorkerInit {
  readonly skip: readonly string[];
  readonly timeLimitMs: number;
  /** Current input, for the watchdog: length in lengthView[0], UTF-16 units after. */
  readonly current: SharedArrayBuffer;
}

type FromWorker =
  | { readonly type: 'progress'; readonly kind: Kind; readonly done: number }
  | { readonly type: 'done'; readonly job: Job; readonly stats: Stats; readonly failure?: Failure; readonly ms: number; readonly runs: number; readonly shrinks: number };

interface Failure {
  readonly kind: Kind;
  readonly seed: number;
  readonly path?: string;
  readonly check: string;
  readonly report: string;
  readonly text: string;
}

const CURRENT_CHARS = 1 << 17;

/** Per case: at most two fixes and one source action (seed-chosen); `npm test` checks all. */
const FUZZ_OPTIONS = { maxFixes: 2, maxActions: 1 } as const;

// ── Worker ───────────────────────────────────────────────────────────────────

function runJob(job: Job, init: WorkerInit, post: (m: FromWorker) => void): void {
  const stats = newStats();
  const skip = new Set(init.skip);
  const lengthView = new Int32Array(init.current, 0, 1);
  const chars = new Uint16Array(init.current, 4, CURRENT_CHARS);
  const remember = (text: string) => {
    const n = Math.min(text.length, CURRENT_CHARS);
    for (let i = 0; i < n; i++) chars[i] = text.charCodeAt(i);
    Atomics.store(lengthView, 0, n);
  };
  let done = 0;
  const tick = () => {
    if (++done % 250 === 0) post({ type: 'progress', kind: job.kind, done: 250 });
  };
  const options = (pick: number): CheckOptions => ({ ...FUZZ_OPTIONS, pick, stats, skip, timeLimitMs: init.timeLimitMs });
  const started = performance.now();
  const params = { seed: job.seed, numRuns: job.runs, includeErrorInReport: true, ...(job.path !== undefined && { path: job.path, endOnFailure: true }) };
  let details: fc.RunDetails<[unknown, number]>;
  if (job.kind === 'structured') {
    details = fc.check(
      fc.property(manifestArb, fc.nat(), (c: ManifestCase, pick) => {
        remember(c.text);
        tick();
        checkManifest(c, options(pick));
      }),
      params,
    ) as fc.RunDetails<[unknown, number]>;
  } else {
    details = fc.check(
      fc.property(mutantArb(), fc.nat(), (text: string, pick) => {
        remember(text);
        tick();
        checkMutant(text, options(pick));
      }),
      params,
    ) as fc.RunDetails<[unknown, number]>;
  }
  post({ type: 'progress', kind: job.kind, done: done % 250 });
  let failure: Failure | undefined;
  if (details.failed) {
    const example = details.counterexample?.[0];
    const text = typeof example === 'string' ? example : ((example as ManifestCase | undefined)?.text ?? '');
    const error = details.errorInstance as { check?: string } | undefined;
    failure = {
      kind: job.kind,
      seed: details.seed,
      path: details.counterexamplePath ?? undefined,
      check: error?.check ?? 'exception',
      report: fc.defaultReportMessage(details) ?? String(details.errorInstance),
      text,
    };
  }
  post({ type: 'done', job, stats, failure, ms: performance.now() - started, runs: details.numRuns, shrinks: details.numShrinks });
}

if (!isMainThread) {
  const init = workerData as WorkerInit;
  parentPort?.on('message', (job: Job) => runJob(job, init, (m) => parentPort?.postMessage(m)));
}

// ── Main ─────────────────────────────────────────────────────────────────────

interface Args {
  runs: number;
  mutants: number;
  seed: number;
  workers: number;
  chunk: number;
  skip: string[];
  replay?: string;
  statsOut?: string;
  timeLimitMs: number;
  hangMs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    runs: 100_000,
    mutants: 50_000,
    seed: (Date.now() ^ (Math.random() * 0x7fffffff)) | 0,
    workers: Math.max(1, Math.min(4, availableParallelism())),
    chunk: 2_500,
    skip: [],
    timeLimitMs: 2_000,
    hangMs: 30_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--runs': args.runs = Number(value()); break;
      case '--mutants': args.mutants = Number(value()); break;
      case '--seed': args.seed = Number(value()) | 0; break;
      case '--workers': args.workers = Math.max(1, Number(value())); break;
      case '--chunk': args.chunk = Math.max(1, Number(value())); break;
      case '--skip': args.skip.push(...value().split(',').map((s) => s.trim()).filter(Boolean)); break;
      case '--replay': args.replay = value(); break;
      case '--stats-out': args.statsOut = value(); break;
      case '--time-limit-ms': args.timeLimitMs = Number(value()); break;
      case '--hang-ms': args.hangMs = Number(value()); break;
      case '--help':
        console.log('usage: npm run fuzz -- [--runs N] [--mutants N] [--seed S] [--workers W] [--chunk N] [--skip ids] [--replay kind:seed:path] [--stats-out file]');
        process.exit(0);
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  for (const [name, n] of Object.entries({ runs: args.runs, mutants: args.mutants })) if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return args;
}

function currentText(current: SharedArrayBuffer): string {
  const length = Atomics.load(new Int32Array(current, 0, 1), 0);
  const units = new Uint16Array(current, 4, length);
  let text = '';
  for (let i = 0; i < units.length; i += 4096) text += String.fromCharCode(...units.subarray(i, i + 4096));
  return text;
}

/** A chunk's seed: a mix of the base seed, the kind and the chunk index. */
function chunkSeed(base: number, kind: Kind, index: number): number {
  let x = (base ^ (kind === 'structured' ? 0x5f3759df : 0x1b873593) ^ Math.imul(index + 1, 0x9e3779b1)) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

function plan(args: Args): Job[] {
  if (args.replay) {
    const [kind, seed, ...rest] = args.replay.split(':');
    if (kind !== 'structured' && kind !== 'mutant') throw new Error('--replay kind:seed:path, kind structured or mutant');
    return [{ kind, seed: Number(seed), runs: 1, path: rest.join(':') || undefined }];
  }
  const jobs: Job[] = [];
  const add = (kind: Kind, total: number) => {
    for (let i = 0, done = 0; done < total; i++, done += args.chunk) jobs.push({ kind, seed: chunkSeed(args.seed, kind, i), runs: Math.min(args.chunk, total - done) });
  };
  add('structured', args.runs);
  add('mutant', args.mutants);
  // Interleave kinds so progress is meaningful throughout.
  return jobs.sort((a, b) => jobs.filter((j) => j.kind === a.kind).indexOf(a) - jobs.filter((j) => j.kind === b.kind).indexOf(b) || (a.kind < b.kind ? 1 : -1));
}

function merge(into: Stats, from: Stats): void {
  for (const [key, value] of Object.entries(from) as [keyof Stats, Stats[keyof Stats]][]) {
    if (typeof value === 'number') {
      if (key === 'maxAnalyzeMs') into.maxAnalyzeMs = Math.max(into.maxAnalyzeMs, value);
      else (into[key] as number) += value;
    } else {
      const target = into[key] as Record<string, number>;
      for (const [k, v] of Object.entries(value)) target[k] = (target[k] ?? 0) + v;
    }
  }
}

function printFailure(f: Failure): void {
  console.log(`\n${'='.repeat(78)}\nFAILURE [${f.check}] in a ${f.kind} chunk: seed ${f.seed}, path ${f.path}`);
  console.log(f.report);
  console.log(`\n--- shrunk input (JSON) ---\n${JSON.stringify(f.text)}`);
  console.log(`--- shrunk input (control characters escaped) ---\n${readable(f.text)}\n--- end ---`);
  console.log(`reproduce: npm run fuzz -- --replay ${f.kind}:${f.seed}:${f.path ?? ''}\n${'='.repeat(78)}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const jobs = plan(args);
  const totals = { structured: jobs.filter((j) => j.kind === 'structured').reduce((n, j) => n + j.runs, 0), mutant: jobs.filter((j) => j.kind === 'mutant').reduce((n, j) => n + j.runs, 0) };
  const workers = Math.min(args.workers, jobs.length);
  console.log(`[fuzz] base seed ${args.seed}; ${totals.structured} generated manifests, ${totals.mutant} mutants; ${jobs.length} chunks on ${workers} worker(s)${args.skip.length ? `; skipping ${args.skip.join(', ')}` : ''}`);
  const started = Date.now();
  const stats = newStats();
  const failures: Failure[] = [];
  /** Property evaluations so far (cases, and shrinking steps after a failure), for progress. */
  const done = { structured: 0, mutant: 0 };
  /** Cases run to completion (fast-check's numRuns: a failing chunk stops at its failure) and shrinking steps. */
  const runs = { structured: 0, mutant: 0 };
  const shrinks = { structured: 0, mutant: 0 };
  const time = { structured: 0, mutant: 0 };
  let lastPrint = 0;
  const progress = (force = false) => {
    const now = Date.now();
    if (!force && now - lastPrint < 10_000) return;
    lastPrint = now;
    const s = (now - started) / 1000;
    const all = done.structured + done.mutant;
    console.log(`[fuzz] ${s.toFixed(0)}s: generated ${done.structured}/${totals.structured}, mutants ${done.mutant}/${totals.mutant} (${(all / Math.max(s, 0.001)).toFixed(0)}/s; counts include shrinking), ${failures.length} failure(s)`);
  };

  const queue = [...jobs];
  const spawn = () => {
    const current = new SharedArrayBuffer(4 + 2 * CURRENT_CHARS);
    // Workers do not inherit tsx's loader: register it, then load this file.
    const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(__filename)});`;
    const worker = new Worker(bootstrap, { eval: true, workerData: { skip: args.skip, timeLimitMs: args.timeLimitMs, current } satisfies WorkerInit });
    return { worker, current };
  };
  await Promise.all(
    Array.from({ length: workers }, async () => {
      let slot = spawn();
      while (queue.length) {
        const job = queue.shift() as Job;
        const { worker, current } = slot;
        const outcome = await new Promise<'ok' | 'dead'>((resolve) => {
          let lastSeen = Date.now();
          const finish = (result: 'ok' | 'dead') => {
            clearInterval(watchdog);
            worker.off('message', onMessage);
            worker.off('error', onError);
            resolve(result);
          };
          const watchdog = setInterval(() => {
            if (Date.now() - lastSeen < args.hangMs) return;
            const failure: Failure = { kind: job.kind, seed: job.seed, check: 'total/hang', report: `no progress for ${args.hangMs} ms; the worker was ended while checking the input below (possibly while shrinking)`, text: currentText(current) };
            failures.push(failure);
            printFailure(failure);
            finish('dead');
          }, 1_000);
          const onMessage = (m: FromWorker) => {
            lastSeen = Date.now();
            if (m.type === 'progress') {
              done[m.kind] += m.done;
              progress();
              return;
            }
            merge(stats, m.stats);
            time[m.job.kind] += m.ms;
            runs[m.job.kind] += m.runs;
            shrinks[m.job.kind] += m.shrinks;
            if (m.failure) {
              failures.push(m.failure);
              printFailure(m.failure);
            }
            finish('ok');
          };
          const onError = (error: Error) => {
            const failure: Failure = { kind: job.kind, seed: job.seed, check: 'worker-error', report: error.stack ?? String(error), text: currentText(current) };
            failures.push(failure);
            printFailure(failure);
            finish('dead');
          };
          worker.on('message', onMessage);
          worker.on('error', onError);
          worker.postMessage(job);
        });
        if (outcome === 'dead') {
          // A hung or crashed worker is replaced; its chunk is not retried.
          await worker.terminate();
          slot = spawn();
        }
      }
      await slot.worker.terminate();
    }),
  );

  progress(true);
  const seconds = (Date.now() - started) / 1000;
  const perCase = (kind: Kind) => (done[kind] ? `${(time[kind] / done[kind]).toFixed(2)} ms per evaluation` : '-');
  const shrunk = (kind: Kind) => (shrinks[kind] ? ` + ${shrinks[kind]} shrinking steps` : '');
  console.log(`\n[fuzz] finished in ${seconds.toFixed(1)} s (base seed ${args.seed}): ${runs.structured} generated manifests${shrunk('structured')} (${perCase('structured')}), ${runs.mutant} mutants${shrunk('mutant')} (${perCase('mutant')})`);
  console.log(`[fuzz] stats: ${JSON.stringify(stats, null, 1).replace(/\n\s*/g, ' ')}`);
  if (args.statsOut) writeFileSync(args.statsOut, JSON.stringify({ args, seconds, runs, shrinks, evaluations: done, failures, stats }, null, 2));
  if (failures.length) {
    console.log(`\n[fuzz] ${failures.length} FAILURE(S): ${[...new Set(failures.map((f) => f.check))].join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log('[fuzz] no failures');
  }
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
