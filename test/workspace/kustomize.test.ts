import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import { allSites, policyHints } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { setOmittedPolicies } from '../../server/src/analysis/sourceActions';
import { createWorkspaceIndex, isLayoutFile } from '../../server/src/workspace/kustomize';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem';

const REPO = path.resolve(__dirname, '../fixtures/repo');
const at = (relative: string) => path.join(REPO, relative);
const PROD_DIGEST = 'sha256:4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b';
const BASE_IMAGES = { kustomization: 'base/kustomization.yaml', images: [{ name: 'example/log-shipper', newTag: '2.10' }] };
const DEV = {
  kustomization: 'overlays/dev/kustomization.yaml',
  images: [{ name: 'example/log-shipper', newTag: '2.10' }, { name: 'example/web', newName: 'registry.example.com/dev/web' }],
};
const PROD = {
  kustomization: 'overlays/prod/kustomization.yaml',
  images: [{ name: 'example/log-shipper', digest: PROD_DIGEST }, { name: 'example/web', newTag: 'v1.4.2' }],
};
/** prod's own images, for files that reach prod other than through the base. */
const PROD_OWN = [{ name: 'example/web', newTag: 'v1.4.2' }, { name: 'example/log-shipper', digest: PROD_DIGEST }];

describe('contextFor on the fixture repository', () => {
  const index = createWorkspaceIndex([REPO], { fs: nodeFileSystem });

  it('gives a base resource the images of its kustomization and every overlay with its whole chain', () => {
    assert.deepEqual(index.contextFor(at('base/deployment.yaml')), { images: BASE_IMAGES, overlays: [DEV, PROD] });
    assert.deepEqual(index.contextFor(at('base/service.yaml')), { images: BASE_IMAGES, overlays: [DEV, PROD] });
  });

  it('finds strategic-merge patches and names the base object they patch', () => {
    assert.deepEqual(index.contextFor(at('overlays/prod/deployment-patch.yaml')).kustomizePatch, {
      kustomization: 'overlays/prod/kustomization.yaml',
      base: 'base/deployment.yaml',
    });
    // Legacy patchesStrategicMerge.
    assert.deepEqual(index.contextFor(at('overlays/dev/replicas-patch.yaml')), {
      kustomizePatch: { kustomization: 'overlays/dev/kustomization.yaml', base: 'base/deployment.yaml' },
      images: { kustomization: 'overlays/dev/kustomization.yaml', images: [{ name: 'example/web', newName: 'registry.example.com/dev/web' }] },
    });
  });

  it('finds JSON 6902 patches through their target', () => {
    assert.deepEqual(index.contextFor(at('overlays/prod/history-patch.yaml')), {
      kustomizePatch: { kustomization: 'overlays/prod/kustomization.yaml', base: 'base/deployment.yaml' },
      images: { kustomization: 'overlays/prod/kustomization.yaml', images: PROD_OWN },
    });
  });

  it("finds a component's patch, its base in the kustomization that uses the component", () => {
    assert.deepEqual(index.contextFor(at('components/monitoring/metrics-port-patch.yaml')), {
      kustomizePatch: { kustomization: 'components/monitoring/kustomization.yaml', base: 'base/deployment.yaml' },
      overlays: [{ kustomization: 'overlays/prod/kustomization.yaml', images: PROD_OWN }],
    });
    assert.deepEqual(index.contextFor(at('components/monitoring/service-monitor.yaml')), {
      overlays: [{ kustomization: 'overlays/prod/kustomization.yaml', images: PROD_OWN }],
    });
  });

  it('marks Helm chart templates, also in subfolders of templates/', () => {
    for (const file of ['templates/deployment.yaml', 'templates/service.yaml', 'templates/tests/test-connection.yaml']) {
      assert.deepEqual(index.contextFor(at(`charts/web/${file}`)), { helmTemplate: true }, file);
    }
  });

  it('gives layout files and files in no kustomization no context', () => {
    for (const file of ['base/kustomization.yaml', 'overlays/prod/kustomization.yaml', 'charts/web/Chart.yaml', 'standalone/debug-pod.yaml']) {
      assert.deepEqual(index.contextFor(at(file)), {}, file);
    }
    assert.deepEqual(index.contextFor('/nowhere/at/all.yaml'), {});
  });

  it('gives a chart values file its chart, appVersion and the image blocks the templates use', () => {
    assert.deepEqual(index.contextFor(at('charts/web/values.yaml')), {
      helmValues: { chart: 'charts/web/Chart.yaml', appVersion: '1.4.2', verifiedPaths: ['image'] },
    });
  });

  it('ignores a kustomization whose fields have the wrong shape', () => {
    assert.deepEqual(index.contextFor(at('broken/configmap.yaml')), {});
  });

  it('resolves relative paths and caches', () => {
    const relative = path.relative(process.cwd(), at('base/deployment.yaml'));
    assert.equal(index.contextFor(relative), index.contextFor(at('base/deployment.yaml')));
  });

  it('shows paths relative to their root, with forward slashes', () => {
    assert.equal(index.displayPath(at('overlays/prod/kustomization.yaml')), 'overlays/prod/kustomization.yaml');
    assert.equal(index.displayPath('/elsewhere/x.yaml'), path.resolve('/elsewhere/x.yaml').split(path.sep).join('/'));
  });
});

