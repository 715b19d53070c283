// npm run test:vscode-desktop — the same extension-host suite as `npm run test:e2e`, in VS Code
// desktop through @vscode/test-electron. Needs internet (it downloads VS Code, cached in
// .e2e-tmp/vscode-download) and a display: on a headless Linux box run
//   xvfb-run -a npm run test:vscode-desktop
// VSCODE_VERSION=<x.y.z|stable|insiders> picks the VS Code build (default: stable);
// VSCODE_EXECUTABLE=<path to code> uses an installed one instead (no download).
// E2E_GREP=<regexp> runs only matching tests. Options: --skip-build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { DEFAULT_TESTS } from './exthost.mjs';
import {
  ROOT, WORKSPACE_FIXTURE, copyWorkspace, createRunDir, elapsed, installCleanupHandlers, log, markInheritedEnvironment, runStep, stopAll,
  writeUserSettings,
} from './lib.mjs';

const { values: options } = parseArgs({ options: { 'skip-build': { type: 'boolean' } } });
installCleanupHandlers();
markInheritedEnvironment(); // VS Code, spawned by @vscode/test-electron, carries the marker: stopAll() finds it
const t0 = Date.now();
let exitCode = 1;
let run;
try {
  if (!options['skip-build']) await runStep('build', process.execPath, ['esbuild.mjs']);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('warning: no DISPLAY; on a headless machine run `xvfb-run -a npm run test:vscode-desktop`');
  }
  run = createRunDir('desktop');
  copyWorkspace(WORKSPACE_FIXTURE, run.workspace); // tests edit and save files: never the fixture itself
  writeUserSettings(run.userData);
  exitCode = await runTests({
    // VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one.
    ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : {}),
    version: process.env.VSCODE_VERSION || 'stable',
    cachePath: path.join(ROOT, '.e2e-tmp', 'vscode-download'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: DEFAULT_TESTS,
    extensionTestsEnv: { E2E_GREP: process.env.E2E_GREP },
    launchArgs: [
      run.workspace,
      '--disable-extensions', // no other installed extension interferes (built-ins stay)
      '--user-data-dir', run.userData,
      '--extensions-dir', run.extensions,
    ],
  });
} catch (error) {
  console.error(error?.stack ?? error);
  exitCode = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
} finally {
  await stopAll();
}
log(`test:vscode-desktop ${exitCode === 0 ? 'passed' : 'FAILED'} in ${elapsed(t0)}`);
if (run && exitCode === 0 && !process.env.KEEP_E2E_TMP) fs.rmSync(run.dir, { recursive: true, force: true });
process.exit(exitCode);
