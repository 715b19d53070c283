// Builds the two shipped bundles (client, server), the CLI-free test entry for the
// extension host, and nothing else. esbuild does not typecheck: `npm run typecheck` does.
import * as esbuild from 'esbuild';

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
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
];
if (!production) {
  // The extension-host test suite (mocha inside VS Code); never shipped.
  builds.push({ ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'test/e2e/out/suite/index.js', external: ['vscode', 'mocha'] });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