describe('the core with these contexts, over every YAML file of the fixture repository', () => {
  const index = createWorkspaceIndex([REPO], { fs: nodeFileSystem });
  const files = yamlFiles(REPO);
  const analysisOf = (file: string) => analyze(readFileSync(file, 'utf8'), DEFAULT_SETTINGS, index.contextFor(file));

  it('finds what is really there and nothing else', () => {
    const expected: Record<string, string[]> = {
      // Written example/web:latest → Always; example/log-shipper becomes :2.10 by the base's images → IfNotPresent.
      'base/deployment.yaml': ['implicit-always example/web:latest Always', 'implicit-if-not-present example/log-shipper:2.10 IfNotPresent'],
    };
    assert.ok(files.length >= 19, `${files.length} files`);
    for (const file of files) {
      const relative = path.relative(REPO, file).split(path.sep).join('/');
      const found = analysisOf(file).findings.map((finding) => `${finding.ruleId} ${finding.image} ${finding.effectivePolicy}`);
      assert.deepEqual(found, expected[relative] ?? [], relative);
    }
  });

  it('leaves patches, templates and layout files alone when omitted policies are written (--fix, fix-all)', () => {
    const edited = files.filter((file) => setOmittedPolicies(analysisOf(file), (policy) => policy).length > 0);
    assert.deepEqual(edited.map((file) => path.relative(REPO, file).split(path.sep).join('/')), ['base/deployment.yaml']);
  });

  it('would report false findings without the contexts', () => {
    const bare = (relative: string) => analyze(readFileSync(at(relative), 'utf8'), DEFAULT_SETTINGS).findings.map((finding) => finding.ruleId);
    assert.deepEqual(bare('overlays/prod/deployment-patch.yaml'), ['missing-image']);
    assert.deepEqual(bare('base/deployment.yaml'), ['implicit-always', 'implicit-always']);
    // Helm's test hook: `{{ … }}` only inside quoted strings, so only the Chart.yaml context says it is a template.
    assert.deepEqual(bare('charts/web/templates/tests/test-connection.yaml'), []);
  });

  it('treats chart templates as templates: no syntax errors, no findings, no sites', () => {
    for (const file of files.filter((file) => file.includes(`${path.sep}templates${path.sep}`))) {
      const analysis = analysisOf(file);
      assert.ok(analysis.documents.every((doc) => doc.analysis.template), file);
      assert.deepEqual(allSites(analysis), [], file);
    }
  });

  it('hints patches as coming from the base, and base images as the kustomization sets them', () => {
    // The editor's buffer of the prod patch once someone adds an image to it.
    const file = at('overlays/prod/deployment-patch.yaml');
    const edited = readFileSync(file, 'utf8').replace('        - name: web\n', '        - name: web\n          image: example/web:latest\n');
    const analysis = analyze(edited, DEFAULT_SETTINGS, index.contextFor(file));
    assert.deepEqual(analysis.findings, []);
    const [patchHint] = policyHints(analysis);
    assert.equal(patchHint.label, 'imagePullPolicy: from the kustomize base');
    assert.match(patchHint.tooltip, /patch in overlays\/prod\/kustomization\.yaml of base\/deployment\.yaml/);
    // Patches run before the images transformer, so prod's images rewrite the patched image too.
    const [site] = allSites(analysis);
    assert.equal(site.effective.image, 'example/web:v1.4.2');
    const labels = policyHints(analysisOf(at('base/deployment.yaml'))).map((hint) => hint.label);
    assert.deepEqual(labels, ['imagePullPolicy: Always', 'imagePullPolicy: IfNotPresent — kustomize sets tag 2.10']);
  });

  it('lists the policy of both overlays in the hover of the base image', () => {
    const file = at('base/deployment.yaml');
    const [web, shipper] = allSites(analysisOf(file));
    const webHover = imageHover(web.site, web.effective, index.contextFor(file));
    assert.match(webHover, /\*\*Effective imagePullPolicy: `Always`\*\*/);
    assert.match(webHover, /- overlays\/dev\/kustomization\.yaml: `registry\.example\.com\/dev\/web:latest` → Always/);
    assert.match(webHover, /- overlays\/prod\/kustomization\.yaml: `example\/web:v1\.4\.2` → IfNotPresent/);
    const shipperHover = imageHover(shipper.site, shipper.effective, index.contextFor(file));
    assert.match(shipperHover, /the `images:` of base\/kustomization\.yaml rewrites it \(kustomize sets tag 2\.10\)/);
    assert.match(shipperHover, /- overlays\/dev\/kustomization\.yaml: `example\/log-shipper:2\.10` → IfNotPresent/);
    assert.match(shipperHover, new RegExp(`- overlays/prod/kustomization\\.yaml: \`example/log-shipper@${PROD_DIGEST}\` → IfNotPresent`));
  });
});

