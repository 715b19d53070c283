// Builds the two shipped bundles (client, server), the CLI-free test entry for the
// extension host, and nothing else. esbuild does not typecheck: `npm run typecheck` does.
import { readFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

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

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: ['vscode'] },
  // `node server/out/server.js --stdio` speaks LSP to any editor; also the npm bin.
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js', banner: { js: '#!/usr/bin/env node' } },
];
/** The CLI ships in the npm package, not in the VSIX. */
const cli = {
  ...common,
  entryPoints: ['server/src/cli/cli.ts'],
  outfile: 'server/out/cli.js',
  banner: { js: '#!/usr/bin/env node' },
  define: { KUBE_PULL_POLICY_VERSION: JSON.stringify(version) },
};
builds.push(cli);
if (!production) {
  // The extension-host test suite (mocha inside VS Code); never shipped.
  builds.push({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'test/e2e/out/suite/index.js', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
