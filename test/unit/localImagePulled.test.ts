import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import { ago, humanSize, type LocalFacts } from '../../server/src/analysis/localContext';
import { allSites } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { runRuleTests } from './ruleTester';

const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');
const withPolicy = (policy: string) => DEMOAPI.replace('latest\n', `latest\n        imagePullPolicy: ${policy}\n`);
const NOW = Date.UTC(2026, 11, 6, 12);
const PRESENT = { 'docker.io/registry/demoapi:latest': { present: true, size: 212_000_000, created: NOW - 23 * 3600_000 } };

function facts(context: string, cluster: LocalFacts['cluster'], images: LocalFacts['images'] = PRESENT): { local: LocalFacts } {
  return { local: { context, cluster, docker: true, images, now: NOW } };
}
const desktop = facts('docker-desktop', { kind: 'docker-desktop' });
const kind = facts('kind-dev', { kind: 'kind', name: 'dev' });

runRuleTests('local-image-pulled', {
  valid: [
    { name: 'no local context', code: DEMOAPI },
    { name: 'a cloud context', code: DEMOAPI, context: facts('gke_p_z_c', undefined) },
    { name: 'the image is not local', code: DEMOAPI, context: facts('docker-desktop', { kind: 'docker-desktop' }, { 'docker.io/registry/demoapi:latest': { present: false } }) },
    { name: 'IfNotPresent is fine', code: withPolicy('IfNotPresent'), context: desktop },
    { name: 'AlwaysPullImages cannot be fixed here', code: DEMOAPI, context: desktop, settings: { assumeAlwaysPullImages: true } },
  ],
  invalid: [
    {
      name: 'the demoapi Deployment on docker-desktop',
      code: DEMOAPI,
      context: desktop,
      errors: [
        {
          line: 19, column: 16, endLine: 19, endColumn: 39,
          severity: 'warning',
          message:
            'registry/demoapi:latest is in your local Docker images, but on docker-desktop the kubelet pulls docker.io/registry/demoapi:latest first (imagePullPolicy defaults to Always for :latest) for container "demoapi-test-container", ' +
            'and unless the registry has it the pod fails with ErrImagePull. Set imagePullPolicy: IfNotPresent. ' +
            "IfNotPresent is enough on Docker Desktop's kubeadm cluster, which runs pods from the Docker Engine's own images; " +
            'Docker Desktop 4.38 and later can provision a kind cluster instead, under the same context name, and the kubeconfig does not tell which one this is.',
          fixes: [
            { title: 'Set imagePullPolicy: IfNotPresent', output: withPolicy('IfNotPresent'), preferred: true },
            { title: 'Set imagePullPolicy: Never', output: withPolicy('Never') },
          ],
        },
      ],
    },
    {
      name: 'kind gets the load advice, and an explicit Always counts',
      code: withPolicy('Always'),
      context: kind,
      errors: [
        {
          line: 19, column: 16, endLine: 19, endColumn: 39,
          message: /imagePullPolicy is Always.*kind-dev \(kind\) keeps its own image store: load the image with `kind load docker-image registry\/demoapi:latest --name dev`/,
          fixes: [
            { title: 'Set imagePullPolicy: IfNotPresent', output: withPolicy('IfNotPresent'), preferred: true },
            { title: 'Set imagePullPolicy: Never', output: withPolicy('Never') },
          ],
        },
      ],
    },
  ],
});

it('replaces implicit-always on that container, and gives it back when turned off', () => {
  const ids = (settings = DEFAULT_SETTINGS) => analyze(DEMOAPI, settings, desktop).findings.map((finding) => finding.ruleId);
  assert.deepEqual(ids(), ['local-image-pulled']);
  assert.deepEqual(ids({ ...DEFAULT_SETTINGS, rules: { 'local-image-pulled': 'off' } }), ['implicit-always']);
  assert.deepEqual(analyze(DEMOAPI, DEFAULT_SETTINGS, facts('prod', undefined)).findings.map((f) => f.ruleId), ['implicit-always']);
});

it('the hover says whether the image is local and which context is used', () => {
  const hover = (context: { local: LocalFacts }) => {
    const [{ site, effective }] = allSites(analyze(DEMOAPI, DEFAULT_SETTINGS, context));
    return imageHover(site, effective, context);
  };
  assert.match(hover(desktop), /Local image: present \(built 23 hours ago, 212 MB\)\n\nContext: `docker-desktop` \(local: Docker Desktop\)/);
  assert.match(hover(facts('kind-dev', { kind: 'kind', name: 'dev' }, { 'docker.io/registry/demoapi:latest': { present: false } })), /Local image: not present locally\n\nContext: `kind-dev` \(local: kind\)/);
  assert.match(hover(facts('prod', undefined, {})), /Local image: not checked \(the context is not a local cluster\)\n\nContext: `prod` \(not a local cluster\)/);
  assert.match(hover({ local: { ...desktop.local, docker: false } }), /Local image: unknown \(the local Docker Engine did not answer\)/);
});

it('sizes and ages read like the Docker CLI', () => {
  assert.equal(humanSize(212_345_678), '212 MB');
  assert.equal(humanSize(999), '999 B');
  assert.equal(humanSize(1_530_000_000), '1.53 GB');
  assert.equal(ago(23 * 3600_000), '23 hours ago');
  assert.equal(ago(3 * 86400_000), '3 days ago');
  assert.equal(ago(30_000), 'less than a minute ago');
});
