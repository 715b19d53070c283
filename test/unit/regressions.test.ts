// Regression tests for the failures the fuzzer found (docs/RELIABILITY.md,
// test/fuzz/). Each input is the shrunk counter-example, trimmed by hand
// to the smallest manifest that still shows the bug.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments, type Document } from 'yaml';
import { analyze, type Analysis } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import type { PullPolicy } from '../../server/src/analysis/pullPolicy';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { setOmittedPolicies } from '../../server/src/analysis/sourceActions';
import { sourceText } from '../../server/src/analysis/sourceText';
import type { Finding } from '../../server/src/analysis/types';

const pod = (...lines: string[]) => ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...lines, ''].join('\n');

const analyse = (text: string): Analysis => analyze(text, DEFAULT_SETTINGS);

function parsed(text: string): { docs: Document[]; errors: string[] } {
  const docs = parseAllDocuments(sourceText(text).text, { logLevel: 'error' }) as Document[];
  // Warnings count too: `!!null Always` parses, with "Unresolved tag", and Kubernetes rejects it.
  return { docs, errors: docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message.split('\n')[0])) };
}

const data = (text: string, doc = 0): any => parsed(text).docs[doc].toJS({ maxAliasCount: -1 });

function findingsOf(text: string, ruleId: string): Finding[] {
  return analyse(text).findings.filter((f) => f.ruleId === ruleId);
}

/** Applies the fix of `ruleId` that writes `policy` (the first finding of that rule). */
function applyFix(text: string, ruleId: string, policy: PullPolicy): string {
  const finding = findingsOf(text, ruleId)[0];
  assert.ok(finding, `no ${ruleId} finding`);
  const fix = finding.fixes.find((f) => f.policy === policy);
  assert.ok(fix, `no fix writing ${policy}`);
  return applyEdits(text, fix.edits);
}

const fixAll = (text: string) => applyEdits(text, setOmittedPolicies(analyse(text), (d) => d));
const effective = (text: string) => analyse(text).documents.flatMap((d) => d.analysis.sites.map((s) => s.effective.policy));

/** A fix must not add YAML errors or warnings. */
function assertNoNewErrors(before: string, after: string): void {
  assert.deepEqual(parsed(after).errors, parsed(before).errors, `new YAML errors in:\n${after}`);
}

