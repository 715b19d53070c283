// local-image-pulled over the protocol: the ordinary diagnostics first, then the
// update once the (test) Docker Engine has answered.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Hover } from 'vscode-languageserver';
import { startDockerServer, type TestDockerServer } from '../host/dockerServer';
import { LspClient, withDeadline } from './lspClient';

const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');
const KUBE = path.resolve(__dirname, '../fixtures/kubeconfig');
const created = new Date(Date.now() - 23 * 3600_000 - 60_000).toISOString();

describe('the local context over the protocol', () => {
  let docker: TestDockerServer;
  const clients: LspClient[] = [];
  before(async () => {
    docker = await startDockerServer('docker', [{ tag: 'registry/demoapi:latest', size: 212_000_000, created }]);
  });
  after(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await docker.close();
  });

  async function clientWith(kubeconfig: string, enabled = true, socket = docker.socket) {
    const client = new LspClient({ KUBECONFIG: path.join(KUBE, kubeconfig), DOCKER_HOST: `unix://${socket}` });
    clients.push(client);
    client.settings = { localContext: { enabled } };
    const statuses: unknown[] = [];
    let heard: () => void = () => {};
    const firstStatus = new Promise<void>((resolve) => (heard = resolve));
    client.connection.onNotification('kubePullPolicy/localContext', (status: unknown) => {
      statuses.push(status);
      heard();
    });
    await client.initialize();
    return { client, statuses, firstStatus };
  }

  it('publishes implicit-always first, then local-image-pulled on line 19 with its quick fixes and hover', async () => {
    const { client, statuses } = await clientWith('docker-desktop.yaml');
    const uri = 'untitled:demoapi.yaml';
    await client.open(uri, DEMOAPI);
    const first = await client.diagnosticsOfVersion(uri, 1);
    assert.deepEqual(first.map((d) => d.code), ['implicit-always']);
    const updated = await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'local-image-pulled'));
    assert.deepEqual(updated.map((d) => [d.code, d.range.start.line, d.severity]), [['local-image-pulled', 18, 2]]);
    assert.deepEqual(statuses.at(-1), { context: 'docker-desktop', cluster: 'Docker Desktop', docker: true });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: updated[0].range, context: { diagnostics: updated } });
    const fixes = actions.filter((action) => action.kind === 'quickfix').map((action) => [action.title, action.isPreferred === true]);
    assert.deepEqual(fixes.slice(0, 2), [['Set imagePullPolicy: IfNotPresent', true], ['Set imagePullPolicy: Never', false]]);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 18, character: 20 } });
    assert.match((hover.contents as { value: string }).value, /Local image: present \(built 23 hours ago, 212 MB\)/);
  });

  it('a kind context: a code action runs the load command with the container\'s image and cluster; the request lists it', async () => {
    const { client } = await clientWith('kind.yaml');
    const uri = 'untitled:kind-load.yaml';
    await client.open(uri, DEMOAPI);
    const updated = await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'local-image-pulled'));
    const image = updated[0].range;
    const expected = {
      title: 'Load registry/demoapi:latest into kind cluster dev',
      image: 'registry/demoapi:latest',
      cluster: 'dev',
      context: 'kind-dev',
      program: 'kind',
      args: ['load', 'docker-image', 'registry/demoapi:latest', '--name', 'dev'],
      install: 'https://kind.sigs.k8s.io/docs/user/quick-start/#installation',
      containers: ['container "demoapi-test-container" (Deployment demoapi-test-deployment)'],
    };
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: image, context: { diagnostics: [] } });
    const loads = actions.filter((action) => action.command);
    assert.deepEqual(loads, [
      {
        title: 'Load registry/demoapi:latest into kind cluster dev…',
        kind: 'quickfix',
        command: { title: 'Load registry/demoapi:latest into kind cluster dev…', command: 'kubePullPolicy.loadImage', arguments: [expected] },
      },
    ]);
    // Anywhere in the container; not outside it.
    const onName = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 17, character: 10 }, end: { line: 17, character: 10 } }, context: { diagnostics: [] } });
    assert.equal(onName.filter((action) => action.command).length, 1);
    const onMetadata = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, context: { diagnostics: [] } });
    assert.deepEqual(onMetadata.filter((action) => action.command), []);
    assert.deepEqual(await client.request('kubePullPolicy/loadImageCommands', { uri, position: { line: 0, character: 0 } }), [expected]);
  });

  it('no load command on docker-desktop (it shares the Docker image store) nor on a cloud context', async () => {
    for (const kubeconfig of ['docker-desktop.yaml', 'cloud.yaml']) {
      const { client, firstStatus } = await clientWith(kubeconfig);
      const uri = `untitled:load-${kubeconfig}`;
      await client.open(uri, DEMOAPI);
      await withDeadline(firstStatus, 5000, 'the local context status');
      if (kubeconfig === 'docker-desktop.yaml') await client.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'local-image-pulled'));
      const range = { start: { line: 18, character: 20 }, end: { line: 18, character: 20 } };
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } });
      assert.deepEqual(actions.filter((action) => action.command), [], kubeconfig);
      assert.deepEqual(await client.request('kubePullPolicy/loadImageCommands', { uri }), [], kubeconfig);
    }
  });

  it('a cloud context, the setting off, or no Docker: only the ordinary findings', async () => {
    for (const [kubeconfig, enabled, socket] of [['cloud.yaml', true, docker.socket], ['docker-desktop.yaml', false, docker.socket], ['docker-desktop.yaml', true, '/nonexistent/docker.sock']] as const) {
      const { client, statuses, firstStatus } = await clientWith(kubeconfig, enabled, socket);
      const uri = `untitled:${kubeconfig}-${enabled}.yaml`;
      await client.open(uri, DEMOAPI);
      assert.deepEqual((await client.diagnosticsOfVersion(uri, 1)).map((d) => d.code), ['implicit-always']);
      if (enabled) {
        await withDeadline(firstStatus, 5000, 'the local context status');
        assert.equal((statuses[0] as { docker: boolean }).docker, false);
        // The status comes after the local query: nothing more is published.
        assert.deepEqual((await client.diagnosticsOfVersion(uri, 1)).map((d) => d.code), ['implicit-always']);
      }
    }
  });
});
