#!/usr/bin/env node
// `npm run bench`: a benchmark, not a test. It prints figures and never fails on time.
//
// For each size it spawns FRESH language-server processes over stdio, exactly as an
// editor does, and measures open → first diagnostics, edit → updated diagnostics,
// viewport inlay hints right after didOpen, a hover on a small document while the big
// one is analysed, and the server's memory. In the same run: the raw `yaml` parse
// floor of the same text (separate process), the peer (yaml-language-server) on the
// same files, the extension's bundle and VSIX sizes, and the CLI's throughput.
//
// Options:
//   --sizes 100k,1m,5m,20m   sizes to run (default: all four)
//   --no-peer                skip yaml-language-server
//   --quick                  fewer repetitions (for trying the benchmark, not for figures)
//   --edits N                edits per size (default 20; --quick 8)
//   --no-extension           skip bundle/VSIX sizes and activation;   --no-cli   skip CLI throughput
//   --no-activation          skip the activation time in real VS Code (needs `npm run e2e:setup`)
//   --profile                run our server under --cpu-prof and print its top self-time functions
//   --json FILE              also write every figure as JSON
//   --seed N                 generator seed (default 1)
//   --wait-quiet S           before each size, wait up to S seconds for other processes to use < 0.3 cores
//
// Needs a built server: `npm run build` (server/out/server.js, server/out/cli.js).
// Work files go to $TMPDIR/kube-pull-policy-bench (generated manifests, a snapshot of
// the bundles, profiles).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asList, formatSize, generate, parseSize, PROBE } from './generate.mjs';
import { CLIENT_CAPABILITIES, LspClient, TimeoutError } from './lsp-client.mjs';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(BENCH);
const WORK = path.join(tmpdir(), 'kube-pull-policy-bench');
const TARGET_SIZE = '5m';

// ---------------------------------------------------------------- options

function parseOptions(argv) {
  const options = {
    sizes: ['100k', '1m', '5m', '20m'],
    peer: true,
    quick: false,
    edits: undefined,
    extension: true,
    activation: true,
    cli: true,
    profile: false,
    json: undefined,
    seed: 1,
    waitQuiet: 0,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--sizes') options.sizes = argv[++i].split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    else if (arg === '--no-peer') options.peer = false;
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--edits') options.edits = Number(argv[++i]);
    else if (arg === '--no-extension') options.extension = false;
    else if (arg === '--no-cli') options.cli = false;
    else if (arg === '--no-activation') options.activation = false;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--json') options.json = path.resolve(argv[++i]);
    else if (arg === '--seed') options.seed = Number(argv[++i]);
    else if (arg === '--wait-quiet') options.waitQuiet = Number(argv[++i]);
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 24).map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
      process.exit(0);
    } else throw new Error(`unknown option ${arg} (see --help)`);
  }
  for (const size of options.sizes) parseSize(size);
  options.edits ??= options.quick ? 8 : 20;
  /** Fresh processes timed for open → diagnostics (the first also does the edits). */
  options.openRuns = (size) => (options.quick ? 1 : size >= 8 * 1024 * 1024 ? 2 : 3);
  return options;
}

// ---------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (value) => (value === undefined || Number.isNaN(value) ? '—' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`);
const mb = (bytes) => (bytes === undefined || Number.isNaN(bytes) ? '—' : `${Math.round(bytes / 1024 / 1024)} MB`);
const kb = (bytes) => (bytes === undefined || Number.isNaN(bytes) ? '—' : `${(bytes / 1024).toFixed(0)} KB`);
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '—');
const log = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/**
 * CPU accounting from /proc (USER_HZ ticks): the whole machine's busy time, and this
 * process's plus its reaped children's (servers, parse floor, CLI). The difference
 * over a phase is what OTHER processes used meanwhile: on a shared 2-core machine
 * that load slows every figure, so the report shows it.
 */
function cpuSnapshot() {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
    const self = readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    // After the command: state(0) … utime(11) stime(12) cutime(13) cstime(14)
    const own = fields[11] + fields[12] + fields[13] + fields[14];
    return { at: performance.now(), busy: user + nice + system + irq + softirq + steal, total: user + nice + system + idle + iowait + irq + softirq + steal, own };
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU used by other processes between two snapshots. */
function backgroundCores(before, after) {
  if (!before || !after) return NaN;
  const seconds = (after.at - before.at) / 1000;
  const others = (after.busy - before.busy - (after.own - before.own)) / 100;
  return Math.max(0, others / seconds);
}

/** Waits (up to `seconds`) until other processes use under 0.3 cores over 3 s; returns the last reading. */
async function waitQuiet(seconds) {
  const deadline = performance.now() + seconds * 1000;
  for (;;) {
    const before = cpuSnapshot();
    await sleep(3000);
    const load = backgroundCores(before, cpuSnapshot());
    if (!(load >= 0.3) || performance.now() > deadline) return load;
    log(`  other processes use ${load.toFixed(2)} cores; waiting for quiet…`);
  }
}

/** line/character (UTF-16; the generated text is ASCII) of an offset. */
function positionAt(text, offset) {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, character: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

/** A cheap fingerprint of what a user sees: codes, places and severities (+ the "N more findings" notice). */
function signature(diagnostics) {
  const notice = diagnostics.find((d) => d.code === 'not-analysed');
  return `${diagnostics.length}|${notice?.message ?? ''}|${diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}/${d.severity}`).join(',')}`;
}

function runNode(args, { timeoutMs = 600_000, cwd = ROOT } = {}) {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs });
  if (result.error) throw result.error;
  return result;
}

// ---------------------------------------------------------------- servers

const SMALL_DOCUMENT = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: small', 'spec:', '  containers:', '  - name: app', '    image: nginx:1.25.3', ''].join('\n');
const SMALL_HOVER = { line: 7, character: 14 }; // inside "nginx:1.25.3"

/** Longer than the analysis worker's idle time (5 s), after which it is ended and its heap freed. */
const LIST_IDLE_WAIT_MS = 6_000;

const PEER_YAML_SETTINGS = { schemaStore: { enable: false }, validate: true, hover: true, completion: true, format: { enable: false } };

function oursClient(label, serverJs, options) {
  return new LspClient(label, [serverJs, '--stdio'], {
    cwd: WORK,
    // Empty settings for every item: the server's defaults.
    configuration: () => ({}),
    nodeFlags: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(WORK, 'profiles')}`, `--cpu-prof-name=${label.replace(/[^a-z0-9-]+/gi, '_')}.cpuprofile`] : [],
  });
}

function peerClient(label) {
  return new LspClient(label, [path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'], {
    cwd: WORK,
    configuration: (item) => (item.section === 'yaml' ? PEER_YAML_SETTINGS : {}),
  });
}

