import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { builtImageFor, skaffoldMatches, tiltMatches, type BuildConfig, type SkaffoldTagger } from '../../server/src/analysis/builtImages';
import { allSites, policyHints } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { setOmittedPolicies } from '../../server/src/analysis/sourceActions';

const skaffold = (image: string, tagger: SkaffoldTagger = { kind: 'gitCommit' }, push?: boolean): BuildConfig => ({
  tool: 'skaffold',
  config: 'skaffold.yaml',
  artifacts: [{ tool: 'skaffold', image, tagger, ...(push === undefined ? {} : { push }) }],
});
const POD = { apiVersion: 'v1', kind: 'Pod', field: 'image' } as const;
const tilt = (image: string): BuildConfig => ({ tool: 'tilt', config: 'Tiltfile', artifacts: [{ tool: 'tilt', image, call: 'docker_build' }] });

describe('Skaffold artifact names', () => {
  it('match the image name without tag, as written (no Docker Hub normalisation)', () => {
    assert.equal(skaffoldMatches('frontend', 'frontend'), true);
    assert.equal(skaffoldMatches('frontend', 'frontend:v1'), true);
    assert.equal(skaffoldMatches('frontend', 'docker.io/library/frontend'), false);
    assert.equal(skaffoldMatches('docker.io/library/frontend', 'frontend'), false);
    assert.equal(skaffoldMatches('frontend', 'frontend-v2'), false);
  });

  it('keep registries and ports, and leave images with a digest alone', () => {
    assert.equal(skaffoldMatches('localhost:5000/web', 'localhost:5000/web:dev'), true);
    assert.equal(skaffoldMatches('localhost:5000/web', 'localhost:5001/web'), false);
    assert.equal(skaffoldMatches('gcr.io/project/web', 'gcr.io/project/web'), true);
    assert.equal(skaffoldMatches('web', `web@sha256:${'a'.repeat(64)}`), false);
  });

  it('are sanitised like docker.SanitizeImageName (ko:// dropped, name lowercased)', () => {
    assert.equal(skaffoldMatches('ko://github.com/example/cmd/app', 'github.com/example/cmd/app'), true);
    assert.equal(skaffoldMatches('Frontend', 'frontend:V1'), true);
  });

  it('do not match the name a default-repo produces: the manifest names the artifact', () => {
    assert.equal(skaffoldMatches('frontend', 'gcr.io/my-project/frontend'), false);
    assert.equal(skaffoldMatches('frontend', 'registry.example.com/frontend'), false);
  });
});

describe('Tilt image names', () => {
  it('match by normalised name, so docker.io and library spellings are the same image', () => {
    assert.equal(tiltMatches('example/web', 'example/web'), true);
    assert.equal(tiltMatches('example/web', 'docker.io/example/web:1.0'), true);
    assert.equal(tiltMatches('redis', 'docker.io/library/redis'), true);
    assert.equal(tiltMatches('localhost:5000/web', 'localhost:5000/web:tilt-1'), true);
    assert.equal(tiltMatches('example/web', 'example/webapp'), false);
  });

  it('match exactly when the docker_build reference has a tag', () => {
    assert.equal(tiltMatches('example/web:dev', 'example/web:dev'), true);
    assert.equal(tiltMatches('example/web:dev', 'example/web'), false);
  });
});

