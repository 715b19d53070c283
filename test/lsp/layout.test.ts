// Kustomize and Helm layouts over the protocol, on the fixture GitOps repository:
// the workspace folder is test/fixtures/repo.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover, InlayHint } from 'vscode-languageserver';
import { LspClient } from './lspClient';

const REPO = path.resolve(__dirname, '../fixtures/repo');
const uriOf = (file: string) => pathToFileURL(path.join(REPO, file)).toString();
const textOf = (file: string) => readFileSync(path.join(REPO, file), 'utf8');
const everything = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

describe('Kustomize and Helm layouts over the protocol', () => {
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    await client.initialize({ rootUri: pathToFileURL(REPO).toString() });
  });
  after(() => client.dispose());

  it('applies the base kustomization images to hints, and lists the overlays in the hover', async () => {
    const uri = uriOf('base/deployment.yaml');
    await client.open(uri, textOf('base/deployment.yaml'));
    const diagnostics = await client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(diagnostics.map((d) => d.code), ['implicit-always', 'implicit-if-not-present']);
    assert.match(String(diagnostics[1].message), /the image "example\/log-shipper:2\.10" \(written "example\/log-shipper"; kustomize sets tag 2\.10\)/);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
    assert.deepEqual(hints.map((h) => h.label), ['imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent — kustomize sets tag 2.10']);
    const line = textOf('base/deployment.yaml').split('\n').findIndex((l) => l.includes('example/web:latest'));
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: 20 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /overlays\/prod\/kustomization\.yaml: `example\/web:v1\.4\.2` → IfNotPresent/);
    assert.match(value, /overlays\/dev\/kustomization\.yaml: `[^`]*` → Always/);
  });

  it('gives kustomize patches no missing-image or implicit findings, and says the base decides', async () => {
    const uri = uriOf('overlays/prod/deployment-patch.yaml');
    await client.open(uri, textOf('overlays/prod/deployment-patch.yaml'));
    assert.deepEqual(await client.diagnosticsOfVersion(uri, 1), []);
  });

  it('treats chart templates as templates and hints values.yaml', async () => {
    const template = uriOf('charts/web/templates/deployment.yaml');
    await client.open(template, textOf('charts/web/templates/deployment.yaml'));
    assert.deepEqual(await client.diagnosticsOfVersion(template, 1), []);
    const values = uriOf('charts/web/values.yaml');
    await client.open(values, textOf('charts/web/values.yaml'));
    assert.deepEqual(await client.diagnosticsOfVersion(values, 1), []);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: values }, range: everything });
    assert.ok(hints.length >= 1, 'values.yaml has an image block');
    assert.equal(hints[0].label, 'imagePullPolicy: IfNotPresent');
    assert.match(String(hints[0].tooltip), /The chart's templates use these values this way/);
  });

  it('re-validates when a kustomization changes on disk', async () => {
    const uri = uriOf('base/deployment.yaml');
    const republished = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('overlays/prod/kustomization.yaml'), type: 2 }] });
    assert.deepEqual((await republished).map((d) => d.code), ['implicit-always', 'implicit-if-not-present']);
  });
});
