// Builds the shipped bundles (client and server, for Node and for the web), the CLI,
// the test entry for the extension host, and nothing else. esbuild does not
// typecheck: `npm run typecheck` does. Imported (by the web bundle test), it builds
// nothing and gives the web bundles' options.
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
};

// The web build (package.json `browser`): the client for a web worker extension host, and
// the server for a Web Worker. Same sources; the hosts differ (server/src/browser/). The
// workspace code's path arithmetic is posix there (path-browserify); nothing else of Node.
const web = { ...common, platform: 'browser', target: 'es2022', alias: { 'node:path': 'path-browserify' } };
export const WEB_BUNDLES = [
  { ...web, entryPoints: ['client/src/browserExtension.ts'], outfile: 'client/out/browser.js', external: ['vscode'] },
  { ...web, format: 'iife', entryPoints: ['server/src/browser/server.ts'], outfile: 'server/out/browser.js' },
];

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  // `node server/out/server.js --stdio` speaks LSP to any editor; also the npm bin.
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js', banner: { js: '#!/usr/bin/env node' } },
  ...WEB_BUNDLES,
  // The CLI ships in the npm package, not in the VSIX.
  {
    ...common,
    entryPoints: ['server/src/cli/cli.ts'],
    outfile: 'server/out/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { KUBE_PULL_POLICY_VERSION: JSON.stringify(version) },
  },
];
if (!production) {
  // The extension-host test suite (mocha inside VS Code); never shipped.
  builds.push({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'test/e2e/out/suite/index.js', external: ['vscode', 'mocha'] });
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
  } else {
    await Promise.all(builds.map((options) => esbuild.build(options)));
  }
}