describe('where Skaffold replaces images', () => {
  it('only in `image` fields of the kinds of its allowlist; Tilt also in image volumes', () => {
    const configs = [skaffold('app')];
    assert.ok(builtImageFor('app', { apiVersion: 'apps/v1', kind: 'Deployment', field: 'image' }, configs));
    assert.ok(builtImageFor('app', { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', field: 'image' }, configs));
    assert.ok(builtImageFor('app', { kind: 'values', field: 'values' }, configs));
    assert.equal(builtImageFor('app', { apiVersion: 'example.com/v1', kind: 'Widget', field: 'image' }, configs), undefined);
    assert.equal(builtImageFor('app', { apiVersion: 'v1', kind: 'Pod', field: 'reference' }, configs), undefined);
    assert.ok(builtImageFor('app', { apiVersion: 'v1', kind: 'Pod', field: 'reference' }, [tilt('app')]));
  });
});

describe('what Skaffold deploys', () => {
  const policyOf = (config: BuildConfig, settings = {}) => builtImageFor('app', POD, [config], settings)?.policy;

  it('is the image ID tag when not pushed, the tagger tag with a digest when pushed', () => {
    assert.equal(builtImageFor('app', POD, [skaffold('app', { kind: 'gitCommit' }, false)])?.deployed, 'app:<image ID>');
    assert.equal(builtImageFor('app', POD, [skaffold('app', { kind: 'gitCommit' }, true)])?.deployed, 'app:v0.10.6-12-gabc1234@sha256:…');
    assert.equal(builtImageFor('app', POD, [skaffold('app', { kind: 'gitCommit', variant: 'AbbrevCommitSha', prefix: 'v-' }, true)])?.deployed, 'app:v-abc1234@sha256:…');
    assert.equal(builtImageFor('app', POD, [skaffold('app')])?.deployed, 'app:<image ID>');
  });

  it('gives Always only where the sha256 tagger (or a fixed template) pushes latest@sha256', () => {
    assert.equal(policyOf(skaffold('app', { kind: 'sha256' }, true)), 'Always');
    assert.equal(policyOf(skaffold('app', { kind: 'sha256' }, true), { digestAwareDefaulting: true }), 'IfNotPresent');
    assert.equal(policyOf(skaffold('app', { kind: 'sha256' }, false)), 'IfNotPresent');
    assert.equal(policyOf(skaffold('app', { kind: 'sha256' })), 'IfNotPresent');
    assert.equal(policyOf(skaffold('app', { kind: 'envTemplate', template: 'latest' }, true)), 'Always');
    assert.equal(policyOf(skaffold('app', { kind: 'envTemplate', template: '{{.TAG}}' }, true)), 'IfNotPresent');
    for (const tagger of [{ kind: 'inputDigest' }, { kind: 'dateTime' }, { kind: 'customTemplate', template: '{{.GIT}}' }] as const) {
      assert.equal(policyOf(skaffold('app', tagger, true)), 'IfNotPresent');
    }
  });
});

const TWO_DEPLOYMENTS = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: web
        - name: proxy
          image: nginx:latest
---
apiVersion: v1
kind: Pod
metadata: {name: cache}
spec:
  containers:
    - name: redis
      image: redis
`;

describe('analysis with build configs', () => {
  it('emits no implicit-always for a Skaffold artifact and keeps it for an unbuilt image', () => {
    const analysis = analyze(TWO_DEPLOYMENTS, DEFAULT_SETTINGS, { builds: [skaffold('web')] });
    assert.deepEqual(analysis.findings.map((f) => `${f.ruleId} ${f.image}`), ['implicit-always nginx:latest', 'implicit-always redis']);
    assert.deepEqual(policyHints(analysis).map((h) => h.label), ['imagePullPolicy: IfNotPresent — skaffold sets the tag', 'imagePullPolicy: Always', 'imagePullPolicy: Always']);
  });

  it('leaves an explicit policy to the API server under Skaffold', () => {
    const text = TWO_DEPLOYMENTS.replace('image: web\n', 'image: web\n          imagePullPolicy: Always\n');
    const [web] = allSites(analyze(text, DEFAULT_SETTINGS, { builds: [skaffold('web')] }));
    assert.equal(web.effective.origin, 'explicit');
    assert.equal(web.effective.policy, 'Always');
    assert.equal(web.effective.built?.deployed, 'web:<image ID>');
  });

  it("gives every container of Tilt's object IfNotPresent, even an explicit Always, and no other object", () => {
    const text = TWO_DEPLOYMENTS.replace('image: nginx:latest\n', 'image: nginx:latest\n          imagePullPolicy: Always\n');
    const analysis = analyze(text, DEFAULT_SETTINGS, { builds: [tilt('web')] });
    assert.deepEqual(allSites(analysis).map((s) => `${s.effective.origin} ${s.effective.policy} ${s.effective.built?.replaced}`), ['built IfNotPresent true', 'built IfNotPresent false', 'default Always undefined']);
    assert.deepEqual(analysis.findings.map((f) => `${f.ruleId} ${f.image}`), ['implicit-always redis']);
  });

  it("makes fix-all write what the tool's image gets, not the placeholder's default", () => {
    const analysis = analyze(TWO_DEPLOYMENTS, DEFAULT_SETTINGS, { builds: [skaffold('web')] });
    assert.deepEqual(setOmittedPolicies(analysis, (defaulted) => defaulted).map((edit) => edit.text.trim()), [
      'imagePullPolicy: IfNotPresent',
      'imagePullPolicy: Always',
      'imagePullPolicy: Always',
    ]);
  });

  it('matches the image after a kustomize images transformer', () => {
    const context = { images: { kustomization: 'kustomization.yaml', images: [{ name: 'web', newName: 'frontend' }] }, builds: [skaffold('frontend')] };
    const [web] = allSites(analyze(TWO_DEPLOYMENTS, DEFAULT_SETTINGS, context));
    assert.equal(web.effective.built?.deployed, 'frontend:<image ID>');
  });
});