async function startOurs(label, serverJs, options) {
  const client = oursClient(label, serverJs, options);
  await client.initialize(pathToFileURL(WORK).href, CLIENT_CAPABILITIES);
  return client;
}

async function startPeer(label) {
  const client = peerClient(label);
  await client.initialize(pathToFileURL(WORK).href, CLIENT_CAPABILITIES);
  client.notify('workspace/didChangeConfiguration', { settings: { yaml: PEER_YAML_SETTINGS } });
  await sleep(300); // let it apply the settings before the clock starts
  return client;
}

function openParams(uri, text, version = 1) {
  return { textDocument: { uri, languageId: 'yaml', version, text } };
}

/** The probe's two editable characters: the last `t` of `…:latest` and the last digit of `…:1.4.2`. */
function editPlan(text) {
  const latest = text.indexOf(PROBE.latestImage);
  const tagged = text.indexOf(PROBE.taggedImage);
  if (latest < 0 || tagged < 0) throw new Error('the generated file has no probe document');
  return {
    latest: { position: positionAt(text, latest + PROBE.latestImage.length - 1), values: ['x', 't'] }, // changes findings
    tagged: { position: positionAt(text, tagged + PROBE.taggedImage.length - 1), values: ['3', '2'] }, // keeps findings
  };
}

/**
 * Open → diagnostics, then `count` single-character ranged edits, each timed to the
 * diagnostics of its version (ours) or to the next publish (the peer publishes no
 * version). Alternates an edit that changes findings with one that does not.
 */
async function openAndEdit(client, { uri, text, count, versioned, openTimeoutMs, editTimeoutMs, gapMs = 50 }) {
  const result = { edits: [], changed: 0, latestEdits: 0 };
  const first = client.expectDiagnostics(uri, (p) => !versioned || p.version === 1, openTimeoutMs);
  const cpuBefore = client.cpuMs();
  const sentAt = client.notify('textDocument/didOpen', openParams(uri, text));
  const opened = await first;
  result.openCpu = client.cpuMs() - cpuBefore;
  result.editCpu = [];
  result.open = opened.at - sentAt;
  // Our server asks for the document's settings as soon as it has read, parsed and stored the didOpen.
  const asked = client.configurationAskedAt(uri);
  if (asked !== undefined) result.received = asked - sentAt;
  result.window = { open: [sentAt, opened.at] };
  result.openDiagnostics = opened.params.diagnostics.length;
  result.openVersion = opened.params.version;
  result.memoryAfterOpen = client.memory();
  let previous = signature(opened.params.diagnostics);
  const plan = editPlan(text);
  const state = { latest: 0, tagged: 0 };
  for (let i = 0; i < count; i++) {
    await sleep(gapMs);
    const kind = i % 2 === 0 ? 'latest' : 'tagged';
    const { position, values } = plan[kind];
    const character = values[state[kind]++ % 2];
    const version = i + 2;
    const waiting = client.expectDiagnostics(uri, (p) => !versioned || p.version === version, editTimeoutMs);
    const editCpuBefore = client.mainThreadCpuMs();
    const at = client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: position, end: { line: position.line, character: position.character + 1 } }, rangeLength: 1, text: character }],
    });
    const published = await waiting;
    result.edits.push(published.at - at);
    result.editCpu.push(client.mainThreadCpuMs() - editCpuBefore);
    result.firstEditAt ??= at;
    result.lastEditAt = published.at;
    const now = signature(published.params.diagnostics);
    if (kind === 'latest') result.latestEdits++;
    if (now !== previous) result.changed++;
    previous = now;
  }
  result.memoryAfterEdits = client.memory();
  result.window.edits = [result.firstEditAt, result.lastEditAt];
  return result;
}

