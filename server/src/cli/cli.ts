// Entry point of `kube-pull-policy`: the same engine as the language server, for
// CI and pre-commit. Also the worker-thread entry of its own pool.

import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parseCliArgs, UsageError, USAGE, type CliOptions } from './args';
import { workspaceRootsFor } from '../workspace/roots';
import { checkText, type CheckOptions, type FileResult } from './check';
import { expandPaths } from './files';
import { formatJson, formatSarif, formatTextFile, formatTextSummary, totalsOf } from './format';
import { checkFiles, serveChecks } from './pool';
import { findConfigFile, readConfigFile } from '../config/configFile';
import { nodeFileSystem } from '../workspace/nodeFileSystem';
import { LocalProbe } from '../host/localFacts';

/** Replaced by esbuild with package.json's version. */
declare const KUBE_PULL_POLICY_VERSION: string;

async function main(argv: readonly string[]): Promise<number> {
  let options: CliOptions;
  let files: string[];
  try {
    options = parseCliArgs(argv);
    if (options.help) return print(`${USAGE}\n`, 0);
    if (options.version) return print(`${KUBE_PULL_POLICY_VERSION}\n`, 0);
    files = expandPaths(options.paths);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kube-pull-policy: ${error.message}\nRun kube-pull-policy --help for usage.\n`);
    return 2;
  }

  const colour = options.format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const results: FileResult[] = new Array(files.length);
  let printed = 0;
  const progress = progressLine(files.length);
  // Text streams: each file is printed as soon as it and every file before it are done.
  const onResult = (index: number, result: FileResult) => {
    results[index] = result;
    progress.tick();
    if (options.format !== 'text') return;
    while (printed < files.length && results[printed]) {
      const block = formatTextFile(results[printed++], colour);
      if (block) progress.write(`${block}\n`);
    }
  };

  const baseOptions = { ...options, roots: workspaceRootsFor(options.paths, process.cwd()) };
  const stdinIndex = files.indexOf('-');
  const stdin = stdinIndex >= 0 ? readFileSync(0, 'utf8') : '';
  const onDisk = files.map((file, index) => ({ file, index })).filter(({ file }) => file !== '-');
  const checkOptions = await withLocalContext(baseOptions, onDisk.map(({ file }) => file), stdinIndex >= 0 ? stdin : undefined);
  if (stdinIndex >= 0) onResult(stdinIndex, checkText('-', stdin, checkOptions, process.cwd()));
  await checkFiles(
    onDisk.map(({ file }) => file),
    checkOptions,
    __filename,
    (i, result) => onResult(onDisk[i].index, result),
  );
  progress.done();

  const totals = totalsOf(results);
  if (options.format === 'text') process.stdout.write(`${formatTextSummary(totals, files.length, colour)}\n`);
  else if (options.format === 'json') process.stdout.write(`${formatJson(results)}\n`);
  else process.stdout.write(`${formatSarif(results, KUBE_PULL_POLICY_VERSION)}\n`);

  // Each worker thread reads the layout once, so the same line may come from several.
  for (const line of new Set(results.flatMap((result) => result.layoutNotes ?? []))) process.stderr.write(`kube-pull-policy: ${line}\n`);
  const unreadable = results.filter((result) => result.error);
  for (const result of unreadable) if (options.format !== 'text') process.stderr.write(`kube-pull-policy: ${result.error}\n`);
  if (unreadable.length) return 2;
  const tooManyWarnings = options.maxWarnings >= 0 && totals.warnings > options.maxWarnings;
  return totals.errors > 0 || tooManyWarnings ? 1 : 0;
}

/**
 * With --local-context (or `localContext.enabled` in the working directory's config
 * file): a first pass lists the images, then the kubeconfig and the local Docker
 * Engine are asked once for the whole run, and the real pass gets the facts.
 */
async function withLocalContext(options: CheckOptions & CliOptions, files: readonly string[], stdin: string | undefined): Promise<CheckOptions> {
  const configFile = findConfigFile(nodeFileSystem, process.cwd());
  const config = configFile ? readConfigFile(nodeFileSystem, configFile) : undefined;
  const fromConfig = config && !('error' in config) ? config.localContext : undefined;
  if (!options.localContext && !fromConfig?.enabled) return options;
  const listing: CheckOptions = { ...options, fix: false, listImages: true };
  const images = new Set<string>(stdin === undefined ? [] : (checkText('-', stdin, listing, process.cwd()).images ?? []));
  await checkFiles(files, listing, __filename, (_, result) => result.images?.forEach((image) => images.add(image)));
  const verbose = (message: string) => {
    if (options.verbose) process.stderr.write(`kube-pull-policy: ${message}\n`);
  };
  const local = await new LocalProbe(verbose).gather({ enabled: true, ...(fromConfig?.context ? { context: fromConfig.context } : {}) }, [...images]);
  verbose(`local context: ${local.context || '(none)'}${local.cluster ? ` (local cluster: ${local.cluster.kind})` : ''}, Docker ${local.docker ? 'answered' : 'not asked or silent'}`);
  return { ...options, local };
}

function print(text: string, code: number): number {
  process.stdout.write(text);
  return code;
}

/** `checked 120/4000 files` on stderr, only on a terminal and only once a run takes a while. */
function progressLine(total: number) {
  const enabled = process.stderr.isTTY === true;
  const started = Date.now();
  let done = 0;
  let shown = false;
  const clear = () => {
    if (shown) process.stderr.write('\r\u001b[K');
    shown = false;
  };
  return {
    tick() {
      done++;
      if (enabled && Date.now() - started > 1000) {
        process.stderr.write(`\rchecked ${done}/${total} files`);
        shown = true;
      }
    },
    write(text: string) {
      clear();
      process.stdout.write(text);
    },
    done: clear,
  };
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`kube-pull-policy: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );
} else if (parentPort) {
  serveChecks(parentPort, (workerData as { options: CheckOptions }).options);
}
