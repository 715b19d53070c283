// The Node side of the local context: kubeconfig merging, classification, the Docker client.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { dockerSocket, DockerEngine } from '../../server/src/host/docker';
import { readKubeContext } from '../../server/src/host/kubeconfig';
import { classifyContext } from '../../server/src/host/localCluster';
import { LocalProbe } from '../../server/src/host/localFacts';
import { startDockerServer, type Mode } from './dockerServer';

const KUBE = path.resolve(__dirname, '../fixtures/kubeconfig');
const kube = (...names: string[]) => names.map((name) => path.join(KUBE, name));
const DEMOAPI = { tag: 'registry/demoapi:latest', size: 212_000_000, created: '2026-12-05T13:00:00Z' };

describe('kubeconfig', () => {
  it('reads only the context, its cluster and server', () => {
    const context = readKubeContext(kube('docker-desktop.yaml'));
    assert.deepEqual(context, { context: 'docker-desktop', cluster: 'docker-desktop', server: 'https://kubernetes.docker.internal:6443' });
    assert.doesNotMatch(JSON.stringify(context), /SECRET|REDACTED/);
  });

  it('merges a KUBECONFIG list as kubectl does: the first file to set a value wins', () => {
    assert.deepEqual(readKubeContext(kube('merged-a.yaml', 'merged-b.yaml')), { context: 'kind-dev', cluster: 'kind-dev', server: 'https://127.0.0.1:41235' });
    assert.deepEqual(readKubeContext(kube('merged-a.yaml', 'merged-b.yaml'), 'prod'), { context: 'prod', cluster: 'prod', server: 'https://34.78.1.2' });
    assert.deepEqual(readKubeContext(kube('missing.yaml', 'kind.yaml')), { context: 'kind-dev', cluster: 'kind-dev', server: 'https://127.0.0.1:41235' });
  });

  it('says why when there is nothing to use', () => {
    assert.match((readKubeContext(kube('malformed.yaml')) as { error: string }).error, /not a valid kubeconfig/);
    assert.match((readKubeContext(kube('missing.yaml')) as { error: string }).error, /no current context/);
    assert.match((readKubeContext(kube('kind.yaml'), 'nope') as { error: string }).error, /no context named "nope"/);
  });
});

describe('classification', () => {
  const cases: [string, unknown][] = [
    ['docker-desktop.yaml', { kind: 'docker-desktop' }],
    ['kind.yaml', { kind: 'kind', name: 'dev' }],
    ['k3d.yaml', { kind: 'k3d', name: 'demo' }],
    ['minikube.yaml', { kind: 'minikube', name: 'minikube' }],
    ['rancher-desktop.yaml', { kind: 'rancher-desktop' }],
    ['orbstack.yaml', { kind: 'orbstack' }],
    ['colima.yaml', { kind: 'colima' }],
    ['microk8s.yaml', { kind: 'microk8s' }],
    ['loopback.yaml', { kind: 'loopback' }],
    ['cloud.yaml', undefined],
  ];
  for (const [file, expected] of cases) {
    it(file, () => {
      const context = readKubeContext(kube(file));
      assert.ok(!('error' in context));
      assert.deepEqual(classifyContext(context), expected);
    });
  }
  it('a renamed Docker Desktop context is known by its server', () => {
    assert.deepEqual(classifyContext({ context: 'mine', server: 'https://kubernetes.docker.internal:6443' }), { kind: 'docker-desktop' });
    assert.deepEqual(classifyContext({ context: 'x', server: 'https://host.docker.internal:6443' }), { kind: 'loopback' });
  });
});

describe('the Docker socket', () => {
  it('is found as the docker CLI finds it, never over the network', () => {
    assert.equal(dockerSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), '/run/user/1000/docker.sock');
    assert.equal(dockerSocket({ CONTAINER_HOST: 'unix:///run/podman/podman.sock' }), '/run/podman/podman.sock');
    assert.equal(dockerSocket({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }), '\\\\.\\pipe\\docker_engine');
    assert.match((dockerSocket({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }) as { error: string }).error, /not a local socket/);
    assert.equal(dockerSocket({}, 'darwin', '/Users/me', (file) => file === '/Users/me/.docker/run/docker.sock'), '/Users/me/.docker/run/docker.sock');
    assert.equal(dockerSocket({}, 'linux', '/home/me', () => true), '/var/run/docker.sock');
  });

  it('image inspect: present with size and date, or absent', async () => {
    const server = await startDockerServer('docker', [DEMOAPI]);
    try {
      const engine = new DockerEngine(server.socket);
      await engine.ping();
      assert.deepEqual(await engine.inspect('docker.io/registry/demoapi:latest'), { present: true, size: 212_000_000, created: Date.parse(DEMOAPI.created) });
      assert.deepEqual(await engine.inspect('docker.io/library/nginx:latest'), { present: false });
    } finally {
      await server.close();
    }
  });

  for (const mode of ['silent', 'garbage', 'huge', 'not-docker'] as Mode[]) {
    it(`a ${mode} socket gives no facts, one log line, within about a second`, async () => {
      const server = await startDockerServer(mode, [DEMOAPI]);
      const lines: string[] = [];
      try {
        const started = Date.now();
        const probe = new LocalProbe((line) => lines.push(line), { KUBECONFIG: kube('docker-desktop.yaml')[0], DOCKER_HOST: `unix://${server.socket}` });
        const facts = await probe.gather({ enabled: true }, ['docker.io/registry/demoapi:latest']);
        await probe.gather({ enabled: true }, ['docker.io/registry/demoapi:latest']);
        assert.ok(Date.now() - started < 2600, 'two runs of at most a second each');
        assert.equal(facts.docker, false);
        assert.deepEqual(facts.images, {});
        assert.equal(lines.length, 1, lines.join('\n'));
        assert.match(lines[0], /did not answer usefully/);
      } finally {
        await server.close();
      }
    });
  }

  it('a cloud context never asks Docker', async () => {
    const server = await startDockerServer('docker', [DEMOAPI]);
    try {
      const probe = new LocalProbe(() => {}, { KUBECONFIG: kube('cloud.yaml')[0], DOCKER_HOST: `unix://${server.socket}` });
      const facts = await probe.gather({ enabled: true }, ['docker.io/registry/demoapi:latest']);
      assert.deepEqual({ context: facts.context, cluster: facts.cluster, docker: facts.docker }, { context: 'gke_project_europe-west1_prod', cluster: undefined, docker: false });
      assert.deepEqual(server.requests, []);
    } finally {
      await server.close();
    }
  });

  it('asks once per distinct image and caches the answer', async () => {
    const server = await startDockerServer('docker', [DEMOAPI]);
    try {
      const probe = new LocalProbe(() => {}, { KUBECONFIG: kube('docker-desktop.yaml')[0], DOCKER_HOST: `unix://${server.socket}` });
      const refs = ['docker.io/registry/demoapi:latest', 'docker.io/registry/demoapi:latest', 'docker.io/library/nginx:latest'];
      const facts = await probe.gather({ enabled: true }, refs);
      await probe.gather({ enabled: true }, refs);
      assert.equal(facts.images['docker.io/registry/demoapi:latest'].present, true);
      assert.equal(facts.images['docker.io/library/nginx:latest'].present, false);
      assert.deepEqual(server.requests.filter((p) => p.startsWith('/images/')).sort(), ['/images/docker.io/library/nginx:latest/json', '/images/docker.io/registry/demoapi:latest/json']);
    } finally {
      await server.close();
    }
  });
});