async function oursScenarios(size, file, text, serverJs, options) {
  const uri = pathToFileURL(file).href;
  const big = size >= 8 * 1024 * 1024;
  const figures = { errors: [] };

  // 1. open → first diagnostics, memory, edits (one fresh process).
  {
    const client = await startOurs(`ours-${formatSize(size)}-open-edit`, serverJs, options);
    try {
      Object.assign(figures, await openAndEdit(client, { uri, text, count: options.edits, versioned: true, openTimeoutMs: big ? 300_000 : 120_000, editTimeoutMs: 30_000 }));
    } catch (error) {
      figures.errors.push(`open/edit: ${error.message}`);
    }
    figures.errors.push(...client.errors.map((e) => `server log: ${e.slice(0, 300)}`));
    await client.close();
  }

  // 1b. more fresh processes, open → diagnostics only: the figure is the median of all samples.
  figures.opens = figures.open === undefined ? [] : [figures.open];
  figures.receiveds = figures.received === undefined ? [] : [figures.received];
  figures.openCpus = figures.openCpu === undefined ? [] : [figures.openCpu];
  for (let run = 1; run < options.openRuns(size); run++) {
    const client = await startOurs(`ours-${formatSize(size)}-open-${run + 1}`, serverJs, options);
    try {
      const done = client.expectDiagnostics(uri, (p) => p.version === 1, big ? 300_000 : 120_000);
      const cpuBefore = client.cpuMs();
      const sentAt = client.notify('textDocument/didOpen', openParams(uri, text));
      figures.opens.push((await done).at - sentAt);
      figures.openCpus.push(client.cpuMs() - cpuBefore);
      const asked = client.configurationAskedAt(uri);
      if (asked !== undefined) figures.receiveds.push(asked - sentAt);
    } catch (error) {
      figures.errors.push(`open #${run + 1}: ${error.message}`);
    }
    await client.close();
  }
  figures.openFirst = figures.open;
  figures.open = median(figures.opens);
  figures.received = median(figures.receiveds);
  figures.openCpu = median(figures.openCpus);

  // 2. viewport inlay hints: didOpen and at once inlayHint for 60 lines in the middle.
  {
    const client = await startOurs(`ours-${formatSize(size)}-inlay`, serverJs, options);
    try {
      // The screen around the probe document, which sits at the middle of the file (by bytes) and has a container without a policy.
      const middle = Math.max(0, positionAt(text, text.indexOf(PROBE.taggedImage)).line - 30);
      const range = { start: { line: middle, character: 0 }, end: { line: middle + 60, character: 0 } };
      const sentAt = client.notify('textDocument/didOpen', openParams(uri, text));
      const response = await client.request('textDocument/inlayHint', { textDocument: { uri }, range }, 120_000);
      figures.inlay = response.at - sentAt;
      figures.inlayCount = Array.isArray(response.result) ? response.result.length : 0;
      const asked = client.configurationAskedAt(uri);
      if (asked !== undefined) figures.inlayReceived = asked - sentAt;
    } catch (error) {
      figures.errors.push(`inlay hints: ${error.message}`);
    }
    await client.close();
  }

  // 3. hover on a small second document while the big one is analysed.
  {
    const client = await startOurs(`ours-${formatSize(size)}-hover`, serverJs, options);
    try {
      const smallUri = pathToFileURL(path.join(WORK, 'small.yaml')).href;
      const bigDone = client.expectDiagnostics(uri, (p) => p.version === 1, big ? 300_000 : 120_000);
      let bigAt;
      bigDone.then((d) => (bigAt = d.at), () => {});
      const openedAt = client.notify('textDocument/didOpen', openParams(uri, text));
      client.notify('textDocument/didOpen', openParams(smallUri, SMALL_DOCUMENT));
      const response = await client.request('textDocument/hover', { textDocument: { uri: smallUri }, position: SMALL_HOVER }, 120_000);
      figures.hover = response.at - response.sentAt;
      figures.hoverFromOpen = response.at - openedAt;
      figures.hoverNonEmpty = Boolean(response.result?.contents);
      figures.hoverDuringAnalysis = bigAt === undefined;
      const bigAsked = client.configurationAskedAt(uri);
      const smallAsked = client.configurationAskedAt(smallUri);
      if (bigAsked !== undefined) figures.hoverBigReceived = bigAsked - openedAt;
      if (smallAsked !== undefined) figures.hoverSmallReached = smallAsked - response.sentAt;
      const done = await bigDone;
      figures.openUnderHover = done.at - openedAt;
    } catch (error) {
      figures.errors.push(`hover: ${error.message}`);
    }
    await client.close();
  }

  // 4. (5 MB and up) the same objects as one `kind: List` document, which cannot be
  // split at `---` and is analysed on the worker thread: a hover on a small document
  // sent once the server starts analysing the list; then one edit in the middle of
  // the list; memory after the open, and once the idle worker has been ended.
  if (size >= 4 * 1024 * 1024) {
    const client = await startOurs(`ours-${formatSize(size)}-list`, serverJs, options);
    try {
      const list = asList(text);
      const listUri = pathToFileURL(path.join(WORK, `list-${formatSize(size)}.yaml`)).href;
      const smallUri = pathToFileURL(path.join(WORK, 'small.yaml')).href;
      client.notify('textDocument/didOpen', openParams(smallUri, SMALL_DOCUMENT));
      await client.expectDiagnostics(smallUri, () => true, 60_000);
      const listDone = client.expectDiagnostics(listUri, (p) => p.version === 1, 300_000);
      let listAt;
      listDone.then((d) => (listAt = d.at), () => {});
      const analysing = client.settingsAnswered(listUri);
      const openedAt = client.notify('textDocument/didOpen', openParams(listUri, list));
      await analysing;
      const response = await client.request('textDocument/hover', { textDocument: { uri: smallUri }, position: SMALL_HOVER }, 300_000);
      figures.listHover = response.at - response.sentAt;
      figures.listHoverNonEmpty = Boolean(response.result?.contents);
      figures.listHoverDuringAnalysis = listAt === undefined;
      figures.listOpen = (await listDone).at - openedAt;
      figures.listMemoryAfterOpen = client.memory();
      const line = positionAt(list, Math.floor(list.length / 2)).line;
      const edited = client.expectDiagnostics(listUri, (p) => p.version === 2, 300_000);
      const editedAt = client.notify('textDocument/didChange', {
        textDocument: { uri: listUri, version: 2 },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# an edit\n' }],
      });
      figures.listEdit = (await edited).at - editedAt;
      await new Promise((resolve) => setTimeout(resolve, LIST_IDLE_WAIT_MS));
      figures.listMemoryIdle = client.memory();
    } catch (error) {
      figures.errors.push(`list: ${error.message}`);
    }
    await client.close();
  }
  return figures;
}

/**
 * --profile: extra runs under --cpu-prof (never the measured ones), with a
 * non-minified bundle built from the current sources so that functions have names.
 * Returns the windows (bench clock) to summarise: open, edits, hover.
 */
async function profileRuns(size, file, text, profileJs, options) {
  const uri = pathToFileURL(file).href;
  const profiled = { ...options, cpuProf: true };
  const runs = [];
  {
    const label = `ours-${formatSize(size)}-open-edit`;
    const client = await startOurs(label, profileJs, profiled);
    const result = await openAndEdit(client, { uri, text, count: options.edits, versioned: true, openTimeoutMs: 600_000, editTimeoutMs: 60_000 });
    await client.close();
    runs.push({ label, windows: [['open → first diagnostics', result.window.open], [`${options.edits} edits → diagnostics (50 ms gaps are idle)`, result.window.edits]] });
  }
  {
    const label = `ours-${formatSize(size)}-hover`;
    const client = await startOurs(label, profileJs, profiled);
    const smallUri = pathToFileURL(path.join(WORK, 'small.yaml')).href;
    const openedAt = client.notify('textDocument/didOpen', openParams(uri, text));
    client.notify('textDocument/didOpen', openParams(smallUri, SMALL_DOCUMENT));
    const response = await client.request('textDocument/hover', { textDocument: { uri: smallUri }, position: SMALL_HOVER }, 120_000);
    await client.close();
    runs.push({ label, windows: [['big didOpen → hover on the small doc answered', [openedAt, response.at]]], timeline: true });
  }
  {
    const label = `ours-${formatSize(size)}-inlay`;
    const client = await startOurs(label, profileJs, profiled);
    const middle = Math.max(0, positionAt(text, text.indexOf(PROBE.taggedImage)).line - 30);
    const openedAt = client.notify('textDocument/didOpen', openParams(uri, text));
    const response = await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: middle, character: 0 }, end: { line: middle + 60, character: 0 } } }, 120_000);
    await client.close();
    runs.push({ label, windows: [['didOpen → inlay hints for 60 lines answered', [openedAt, response.at]]], timeline: true });
  }
  return runs;
}

/** A non-minified server bundle of the current sources, for readable profiles. */
function buildProfileBundle(fallback) {
  const outfile = path.join(WORK, 'bin/server-profile.js');
  const script = `require('esbuild').buildSync({ entryPoints: ['server/src/server.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: ${JSON.stringify(outfile)}, logLevel: 'silent' })`;
  const result = runNode(['-e', script]);
  if (result.status === 0 && existsSync(outfile)) return outfile;
  log(`profile bundle failed (${result.stderr.slice(-300)}); profiling the snapshot`);
  return fallback;
}

