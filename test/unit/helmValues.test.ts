import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../server/src/analysis';
import { imageHover } from '../../server/src/analysis/explain';
import { allSites, policyHints } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const VALUES = `replicaCount: 1
image:
  repository: example/web
  tag: ""
  pullPolicy: ""
worker:
  image:
    repository: example/worker
    tag: latest
    pullPolicy: always
`;
const context = { helmValues: { chart: 'charts/web/Chart.yaml', appVersion: '1.4.2', verifiedPaths: ['image'] } };

it('hints the policy of each image block of a chart values file', () => {
  const analysis = analyze(VALUES, DEFAULT_SETTINGS, context);
  assert.deepEqual(
    allSites(analysis).map(({ site, effective }) => [site.fieldPath, effective.image, effective.policy ?? 'rejected']),
    [
      ['image', 'example/web:1.4.2', 'IfNotPresent'],
      ['worker.image', 'example/worker:latest', 'rejected'],
    ],
  );
  const [hint] = policyHints(analysis);
  assert.equal(hint.label, 'imagePullPolicy: IfNotPresent');
  assert.equal(VALUES.slice(hint.offset - 11, hint.offset), 'example/web');
  assert.match(hint.tooltip, /The chart's templates use these values this way\./);
});

it('reports only invalid-pull-policy in values files', () => {
  const findings = analyze(VALUES, DEFAULT_SETTINGS, context).findings;
  assert.deepEqual(findings.map((f) => [f.ruleId, f.message.slice(0, 60)]), [['invalid-pull-policy', 'worker.image.pullPolicy: Unsupported value: "always": suppor']]);
});

it('says when the chart templates do not follow the convention', () => {
  const analysis = analyze(VALUES, DEFAULT_SETTINGS, { helmValues: { ...context.helmValues, verifiedPaths: [] } });
  const [{ site, effective }] = allSites(analysis);
  assert.match(imageHover(site, effective, analysis.documents[0].analysis.context), /does not hold here/);
});

it('a values file is not treated as a manifest without the chart context', () => {
  assert.deepEqual(allSites(analyze(VALUES, DEFAULT_SETTINGS)), []);
});
