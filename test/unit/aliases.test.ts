// Aliases resolve as yaml itself resolves them (the last node before the alias with
// that anchor), although the analysis resolves all of a document's aliases in one walk.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: p }
x-defaults:
  policy: &policy Never
  image: &img registry.example.com/base:1.0
spec:
  containers:
  - name: one
    image: *img
    imagePullPolicy: *policy
  - name: two
    image: &img busybox
  - name: three
    image: *img
    imagePullPolicy: &policy Always
  - name: four
    image: *img
    imagePullPolicy: *policy
  initContainers:
  - &init { name: five, image: *img, imagePullPolicy: *policy }
  - name: six
    image: &img nginx@sha256:${'a'.repeat(64)}
  ephemeralContainers:
  - name: seven
    image: *img
`;

describe('aliases', () => {
  it('resolve to the nearest anchor before them, as yaml resolves them', () => {
    const expected = parseDocument(POD).toJS({ maxAliasCount: -1 }) as { spec: Record<string, { image: string; imagePullPolicy?: string }[]> };
    const containers = ['containers', 'initContainers', 'ephemeralContainers'].flatMap((list) => expected.spec[list]);
    const { documents } = analyze(POD, DEFAULT_SETTINGS);
    const sites = documents[0].analysis.sites.map(({ site }) => site);
    assert.deepEqual(
      sites.map((site) => [site.name, site.image?.value, site.policy?.value]),
      containers.map((container) => [(container as unknown as { name: string }).name, container.image, container.imagePullPolicy]),
    );
  });
});
