import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionItem, Hover, InlayHint, TextDocumentEdit } from 'vscode-languageserver';
import { applyLspEdits, LspClient } from './lspClient';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures', name), 'utf8');
const DEMOAPI = fixture('demoapi.yaml');
const DEMOAPI_FIXED = fixture('demoapi.fixed.yaml');
const IMAGE_LINE = 18;

describe('language server over stdio', () => {
  let client: LspClient;
  let counter = 0;
  const uri = () => `file:///work/doc${++counter}.yaml`;

  before(async () => {
    client = new LspClient();
  });
  after(async () => {
    await client.dispose();
  });

  it('announces its capabilities', async () => {
    const capabilities = await client.initialize();
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.inlayHintProvider, true);
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      'quickfix',
      'source.fixAll.kube-pull-policy',
      'source.kube-pull-policy.setIfNotPresent',
    ]);
    assert.equal(capabilities.textDocumentSync, 2);
  });

  it('publishes implicit-always on the demoapi image', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    const [diagnostic, ...rest] = await client.diagnosticsOfVersion(doc, 1);
    assert.deepEqual(rest, []);
    assert.equal(diagnostic.code, 'implicit-always');
    assert.equal(diagnostic.source, 'kube-pull-policy');
    assert.equal(diagnostic.severity, 2);
    assert.deepEqual(diagnostic.range, { start: { line: IMAGE_LINE, character: 15 }, end: { line: IMAGE_LINE, character: 38 } });
    assert.match(String(diagnostic.codeDescription?.href), /rules\.md#implicit-always$/);
    assert.match(String(diagnostic.message), /docker\.io\/registry\/demoapi:latest/);
  });

  it('shows an inlay hint naming Always after the image', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 21, character: 0 } },
    });
    assert.equal(hints.length, 1);
    assert.equal(hints[0].label, 'imagePullPolicy: Always');
    assert.deepEqual(hints[0].position, { line: IMAGE_LINE, character: 38 });
    assert.match(String(hints[0].tooltip), /tag is exactly `latest`/);
  });

  it('explains the image on hover', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: doc }, position: { line: IMAGE_LINE, character: 20 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /`docker\.io\/registry\/demoapi:latest`/);
    assert.match(value, /Effective imagePullPolicy: `Always`/);
    assert.match(value, /`registry` is a Docker Hub namespace, not a registry host/);
    assert.match(value, /kubernetes\.io\/docs/);
    const policyHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: doc }, position: { line: 2, character: 3 } });
    assert.equal(policyHover, null);
  });

  it('offers three quick fixes; the preferred one inserts IfNotPresent under the image', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    const diagnostics = await client.diagnosticsOfVersion(doc, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    const quickFixes = actions.filter((action) => action.kind === 'quickfix');
    assert.deepEqual(
      quickFixes.map((action) => [action.title, action.isPreferred]),
      [
        ['Set imagePullPolicy: IfNotPresent', true],
        ['Set imagePullPolicy: Always', false],
        ['Set imagePullPolicy: Never', false],
      ],
    );
    const change = quickFixes[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.deepEqual(change.textDocument, { uri: doc, version: 1 });
    assert.equal(applyLspEdits(DEMOAPI, change.edits as never), DEMOAPI_FIXED);
  });

  it('source.fixAll writes the current effective policy of every container', async () => {
    const doc = uri();
    const text = `${DEMOAPI}---\nkind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n  - image: redis\n    imagePullPolicy: Never\n`;
    await client.open(doc, text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.kube-pull-policy'] },
    });
    assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.kube-pull-policy']);
    const change = actions[0].edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(
      applyLspEdits(text, change.edits as never),
      `${DEMOAPI.replace('latest\n', 'latest\n        imagePullPolicy: Always\n')}---\nkind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n    imagePullPolicy: IfNotPresent\n  - image: redis\n    imagePullPolicy: Never\n`,
    );
    const setAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source'] },
    });
    assert.deepEqual(setAll.map((action) => action.kind), ['source.fixAll.kube-pull-policy', 'source.kube-pull-policy.setIfNotPresent']);
    const setChange = setAll[1].edit!.documentChanges![0] as TextDocumentEdit;
    assert.match(applyLspEdits(text, setChange.edits as never), /demoapi:latest\n {8}imagePullPolicy: IfNotPresent\n/);
  });

  it('completes the three values after imagePullPolicy:', async () => {
    const doc = uri();
    const text = 'kind: Pod\nspec:\n  containers:\n  - image: nginx\n    imagePullPolicy: \n';
    await client.open(doc, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc }, position: { line: 4, character: 21 } });
    assert.deepEqual(items.map((item) => item.label), ['Always', 'IfNotPresent', 'Never']);
    assert.equal(items.find((item) => item.preselect)?.label, 'Always');
    const elsewhere = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: doc }, position: { line: 0, character: 6 } });
    assert.deepEqual(elsewhere, []);
  });

  it('updates diagnostics on an incremental edit', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    await client.diagnosticsOfVersion(doc, 1);
    // `latest` → `1.0` on the image line.
    const version = await client.change(doc, [{ range: { start: { line: IMAGE_LINE, character: 32 }, end: { line: IMAGE_LINE, character: 38 } }, text: '1.0' }]);
    const diagnostics = await client.diagnosticsOfVersion(doc, version);
    assert.deepEqual(diagnostics.map((d) => d.code), ['implicit-if-not-present']);
  });

  it('applies settings per document and refreshes on change', async () => {
    const doc = uri();
    client.settings = { rules: { 'implicit-always': 'off' }, assumeAlwaysPullImages: false };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open(doc, DEMOAPI);
    assert.deepEqual(await client.diagnosticsOfVersion(doc, 1), []);
    client.settings = { assumeAlwaysPullImages: true };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 21, character: 0 } },
    });
    assert.equal(hints[0].label, 'imagePullPolicy: Always');
    assert.match(String(hints[0].tooltip), /AlwaysPullImages/);
    client.settings = { inlayHints: { enabled: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const none = await client.request<InlayHint[]>('textDocument/inlayHint', {
      textDocument: { uri: doc },
      range: { start: { line: 0, character: 0 }, end: { line: 21, character: 0 } },
    });
    assert.deepEqual(none, []);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('applies the Kubernetes version and feature gate settings', async () => {
    const doc = uri();
    const text = `kind: Pod\nspec:\n  containers:\n  - image: Registry/app:latest\n  - image: nginx:latest@sha256:${'f'.repeat(64)}\n`;
    client.settings = { kubernetesVersion: '1.28', featureGates: { DigestAwareImagePullPolicyDefaulting: true } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.open(doc, text);
    assert.deepEqual((await client.diagnosticsOfVersion(doc, 1)).map((d) => d.code), ['invalid-image', 'implicit-if-not-present']);
    client.settings = {};
    const current = client.nextDiagnostics(doc);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await current).map((d) => d.code), ['implicit-always', 'implicit-always']);
  });

  it('reports broken YAML once and still analyses what parses', async () => {
    const doc = uri();
    await client.open(doc, 'kind: Pod\nspec:\n  containers:\n  - image: nginx\n  bad: "unterminated\n');
    const diagnostics = await client.diagnosticsOfVersion(doc, 1);
    const codes = diagnostics.map((d) => d.code);
    assert.ok(codes.includes('yaml-syntax'), codes.join());
    assert.ok(codes.includes('implicit-always'), codes.join());
  });

  it('reads a CRD with descriptions wrapped onto under-indented lines: information notes, the warnings, no error', async () => {
    const doc = uri();
    await client.open(doc, fixture('wrapped/crd-and-workloads.yaml'));
    const diagnostics = await client.diagnosticsOfVersion(doc, 1);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 1), []);
    assert.equal(diagnostics.filter((d) => d.code === 'strict-yaml' && d.severity === 3).length, 14);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 2).map((d) => [d.code, d.range.start.line]), [
      ['implicit-always', 96],
      ['implicit-always', 115],
    ]);
  });

  it('answers every request on binary junk and keeps serving', async () => {
    const doc = uri();
    const junk = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    await client.open(doc, junk);
    await client.diagnosticsOfVersion(doc, 1);
    const position = { line: 0, character: 5 };
    await client.request('textDocument/hover', { textDocument: { uri: doc }, position });
    await client.request('textDocument/inlayHint', { textDocument: { uri: doc }, range: { start: position, end: { line: 99, character: 0 } } });
    await client.request('textDocument/codeAction', { textDocument: { uri: doc }, range: { start: position, end: position }, context: { diagnostics: [] } });
    const normal = uri();
    await client.open(normal, DEMOAPI);
    assert.equal((await client.diagnosticsOfVersion(normal, 1))[0].code, 'implicit-always');
    assert.ok(client.alive);
  });

  it('lists the effective policy of every container', async () => {
    const doc = uri();
    await client.open(doc, DEMOAPI);
    const items = await client.request<{ container: string; policy: string; line: number }[]>('kubePullPolicy/effectivePolicies', { uri: doc });
    assert.deepEqual(
      items.map(({ container, policy, line }) => ({ container, policy, line })),
      [{ container: 'container "demoapi-test-container" (Deployment demoapi-test-deployment)', policy: 'Always', line: IMAGE_LINE }],
    );
  });
});