describe('regressions found by fuzzing', () => {
  // F1 — an empty value after a tag or anchor (`imagePullPolicy: !!str`): the fix is glued onto it.
  it('F1: `imagePullPolicy: !!str` gets its value, not a longer tag', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: !!str');
    const output = applyFix(input, 'implicit-always', 'IfNotPresent');
    assertNoNewErrors(input, output);
    assert.equal(data(output).spec.containers[0].imagePullPolicy, 'IfNotPresent', output);
  });
  it('F1: `imagePullPolicy: !!null` gets a value that is not null', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: !!null');
    const output = applyFix(input, 'implicit-always', 'IfNotPresent');
    assertNoNewErrors(input, output);
    assert.equal(data(output).spec.containers[0].imagePullPolicy, 'IfNotPresent', output);
  });
  // Decided with F5: an anchored value is never rewritten in place, since its aliases would change with it.
  it('F1: an anchored empty policy gets no in-place fix', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: !!str &p', '  initContainers:', '  - image: nginx', '    imagePullPolicy: *p');
    const findings = findingsOf(input, 'implicit-always');
    assert.equal(findings.length, 2);
    assert.deepEqual(findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(input), input);
  });

  // F2 — an empty value followed by a comment (`imagePullPolicy: # …`): the value is written into the comment.
  it('F2: `imagePullPolicy: # comment` gets its value before the comment', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: # the default');
    const output = applyFix(input, 'implicit-always', 'IfNotPresent');
    assert.equal(data(output).spec.containers[0].imagePullPolicy, 'IfNotPresent', output);
    assert.match(output, /# the default/);
  });
  it('F2: a comment that looks like a mapping does not become a syntax error', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: # image: nginx:latest', '    name: a');
    const output = fixAll(input);
    assertNoNewErrors(input, output);
    assert.equal(data(output).spec.containers[0].imagePullPolicy, 'Always', output);
  });

  // F3 — the image node ends inside the next line (a block sequence or an empty value
  // followed by a comment): the inserted policy lands one line too late.
  it('F3: fix-all after `image:` with a comment inserts into the same container', () => {
    const input = pod('  containers:', '  - name: web', '    image: # comment', '  imagePullSecrets:', '  - name: regcred');
    const output = fixAll(input);
    assertNoNewErrors(input, output);
    const spec = data(output).spec;
    assert.equal(spec.containers[0].imagePullPolicy, 'IfNotPresent', output);
    assert.deepEqual(spec.imagePullSecrets, [{ name: 'regcred' }], output);
  });
  it('F3: fix-all after a block-sequence image and a comment inserts into the same container', () => {
    const input = pod('  containers:', '  - name: web', '    image:', '    - nginx', '    # comment', '    volumeMounts:', '    - {name: data, mountPath: /data}');
    const output = fixAll(input);
    assertNoNewErrors(input, output);
    const container = data(output).spec.containers[0];
    assert.equal(container.imagePullPolicy, 'IfNotPresent', output);
    assert.deepEqual(container.volumeMounts, [{ name: 'data', mountPath: '/data' }], output);
  });
  it('F3: two containers never get their policies inserted at the same offset', () => {
    const input = pod('  containers:', '  - image: !!str', '  # comment', '  - image: nginx');
    const edits = setOmittedPolicies(analyse(input), (d) => d);
    const starts = edits.map((e) => e.span[0]);
    assert.equal(new Set(starts).size, starts.length, JSON.stringify(edits));
  });

  // F4 — `[image: x]` is a single-pair map without braces: `, imagePullPolicy: V` adds a second container.
  it('F4: a fix in `containers: [image: nginx]` does not add a container', () => {
    const input = pod('  containers: [image: nginx]');
    const finding = findingsOf(input, 'implicit-always')[0];
    assert.ok(finding);
    for (const fix of finding.fixes) {
      const output = applyEdits(input, fix.edits);
      assert.equal(data(output).spec.containers.length, 1, output);
      assert.equal(data(output).spec.containers[0].imagePullPolicy, fix.policy, output);
    }
  });

  // F5 — a fix edits an anchored value in place, so every alias of it changes too.
  it('F5: fixing one container does not change the policy of another through an alias', () => {
    const input = pod('  containers:', '  - image: nginx:1', '    imagePullPolicy: &p ""', '  - image: nginx', '    imagePullPolicy: *p');
    assert.deepEqual(effective(input), ['IfNotPresent', 'Always']);
    const finding = findingsOf(input, 'implicit-if-not-present')[0];
    for (const fix of finding?.fixes ?? []) assert.equal(effective(applyEdits(input, fix.edits))[1], 'Always');
    assert.deepEqual(effective(fixAll(input)), ['IfNotPresent', 'Always'], 'fix-all must keep every effective policy');
  });

  // F6 — an alias of a collection is read as null: the policy counts as omitted, the image as missing.
  it('F6: a policy that is an alias of a list is not "omitted"', () => {
    const input = ['x: &list [Always]', ...pod('  containers:', '  - image: nginx:1', '    imagePullPolicy: *list').split('\n')].join('\n');
    assert.deepEqual(findingsOf(input, 'implicit-if-not-present'), []);
    assert.equal(findingsOf(input, 'invalid-pull-policy').length, 1);
  });
  it('F6: an image that is an alias of a map is not a string, rather than missing', () => {
    const input = ['x: &map {name: nginx}', ...pod('  containers:', '  - image: *map').split('\n')].join('\n');
    assert.deepEqual(findingsOf(input, 'missing-image'), []);
    assert.equal(findingsOf(input, 'invalid-image').length, 1);
  });

  // F7 — an unterminated quote at the end of the file: the literal span ends before it starts.
  it('F7: no edit has a span that ends before it starts', () => {
    const input = pod('  containers:', '  - image: nginx', '    imagePullPolicy: "').replace(/\n$/, '');
    for (const finding of analyse(input).findings) {
      for (const fix of finding.fixes) for (const edit of fix.edits) assert.ok(edit.span[0] <= edit.span[1], `${finding.ruleId}: [${edit.span}]`);
    }
  });

  // F8 — a `%TAG` directive belongs to the document after it, but the split leaves it behind.
  it('F8: a %TAG directive before `---`: only kubectl\'s directive error, none of YAML\'s', () => {
    const input = ['%TAG !k8s! tag:example.com,2024:', '---', 'x-tagged: !k8s!note tagged', ...pod('  containers: []').split('\n')].join('\n');
    assert.deepEqual(findingsOf(input, 'yaml-syntax').map((f) => f.message), [
      'YAML syntax error: kubectl stops with "yaml: did not find expected <document start>": it cuts documents at --- lines, which leaves this directive at the end of the previous document. Remove the directive.',
    ]);
  });
});
