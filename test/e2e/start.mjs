// npm start — try the extension in a real VS Code (code-server) in your browser:
// builds the bundles, runs the e2e setup, serves code-server on 127.0.0.1 with the extension
// loaded from this working tree and the examples/ folder open. Ctrl+C stops everything.
//
// Port: $PORT, else 8080, else any free port. Rebuild (`npm run build`) and reload the
// browser window to pick up changes. Options: --skip-setup, --skip-build.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  E2E, EXTENSION_ID, PKG, ROOT, createRunDir, freePort, installCleanupHandlers, log, portIsFree, runStep,
  startCodeServer, stopAll, writeUserSettings,
} from './lib.mjs';

const { values: options } = parseArgs({ options: { 'skip-setup': { type: 'boolean' }, 'skip-build': { type: 'boolean' } } });
installCleanupHandlers();

try {
  if (!options['skip-build']) await runStep('build', process.execPath, ['esbuild.mjs']);
  if (!options['skip-setup']) await runStep('setup', 'bash', [path.join(E2E, 'setup.sh')]);

  const run = createRunDir('start');
  process.on('exit', () => run.remove()); // after lib.mjs's exit handler has stopped the processes
  writeUserSettings(run.userData);
  // The extension straight from the working tree: a symlink named like an installed extension.
  fs.mkdirSync(run.extensions, { recursive: true });
  fs.symlinkSync(ROOT, path.join(run.extensions, `${EXTENSION_ID}-${PKG.version}`), 'dir');

  const wanted = Number(process.env.PORT || 8080);
  const port = (await portIsFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) log(`port ${wanted} is busy: using ${port}`);
  const examples = path.join(ROOT, 'examples');
  const server = await startCodeServer(run, { port, folder: examples });
  const url = `${server.url}/?folder=${encodeURIComponent(examples)}`;
  console.log(`\n  ${PKG.displayName} in code-server: ${url}\n  (logs: ${path.relative(ROOT, run.log)}; Ctrl+C to stop)\n`);
  const { code, signal } = await server.exited;
  log(`code-server exited (${signal ?? `code ${code}`})`);
  process.exitCode = code === 0 ? 0 : 1;
} catch (error) {
  console.error(error.stack ?? error);
  process.exitCode = 1;
} finally {
  await stopAll();
}
