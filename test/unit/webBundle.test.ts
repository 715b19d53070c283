// The web build (issue: VS Code for the Web) bundles the real sources for a browser:
// nothing of Node may be reached from the web client or the web server, or they would
// fail to load in a web worker extension host / Web Worker.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');

/**
 * Bundles with the shipped options (esbuild.mjs), in memory; returns the Node built-ins
 * imported (but those the options alias to a browser package: `node:path`) and the output.
 */
async function bundle(options: esbuild.BuildOptions): Promise<{ builtins: string[]; text: string }> {
  const builtins: string[] = [];
  const result = await esbuild.build({
    ...options,
    absWorkingDir: ROOT,
    write: false,
    sourcemap: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'node-builtins',
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => {
            if (isBuiltin(args.path) && !(args.path in (options.alias ?? {}))) builtins.push(`${args.path} (from ${path.relative(ROOT, args.importer)})`);
            return undefined;
          });
        },
      },
    ],
  });
  return { builtins, text: result.outputFiles?.[0]?.text ?? '' };
}

describe('web bundles', async () => {
  const { WEB_BUNDLES } = (await import(pathToFileURL(path.join(ROOT, 'esbuild.mjs')).href)) as { WEB_BUNDLES: esbuild.BuildOptions[] };

  it('are the client package.json names as `browser`, and the server that client starts', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { browser: string };
    const client = readFileSync(path.join(ROOT, 'client/src/browserExtension.ts'), 'utf8');
    assert.deepEqual(WEB_BUNDLES.map((options) => options.outfile), [path.normalize(manifest.browser), 'server/out/browser.js']);
    assert.match(client, /joinPath\(context\.extensionUri, 'server', 'out', 'browser\.js'\)/);
  });

  it('alias Node built-ins only to browser packages', () => {
    for (const options of WEB_BUNDLES) assert.deepEqual(options.alias, { 'node:path': 'path-browserify' });
  });

  for (const options of WEB_BUNDLES) {
    it(`${options.outfile} imports no Node built-in, and requires nothing but vscode`, async () => {
      const { builtins, text } = await bundle(options);
      assert.deepEqual(builtins, []);
      assert.deepEqual([...new Set(text.match(/\brequire\(["'][^"']+["']\)/g) ?? [])], options.external?.includes('vscode') ? ['require("vscode")'] : []);
    });
  }

  it('the check sees a Node built-in when one is imported', async () => {
    const { builtins } = await bundle({ ...WEB_BUNDLES[1], entryPoints: undefined, outfile: undefined, stdin: { contents: "import { readFileSync } from 'node:fs'; readFileSync('x');", resolveDir: ROOT } }).catch(() => ({
      builtins: ['node:fs (the build failed on it)'],
    }));
    assert.equal(builtins.length > 0, true);
  });
});
