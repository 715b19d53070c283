// npm run test:e2e — the real-VS-Code gate, offline:
//   setup (test/e2e/setup.sh) → fresh bundles (node esbuild.mjs) and VSIX (npm run package)
//   → (1) the extension-host suite in code-server → (2) the UI test with the VSIX
//   → (3) the same UI test on the web build alone (web worker extension host).
// Every process started here is stopped at the end, on failure, and on Ctrl+C.
// Exit code 0 only when every stage passes.
//
// Options: --skip-setup, --skip-build, --only exthost|ui|web
// Environment: E2E_GREP=<regexp> (only matching extension-host tests), VERBOSE=1,
//   KEEP_E2E_TMP=1 (keep run folders under .e2e-tmp/), SCREENSHOT_DIR=<dir> (UI screenshots).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runExtensionHostSuite } from './exthost.mjs';
import { E2E, VSIX, elapsed, installCleanupHandlers, log, runStep, stopAll } from './lib.mjs';
import { runUiTest } from './ui.mjs';

const { values: options } = parseArgs({
  options: { 'skip-setup': { type: 'boolean' }, 'skip-build': { type: 'boolean' }, only: { type: 'string' } },
});
if (options.only && !['exthost', 'ui', 'web'].includes(options.only)) {
  console.error('--only must be exthost, ui or web');
  process.exit(2);
}
const wants = (stage) => !options.only || options.only === stage;

installCleanupHandlers();
const t0 = Date.now();
const timings = [];
const results = [];
const timed = async (name, fn) => {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - t]);
  }
};

try {
  if (!options['skip-setup']) await timed('setup', () => runStep('setup', 'bash', [path.join(E2E, 'setup.sh')]));
  if (!options['skip-build']) {
    // The VSIX first: `npm run package` rebuilds client/server with --production, and the
    // extension-host suite wants the development bundles (and the suite) of the next step.
    if (wants('ui') || wants('web')) await timed('package (VSIX)', () => runStep('package', 'npm', ['run', '--silent', 'package']));
    await timed('build (esbuild)', () => runStep('build', process.execPath, ['esbuild.mjs']));
  }
  if (wants('exthost')) {
    const { ok } = await timed('extension-host suite', () => runExtensionHostSuite());
    results.push(['extension-host suite', ok]);
  }
  if (wants('ui')) {
    const { ok } = await timed('UI test', () => runUiTest({ vsix: VSIX }));
    results.push(['UI test', ok]);
  }
  if (wants('web')) {
    const { ok } = await timed('web UI test', () => runUiTest({ vsix: VSIX, web: true }));
    results.push(['web UI test', ok]);
  }
} catch (error) {
  console.error(`\n${error.stack ?? error}`);
  results.push(['run', false]);
} finally {
  await stopAll();
}

console.log('\n── test:e2e summary ──');
for (const [name, ms] of timings) console.log(`  ${name.padEnd(22)} ${(ms / 1000).toFixed(1).padStart(6)}s`);
console.log(`  ${'total'.padEnd(22)} ${elapsed(t0).padStart(7)}`);
for (const [name, ok] of results) console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);
const passed = results.length > 0 && results.every(([, ok]) => ok);
log(passed ? 'test:e2e passed' : 'test:e2e FAILED');
process.exit(passed ? 0 : 1);