async function peerScenarios(size, file, text, options) {
  const uri = pathToFileURL(file).href;
  const figures = { errors: [] };
  const mbs = size / 1024 / 1024;
  const openTimeoutMs = mbs >= 8 ? 180_000 : mbs >= 2 ? 120_000 : 60_000;
  const count = options.quick ? 2 : mbs >= 8 ? 3 : mbs >= 2 ? 6 : options.edits;
  const client = await startPeer(`peer-${formatSize(size)}`);
  try {
    Object.assign(figures, await openAndEdit(client, { uri, text, count, versioned: false, openTimeoutMs, editTimeoutMs: openTimeoutMs, gapMs: 300 }));
  } catch (error) {
    figures.errors.push(error instanceof TimeoutError ? `skipped: ${error.message}` : error.message);
    figures.memoryAfterOpen ??= client.memory();
  }
  if (options.checkPeerValidates && !client.exited) {
    // Proof that validation is on: a broken document must get a syntax error.
    const brokenUri = pathToFileURL(path.join(WORK, 'broken.yaml')).href;
    try {
      const published = client.expectDiagnostics(brokenUri, (p) => p.diagnostics.length > 0, 60_000);
      client.notify('textDocument/didOpen', openParams(brokenUri, 'kind: Pod\nspec: [unclosed\n  - x: : :\n'));
      figures.validatesBroken = (await published).params.diagnostics[0]?.message;
    } catch (error) {
      figures.errors.push(`no diagnostics for a broken document: ${error.message}`);
    }
  }
  figures.exited = client.exited ? `exited (code ${client.exitCode}, signal ${client.exitSignal})` : undefined;
  await client.kill(); // it may still be validating; a graceful shutdown can take as long as an open
  return figures;
}

// ---------------------------------------------------------------- parse floor

function parseFloor(file, size, options) {
  const runs = options.quick ? 1 : size >= 8 * 1024 * 1024 ? 2 : 3;
  const result = runNode([path.join(BENCH, 'parse-floor.mjs'), file, String(runs)]);
  if (result.status !== 0) return { error: result.stderr.slice(-500) };
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------- profile summary

/** performance.now() (ms) → the V8 profile clock (µs of CLOCK_MONOTONIC, like process.hrtime). */
const CLOCK_OFFSET_US = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
const toProfileClock = (at) => at * 1000 + CLOCK_OFFSET_US;

/** The part of the server a bundled module (or V8 pseudo-function) belongs to. */
function categoryOf(module, functionName) {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return '(program)';
  if (!module && /^write(AsciiString|Utf8String|Buffer|v)$/.test(functionName)) return 'writing to stdout';
  if (functionName.startsWith('RegExp: ')) return /---|\\r\\n\|\\r\|\\n/.test(functionName) ? 'document store (split, line index)' : 'regexp';
  if (module.startsWith('node_modules/yaml/dist/parse/')) return 'yaml lexer+parser (CST)';
  if (module.startsWith('node_modules/yaml/')) return 'yaml compose (AST)';
  if (/^node_modules\/vscode-(jsonrpc|languageserver)/.test(module)) return 'json-rpc (read, JSON, dispatch)';
  if (/lsp\/manifestDocument|analysis\/documents|analysis\/lines/.test(module)) return 'document store (split, line index)';
  if (module.startsWith('server/src/analysis/')) return 'analysis (sites, rules, references)';
  if (module.startsWith('server/src/')) return 'lsp handlers';
  if (module.startsWith('node:internal/modules') || functionName === 'wrapSafe' || functionName === 'compileFunction') return 'module loading';
  if (module.startsWith('node:')) return 'node internals (streams, buffers)';
  return module || functionName || 'other';
}

/** Self time of a .cpuprofile within a window (profile clock, µs): by function, by part, optionally as a timeline. */
function summariseProfile(file, bundle, window, { top = 12, timeline = false } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const bundleLines = bundle && existsSync(bundle) ? readFileSync(bundle, 'utf8').split('\n') : [];
  const moduleStarts = [];
  bundleLines.forEach((line, i) => {
    const match = /^\/\/ ((?:node_modules|server|client)\/\S+)$/.exec(line);
    if (match) moduleStarts.push([i, match[1]]);
  });
  const moduleOf = (url, line) => {
    if (!url) return '';
    if (!url.endsWith(path.basename(bundle))) return url;
    let found = '';
    for (const [start, name] of moduleStarts) {
      if (start > line) break;
      found = name;
    }
    return found;
  };
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const info = new Map();
  for (const [id, node] of nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url, lineNumber);
    info.set(id, { key: `${functionName || '(anonymous)'}  ${module || ''}`.trim(), category: categoryOf(module, functionName) });
  }
  const [from, to] = window ?? [-Infinity, Infinity];
  const byFunction = new Map();
  const byCategory = new Map();
  const buckets = [];
  const BUCKET_US = 25_000;
  let t = profile.startTime;
  let idle = 0;
  let busy = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from || t > to) continue;
    const { key, category } = info.get(profile.samples[i]);
    // The delta before a sample is the time it stands for (approximately).
    if (category === 'idle') idle += dt;
    else {
      busy += dt;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
      byCategory.set(category, (byCategory.get(category) ?? 0) + dt);
    }
    if (timeline) {
      const b = Math.floor((t - from) / BUCKET_US);
      buckets[b] ??= new Map();
      buckets[b].set(category, (buckets[b].get(category) ?? 0) + dt);
    }
  }
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  const summary = {
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    functions: sorted(byFunction).slice(0, top).map(([name, us]) => ({ name, ms: us / 1000, share: us / busy })),
    categories: sorted(byCategory).map(([name, us]) => ({ name, ms: us / 1000, share: us / busy })),
  };
  if (timeline) {
    // Consecutive 25 ms buckets with the same dominant part, merged.
    const spans = [];
    for (let b = 0; b < buckets.length; b++) {
      const dominant = buckets[b] ? sorted(buckets[b])[0][0] : 'idle';
      const last = spans[spans.length - 1];
      if (last && last.name === dominant) last.to = (b + 1) * 25;
      else spans.push({ name: dominant, from: b * 25, to: (b + 1) * 25 });
    }
    summary.timeline = spans.map((span) => `${span.from}–${span.to} ms ${span.name}`);
  }
  return summary;
}

// ---------------------------------------------------------------- extension

/**
 * The production build, done in a scratch copy of the sources (node_modules linked),
 * so the working tree's dev build is never replaced; then `vsce package` there.
 */
