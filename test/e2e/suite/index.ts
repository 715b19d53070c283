// extensionTestsPath entry of the real-VS-Code suite: bundled by esbuild.mjs to
// test/e2e/out/suite/index.js (with `vscode` and `mocha` left external) and run inside a real
// extension host by test/e2e/exthost.mjs (code-server) or test/e2e/desktop.mjs (VS Code
// desktop through @vscode/test-electron).
//
// The bundle cannot `readdir` for *.test.js, so every test file is imported here and exports
// a function that declares its suites; run() calls them once mocha's globals exist.
// E2E_GREP=<regexp> in the environment of code-server / VS Code runs only matching tests.
import Mocha from 'mocha';
import { activationTests } from './activation.test';
import { codeActionTests } from './codeActions.test';
import { diagnosticsTests } from './diagnostics.test';
import { featureTests } from './features.test';
import { closeAllEditors } from './helpers';
import { localContextTests } from './localContext.test';
import { serverTests } from './server.test';
import { settingsTests } from './settings.test';

const suites = [activationTests, diagnosticsTests, featureTests, codeActionTests, settingsTests, serverTests, localContextTests];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, slow: 5_000 });
  if (process.env.E2E_GREP) mocha.grep(new RegExp(process.env.E2E_GREP));
  mocha.suite.emit('pre-require', globalThis, 'test/e2e/suite/index.ts', mocha);
  afterEach(closeAllEditors); // every test starts without open editors or unsaved edits
  for (const declare of suites) declare();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
