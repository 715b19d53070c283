// Reading YAML as kubectl does (server/src/analysis/yamlReading.ts): go-yaml v2's
// typing of plain scalars, merges, duplicates, aliased containers, continuation
// lines libyaml ignores, and the errors only kubectl makes. test/oracle/ checks the
// same against go-yaml itself; these cases pin the behaviour without Go.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import { indentFlowContinuations, originalOffset } from '../../server/src/analysis/flowContinuations';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { goYamlPlainValue } from '../../server/src/analysis/yamlReading';
import { foldedCopy } from './foldedCopy';
import { runRuleTests, yaml } from './ruleTester';

const pod = (...lines: string[]) => yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', ...lines);
const findings = (text: string) => analyze(text, DEFAULT_SETTINGS).findings.map((f) => `${f.ruleId}: ${f.message}`);
const sites = (text: string) => analyze(text, DEFAULT_SETTINGS).documents.flatMap((d) => d.analysis.sites.map(({ site }) => ({ image: site.image?.value, policy: site.policy?.value })));

describe('go-yaml v2 typing of plain scalars', () => {
  const cases: [string, unknown][] = [
    ['on', true], ['Off', false], ['y', true], ['N', false], ['yes', true], ['YES', true], ['yEs', 'yEs'], ['true', true],
    ['~', null], ['', null], ['null', null], ['Null', null], ['nULL', 'nULL'],
    ['0777', 511], ['08', 8], ['1_000', 1000], ['0x1F', 31], ['0o17', 15], ['0b101', 5], ['-0b101', -5], ['+1', 1], ['-', '-'],
    ['1.20', 1.2], ['1e3', 1000], ['.5', 0.5], ['.inf', Infinity], ['-.Inf', -Infinity], ['1.2.3', '1.2.3'], ['12:30', '12:30'],
    ['2001-12-14', '2001-12-14'], ['0xFFFFFFFFFFFFFFFFFF', '0xFFFFFFFFFFFFFFFFFF'], ['nginx', 'nginx'], ['<<', '<<'], ['_1', '_1'],
  ];
  for (const [text, value] of cases) it(JSON.stringify(text), () => assert.deepEqual(goYamlPlainValue(text), value));
  it('.nan', () => assert.ok(Number.isNaN(goYamlPlainValue('.nan'))));
});

describe('continuation lines indented less than YAML 1.2 requires', () => {
  const crd = yaml(
    'metadata:',
    '  annotations:',
    "    description: 'A long description that was wrapped by a generator",
    '    onto lines indented less than a plain continuation would need, as',
    "  in generated CRDs.'",
  );

  it('are indented in a copy, and offsets map back', () => {
    const copy = indentFlowContinuations(crd)!;
    assert.deepEqual(copy.insertions.map(([at, count]) => [crd.slice(at, at + 6), count]), [['    on', 1], ['  in g', 3]]);
    const inCopy = copy.text.indexOf('in generated');
    assert.equal(originalOffset(copy, inCopy), crd.indexOf('in generated'));
    assert.equal(originalOffset(copy, copy.text.indexOf('  in generated')), crd.indexOf('  in generated'));
  });

  it('the report\'s minimal case: no syntax error, one strict-yaml note', () => {
    assert.deepEqual(findings(crd), [
      'strict-yaml: kubectl reads this value, but its continuation lines are indented less than YAML 1.2 requires, so strict YAML tools (yaml-language-server, Prettier, the yaml npm package) reject the file. Indent those lines further than the key to make it portable.',
    ]);
  });

  it('a flow sequence continued at the key\'s column', () => {
    const text = pod('  - image: nginx:1', '    imagePullPolicy: Always', '    args: ["sh",', '    "-c"]');
    assert.deepEqual(findings(text).map((f) => f.split(':')[0]), ['strict-yaml']);
  });

  it('are left alone in block scalars', () => {
    assert.equal(indentFlowContinuations(yaml('a: |', "  it's [", 'b: 1')), undefined);
  });
});

describe('a generated CRD with wrapped descriptions, and workloads after it (test/fixtures/wrapped/)', () => {
  const text = readFileSync(path.resolve(__dirname, '../fixtures/wrapped/crd-and-workloads.yaml'), 'utf8');
  const strict = foldedCopy(text);
  const all = analyze(text, DEFAULT_SETTINGS).findings;
  // Every finding but the notes, with the output of each fix folded by `fold`, so
  // that fixes made in the original compare with fixes made in the strict copy.
  const others = (source: string, fold: (output: string) => string) => analyze(source, DEFAULT_SETTINGS).findings
    .filter((f) => f.ruleId !== 'strict-yaml')
    .map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      at: source.slice(f.span[0], f.span[1]),
      fixes: f.fixes.map((fix) => ({ title: fix.title, output: fold(applyEdits(source, fix.edits)) })),
    }));

  it('has no syntax error, and one strict-yaml note per wrapped value', () => {
    assert.notEqual(strict, text);
    assert.deepEqual(all.filter((f) => f.severity === 'error'), []);
    const notes = all.filter((f) => f.ruleId === 'strict-yaml');
    assert.equal(notes.length, 14);
    assert.ok(notes.every((f) => f.severity === 'information'));
  });

  it('keeps every other finding and fix the folded strict copy gets', () => {
    const found = others(text, foldedCopy);
    assert.deepEqual(found.map((f) => [f.ruleId, f.at]), [
      ['implicit-always', 'registry/demoapi:latest'],
      ['implicit-if-not-present', '"envoyproxy/envoy:v1.31.0"'],
      ['implicit-always', 'registry/web'],
    ]);
    assert.deepEqual(found, others(strict, (output) => output));
  });
});

