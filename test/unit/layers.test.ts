// The architecture invariants that imports can show (ARCHITECTURE.md), checked.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : [],
  );
}

function importsOf(file: string): string[] {
  return [...readFileSync(path.join(ROOT, file), 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
}

it('the analysis core imports only itself and `yaml`', () => {
  for (const file of sources('server/src/analysis')) {
    for (const target of importsOf(file)) assert.ok(target.startsWith('.') || target === 'yaml', `${file} imports ${target}`);
  }
});

it('only server/src/lsp and the entry point know LSP', () => {
  for (const file of sources('server/src').filter((f) => !f.startsWith(path.join('server', 'src', 'lsp')) && !f.endsWith('server.ts'))) {
    for (const target of importsOf(file)) assert.ok(!target.startsWith('vscode-languageserver'), `${file} imports ${target}`);
  }
});

it('the client imports nothing of the server but shared/protocol', () => {
  for (const file of sources('client/src')) {
    for (const target of importsOf(file).filter((t) => t.includes('server/'))) assert.match(target, /server\/src\/shared\/protocol$/, `${file} imports ${target}`);
  }
});

it('server/src/host reads only the local machine: Node built-ins, `yaml` and the core', () => {
  for (const file of sources('server/src/host')) {
    const allowed = (target: string) =>
      target.startsWith('node:') || target === 'yaml' || target.startsWith('../analysis/') || target === '../config/localContextOptions' || target.startsWith('./');
    for (const target of importsOf(file)) assert.ok(allowed(target), `${file} imports ${target}`);
  }
});

it('server/src/lsp runs in Node and in a Web Worker alike: no Node built-ins (the hosts bring them)', () => {
  for (const file of sources('server/src/lsp')) {
    for (const target of importsOf(file)) assert.ok(!target.startsWith('node:'), `${file} imports ${target}`);
  }
});