function extensionFigures() {
  const figures = { errors: [] };
  const scratch = path.join(WORK, 'production');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  for (const entry of readdirSync(ROOT)) {
    if (['node_modules', '.git', '.e2e-tmp', 'bench'].includes(entry) || entry.endsWith('.vsix') || entry === 'out') continue;
    cpSync(path.join(ROOT, entry), path.join(scratch, entry), {
      recursive: true,
      filter: (source) => !/[\\/](out|node_modules|\.e2e-tmp)([\\/]|$)/.test(path.relative(ROOT, source)),
    });
  }
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  const build = runNode(['esbuild.mjs', '--production'], { cwd: scratch, timeoutMs: 300_000 });
  if (build.status !== 0) {
    figures.errors.push(`production build failed: ${build.stderr.slice(-800)}`);
  } else {
    figures.clientBundle = statSync(path.join(scratch, 'client/out/extension.js')).size;
    figures.serverBundle = statSync(path.join(scratch, 'server/out/server.js')).size;
    figures.cliBundle = statSync(path.join(scratch, 'server/out/cli.js')).size;
    let pack = vscePackage(scratch);
    if (pack.status !== 0 && /"files" property/.test(pack.stderr + pack.stdout)) {
      // vsce 3 refuses a .vscodeignore together with package.json "files" (which is for npm):
      // `npm run package` fails the same way. Measure what .vscodeignore would ship.
      figures.errors.push(`vsce package refuses this tree: ${(pack.stderr + pack.stdout).trim().split('\n').pop().trim()} — \`npm run package\` fails the same way; the VSIX figure was built with "files" removed from a scratch package.json`);
      const manifest = JSON.parse(readFileSync(path.join(scratch, 'package.json'), 'utf8'));
      delete manifest.files;
      writeFileSync(path.join(scratch, 'package.json'), JSON.stringify(manifest, null, 2));
      figures.vsixNote = 'package.json "files" removed in the scratch copy';
      pack = vscePackage(scratch);
    }
    if (pack.status === 0 && existsSync(path.join(scratch, 'bench.vsix'))) {
      figures.vsix = statSync(path.join(scratch, 'bench.vsix')).size;
      figures.vsixSource = 'built now by vsce from a production build (scratch copy)';
      figures.vsixPath = path.join(scratch, 'bench.vsix');
    } else figures.errors.push(`vsce package failed: ${(pack.stderr || pack.stdout).slice(-600)}`);
  }
  // What the client bundle is made of (same options as esbuild.mjs --production).
  try {
    figures.clientInputs = clientBundleInputs(scratch);
  } catch (error) {
    figures.errors.push(`bundle analysis: ${error.message}`);
  }
  const existing = path.join(ROOT, 'kube-pull-policy.vsix');
  if (existsSync(existing)) {
    figures.existingVsix = statSync(existing).size;
    figures.existingVsixDate = statSync(existing).mtime.toISOString();
  }
  const devClient = path.join(ROOT, 'client/out/extension.js');
  if (existsSync(devClient)) figures.devClientBundle = statSync(devClient).size;
  return figures;
}

function vscePackage(scratch) {
  rmSync(path.join(scratch, 'bench.vsix'), { force: true });
  const vsce = path.join(ROOT, 'node_modules/@vscode/vsce/vsce');
  return runNode([vsce, 'package', '--no-dependencies', '--out', 'bench.vsix'], { cwd: scratch, timeoutMs: 300_000 });
}

function clientBundleInputs(scratch) {
  const script = `
    const esbuild = require('esbuild');
    const r = esbuild.buildSync({ entryPoints: ['client/src/extension.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
      minify: true, external: ['vscode'], write: false, metafile: true, outfile: 'out.js', logLevel: 'silent' });
    const inputs = Object.values(r.metafile.outputs)[0].inputs;
    const groups = {};
    for (const [name, { bytesInOutput }] of Object.entries(inputs)) {
      const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(name);
      const key = m ? m[1] : name.split('/').slice(0, 2).join('/');
      groups[key] = (groups[key] || 0) + bytesInOutput;
    }
    process.stdout.write(JSON.stringify(Object.entries(groups).sort((a, b) => b[1] - a[1])));`;
  const result = runNode(['-e', script], { cwd: scratch });
  if (result.status !== 0) throw new Error(result.stderr.slice(-400));
  return JSON.parse(result.stdout);
}

// ---------------------------------------------------------------- CLI throughput

/**
 * One CLI run under bash's `time` (the CPU of the process and all its threads),
 * sampling the per-thread CPU of the node process every 100 ms from /proc to see
 * how many threads did the work (the worker pool).
 */