// Findings and fixes in a document that needed the indented copy land in the original text.
const crdPod = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: p',
  '  annotations:',
  "    description: 'wrapped",
  "    badly'",
  'spec:',
  '  containers:',
  '  - image: nginx',
);
runRuleTests('implicit-always', {
  valid: [],
  invalid: [
    {
      name: 'in a document re-read from the indented copy',
      code: crdPod,
      errors: [
        {
          line: 10, column: 12, endLine: 10, endColumn: 17,
          fixes: [
            { title: 'Set imagePullPolicy: IfNotPresent', preferred: true, output: `${crdPod}    imagePullPolicy: IfNotPresent\n` },
            { title: 'Set imagePullPolicy: Always', output: `${crdPod}    imagePullPolicy: Always\n` },
            { title: 'Set imagePullPolicy: Never', output: `${crdPod}    imagePullPolicy: Never\n` },
          ],
        },
      ],
    },
  ],
});

runRuleTests('invalid-image', {
  valid: [pod('  - image: "1.20"'), pod("  - image: 'on'")],
  invalid: [
    {
      name: 'YAML 1.1 reads 1.20 as a number',
      code: pod('  - image: 1.20'),
      errors: [
        {
          line: 7, column: 12, endLine: 7, endColumn: 16,
          message: 'image must be a string, but kubectl reads 1.20 as the number 1.2 (YAML 1.1, as go-yaml reads it). The API server rejects this object; write the image reference as a string.',
          fixes: [{ title: 'Quote the image: "1.20"', preferred: true, output: pod('  - image: "1.20"') }],
        },
      ],
    },
  ],
});

runRuleTests('invalid-pull-policy', {
  valid: [pod('  - image: nginx', '    imagePullPolicy: !!str Never')],
  invalid: [
    {
      name: 'YAML 1.1 reads on as a boolean',
      code: pod('  - image: nginx', '    imagePullPolicy: on'),
      errors: [{ line: 8, column: 22, endLine: 8, endColumn: 24, message: 'imagePullPolicy must be a string, but kubectl reads on as the boolean true (YAML 1.1, as go-yaml reads it). The API server rejects this object; write one of "Always", "IfNotPresent", "Never".' }],
    },
  ],
});

describe('what kubectl decodes', () => {
  it('a duplicate key replaces the earlier one, without an error', () => {
    const text = pod('  - image: nginx', '    imagePullPolicy: Never', '    image: nginx:1');
    assert.deepEqual(sites(text), [{ image: 'nginx:1', policy: 'Never' }]);
    assert.deepEqual(findings(text).filter((f) => f.startsWith('yaml-syntax')), []);
  });

  it('a << merge brings the image in; no fix writes next to it', () => {
    const text = pod('  - &base', '    name: base', '    image: busybox:1', '    imagePullPolicy: Always', '  - <<: *base', '    name: second', '    imagePullPolicy: Never');
    assert.deepEqual(sites(text), [{ image: 'busybox:1', policy: 'Always' }, { image: 'busybox:1', policy: 'Never' }]);
    const merged = analyze(pod('  - &base', '    image: busybox', '  - <<: *base', '    name: second'), DEFAULT_SETTINGS);
    const second = merged.findings.filter((f) => f.ruleId === 'implicit-always');
    assert.equal(second.length, 2);
    assert.deepEqual(second.map((f) => f.fixes.length), [0, 0], 'the base map is shared through the merge');
  });

  it('an aliased container map is a container of its own; its fixes would change both, so there are none', () => {
    const text = pod('  - &c1', '    image: busybox', '  - *c1');
    assert.deepEqual(sites(text), [{ image: 'busybox', policy: undefined }, { image: 'busybox', policy: undefined }]);
    assert.deepEqual(analyze(text, DEFAULT_SETTINGS).findings.map((f) => [f.ruleId, f.fixes.length]), [['implicit-always', 0], ['implicit-always', 0]]);
  });

  it('NEL, LS and PS are line breaks (YAML 1.1), not content', () => {
    assert.deepEqual(sites(pod('  - image: nginx\u2028    imagePullPolicy: Never')), [{ image: 'nginx', policy: 'Never' }]);
  });

  it('a comment glued to a quoted value is a comment', () => {
    const text = pod('  - image: "nginx:1"#pinned');
    assert.deepEqual(sites(text), [{ image: 'nginx:1', policy: undefined }]);
    assert.deepEqual(findings(text).filter((f) => f.startsWith('yaml-syntax')), []);
  });

  const ignored = (text: string) => analyze(text, DEFAULT_SETTINGS).findings.filter((f) => f.ruleId === 'ignored-by-kubectl' || f.ruleId === 'yaml-syntax').map((f) => [f.ruleId, text.slice(f.span[0], f.span[1]), f.message.split(':')[0]]);
  it('what follows the root node is never read: an indented first line, then a line left of it', () => {
    const text = yaml('  apiVersion: v1', '  kind: Pod', '  spec:', '    containers:', '    - image: nginx', 'other: x');
    assert.deepEqual(sites(text), [{ image: 'nginx', policy: undefined }]);
    assert.deepEqual(ignored(text), [['ignored-by-kubectl', 'other: x', 'kubectl never reads this']]);
  });

  it('a %YAML line or a ... line with content ends the document where it stands', () => {
    const directive = pod('  - image: nginx', '%YAML 1.1', '  - image: redis');
    assert.deepEqual(sites(directive), [{ image: 'nginx', policy: undefined }]);
    assert.deepEqual(ignored(directive), [['ignored-by-kubectl', '%YAML 1.1', 'kubectl never reads this or anything after it in this document']]);
    const end = pod('  - image: nginx', '... trailing');
    assert.deepEqual(ignored(end), [['ignored-by-kubectl', '... trailing', 'kubectl never reads this']]);
  });

  it('but not a line at the root\'s own indentation: that is an error to both', () => {
    assert.deepEqual(ignored(yaml('a: [', '  b', ']', 'c: -')).map(([rule]) => rule), ['yaml-syntax']);
  });

  it('what follows ... without --- is never read', () => {
    const text = yaml('kind: ConfigMap', '...', 'kind: Pod', 'spec:', '  containers:', '  - image: nginx');
    assert.deepEqual(sites(text), []);
    assert.deepEqual(findings(text), ['ignored-by-kubectl: kubectl never reads this: it cuts a stream into documents only at --- lines and reads one document from each, so what follows a ... line is silently dropped. Put a --- line before it.']);
  });
});

