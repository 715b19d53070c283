// Custom resources that embed containers: every container is found, with its
// field path and the policy the API server gives the pods their controllers create.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import { allSites } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS, settingsFrom } from '../../server/src/analysis/settings';

const fixture = (name: string) => readFileSync(path.resolve(__dirname, '../fixtures/crds', name), 'utf8');
const summary = (text: string, settings = DEFAULT_SETTINGS) =>
  allSites(analyze(text, settings)).map(({ site, effective }) => `${site.kind} ${site.fieldPath} ${effective.policy}`);

const EXPECTED: Record<string, string[]> = {
  'rollout.yaml': ['container spec.template.spec.containers[0] Always'],
  'knative-service.yaml': ['container spec.template.spec.containers[0] Always'],
  'cloneset.yaml': ['container spec.template.spec.containers[0] IfNotPresent'],
  'argo-workflow.yaml': [
    'container spec.templates[0].container Always',
    'initContainer spec.templates[0].initContainers[0] IfNotPresent',
    'sidecar spec.templates[0].sidecars[0] Always',
    'container spec.templates[1].script IfNotPresent',
  ],
  'tekton-task.yaml': ['step spec.steps[0] Always', 'sidecar spec.sidecars[0] IfNotPresent'],
  'keda-scaledjob.yaml': ['container spec.jobTargetRef.template.spec.containers[0] Always'],
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  it(`finds the containers of ${name}`, () => {
    assert.deepEqual(summary(fixture(name)), expected);
  });
}

it('a core Service is not a Knative Service', () => {
  assert.deepEqual(summary(fixture('knative-service.yaml').replace('serving.knative.dev/v1', 'v1')), []);
});

it('the Knative hover says tags are resolved to digests', () => {
  const [{ site, effective }] = allSites(analyze(fixture('knative-service.yaml'), DEFAULT_SETTINGS));
  assert.match(imageHover(site, effective), /Knative resolves the tag to a digest/);
});

it('kubePullPolicy.podSpecPaths adds more kinds, by group or apiVersion', () => {
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nspec:\n  pods:\n  - template:\n      containers:\n      - image: nginx\n';
  assert.deepEqual(summary(widget), []);
  assert.deepEqual(summary(widget, settingsFrom({ podSpecPaths: { 'example.com/Widget': ['spec.pods[].template'] } })), ['container spec.pods[0].template.containers[0] Always']);
  assert.deepEqual(summary(widget, settingsFrom({ podSpecPaths: { 'example.com/v1/Widget': 'spec.pods[].template' } })), ['container spec.pods[0].template.containers[0] Always']);
});
