// The server keeps answering while a big file is analysed: a multi-document file is
// analysed in slices, a big single YAML document (a `kind: List`) on the worker
// thread. Checked by the order of messages, never by timing.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { LspClient } from './lspClient';

const SMALL_URI = 'file:///work/small.yaml';
const BIG_URI = 'file:///work/big.yaml';
const SMALL = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: small', 'spec:', '  containers:', '  - name: web', '    image: nginx:latest', ''].join('\n');
const SMALL_IMAGE = { line: 7, character: 14 };

/** One Deployment, as a list item (`indent` 2) or a document of its own (0), padded with env vars. */
function deployment(index: number, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: app-${index}`,
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    `      - name: app-${index}`,
    `        image: registry/app-${index}:latest`,
    '        env:',
    ...Array.from({ length: 40 }, (_, env) => `        - { name: SETTING_${env}, value: "value of setting ${env} for app ${index}" }`),
  ];
  return lines.map((line, i) => (indent && i === 0 ? `- ${line}` : pad + line)).join('\n');
}

/** 900 Deployments (≈ 3 MB; fewer than the 1,000 diagnostics a file may publish): one `kind: List` document, or `---` documents. */
const COUNT = 900;
const BIG_LIST = ['apiVersion: v1', 'kind: List', 'items:', ...Array.from({ length: COUNT }, (_, i) => deployment(i, 2)), ''].join('\n');
const BIG_DOCUMENTS = Array.from({ length: COUNT }, (_, i) => deployment(i, 0)).join('\n---\n') + '\n';

describe('responsiveness while a big file is analysed', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize();
    await client.open(SMALL_URI, SMALL);
    await client.waitForDiagnostics(SMALL_URI);
  });
  after(() => client.dispose());

  /**
   * Opens `text` as the big file and, once the server has its settings (it asks for
   * them right before analysing), hovers the small one: which answer comes first?
   */
  async function hoverDuringOpen(uri: string, text: string): Promise<{ order: string[]; hover: Hover | null; diagnostics: number }> {
    const order: string[] = [];
    const diagnostics = client.nextDiagnostics(uri, 60_000);
    const analysing = client.settingsAnswered(uri);
    await client.open(uri, text);
    await analysing;
    const hover = client.request<Hover | null>('textDocument/hover', { textDocument: { uri: SMALL_URI }, position: SMALL_IMAGE });
    await Promise.all([hover.then(() => order.push('hover')), diagnostics.then(() => order.push('big diagnostics'))]);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0);
    return { order, hover: await hover, diagnostics: (await diagnostics).length };
  }

  const cases = [
    ['one `kind: List` document (the worker thread)', 'file:///work/list.yaml', BIG_LIST],
    ['900 `---` documents (slices)', 'file:///work/documents.yaml', BIG_DOCUMENTS],
  ] as const;
  for (const [name, uri, text] of cases) {
    it(`answers a hover on another file before the big file's diagnostics: ${name}`, async () => {
      const { order, hover, diagnostics } = await hoverDuringOpen(uri, text);
      assert.deepEqual(order, ['hover', 'big diagnostics']);
      assert.match(JSON.stringify(hover?.contents), /docker\.io\/library\/nginx:latest/);
      assert.equal(diagnostics, COUNT, 'one implicit-always per Deployment');
    });
  }

  it('edits in a big single document: diagnostics and hovers of the edited version', async () => {
    await client.open(BIG_URI, BIG_LIST);
    await client.waitForDiagnostics(BIG_URI, (params) => params.diagnostics.length === COUNT, 60_000);
    // Pin the first Deployment's image: its implicit-always becomes implicit-if-not-present.
    const lines = BIG_LIST.split('\n');
    const line = lines.findIndex((text) => text.endsWith('image: registry/app-0:latest'));
    const tag = lines[line].indexOf('latest');
    const version = await client.change(BIG_URI, [{ range: { start: { line, character: tag }, end: { line, character: tag + 6 } }, text: 'v1.2.3' }]);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: BIG_URI }, position: { line, character: tag - 2 } }, 60_000);
    assert.match(JSON.stringify(hover?.contents), /registry\/app-0:v1\.2\.3/);
    const diagnostics = await client.diagnosticsOfVersion(BIG_URI, version, 60_000);
    assert.equal(diagnostics.filter((d) => d.code === 'implicit-always').length, COUNT - 1);
    assert.deepEqual(diagnostics.filter((d) => d.range.start.line === line).map((d) => d.code), ['implicit-if-not-present']);
  });

  it('a settings change while a big file is validated: that run stops, the new settings are published', async () => {
    const uri = 'file:///work/settings.yaml';
    const analysing = client.settingsAnswered(uri);
    try {
      await client.open(uri, BIG_DOCUMENTS);
      await analysing;
      client.settings = { rules: { 'implicit-always': 'off' } };
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      // Every container's image is `latest`: with implicit-always off nothing is left to say.
      await client.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0, 60_000);
    } finally {
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });
});