describe('errors only kubectl makes', () => {
  const errors = (text: string) => findings(text).filter((f) => f.startsWith('yaml-syntax')).map((f) => /kubectl stops with "([^"]*)"|kubectl stops here/.exec(f)?.[1] ?? f);
  it('an alias of an anchor never defined', () => assert.deepEqual(errors(pod('  - image: *nope')), ["yaml: unknown anchor 'nope' referenced"]));
  it('content after ---', () => assert.equal(errors(yaml('a: 1', '--- b: 2'))[0], 'invalid Yaml document separator: b: 2'));
  it('a directive', () => assert.deepEqual(errors(yaml('%YAML 1.1', '---', 'a: 1')), ['yaml: did not find expected <document start>']));
  it('a document that is only ...', () => assert.deepEqual(errors(yaml('a: 1', '---', '...')), ['yaml: did not find expected node content']));
  it('a control character', () => assert.deepEqual(errors('a: "\u0001"\n'), ['yaml: control characters are not allowed']));
  it('a list as a key', () => assert.deepEqual(errors('[a]: b\n'), ['yaml: invalid map key']));
  it('a null key', () => assert.equal(errors('~: x\n').length, 1));
  it('a colon glued to a flow collection', () => assert.deepEqual(errors('x: {a:[b]}\n'), ["did not find expected ',' or '}'"]));
  it('an anchor name with more than letters, digits, - and _', () => assert.match(errors(pod('  - image: &a.b nginx'))[0], /go-yaml allows only letters, digits, "-" and "_" in anchor and alias names, and "a.b" has others/));
  it('an explicit tag the text does not fit', () => assert.deepEqual(errors(pod('  - image: nginx', '    imagePullPolicy: !!int Never')), ['yaml: cannot decode !!str `Never` as a !!int']));
  it('but an integer is a float', () => assert.deepEqual(errors(pod('  - image: nginx', '    x: !!float 1')), []));
  it('!!binary that is not base64', () => assert.deepEqual(errors(pod('  - image: nginx', '    x: !!binary abc')), ['yaml: !!binary value contains invalid base64 data']));
  it('a plain value with ? inside { } or [ ]', () => assert.deepEqual(errors(pod('  - {image: nginx, args: [a?b]}')), ["did not find expected ',' or ']'"]));
  it('a plain value starting with : inside { }', () => assert.deepEqual(errors(pod('  - {image: nginx, name: :x}')), ['did not find expected node content']));
  it('a key in { } continued on the next line', () => assert.deepEqual(errors(pod('  - {image: nginx, imagePull', '    Policy: Never}')), ["did not find expected ',' or '}'"]));
  it('.nan where JSON needs a number', () => assert.deepEqual(errors(pod('  - image: .nan')), ['json: unsupported value: NaN']));
  it('but not one replaced by a later duplicate', () => assert.deepEqual(errors(pod('  - image: .nan', '    image: nginx')), []));
});
