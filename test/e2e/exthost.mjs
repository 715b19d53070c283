// Runs a mocha suite inside code-server's real Node extension host: the same thing
// @vscode/test-electron's runTests({ extensionDevelopmentPath, extensionTestsPath }) does on
// a desktop, but offline. code-server gets `--vscode-option enable-smoke-test-driver`; the
// workbench URL carries both paths in its `payload` query parameter; test output arrives
// through window.codeAutomationLog and the exit code through window.codeAutomationExit.
//
// Usually started by run.mjs. Standalone (after `npm run e2e:setup` and `node esbuild.mjs`):
//   node test/e2e/exthost.mjs [--extension DIR] [--tests FILE] [--workspace DIR]
// VERBOSE=1 also prints the workbench's own log lines and browser console errors.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format, parseArgs } from 'node:util';
import {
  E2E, ROOT, WORKSPACE_FIXTURE, assertHarnessInstalled, copyWorkspace, createRunDir, elapsed, findLogs,
  installCleanupHandlers, interrupted, isMain, launchChromium, log, startCodeServer, stopAll, tail, writeUserSettings,
} from './lib.mjs';

// Workbench start-up chatter and offline noise, printed only with VERBOSE=1.
const WORKBENCH_NOISE = new RegExp([
  '^Resolv(ing|ed) connection token', '^Creating a socket', '^\\[reconnection-grace-time\\]', '^Updating additional builtin',
  '^\\[Service Worker\\]', '^\\[AgentHost', '^\\[AccountPolicyGate\\]', 'ENOTFOUND open-vsx\\.org',
  "Timed out waiting for authentication provider",
].join('|'));

export const DEFAULT_TESTS = path.join(E2E, 'out/suite/index.js');

/**
 * @returns {Promise<{ ok: boolean, ms: number, runDir: string }>}
 */
export async function runExtensionHostSuite({
  extension = ROOT, tests = DEFAULT_TESTS, workspace = WORKSPACE_FIXTURE, timeoutMs = 240000,
  verbose = !!process.env.VERBOSE, keep = !!process.env.KEEP_E2E_TMP,
} = {}) {
  const t0 = Date.now();
  assertHarnessInstalled();
  for (const p of [path.join(extension, 'package.json'), tests, workspace]) {
    if (!fs.existsSync(p)) throw new Error(`missing ${p}`);
  }
  const run = createRunDir('exthost');
  copyWorkspace(workspace, run.workspace); // tests edit and save files: never the fixture itself
  writeUserSettings(run.userData);
  log(`extension-host suite: run folder ${path.relative(ROOT, run.dir)}`);

  const server = await startCodeServer(run, { smokeTestDriver: true });
  const browser = await launchChromium(run);
  let ok = false;
  try {
    const { page } = browser;
    let finish;
    const finished = new Promise((resolve) => { finish = resolve; });
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (!verbose && (!['info', 'error'].includes(level) || WORKBENCH_NOISE.test(text))) return;
      for (const line of text.replace(/\n$/, '').split('\n')) console.log(`  ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    page.on('crash', () => finish({ code: 'page crashed' }));
    if (verbose) {
      page.on('console', (m) => { if (m.type() === 'error') console.log('[browser]', m.text().slice(0, 500)); });
    }
    server.exited.then(() => finish({ code: 'code-server exited' }));

    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(extension)], ['extensionTestsPath', remote(tests)]]);
    const url = `${server.url}/?folder=${encodeURIComponent(run.workspace)}&payload=${encodeURIComponent(payload)}`;
    log(`extension-host suite: opening the workbench (extension ${extension}, tests ${path.relative(ROOT, tests)})`);
    await page.goto(url);
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve({ code: `no result after ${timeoutMs / 1000}s` }), timeoutMs); });
    const { code } = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    ok = code === 0 && !interrupted();
    log(`extension-host suite: ${ok ? 'passed' : interrupted() ? 'interrupted' : `FAILED (exit code ${code})`} in ${elapsed(t0)}`);
    if (!ok && !interrupted()) {
      await page.screenshot({ path: path.join(run.dir, 'workbench.png') }).catch(() => {});
      for (const file of findLogs(run.userData, /remoteexthost\.log$/)) console.log(`--- ${file}\n${tail(file, 60)}`);
      console.log(`--- code-server log: ${run.log}\n${tail(run.log, 20)}`);
      console.log(`--- run folder kept: ${run.dir}`);
    }
  } finally {
    await browser.close();
    await server.stop();
    await stopAll();
    if (ok && !keep) run.remove();
  }
  return { ok, ms: Date.now() - t0, runDir: run.dir };
}

if (isMain(import.meta.url)) {
  installCleanupHandlers();
  const { values } = parseArgs({ options: { extension: { type: 'string' }, tests: { type: 'string' }, workspace: { type: 'string' } } });
  const options = {};
  if (values.extension) options.extension = path.resolve(values.extension);
  if (values.tests) options.tests = path.resolve(values.tests);
  if (values.workspace) options.workspace = path.resolve(values.workspace);
  runExtensionHostSuite(options).then(
    ({ ok }) => { process.exitCode = ok ? 0 : 1; },
    async (error) => { console.error(error); await stopAll(); process.exitCode = 1; },
  );
}
