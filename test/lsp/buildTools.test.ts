// Skaffold and Tilt over the protocol: the workspace folder is a fixture repository
// with a skaffold.yaml (test/fixtures/skaffold-repo) or a Tiltfile (test/fixtures/tilt-repo).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Hover, InlayHint } from 'vscode-languageserver';
import { LspClient } from './lspClient';

const everything = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };

function repository(name: string) {
  const root = path.resolve(__dirname, '../fixtures', name);
  const uri = (file: string) => pathToFileURL(path.join(root, file)).toString();
  const text = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return { root, uri, text };
}

async function open(client: LspClient, repo: ReturnType<typeof repository>, file: string) {
  const uri = repo.uri(file);
  await client.open(uri, repo.text(file));
  const diagnostics = await client.diagnosticsOfVersion(uri, 1);
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
  const hover = async (image: string) => {
    const line = repo.text(file).split('\n').findIndex((l) => l.endsWith(`image: ${image}`));
    const answer = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line, character: repo.text(file).split('\n')[line].length - 1 } });
    return (answer.contents as { value: string }).value;
  };
  return { diagnostics: diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`), hints, hover };
}

describe('Skaffold over the protocol', () => {
  const repo = repository('skaffold-repo');
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize({ rootUri: pathToFileURL(repo.root).toString() });
  });
  after(() => client.dispose());

  it('hints what Skaffold deploys for its artifacts and keeps the warning of an unbuilt redis', async () => {
    const { diagnostics, hints, hover } = await open(client, repo, 'kubernetes-manifests/cartservice.yaml');
    assert.deepEqual(diagnostics, ['implicit-always 33']);
    assert.deepEqual(hints.map((h) => h.label), ['imagePullPolicy: IfNotPresent — skaffold sets the tag', 'imagePullPolicy: Always']);
    assert.equal(
      await hover('cartservice'),
      [
        '**image** `cartservice`',
        '',
        'skaffold.yaml builds `cartservice` and replaces this image with what it built, tagged by the gitCommit tagger (variant Tags, e.g. `v0.10.6-12-gabc1234`, with `-dirty` for uncommitted changes). ' +
          'On a local cluster (minikube, kind, k3d, Docker Desktop) Skaffold does not push and deploys `cartservice:<image ID>`, giving IfNotPresent; on any other cluster it pushes and deploys `cartservice:v0.10.6-12-gabc1234@sha256:…`, giving IfNotPresent. ' +
          'A --default-repo (flag, SKAFFOLD_DEFAULT_REPO or the global config) only prefixes the name.',
        '',
        'Deployed as `cartservice:<image ID>`.',
        '',
        '**Effective imagePullPolicy: `IfNotPresent`**',
        '',
        'imagePullPolicy is omitted, so the API server defaults it from the image Skaffold deploys: IfNotPresent.',
        '',
        'The kubelet pulls only when the node does not have the image yet; an image already on the node (for example one built locally) is used as is.',
        '',
        '[Kubernetes docs: image pull policy](https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy)',
      ].join('\n'),
    );
  });

  it('follows requires and kustomize paths, and says when the sha256 tagger gives latest@sha256 and Always', async () => {
    const migrator = await open(client, repo, 'tools/k8s/migrator.yaml');
    assert.deepEqual(migrator.diagnostics, []);
    assert.deepEqual(migrator.hints.map((h) => h.label), ['imagePullPolicy: Always — skaffold sets the tag']);
    assert.match(String(migrator.hints[0].tooltip), /^imagePullPolicy is omitted, so the API server defaults it from the image Skaffold deploys: Always\. skaffold\.yaml builds `localhost:5000\/migrator` \(an artifact of tools\/skaffold\.yaml, which it requires\)/);
    assert.match(await migrator.hover('localhost:5000/migrator'), /Deployed as `localhost:5000\/migrator:latest@sha256:…`\./);
    const loadgenerator = await open(client, repo, 'kustomize/loadgenerator/deployment.yaml');
    assert.deepEqual(loadgenerator.hints.map((h) => h.label), ['imagePullPolicy: IfNotPresent — skaffold sets the tag']);
  });

  it('judges a manifest no config deploys as written, and re-reads skaffold.yaml when it changes', async () => {
    const standalone = await open(client, repo, 'other/standalone.yaml');
    assert.deepEqual(standalone.diagnostics, ['implicit-always 9']);
    const uri = repo.uri('kubernetes-manifests/cartservice.yaml');
    const republished = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: repo.uri('skaffold.yaml'), type: 2 }] });
    assert.deepEqual((await republished).map((d) => d.code), ['implicit-always']);
  });
});

describe('Tilt over the protocol', () => {
  const repo = repository('tilt-repo');
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize({ rootUri: pathToFileURL(repo.root).toString() });
  });
  after(() => client.dispose());

  it('hints the policy Tilt writes into every container of an object with a built image', async () => {
    const { diagnostics, hints, hover } = await open(client, repo, 'k8s/web.yaml');
    assert.deepEqual(diagnostics, ['implicit-always 35']);
    assert.deepEqual(hints.map((h) => h.label), ['imagePullPolicy: IfNotPresent — tilt sets it', 'imagePullPolicy: IfNotPresent — tilt sets it', 'imagePullPolicy: Always']);
    assert.equal(
      await hover('example/web'),
      [
        '**image** `example/web`',
        '',
        'Tiltfile builds `example/web` (docker_build) and replaces this image with `example/web:tilt-<16 hex digits of the image digest>` (or the same name in the registry Tilt pushes to). ' +
          "Not understood in Tiltfile: line 7: k8s_yaml('k8s/' + name + '.yaml'…).",
        '',
        'Deployed as `example/web:tilt-<16 hex digits of the image digest>`.',
        '',
        '**Effective imagePullPolicy: `IfNotPresent`**',
        '',
        'Tilt sets imagePullPolicy: IfNotPresent on every container of an object whose image it builds, whatever the manifest says, before applying it.',
        '',
        'The kubelet pulls only when the node does not have the image yet; an image already on the node (for example one built locally) is used as is.',
        '',
        '[Kubernetes docs: image pull policy](https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy)',
      ].join('\n'),
    );
    assert.match(await hover('nginx:latest'), /Tiltfile builds `example\/web` for another container of this object; the image `nginx:latest` stays as written\./);
  });

  it('says Tilt overrides an explicit Always, and judges YAML loaded by a loop as written', async () => {
    const api = await open(client, repo, 'k8s/api.yaml');
    assert.deepEqual(api.diagnostics, []);
    assert.match(await api.hover('docker.io/example/api:dev'), /\*\*Effective imagePullPolicy: `IfNotPresent`\*\*\n\nTilt sets imagePullPolicy: IfNotPresent on every container of an object whose image it builds, whatever the manifest says/);
    const worker = await open(client, repo, 'k8s/worker.yaml');
    assert.deepEqual(worker.diagnostics, ['implicit-always 9']);
  });
});
