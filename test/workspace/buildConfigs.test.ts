import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { policyHints } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { globCovers, globMatch } from '../../server/src/workspace/buildConfigs';
import { createWorkspaceIndex, isLayoutFile } from '../../server/src/workspace/kustomize';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem';
import { parseSkaffold, type SkaffoldConfig } from '../../server/src/workspace/skaffoldConfig';
import { readTiltfile } from '../../server/src/workspace/tiltfile';

const DIR = path.resolve('/repo');
const FILE = path.join(DIR, 'skaffold.yaml');
const at = (...parts: string[]) => path.join(DIR, ...parts);

function configs(text: string): SkaffoldConfig[] {
  const parsed = parseSkaffold(text, FILE);
  assert.ok(Array.isArray(parsed), JSON.stringify(parsed));
  return parsed;
}

describe('parseSkaffold', () => {
  it('reads a v2beta config: deploy.kubectl, deploy.kustomize (default path .) and deploy.helm', () => {
    const [config] = configs(`apiVersion: skaffold/v2beta29
kind: Config
build:
  artifacts:
    - image: web
deploy:
  kubectl:
    manifests: ["k8s/*.yaml"]
  kustomize: {}
  helm:
    releases:
      - name: web
        chartPath: charts/web
`);
    assert.deepEqual(config, {
      artifacts: [{ tool: 'skaffold', image: 'web', tagger: { kind: 'gitCommit' } }],
      manifests: [at('k8s/*.yaml')],
      kustomizations: [DIR],
      charts: [at('charts/web')],
      requires: [],
    });
  });

  it('reads v3 and v4 configs (manifests.rawYaml, manifests.kustomize, manifests.helm), one per document', () => {
    const found = configs(`apiVersion: skaffold/v3
kind: Config
metadata: {name: one}
build:
  tagPolicy: {sha256: {}}
  local: {push: false}
  artifacts: [{image: a}]
manifests:
  rawYaml: [a.yaml]
---
apiVersion: skaffold/v4beta11
kind: Config
metadata: {name: two}
build:
  tagPolicy:
    gitCommit: {variant: AbbrevCommitSha, prefix: v}
  googleCloudBuild: {}
  artifacts: [{image: b}]
manifests:
  kustomize: {paths: [overlays/dev]}
  helm: {releases: [{name: b, chartPath: chart}]}
---
apiVersion: v1
kind: ConfigMap
`);
    assert.deepEqual(
      found.map((c) => [c.name, c.artifacts, c.manifests, c.kustomizations, c.charts]),
      [
        ['one', [{ tool: 'skaffold', image: 'a', tagger: { kind: 'sha256' }, push: false }], [at('a.yaml')], [], []],
        ['two', [{ tool: 'skaffold', image: 'b', tagger: { kind: 'gitCommit', variant: 'AbbrevCommitSha', prefix: 'v' }, push: true }], [], [at('overlays/dev')], [at('chart')]],
      ],
    );
  });

  it("adds the artifacts and manifests of profiles, with the config's tagger and push where the profile sets none", () => {
    const [config] = configs(`apiVersion: skaffold/v4beta6
kind: Config
build:
  tagPolicy: {inputDigest: {}}
  local: {push: true}
  artifacts: [{image: web}]
profiles:
  - name: release
    build:
      artifacts: [{image: web-release}]
    manifests:
      rawYaml: [release/*.yaml]
  - name: dev
    build:
      tagPolicy: {dateTime: {format: "2006"}}
      local: {push: false}
      artifacts: [{image: web-dev}]
`);
    assert.deepEqual(config.artifacts, [
      { tool: 'skaffold', image: 'web', tagger: { kind: 'inputDigest' }, push: true },
      { tool: 'skaffold', image: 'web-release', tagger: { kind: 'inputDigest' }, push: true, profile: 'release' },
      { tool: 'skaffold', image: 'web-dev', tagger: { kind: 'dateTime', format: '2006' }, push: false, profile: 'dev' },
    ]);
    // Without the profile, Skaffold's default k8s/*.yaml applies.
    assert.deepEqual(config.manifests, [at('k8s/*.yaml'), at('release/*.yaml')]);
  });

  it('deploys k8s/*.yaml when a config names no manifests, as Skaffold defaults', () => {
    assert.deepEqual(configs('apiVersion: skaffold/v4beta6\nbuild: {artifacts: [{image: w}]}\n')[0].manifests, [at('k8s/*.yaml')]);
    assert.deepEqual(configs('apiVersion: skaffold/v2beta29\nbuild: {artifacts: [{image: w}]}\ndeploy: {kubectl: {}}\n')[0].manifests, [at('k8s/*.yaml')]);
    assert.deepEqual(configs('apiVersion: skaffold/v4beta6\nbuild: {artifacts: [{image: w}]}\ndeploy: {docker: {images: [w]}}\n')[0].manifests, []);
  });

  it('reads requires (local paths; git requirements have none), and envTemplate and customTemplate taggers', () => {
    const [config] = configs(`apiVersion: skaffold/v2beta10
kind: Config
requires:
  - path: ../shared
    configs: [db]
  - git: {repo: "https://example.com/x.git"}
build:
  tagPolicy: {envTemplate: {template: "{{.IMAGE_TAG}}"}}
  artifacts: [{image: web}]
`);
    assert.deepEqual(config.requires, [{ path: path.resolve(DIR, '../shared'), configs: ['db'] }]);
    assert.deepEqual(config.artifacts[0].tagger, { kind: 'envTemplate', template: '{{.IMAGE_TAG}}' });
    assert.deepEqual(configs('apiVersion: skaffold/v4\nbuild: {tagPolicy: {customTemplate: {template: "{{.FOO}}"}}, artifacts: [{image: w}]}\n')[0].artifacts[0].tagger, {
      kind: 'customTemplate',
      template: '{{.FOO}}',
    });
  });

  it('answers an error for text that is not YAML, holds no Skaffold config, or bombs aliases', () => {
    assert.match(JSON.stringify(parseSkaffold('build: [', FILE)), /not valid YAML/);
    assert.match(JSON.stringify(parseSkaffold('apiVersion: v1\nkind: Pod\n', FILE)), /no document with apiVersion skaffold/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [*${'abcdefghij'[i]}, *${'abcdefghij'[i]}, *${'abcdefghij'[i]}, *${'abcdefghij'[i]}, *${'abcdefghij'[i]}]`)];
    assert.match(JSON.stringify(parseSkaffold(`apiVersion: skaffold/v4\n${bomb.join('\n')}\n`, FILE)), /could not be read/);
  });
});

describe('readTiltfile', () => {
  it('reads literal calls and reports the others with their line', () => {
    const calls = readTiltfile(`# docker_build('commented', '.')
docker_build('example/web', './web', live_update=[])
custom_build(ref="example/api", command='make')
k8s_yaml(['k8s/web.yaml', "k8s/api.yaml"])  # a comment with ' quote
k8s_yaml(kustomize('overlays/dev'))
k8s_yaml(helm("charts/db", name='db'))
k8s_yaml('single.yaml')
s = "docker_build('in a string')"
for name in names:
    docker_build(name, name)
k8s_yaml(listdir('k8s'))
`);
    assert.deepEqual(calls, {
      builds: [
        { image: 'example/web', call: 'docker_build' },
        { image: 'example/api', call: 'custom_build' },
      ],
      yaml: ['k8s/web.yaml', 'k8s/api.yaml', 'single.yaml'],
      kustomizations: ['overlays/dev'],
      charts: ['charts/db'],
      includes: [],
      notUnderstood: ['line 10: docker_build(name, name…)', "line 11: k8s_yaml(listdir('k8s'…)"],
    });
  });

  it('reads include and load of other Tiltfiles, not of extensions', () => {
    assert.deepEqual(readTiltfile("load('ext://restart_process', 'docker_build_with_restart')\ninclude('./api/Tiltfile')\nload('lib/Tiltfile', 'x')\n").includes, ['./api/Tiltfile', 'lib/Tiltfile']);
  });

  it('reads nothing from text that is not a Tiltfile, and is linear on long input', () => {
    assert.deepEqual(readTiltfile('"unterminated\n\'also\n(((').builds, []);
    const start = Date.now();
    readTiltfile(`${"docker_build('x', '.')\n'#'\n".repeat(20_000)}`);
    assert.ok(Date.now() - start < 2000);
  });
});

describe("Go's filepath.Match, as Skaffold globs manifests", () => {
  it('matches one segment at a time; a matched directory covers the files below it', () => {
    assert.equal(globMatch('*.yaml', 'web.yaml'), true);
    assert.equal(globMatch('w?b.yaml', 'web.yaml'), true);
    assert.equal(globMatch('[a-v]eb.yaml', 'web.yaml'), false);
    assert.equal(globMatch('[^a-v]eb.yaml', 'web.yaml'), true);
    assert.equal(globMatch('\\*.yaml', '*.yaml'), true);
    assert.equal(globCovers(at('k8s', '*.yaml'), at('k8s', 'web.yaml')), true);
    assert.equal(globCovers(at('k8s', '*.yaml'), at('k8s', 'sub', 'web.yaml')), false);
    assert.equal(globCovers(at('k8s'), at('k8s', 'sub', 'web.yaml')), true);
    assert.equal(globCovers(at('k8s', '**', '*.yaml'), at('k8s', 'a', 'web.yaml')), true);
  });
});

describe('Skaffold and Tilt configs in the workspace index', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'kpp-build-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: web\n';
  const findings = (file: string, index: ReturnType<typeof createWorkspaceIndex>) =>
    analyze(POD, DEFAULT_SETTINGS, index.contextFor(path.join(root, file))).findings.map((f) => f.ruleId);

  it('treats skaffold.yaml and Tiltfile as layout files', () => {
    assert.equal(isLayoutFile('/x/skaffold.yaml'), true);
    assert.equal(isLayoutFile('/x/Tiltfile'), true);
    assert.equal(isLayoutFile('/x/deployment.yaml'), false);
  });

  it('gives broken, huge and outside configs one log line each, and their manifests today’s findings', () => {
    write('broken/skaffold.yaml', 'apiVersion: skaffold/v4\nbuild: [\n');
    write('broken/k8s/pod.yaml', POD);
    write('huge/Tiltfile', `docker_build('web', '.')\nk8s_yaml('pod.yaml')\n${'#'.repeat(1024 * 1024)}\n`);
    write('huge/pod.yaml', POD);
    write('outside/skaffold.yaml', 'apiVersion: skaffold/v4\nrequires: [{path: ../../elsewhere}]\nmanifests: {rawYaml: [pod.yaml]}\n');
    write('outside/pod.yaml', POD);
    const lines: string[] = [];
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem, log: (line) => lines.push(line) });
    assert.deepEqual(findings('broken/k8s/pod.yaml', index), ['implicit-always']);
    assert.deepEqual(findings('huge/pod.yaml', index), ['implicit-always']);
    assert.deepEqual(findings('outside/pod.yaml', index), ['implicit-always']);
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^ignoring broken\/skaffold\.yaml: it is not valid YAML \(.+\)\.$/);
    assert.deepEqual(
      lines.slice(1).map((line) => line.replace(/\d+ bytes/, 'N bytes').replace(path.resolve(root, '..', 'elsewhere'), 'ELSEWHERE')),
      [
        'ignoring huge/Tiltfile: it has N bytes, more than the 1048576 read.',
        `outside/skaffold.yaml requires ${path.join('ELSEWHERE', 'skaffold.yaml')}, outside the workspace: not read, so its artifacts are not known.`,
      ],
    );
  });

  it("applies a Skaffold helm release's artifacts to its chart's values.yaml", () => {
    write('helm/skaffold.yaml', 'apiVersion: skaffold/v4beta6\nbuild: {artifacts: [{image: web}]}\nmanifests: {helm: {releases: [{name: web, chartPath: chart}]}}\n');
    write('helm/chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\nappVersion: 1.0.0\n');
    write('helm/chart/values.yaml', 'image:\n  repository: web\n  tag: ""\n  pullPolicy: ""\n');
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    const context = index.contextFor(path.join(root, 'helm/chart/values.yaml'));
    assert.deepEqual(context.builds?.map((build) => build.config), ['helm/skaffold.yaml']);
    const hints = policyHints(analyze('image:\n  repository: web\n  tag: ""\n  pullPolicy: ""\n', DEFAULT_SETTINGS, context));
    assert.deepEqual(hints.map((hint) => hint.label), ['imagePullPolicy: IfNotPresent — skaffold sets the tag']);
  });

  it("applies an included Tiltfile's builds to the YAML of the including one, and the other way round", () => {
    write('inc/Tiltfile', "include('./api/Tiltfile')\nk8s_yaml('pod.yaml')\ninclude('../../outside/Tiltfile')\n");
    write('inc/pod.yaml', POD);
    write('inc/api/Tiltfile', "docker_build('web', '.')\nk8s_yaml('api.yaml')\n");
    write('inc/api/api.yaml', POD);
    const lines: string[] = [];
    const index = createWorkspaceIndex([path.join(root, 'inc')], { fs: nodeFileSystem, log: (line) => lines.push(line) });
    assert.deepEqual(index.contextFor(path.join(root, 'inc/pod.yaml')).builds?.map((build) => [build.config, build.notes]), [
      ['Tiltfile', [`includes ${path.resolve(root, '../outside/Tiltfile')}, outside the workspace, which is not read`]],
    ]);
    assert.deepEqual(findings('inc/pod.yaml', index), []);
    assert.deepEqual(findings('inc/api/api.yaml', index), []);
    assert.equal(lines.length, 1);
  });

  it('re-reads a config after it changes', () => {
    write('fixed/Tiltfile', "k8s_yaml('pod.yaml')\n");
    write('fixed/pod.yaml', POD);
    const index = createWorkspaceIndex([root], { fs: nodeFileSystem });
    assert.deepEqual(findings('fixed/pod.yaml', index), ['implicit-always']);
    write('fixed/Tiltfile', "docker_build('web', '.')\nk8s_yaml('pod.yaml')\n");
    index.invalidate(path.join(root, 'fixed/Tiltfile'));
    assert.deepEqual(findings('fixed/pod.yaml', index), []);
  });
});
