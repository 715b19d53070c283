// The command that loads a local image into a kind, k3d or minikube cluster: one table
// gives the argv that runs, the hover and message text, and the generic advice.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import {
  commandLine,
  containerLoadCommand,
  loadCommand,
  localClusterAdvice,
  storeNote,
  type LocalCluster,
  type LocalClusterKind,
  type LocalFacts,
} from '../../server/src/analysis/localContext';
import { allSites, imageLoads } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');
const IMAGE = 'registry/demoapi:latest';
const PULLED = 'docker.io/registry/demoapi:latest';
const facts = (context: string, cluster: LocalCluster | undefined, present = true): LocalFacts => ({
  context,
  ...(cluster ? { cluster } : {}),
  docker: true,
  images: { [PULLED]: { present } },
  now: 0,
});
const sites = (text: string, local?: LocalFacts) => allSites(analyze(text, DEFAULT_SETTINGS, local ? { local } : {}));

describe('load commands', () => {
  it('are an argv per tool, always naming the cluster, default names included', () => {
    assert.deepEqual(loadCommand({ kind: 'kind', name: 'dev' }, IMAGE), { program: 'kind', args: ['load', 'docker-image', IMAGE, '--name', 'dev'] });
    assert.deepEqual(loadCommand({ kind: 'kind', name: 'kind' }, IMAGE), { program: 'kind', args: ['load', 'docker-image', IMAGE, '--name', 'kind'] });
    assert.deepEqual(loadCommand({ kind: 'k3d', name: 'k3s-default' }, IMAGE), { program: 'k3d', args: ['image', 'import', IMAGE, '--cluster', 'k3s-default'] });
    assert.deepEqual(loadCommand({ kind: 'minikube', name: 'minikube' }, IMAGE), { program: 'minikube', args: ['image', 'load', IMAGE, '--profile', 'minikube'] });
    assert.equal(commandLine(loadCommand({ kind: 'kind', name: 'dev' }, IMAGE)!), `kind load docker-image ${IMAGE} --name dev`);
  });

  it('exist only for clusters with their own image store', () => {
    for (const kind of ['docker-desktop', 'rancher-desktop', 'orbstack', 'colima', 'microk8s', 'loopback'] as LocalClusterKind[]) {
      assert.equal(loadCommand({ kind, name: 'x' }, IMAGE), undefined, kind);
    }
    assert.equal(loadCommand({ kind: 'kind' }, IMAGE), undefined, 'no cluster name, no command: the tool would pick its default');
  });

  it('refuse cluster names outside letters, digits, `.`, `_`, `-` and names starting with `-`', () => {
    for (const name of ['-dev', '--help', 'a b', 'dev;rm -rf ~', '$(id)', '`id`', 'a/b', 'a\nb', 'dév', "o'k"]) {
      assert.equal(loadCommand({ kind: 'kind', name }, IMAGE), undefined, JSON.stringify(name));
    }
    assert.ok(loadCommand({ kind: 'kind', name: 'my_cluster-1.2' }, IMAGE));
  });

  it('refuse images that are not a reference', () => {
    for (const image of ['', '--help', '-x', 'a b', 'Registry/App', 'app;id', 'app:$(id)', 'app:`id`', "app'1"]) {
      assert.equal(loadCommand({ kind: 'kind', name: 'dev' }, image), undefined, JSON.stringify(image));
    }
    assert.ok(loadCommand({ kind: 'kind', name: 'dev' }, `localhost:5000/team/app:1.2@sha256:${'a'.repeat(64)}`));
  });

  it('the message and hover show the command that runs', () => {
    for (const cluster of [{ kind: 'kind', name: 'dev' }, { kind: 'k3d', name: 'demo' }, { kind: 'minikube', name: 'minikube' }] as LocalCluster[]) {
      const local = facts(`${cluster.kind}-x`, cluster);
      const line = commandLine(loadCommand(cluster, IMAGE)!);
      assert.ok(storeNote(local, cluster, IMAGE).includes(`\`${line}\``), cluster.kind);
      const [{ site, effective }] = sites(DEMOAPI, local);
      assert.ok(imageHover(site, effective, { local }).includes(`\`${line}\``), cluster.kind);
    }
    // A refused name gets the tool's command without arguments, never the name.
    assert.match(storeNote(facts('kind-x', { kind: 'kind', name: '$(id)' }), { kind: 'kind', name: '$(id)' }, IMAGE), /load the image with `kind load docker-image` \(after each build\)/);
  });

  it('the generic advice takes its commands from the same table, and gives way to the local context', () => {
    const advice = localClusterAdvice(IMAGE);
    for (const [kind, name] of [['kind', 'CLUSTER'], ['k3d', 'CLUSTER'], ['minikube', 'CLUSTER']] as const) {
      assert.ok(advice.includes(`\`${commandLine(loadCommand({ kind, name }, IMAGE)!)}\``), kind);
    }
    const [{ site, effective }] = sites(DEMOAPI);
    assert.ok(imageHover(site, effective).includes(advice));
    for (const local of [facts('kind-dev', { kind: 'kind', name: 'dev' }), facts('docker-desktop', { kind: 'docker-desktop' }), facts('prod', undefined)]) {
      const [withFacts] = sites(DEMOAPI, local);
      assert.doesNotMatch(imageHover(withFacts.site, withFacts.effective, { local }), /Image built locally\?/, local.context);
    }
  });

  it('Docker Desktop: IfNotPresent is said to be enough for its kubeadm cluster only', () => {
    const note = storeNote(facts('docker-desktop', { kind: 'docker-desktop' }), { kind: 'docker-desktop' }, IMAGE);
    assert.match(note, /kubeadm cluster/);
    assert.match(note, /does not tell which one this is/);
  });
});

describe('the containers that get a load command', () => {
  const kind = facts('kind-dev', { kind: 'kind', name: 'dev' });
  it('those whose image is local, on kind, k3d or minikube, whatever the policy', () => {
    const [{ effective }] = sites(DEMOAPI, kind);
    assert.deepEqual(containerLoadCommand(kind, effective), loadCommand({ kind: 'kind', name: 'dev' }, IMAGE));
    const explicit = DEMOAPI.replace('latest\n', 'latest\n        imagePullPolicy: IfNotPresent\n');
    assert.ok(containerLoadCommand(kind, sites(explicit, kind)[0].effective));
    assert.equal(containerLoadCommand(facts('kind-dev', { kind: 'kind', name: 'dev' }, false), effective), undefined, 'not local');
    assert.equal(containerLoadCommand(facts('docker-desktop', { kind: 'docker-desktop' }), effective), undefined, 'shares the store');
    assert.equal(containerLoadCommand(facts('prod', undefined), effective), undefined, 'not a local cluster');
    assert.equal(containerLoadCommand(undefined, effective), undefined, 'local context off');
  });

  it('one per distinct command, with every container it is for', () => {
    const twice = `${DEMOAPI}---\n${DEMOAPI.replace('demoapi-test-deployment', 'other')}`;
    const loads = imageLoads(analyze(twice, DEFAULT_SETTINGS, { local: kind }));
    assert.equal(loads.length, 1);
    assert.equal(loads[0].title, `Load ${IMAGE} into kind cluster dev`);
    assert.deepEqual(loads[0].containers, ['container "demoapi-test-container" (Deployment demoapi-test-deployment)', 'container "demoapi-test-container" (Deployment other)']);
    assert.equal(loads[0].spans.length, 2);
    assert.ok(loads[0].spans[1][0] > DEMOAPI.length, 'spans are the file\'s');
  });
});
