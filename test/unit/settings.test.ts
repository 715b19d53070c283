import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import { allSites } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS, layerSettings, libraryFor, settingsFrom } from '../../server/src/analysis/settings';

const pod = (image: string) => `kind: Pod\nspec:\n  containers:\n  - image: ${image}\n`;
const ruleIds = (text: string, raw: unknown) => analyze(text, settingsFrom(raw)).findings.map((f) => f.ruleId);
const DIGEST = `sha256:${'e'.repeat(64)}`;

describe('settings', () => {
  it('normalise untrusted input to defaults', () => {
    assert.deepEqual(settingsFrom(undefined), DEFAULT_SETTINGS);
    assert.deepEqual(settingsFrom({ rules: { x: 'loud', 'implicit-always': 'error' }, quickFix: { preferredPolicy: 'always' }, maxFileSize: -1, kubernetesVersion: 'v1' }), {
      ...DEFAULT_SETTINGS,
      rules: { 'implicit-always': 'error' },
    });
  });

  it('map Kubernetes releases to the reference library they link', () => {
    assert.equal(libraryFor('1.27'), 'docker/distribution v2.8');
    assert.equal(libraryFor('1.28'), 'docker/distribution v2.8');
    assert.equal(libraryFor('1.29'), 'distribution/reference v0.5');
    assert.equal(libraryFor('1.30'), 'distribution/reference v0.6');
    assert.equal(libraryFor('current'), 'distribution/reference v0.6');
  });

  it('an uppercase first component is a host from 1.30 on, and invalid up to 1.28', () => {
    assert.deepEqual(ruleIds(pod('Registry/app:latest'), {}), ['implicit-always']);
    assert.deepEqual(ruleIds(pod('Registry/app:latest'), { kubernetesVersion: '1.28' }), ['invalid-image']);
    assert.deepEqual(ruleIds(pod('"[::1]:5000/app"'), { kubernetesVersion: '1.28' }), ['invalid-image']);
  });

  it('the digest-aware defaulting gate turns latest@digest into IfNotPresent', () => {
    const text = pod(`nginx:latest@${DIGEST}`);
    assert.deepEqual(ruleIds(text, {}), ['implicit-always']);
    assert.deepEqual(ruleIds(text, { featureGates: { DigestAwareImagePullPolicyDefaulting: true } }), ['implicit-if-not-present']);
    const [{ site, effective }] = allSites(analyze(text, DEFAULT_SETTINGS));
    assert.match(imageHover(site, effective), /DigestAwareImagePullPolicyDefaulting feature gate \(KEP-6083\) would give IfNotPresent/);
    const gated = allSites(analyze(text, settingsFrom({ featureGates: { DigestAwareImagePullPolicyDefaulting: true } })))[0];
    assert.match(imageHover(gated.site, gated.effective), /Without the DigestAwareImagePullPolicyDefaulting gate .* Always/);
  });

  it('layer editor settings that differ from the defaults over a config file', () => {
    const file = settingsFrom({ rules: { 'implicit-always': 'error', 'missing-image': 'off' }, assumeAlwaysPullImages: true, kubernetesVersion: '1.28' });
    const editor = settingsFrom({ rules: { 'implicit-always': 'warning' }, quickFix: { preferredPolicy: 'Never' } });
    const layered = layerSettings(file, editor);
    assert.deepEqual(layered.rules, { 'implicit-always': 'warning', 'missing-image': 'off' });
    assert.equal(layered.preferredPolicy, 'Never');
    assert.equal(layered.assumeAlwaysPullImages, true);
    assert.equal(layered.library, 'docker/distribution v2.8');
  });
});