describe('layouts built on the fly', () => {
  const temp = mkdtempSync(path.join(tmpdir(), 'kpp-workspace-'));
  after(() => rmSync(temp, { recursive: true, force: true }));
  let count = 0;
  /** Writes files (path → text) into a fresh directory and returns it. */
  function layout(files: Record<string, string>): string {
    const root = path.join(temp, String(count++));
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  }
  const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: a\n';

  it('ignores kustomizations that are not YAML, and never throws', () => {
    const root = layout({
      'k/kustomization.yaml': 'resources: [app.yaml\nimages: {{ broken\n',
      'k/app.yaml': DEPLOYMENT,
      'k2/kustomization.yaml': '- just\n- a list\n',
      'k2/app.yaml': DEPLOYMENT,
      'k3/kustomization.yaml': '',
      'k4/kustomization.yaml': 'resources: &r [app.yaml]\nbases: *r\nimages: [*nope]\n',
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.deepEqual(index.contextFor(path.join(root, 'k/app.yaml')), {});
    assert.deepEqual(index.contextFor(path.join(root, 'k2/app.yaml')), {});
    assert.deepEqual(createWorkspaceIndex([path.join(root, 'missing')], { fs: nodeFileSystem }).contextFor(path.join(root, 'k/app.yaml')), {});
  });

  it('accepts kustomization.yml and Kustomization, string tags from numbers, aliases', () => {
    const root = layout({
      'a/kustomization.yml': 'resources: [app.yaml]\nimages:\n  - name: a\n    newTag: 1.10\n',
      'a/app.yaml': DEPLOYMENT,
      'b/Kustomization': 'tag: &t "7"\nresources: [app.yaml]\nimages:\n  - name: a\n    newTag: *t\n',
      'b/app.yaml': DEPLOYMENT,
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.deepEqual(index.contextFor(path.join(root, 'a/app.yaml')).images, { kustomization: 'a/kustomization.yml', images: [{ name: 'a', newTag: '1.10' }] });
    assert.deepEqual(index.contextFor(path.join(root, 'b/app.yaml')).images, { kustomization: 'b/Kustomization', images: [{ name: 'a', newTag: '7' }] });
  });

  it('skips inline patches, remote resources and node_modules', () => {
    const root = layout({
      'kustomization.yaml': [
        'resources:',
        '  - https://github.com/example/repo/deploy?ref=v1',
        '  - github.com/example/repo//deploy',
        '  - app.yaml',
        'patchesStrategicMerge:',
        '  - |-',
        '    apiVersion: apps/v1',
        '    kind: Deployment',
        '    metadata: {name: app}',
        '  - patch.yaml',
        'patches:',
        '  - patch: "[{op: remove, path: /spec/replicas}]"',
        '    target: {kind: Deployment}',
        '',
      ].join('\n'),
      'app.yaml': DEPLOYMENT,
      'patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n',
      'node_modules/pkg/kustomization.yaml': 'resources: [../../app.yaml]\nimages: [{name: a, newTag: v9}]\n',
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.deepEqual(index.contextFor(path.join(root, 'app.yaml')), {});
    assert.deepEqual(index.contextFor(path.join(root, 'patch.yaml')), { kustomizePatch: { kustomization: 'kustomization.yaml', base: 'app.yaml' } });
  });

  it('matches patch targets as kustomize does: anchored regular expressions, kind alone', () => {
    const root = layout({
      'kustomization.yaml': [
        'resources: [other.yaml, app.yaml]',
        'patches:',
        '  - path: by-regex.yaml',
        '    target: {kind: Deploy.*, name: ap+}',
        '  - path: by-kind.yaml',
        '    target: {kind: Deployment}',
        '  - path: no-match.yaml',
        '    target: {kind: Deployment, name: pp}',
        '',
      ].join('\n'),
      'other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n',
      'app.yaml': DEPLOYMENT,
      'by-regex.yaml': '- op: add\n  path: /spec/paused\n  value: true\n',
      'by-kind.yaml': '- op: add\n  path: /spec/paused\n  value: true\n',
      'no-match.yaml': '- op: add\n  path: /spec/paused\n  value: true\n',
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.equal(index.contextFor(path.join(root, 'by-regex.yaml')).kustomizePatch?.base, 'app.yaml');
    assert.equal(index.contextFor(path.join(root, 'by-kind.yaml')).kustomizePatch?.base, 'app.yaml');
    assert.deepEqual(index.contextFor(path.join(root, 'no-match.yaml')).kustomizePatch, { kustomization: 'kustomization.yaml' });
  });

  it('chains images through levels and components in kustomize order', () => {
    const root = layout({
      'base/kustomization.yaml': 'resources: [app.yaml]\nimages: [{name: a, newName: b, newTag: v1}]\n',
      'base/app.yaml': DEPLOYMENT,
      // An entry for the original name no longer matches what the base produced; one for the new name does.
      'mid/kustomization.yaml': 'resources: [../base]\nimages: [{name: a, newTag: never}, {name: b, newTag: v2}]\n',
      'top/kustomization.yaml': 'resources: [../mid]\ncomponents: [../c1, ../c2]\nimages: [{name: b, newName: reg.io/b}]\n',
      'c1/kustomization.yaml': 'kind: Component\nresources: [extra.yaml]\nimages: [{name: b, digest: "sha256:111"}]\n',
      'c1/extra.yaml': DEPLOYMENT.replace('name: app\nspec', 'name: extra\nspec'),
      'c2/kustomization.yaml': 'kind: Component\nimages: [{name: b, newTag: v3}, {name: a, newTag: c2}]\n',
      'plain/kustomization.yaml': 'resources: [../top]\n',
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    const base = index.contextFor(path.join(root, 'base/app.yaml'));
    assert.deepEqual(base.images, { kustomization: 'base/kustomization.yaml', images: [{ name: 'a', newName: 'b', newTag: 'v1' }] });
    // `plain` sets no images of its own: building it gives what `top` gives, so it is not listed.
    assert.deepEqual(base.overlays, [
      { kustomization: 'mid/kustomization.yaml', images: [{ name: 'a', newName: 'b', newTag: 'v2' }, { name: 'b', newTag: 'v2' }] },
      // base → mid → c1 (digest) → c2 (tag v3) → top (name).
      { kustomization: 'top/kustomization.yaml', images: [{ name: 'a', newName: 'reg.io/b', newTag: 'v3' }, { name: 'b', newName: 'reg.io/b', newTag: 'v3' }] },
    ]);
    // A resource of component c1: c1's images, then c2's, then top's; not mid's or the base's.
    assert.deepEqual(index.contextFor(path.join(root, 'c1/extra.yaml')), {
      images: { kustomization: 'c1/kustomization.yaml', images: [{ name: 'b', digest: 'sha256:111' }] },
      overlays: [{ kustomization: 'top/kustomization.yaml', images: [{ name: 'b', newName: 'reg.io/b', newTag: 'v3' }, { name: 'a', newTag: 'c2' }] }],
    });
  });

  it('prefers the kustomization in the file’s own directory when several list it', () => {
    const root = layout({
      'app/kustomization.yaml': 'resources: [app.yaml]\nimages: [{name: a, newTag: own}]\n',
      'app/app.yaml': DEPLOYMENT,
      'kustomization.yaml': 'resources: [app/app.yaml]\nimages: [{name: a, newTag: outer}]\n',
    });
    const context = createWorkspaceIndex([root], { fs: nodeFileSystem }).contextFor(path.join(root, 'app/app.yaml'));
    assert.deepEqual(context, {
      images: { kustomization: 'app/kustomization.yaml', images: [{ name: 'a', newTag: 'own' }] },
      overlays: [{ kustomization: 'kustomization.yaml', images: [{ name: 'a', newTag: 'outer' }] }],
    });
  });

  it('reads kustomizations just above a file and referenced bases outside the roots', () => {
    const root = layout({
      'base/kustomization.yaml': 'resources: [app.yaml]\nimages: [{name: a, newTag: base}]\n',
      'base/app.yaml': DEPLOYMENT,
      'overlay/kustomization.yaml': 'resources: [../base]\npatches: [{path: patch.yaml}]\n',
      'overlay/patch.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n',
    });
    // Only the overlay is a root: its base is outside, and still read.
    const index = createWorkspaceIndex([path.join(root, 'overlay')], { fs: nodeFileSystem });
    assert.deepEqual(index.contextFor(path.join(root, 'overlay/patch.yaml')).kustomizePatch, {
      kustomization: 'kustomization.yaml',
      base: path.join(root, 'base/app.yaml').split(path.sep).join('/'),
    });
    // No roots at all: the kustomization next to the file is still read.
    assert.deepEqual(createWorkspaceIndex([], { fs: nodeFileSystem }).contextFor(path.join(root, 'base/app.yaml')).images?.images, [{ name: 'a', newTag: 'base' }]);
  });

  it('sees changes after invalidate, and only then', () => {
    const root = layout({ 'kustomization.yaml': 'resources: [app.yaml]\nimages: [{name: a, newTag: v1}]\n', 'app.yaml': DEPLOYMENT });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    const file = path.join(root, 'app.yaml');
    assert.equal(index.contextFor(file).images?.images[0].newTag, 'v1');
    writeFileSync(path.join(root, 'kustomization.yaml'), 'resources: [app.yaml]\nimages: [{name: a, newTag: v2}]\n');
    assert.equal(index.contextFor(file).images?.images[0].newTag, 'v1');
    index.invalidate(path.join(root, 'app.yaml'));
    assert.equal(index.contextFor(file).images?.images[0].newTag, 'v1', 'a manifest change does not re-read kustomizations');
    index.invalidate(path.join(root, 'kustomization.yaml'));
    assert.equal(index.contextFor(file).images?.images[0].newTag, 'v2');
    writeFileSync(path.join(root, 'kustomization.yaml'), 'resources: [app.yaml]\n');
    index.invalidate();
    assert.deepEqual(index.contextFor(file), {});
    assert.ok(isLayoutFile('/x/Kustomization') && isLayoutFile('chart/Chart.yaml') && !isLayoutFile('/x/values.yaml'));
  });

  it('does not follow symbolic links, and survives reference cycles', () => {
    const outside = layout({ 'kustomization.yaml': 'resources: [../inside/app.yaml]\nimages: [{name: a, newTag: outside}]\n' });
    const root = layout({
      'app.yaml': DEPLOYMENT,
      'x/kustomization.yaml': 'resources: [../y]\n',
      'y/kustomization.yaml': 'resources: [../x, ../app.yaml]\nimages: [{name: a, newTag: y}]\n',
    });
    symlinkSync(root, path.join(root, 'loop'), 'dir');
    symlinkSync(outside, path.join(root, 'out'), 'dir');
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.deepEqual(index.contextFor(path.join(root, 'app.yaml')), { images: { kustomization: 'y/kustomization.yaml', images: [{ name: 'a', newTag: 'y' }] } });
  });

  it('stops walking at the limits', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`d${i}/kustomization.yaml`] = 'resources: [app.yaml]\nimages: [{name: a, newTag: v}]\n';
    const root = layout(files);
    const limited = createWorkspaceIndex([root], { fs: nodeFileSystem, maxDirectories: 5 });
    // Unwalked directories are still read when a file in them asks.
    assert.equal(limited.contextFor(path.join(root, 'd29/app.yaml')).images?.kustomization, 'd29/kustomization.yaml');
  });

  it('treats templates/ as a chart’s only below a Chart.yaml, also in subcharts', () => {
    const root = layout({
      'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 1.0.0\n',
      'chart/templates/a.yaml': 'x: {{ .Values.x }}\n',
      'chart/templates/deep/b.yaml': 'x: 1\n',
      'chart/charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'chart/charts/sub/templates/c.yaml': 'x: 1\n',
      'chart/docs/templates/d.yaml': 'x: 1\n',
      'notachart/templates/e.yaml': 'x: 1\n',
    });
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    const helm = (file: string) => index.contextFor(path.join(root, file)).helmTemplate === true;
    assert.deepEqual(
      ['chart/templates/a.yaml', 'chart/templates/deep/b.yaml', 'chart/charts/sub/templates/c.yaml', 'chart/docs/templates/d.yaml', 'notachart/templates/e.yaml'].map(helm),
      [true, true, true, false, false],
    );
  });

  it('indexes 5,000 YAML files and 200 kustomizations in well under a second', () => {
    const files: Record<string, string> = {};
    for (let app = 0; app < 100; app++) {
      const resources = Array.from({ length: 25 }, (_, i) => `r${i}.yaml`);
      files[`apps/app${app}/base/kustomization.yaml`] = `resources:\n${resources.map((r) => `  - ${r}`).join('\n')}\nimages:\n  - name: a\n    newTag: base\n`;
      for (const resource of resources) files[`apps/app${app}/base/${resource}`] = DEPLOYMENT;
      files[`apps/app${app}/overlays/prod/kustomization.yaml`] = 'resources: [../../base]\npatches: [{path: patch.yaml}]\nimages: [{name: a, newTag: prod}]\n';
      files[`apps/app${app}/overlays/prod/patch.yaml`] = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  replicas: 2\n';
      for (let i = 0; i < 24; i++) files[`apps/app${app}/docs/other${i}.yaml`] = 'a: 1\n';
    }
    const root = layout(files);
    const started = performance.now();
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    const context = index.contextFor(path.join(root, 'apps/app57/base/r3.yaml'));
    const built = performance.now() - started;
    assert.deepEqual(context.overlays, [{ kustomization: 'apps/app57/overlays/prod/kustomization.yaml', images: [{ name: 'a', newTag: 'prod' }] }]);
    for (let app = 0; app < 100; app++) index.contextFor(path.join(root, `apps/app${app}/overlays/prod/patch.yaml`));
    const patches = performance.now() - started - built;
    assert.ok(built < 500, `first context after ${built.toFixed(0)} ms`);
    // Each patch context parses its kustomizations, the patch and the base (YAML parsing is slow while cold).
    assert.ok(patches < 3000, `100 patch contexts in ${patches.toFixed(0)} ms`);
  });
});

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}
