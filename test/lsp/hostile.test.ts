// Hostile input over the protocol: every request is answered (no error response)
// within a deadline, analysis that is impossible is said once, and a normal
// document is served right after.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient } from './lspClient';

const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');
const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${containers}`;

function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\nkind: Pod\nspec:\n  containers: *a9\n  initContainers:\n  - image: nginx\n    env: *a9\n`;
}

const HOSTILE: Record<string, () => string> = {
  'an alias bomb': aliasBomb,
  '20,000-deep flow nesting': () => `${'['.repeat(20_000)}${']'.repeat(20_000)}\n`,
  '3,000-deep block nesting': () => Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
  'binary junk': () => Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 65536)).join(''),
  'a 2 MB single line': () => `kind: Pod\nspec: {containers: [${Array.from({ length: 100_000 }, (_, i) => `{image: n${i}}`).join(', ')}]}`.slice(0, 2_000_000),
  'lone UTF-16 surrogates': () => pod('  containers:\n  - image: "\uD800nginx"\n    name: "\uDC00"\n'),
  'a BOM and NUL bytes': () => `\uFEFF${pod('  containers:\n  - image: ngi\u0000nx\n  - image: nginx\u0000\n')}`,
  'CR-only line endings': () => pod('  containers:\n  - image: nginx\n').replace(/\n/g, '\r'),
  'tabs as indentation': () => pod('\tcontainers:\n\t- image: nginx\n'),
  '50,000 empty documents': () => '---\n'.repeat(50_000),
  'a Pod with 10,000 containers': () => pod(`  containers:\n${Array.from({ length: 10_000 }, (_, i) => `  - name: c${i}\n    image: nginx:${i % 2 ? 'latest' : '1.27'}\n`).join('')}`),
  'containers as a string': () => pod('  containers: nginx\n'),
  'containers as a list of scalars': () => pod('  containers: [nginx, redis]\n'),
  'image as a list and a number, policy as a map and a number': () => pod('  containers:\n  - image: [nginx]\n    imagePullPolicy: {a: 1}\n  - image: 42\n    imagePullPolicy: 7\n'),
  'duplicate keys': () => pod('  containers:\n  - image: nginx\n    image: redis\n    imagePullPolicy: Always\n    imagePullPolicy: Never\n'),
  'spec: null': () => 'apiVersion: v1\nkind: Pod\nspec:\n',
  'a Helm template': () =>
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  template:\n    spec:\n      containers:\n      {{- range .Values.containers }}\n      - image: "{{ .repository }}:{{ .tag | default $.Chart.AppVersion }}"\n        imagePullPolicy: {{ .pullPolicy }}\n      {{- end }}\n',
  'an unterminated quote': () => pod('  containers:\n  - image: "nginx\n    imagePullPolicy: Always\n'),
};

describe('hostile input over the protocol', () => {
  let client: LspClient;
  let n = 0;

  before(async () => {
    client = new LspClient();
    await client.initialize();
  });
  after(() => client.dispose());

  async function serveNormalDocument(): Promise<void> {
    const uri = `file:///normal${++n}.yaml`;
    await client.open(uri, DEMOAPI);
    const diagnostics = await client.diagnosticsOfVersion(uri, 1, 5_000);
    assert.deepEqual(diagnostics.map((d) => d.code), ['implicit-always']);
  }

  for (const [name, make] of Object.entries(HOSTILE)) {
    it(`answers every request on ${name}, then serves a normal document`, async () => {
      const uri = `file:///hostile${++n}.yaml`;
      const text = make();
      await client.open(uri, text);
      // A hang guard, not a speed target (bench/ measures speed): a 2 MB single line takes 5–12 s here on 2 busy cores.
      const diagnostics = await client.diagnosticsOfVersion(uri, 1, 30_000);
      const syntax = diagnostics.filter((d) => d.code === 'yaml-syntax');
      assert.ok(syntax.length <= 10, `at most ten syntax errors, got ${syntax.length}`);
      const everywhere = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
      const middle = { line: 5, character: 12 };
      await client.request('textDocument/inlayHint', { textDocument: { uri }, range: everywhere }, 5_000);
      await client.request('textDocument/hover', { textDocument: { uri }, position: middle }, 5_000);
      await client.request('textDocument/completion', { textDocument: { uri }, position: middle }, 5_000);
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: diagnostics.slice(0, 50) } }, 5_000);
      await client.request('textDocument/codeAction', { textDocument: { uri }, range: everywhere, context: { diagnostics: [], only: ['source'] } }, 5_000);
      assert.ok(client.alive, 'the server is still running');
      await serveNormalDocument();
    });
  }

  it('says once that nesting is too deep', async () => {
    const uri = `file:///deep${++n}.yaml`;
    await client.open(uri, HOSTILE['20,000-deep flow nesting']());
    const diagnostics: Diagnostic[] = await client.diagnosticsOfVersion(uri, 1, 10_000);
    assert.equal(diagnostics.filter((d) => /nested too deeply/.test(String(d.message))).length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
  });

  it('does not follow an alias bomb but analyses the rest', async () => {
    const uri = `file:///bomb${++n}.yaml`;
    await client.open(uri, aliasBomb());
    // A hang guard, not a speed target (bench/ measures speed): a 2 MB single line takes 5–12 s here on 2 busy cores.
      const diagnostics = await client.diagnosticsOfVersion(uri, 1, 30_000);
    assert.deepEqual(diagnostics.map((d) => d.code), ['implicit-always']);
  });

  it('Helm templates get no findings', async () => {
    const uri = `file:///chart/templates/deployment${++n}.yaml`;
    await client.open(uri, HOSTILE['a Helm template']());
    assert.deepEqual(await client.diagnosticsOfVersion(uri, 1), []);
  });

  it('skips a file over the size limit with one visible notice', async () => {
    client.settings = { maxFileSize: 1000 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = `file:///big${++n}.yaml`;
    await client.open(uri, `${DEMOAPI}${'# padding\n'.repeat(200)}`);
    const diagnostics = await client.diagnosticsOfVersion(uri, 1);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'not-analysed');
    assert.match(String(diagnostics[0].message), /more than the kubePullPolicy\.maxFileSize limit of 1000/);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });
});
