import assert from 'node:assert/strict';
import * as path from 'node:path';
import { it } from 'node:test';
import { parseKustomization } from '../../server/src/workspace/kustomizationFile';

const FILE = path.resolve('/repo/overlays/prod/kustomization.yaml');
const at = (relative: string) => path.resolve(path.dirname(FILE), relative);

it('reads references, patches and images as kustomize does', () => {
  const k = parseKustomization(
    [
      'kind: Kustomization',
      'bases: [../../legacy]',
      'resources:',
      '  - ../../base',
      '  - ./extra.yaml',
      '  - https://example.com/remote.yaml',
      'components: [../../components/a]',
      'patches:',
      '  - path: p1.yaml',
      '    target: {group: apps, kind: Deployment, name: "web-.*", labelSelector: "a=b"}',
      '  - patch: "inline"',
      '  - path: p2.yaml',
      'patchesStrategicMerge:',
      '  - p3.yaml',
      '  - "apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: x}"',
      '  - |',
      '    kind: ConfigMap',
      'patchesJson6902:',
      '  - target: {version: v1, kind: Service, name: web}',
      '    path: p4.yaml',
      'images:',
      '  - name: a',
      '    newTag: 1.20',
      '  - name: b',
      '    newName: reg.io/b',
      '    digest: sha256:abc',
      '  - newTag: orphan',
      '  - name: c',
      '    newTag: ~',
      '',
    ].join('\n'),
    FILE,
  );
  assert.deepEqual(k, {
    file: FILE,
    dir: path.dirname(FILE),
    component: false,
    // kustomize appends the deprecated `bases` to `resources`.
    resources: [at('../../base'), at('extra.yaml'), at('../../legacy')],
    components: [at('../../components/a')],
    patches: [
      { file: at('p1.yaml'), target: { kind: 'Deployment', name: 'web-.*' } },
      { file: at('p2.yaml') },
      { file: at('p3.yaml') },
      { file: at('p4.yaml'), target: { kind: 'Service', name: 'web' } },
    ],
    images: [{ name: 'a', newTag: '1.20' }, { name: 'b', newName: 'reg.io/b', digest: 'sha256:abc' }, { name: 'c' }],
  });
});

it('knows components, and refuses what is not a YAML mapping', () => {
  assert.equal(parseKustomization('apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n', FILE)?.component, true);
  for (const text of ['', '- a\n', 'resources: [a\n', 'key: [unclosed', 'just text']) {
    assert.equal(parseKustomization(text, FILE), undefined, JSON.stringify(text));
  }
});