async function timedCli(cliJs, directory, output) {
  const command = `TIMEFORMAT='%R %U %S'; time "${process.execPath}" "${cliJs}" --format json "${directory}" > "${output}"`;
  const child = spawn('bash', ['-c', command], { cwd: WORK, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const threads = new Map();
  const poll = () => {
    try {
      const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
      for (const pid of kids) {
        for (const tid of readdirSync(`/proc/${pid}/task`)) {
          try {
            const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
            const cpu = (fields[11] + fields[12]) * 10;
            threads.set(tid, Math.max(threads.get(tid) ?? 0, cpu));
          } catch {
            // the thread ended between readdir and read
          }
        }
      }
    } catch {
      // not started yet, or finished
    }
  };
  const timer = setInterval(poll, 100);
  const status = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const [real, user, sys] = stderr.trim().split('\n').pop().split(' ').map(Number);
  const sampled = [...threads.values()];
  const sampledTotal = sampled.reduce((a, b) => a + b, 0);
  const busyThreads = sampled.filter((cpu) => cpu >= 0.15 * sampledTotal).sort((a, b) => b - a);
  let files = NaN;
  let findings = NaN;
  try {
    const parsed = JSON.parse(readFileSync(output, 'utf8'));
    const list = Array.isArray(parsed) ? parsed : parsed.files ?? [];
    files = list.length;
    findings = list.reduce((sum, f) => sum + (f.findings?.length ?? 0), 0);
  } catch {
    // reported as — below
  }
  return { wallMs: real * 1000, cpuMs: (user + sys) * 1000, exit: status, files, findings, busyThreads };
}

async function cliFigures(cliJs, options) {
  const cores = availableParallelism();
  const makeTree = (name, count, size) => {
    const directory = path.join(WORK, name);
    rmSync(directory, { recursive: true, force: true });
    mkdirSync(directory, { recursive: true });
    let bytes = 0;
    for (let f = 0; f < count; f++) {
      const { text } = generate(size, options.seed * 100003 + f, { probe: false });
      writeFileSync(path.join(directory, `manifest-${String(f).padStart(4, '0')}.yaml`), text);
      bytes += text.length;
    }
    return { directory, bytes, count };
  };
  const runs = options.quick ? 1 : 3;
  const measure = async (tree) => {
    const samples = [];
    const before = cpuSnapshot();
    for (let i = 0; i < runs; i++) samples.push(await timedCli(cliJs, tree.directory, path.join(WORK, 'cli-output.json')));
    const background = backgroundCores(before, cpuSnapshot());
    const wallMs = median(samples.map((s) => s.wallMs));
    const cpuMs = median(samples.map((s) => s.cpuMs));
    const mbs = tree.bytes / 1024 / 1024;
    return { files: tree.count, bytes: tree.bytes, wallMs, cpuMs, mbPerS: mbs / (wallMs / 1000), mbPerCpuS: mbs / (cpuMs / 1000), coresBusy: cpuMs / wallMs, background, exit: samples[0].exit, reportedFiles: samples[0].files, findings: samples[0].findings, runs, busyThreads: samples[samples.length - 1].busyThreads };
  };
  const large = await measure(makeTree('tree-large', 200, parseSize('100k')));
  // Fewer than 16 files per core: the CLI stays on its main thread (one core).
  const single = await measure(makeTree('tree-single', 20, parseSize('100k')));
  return { cores, large: { ...large, perCore: large.mbPerS / cores }, single };
}

// ---------------------------------------------------------------- report

function verdict(value, limit, { lowerIsBetter = true } = {}) {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  const ok = lowerIsBetter ? value <= limit : value >= limit;
  return ok ? 'ok' : 'MISS';
}

function table(results, options, extension, cli, meta) {
  const sizes = options.sizes;
  const at = (size, fn) => {
    const r = results[size];
    try {
      return r ? fn(r) : '—';
    } catch {
      return '—';
    }
  };
  const target = results[TARGET_SIZE];
  const rows = [];
  const row = (figure, fn, targetText = '', result = '') => rows.push([figure, ...sizes.map((s) => at(s, fn)), targetText, result]);

  row('file: documents / containers', (r) => `${r.documents} / ${r.containers}`);
  row(
    `other processes' CPU, cores (floor / ours${options.peer ? ' / peer' : ''})`,
    (r) => [r.background.floor, r.background.ours, ...(options.peer ? [r.background.peer] : [])].map((v) => (Number.isFinite(v) ? v.toFixed(2) : '—')).join(' / '),
    '0 on a quiet machine',
  );
  row('`yaml` parseAllDocuments, warm median (floor)', (r) => ms(r.floor.warm));
  row('`yaml` parseAllDocuments, fresh process', (r) => ms(r.floor.cold));
  row('`yaml` parseAllDocuments per `---` document, warm', (r) => ms(r.floor.perDoc));
  row('`yaml` Lexer, warm', (r) => ms(r.floor.lexer));
  const openRatio = (r) => r.ours.open / r.floor.warm;
  row('ours: open → first diagnostics, median (runs: min–max)', (r) => `${ms(r.ours.open)} (${r.ours.opens.length}: ${ms(Math.min(...r.ours.opens))}–${ms(Math.max(...r.ours.opens))})`);
  row('ours: … of which didOpen received, parsed, split (server asks settings)', (r) => ms(r.ours.received));
  row('ours: … of which analysis → diagnostics', (r) => ms(r.ours.open - r.ours.received));
  row('ours: open → diagnostics, server CPU ÷ floor CPU (contention-proof)', (r) => `${ratio(r.ours.openCpu / r.floor.warmCpu)} (${ms(r.ours.openCpu)} ÷ ${ms(r.floor.warmCpu)})`);
  row('ours: open → diagnostics ÷ parse floor', (r) => ratio(openRatio(r)), '≤ 1.2× at 5 MB', target ? `${verdict(openRatio(target), 1.2)} (${ratio(openRatio(target))}; CPU ${ratio(target.ours.openCpu / target.floor.warmCpu)})` : 'n/a');
  row(
    `ours: edit → diagnostics, median (p90) of ${options.edits}`,
    (r) => `${ms(median(r.ours.edits))} (${ms(percentile(r.ours.edits, 90))})`,
    '≤ 30 ms at 5 MB',
    target ? `${verdict(median(target.ours.edits), 30)} (${ms(median(target.ours.edits))})` : 'n/a',
  );
  row('ours: server main-thread CPU per edit, median (p90)', (r) => `${ms(median(r.ours.editCpu))} (${ms(percentile(r.ours.editCpu, 90))})`);
  row('ours: edits whose findings changed (expect half)', (r) => `${r.ours.changed}/${r.ours.edits.length}`);
  row(
    'ours: inlay hints, 60 lines mid-file (hints), from didOpen',
    (r) => `${ms(r.ours.inlay)} (${r.ours.inlayCount} hints)`,
    '≤ 300 ms at 5 MB',
    target ? `${target.ours.inlayCount > 0 ? verdict(target.ours.inlay, 300) : 'MISS (empty)'} (${ms(target.ours.inlay)})` : 'n/a',
  );
  row('ours: … of which didOpen received, parsed, split', (r) => ms(r.ours.inlayReceived));
  const big = results['20m'];
  row(
    'ours: hover on a small doc while big one analysed',
    (r) => `${ms(r.ours.hover)}${r.ours.hoverDuringAnalysis ? '' : ' (after analysis!)'}${r.ours.hoverNonEmpty ? '' : ' (empty!)'}`,
    '≤ 200 ms at 20 MB',
    big ? `${big.ours.hoverNonEmpty ? verdict(big.ours.hover, 200) : 'MISS (empty)'} (${ms(big.ours.hover)})` : 'n/a (20 MB not run)',
  );
  row('ours: … hover sent → server reaches the small doc (asks its settings)', (r) => ms(r.ours.hoverSmallReached));
  row('ours: same hover, from the big didOpen', (r) => ms(r.ours.hoverFromOpen));
  row('ours: open → diagnostics with the hover going on', (r) => ms(r.ours.openUnderHover));
  const listed = (fn) => (r) => (r.ours.listOpen === undefined ? '' : fn(r));
  row(
    'ours, the file as one `kind: List` (worker thread): hover on a small doc while the list is analysed',
    listed((r) => `${ms(r.ours.listHover)}${r.ours.listHoverDuringAnalysis ? '' : ' (after analysis!)'}${r.ours.listHoverNonEmpty ? '' : ' (empty!)'}`),
    '≤ 200 ms at 20 MB',
    big?.ours.listHover !== undefined ? `${big.ours.listHoverNonEmpty && big.ours.listHoverDuringAnalysis ? verdict(big.ours.listHover, 200) : 'MISS'} (${ms(big.ours.listHover)})` : 'n/a',
  );
  row('ours, as one `kind: List`: open → diagnostics; one edit → diagnostics', listed((r) => `${ms(r.ours.listOpen)}; ${ms(r.ours.listEdit)}`));
  row(
    `ours, as one \`kind: List\`: RSS after open (peak); ${LIST_IDLE_WAIT_MS / 1000} s after the edit (idle worker ended)`,
    listed((r) => `${mb(r.ours.listMemoryAfterOpen?.rss)} (${mb(r.ours.listMemoryAfterOpen?.hwm)}); ${mb(r.ours.listMemoryIdle?.rss)} (peak ${mb(r.ours.listMemoryIdle?.hwm)})`),
  );
  row(
    'ours: RSS after open + diagnostics (peak)',
    (r) => `${mb(r.ours.memoryAfterOpen?.rss)} (${mb(r.ours.memoryAfterOpen?.hwm)})`,
    '≤ 600 MB at 5 MB',
    target ? `${verdict(target.ours.memoryAfterOpen?.rss, 600 * 1024 * 1024)} (${mb(target.ours.memoryAfterOpen?.rss)}, peak ${mb(target.ours.memoryAfterOpen?.hwm)})` : 'n/a',
  );
  row('ours: RSS after the edits (peak)', (r) => `${mb(r.ours.memoryAfterEdits?.rss)} (${mb(r.ours.memoryAfterEdits?.hwm)})`);
  if (options.peer) {
    const peerCell = (fn) => (r) => (r.peer?.open === undefined ? `skipped${r.peer?.errors?.length ? ' (timeout/crash)' : ''}` : fn(r));
    row(`peer: open → first diagnostics`, peerCell((r) => ms(r.peer.open)));
    row('peer: open → diagnostics ÷ parse floor', peerCell((r) => ratio(r.peer.open / r.floor.warm)));
    row('peer: open → diagnostics, server CPU', peerCell((r) => ms(r.peer.openCpu)));
    row('peer: edit → diagnostics, median (n) — incl. its 200 ms debounce', peerCell((r) => (r.peer.edits.length ? `${ms(median(r.peer.edits))} (${r.peer.edits.length})` : '—')));
    row('peer: RSS after open (peak)', peerCell((r) => `${mb(r.peer.memoryAfterOpen?.rss)} (${mb(r.peer.memoryAfterEdits?.hwm ?? r.peer.memoryAfterOpen?.hwm)})`));
    row('ours vs peer: open → diagnostics', peerCell((r) => `${(r.peer.open / r.ours.open).toFixed(1)}× faster`));
  }
  const single = (figure, value, targetText, result) => rows.push([figure, ...sizes.map(() => ''), targetText, `${result}${value ? ` (${value})` : ''}`]);
  if (extension?.activation) {
    const { samples, medianMs } = extension.activation;
    single(
      `extension activation in code-server, VS Code's own figure (code loading + activate()), median of ${samples.length}`,
      `${ms(medianMs)}; samples ${samples.map((v) => `${v}`).join(', ')} ms`,
      '≤ 100 ms',
      verdict(medianMs, 100),
    );
  }
  if (extension) {
    single('client bundle, production (`esbuild.mjs --production`)', kb(extension.clientBundle), '≤ 150 KB', verdict(extension.clientBundle, 150 * 1024));
    single(
      'VSIX',
      `${kb(extension.vsix ?? extension.existingVsix)}${extension.vsix ? '' : ' — the existing kube-pull-policy.vsix'}`,
      '≤ 1 MB',
      verdict(extension.vsix ?? extension.existingVsix, 1024 * 1024),
    );
  }
  if (cli) {
    const c = cli.large;
    single(
      `CLI: ${c.files} files × 100 KB (${formatSize(c.bytes)}), MB/s per core`,
      `${c.mbPerS.toFixed(2)} MB/s wall ÷ ${cli.cores} cores = ${c.perCore.toFixed(2)} MB/s/core; ${c.mbPerCpuS.toFixed(2)} MB per CPU-second; ${c.coresBusy.toFixed(2)} cores busy; threads doing the work: ${c.busyThreads.length} (CPU ${c.busyThreads.map((t) => ms(t)).join(', ')}); other processes used ${c.background.toFixed(2)} cores meanwhile; ${ms(c.wallMs)}`,
      `≥ 2 MB/s/core, all ${cli.cores} cores`,
      c.perCore >= 2 && c.coresBusy >= cli.cores * 0.8
        ? 'ok'
        : c.mbPerCpuS >= 2 && c.busyThreads.length >= cli.cores
          ? `MISS on the wall clock; ok per CPU-second on ${c.busyThreads.length} threads`
          : 'MISS',
    );
    const o = cli.single;
    single(`CLI: ${o.files} files × 100 KB, main thread only (below its worker threshold)`, `${o.mbPerS.toFixed(2)} MB/s wall, ${o.mbPerCpuS.toFixed(2)} MB per CPU-second, ${o.coresBusy.toFixed(2)} cores busy, others ${o.background.toFixed(2)} cores`, '', 'context');
  }

  const header = ['Figure', ...sizes.map((s) => formatSize(parseSize(s))), 'Target', 'Result'];
  const lines = [header, header.map(() => '---'), ...rows];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const serverOut = path.join(ROOT, 'server/out/server.js');
  const cliOut = path.join(ROOT, 'server/out/cli.js');
  for (const file of [serverOut, cliOut]) {
    if (!existsSync(file)) {
      process.stderr.write(`${path.relative(ROOT, file)} does not exist: run \`npm run build\` first.\n`);
      process.exit(1);
    }
  }
  if (options.peer && !existsSync(path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'))) {
    process.stderr.write('yaml-language-server is not installed (npm install); running without the peer.\n');
    options.peer = false;
  }
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(path.join(WORK, 'bin'), { recursive: true });
  mkdirSync(path.join(WORK, 'profiles'), { recursive: true });
  // A snapshot of the bundles: a rebuild during the run cannot change what is measured.
  for (const file of ['server.js', 'server.js.map', 'cli.js', 'cli.js.map']) {
    if (existsSync(path.join(ROOT, 'server/out', file))) copyFileSync(path.join(ROOT, 'server/out', file), path.join(WORK, 'bin', file));
  }
  const serverJs = path.join(WORK, 'bin/server.js');
  const profileJs = options.profile ? buildProfileBundle(serverJs) : undefined;
  const cliJs = path.join(WORK, 'bin/cli.js');
  const peerVersion = options.peer ? JSON.parse(readFileSync(path.join(ROOT, 'node_modules/yaml-language-server/package.json'), 'utf8')).version : undefined;
  const yamlVersion = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/yaml/package.json'), 'utf8')).version;
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a checkout
  }
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${Math.round(totalmem() / 1024 / 1024 / 1024)} GB`,
    yaml: yamlVersion,
    peer: peerVersion,
    commit,
    serverBuilt: statSync(serverOut).mtime.toISOString(),
    options,
  };
  log(`Node ${meta.node}, ${meta.cpus}, ${meta.memory}; yaml ${yamlVersion}; peer yaml-language-server ${peerVersion ?? 'off'}; work dir ${WORK}`);

  const results = {};
  for (const sizeText of options.sizes) {
    const size = parseSize(sizeText);
    const { text, documents, containers } = generate(size, options.seed);
    const file = path.join(WORK, `manifest-${sizeText}.yaml`);
    writeFileSync(file, text);
    log(`${formatSize(text.length)}: ${documents} documents, ${containers} containers → ${file}`);
    const result = { bytes: text.length, documents, containers, background: {} };
    if (options.waitQuiet > 0) result.background.before = await waitQuiet(options.waitQuiet);
    log(`  parse floor…`);
    let before = cpuSnapshot();
    result.floor = parseFloor(file, size, options);
    result.background.floor = backgroundCores(before, cpuSnapshot());
    log(`  ours…`);
    before = cpuSnapshot();
    result.ours = await oursScenarios(size, file, text, serverJs, options);
    result.background.ours = backgroundCores(before, cpuSnapshot());
    log(`  ours: open ${ms(result.ours.open)}, edit median ${ms(median(result.ours.edits ?? []))}, inlay ${ms(result.ours.inlay)}, hover ${ms(result.ours.hover)}, RSS ${mb(result.ours.memoryAfterOpen?.rss)}`);
    for (const error of result.ours.errors) log(`  ours: ${error}`);
    if (options.profile) {
      log(`  profiling (extra runs under --cpu-prof)…`);
      result.profiled = await profileRuns(size, file, text, profileJs, options);
    }
    if (options.peer) {
      log(`  peer…`);
      before = cpuSnapshot();
      result.peer = await peerScenarios(size, file, text, { ...options, checkPeerValidates: sizeText === options.sizes[0] });
      result.background.peer = backgroundCores(before, cpuSnapshot());
      log(`  peer: open ${ms(result.peer.open)}, edit median ${ms(median(result.peer.edits ?? []))}, RSS ${mb(result.peer.memoryAfterOpen?.rss)} ${result.peer.exited ?? ''}`);
      for (const error of result.peer.errors) log(`  peer: ${error}`);
    }
    results[sizeText] = result;
  }

  let extension;
  if (options.extension) {
    log('extension: production build in a scratch copy, vsce package…');
    extension = extensionFigures();
    if (options.activation && extension.vsixPath) {
      log('extension activation in real VS Code (code-server + Chromium)…');
      try {
        const { measureActivation } = await import('./activation.mjs');
        extension.activation = await measureActivation({ vsix: extension.vsixPath, runs: options.quick ? 3 : 7 });
      } catch (error) {
        extension.errors.push(`activation not measured: ${error.message.split('\n')[0]}`);
      }
    }
    for (const error of extension.errors) log(`  extension: ${error}`);
  }
  let cli;
  if (options.cli) {
    log('CLI throughput…');
    if (options.waitQuiet > 0) await waitQuiet(options.waitQuiet);
    cli = await cliFigures(cliJs, options);
  }

  const output = [];
  output.push('');
  output.push(`kube-pull-policy benchmark — ${meta.date}, commit ${meta.commit || '?'} (server bundle built ${meta.serverBuilt})`);
  output.push(`Node ${meta.node}, ${meta.cpus}, ${meta.memory} RAM; yaml ${meta.yaml}; peer: yaml-language-server ${meta.peer ?? '(off)'} (schema store off, no schemas)`);
  output.push('');
  output.push(table(results, options, extension, cli, meta));
  output.push('');
  const notes = [];
  for (const [size, r] of Object.entries(results)) {
    if (r.ours.openVersion !== 1) notes.push(`${size}: ours' first diagnostics carried version ${r.ours.openVersion}`);
    for (const e of r.ours.errors) notes.push(`${size} ours: ${e}`);
    for (const e of r.peer?.errors ?? []) notes.push(`${size} peer: ${e}`);
    if (r.peer?.exited) notes.push(`${size} peer: ${r.peer.exited}`);
    if (r.peer?.open !== undefined) notes.push(`${size} peer: published ${r.peer.openDiagnostics} diagnostics on open (an empty list for valid YAML counts)`);
    if (r.peer?.validatesBroken) notes.push(`${size} peer: validation is on — a broken document got "${r.peer.validatesBroken}"`);
  }
  if (extension) {
    for (const e of extension.errors) notes.push(`extension: ${e}`);
    if (extension.clientInputs) notes.push(`client bundle by package (minified bytes): ${extension.clientInputs.slice(0, 6).map(([n, b]) => `${n} ${kb(b)}`).join(', ')}`);
    notes.push(`production server bundle ${kb(extension.serverBundle)}, CLI bundle ${kb(extension.cliBundle)}; dev client bundle in client/out ${kb(extension.devClientBundle)}`);
    if (extension.existingVsix) notes.push(`existing kube-pull-policy.vsix: ${kb(extension.existingVsix)} (${extension.existingVsixDate})`);
  }
  if (cli) notes.push(`CLI: exit code ${cli.large.exit}, ${cli.large.reportedFiles} files and ${cli.large.findings} findings in its JSON; median of ${cli.large.runs} runs`);
  if (notes.length) output.push(...notes.map((n) => `- ${n}`), '');

  if (options.profile) {
    for (const [size, r] of Object.entries(results)) {
      for (const run of r.profiled ?? []) {
        const file = path.join(WORK, 'profiles', `${run.label.replace(/[^a-z0-9-]+/gi, '_')}.cpuprofile`);
        if (!existsSync(file)) continue;
        for (const [title, window] of run.windows) {
          const summary = summariseProfile(file, profileJs, window.map(toProfileClock), { timeline: run.timeline });
          output.push(`Profile ${size}, ${title}: ${ms(window[1] - window[0])} wall, ${ms(summary.busyMs)} on the CPU, ${ms(summary.idleMs)} idle (self time, share of busy time)`);
          output.push('  by part: ' + summary.categories.map((c) => `${c.name} ${(c.share * 100).toFixed(0)}%`).join(', '));
          for (const f of summary.functions) output.push(`  ${ms(f.ms).padStart(9)} ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
          if (summary.timeline) output.push('  timeline: ' + summary.timeline.join('; '));
          output.push('');
        }
      }
    }
    output.push(`(profiles: ${path.join(WORK, 'profiles')}; bundle ${path.relative(WORK, profileJs)})`, '');
  }
  process.stdout.write(output.join('\n') + '\n');
  if (options.json) writeFileSync(options.json, JSON.stringify({ meta, results, extension, cli }, null, 2));
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
