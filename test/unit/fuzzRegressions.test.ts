// More failures the fuzzer found, from its later runs (docs/RELIABILITY.md), now fixed.
// Each input is the shrunk counter-example.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments, type Document } from 'yaml';
import { analyze } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/analysis/edits';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { setOmittedPolicies } from '../../server/src/analysis/sourceActions';
import { sourceText } from '../../server/src/analysis/sourceText';

/** kubectl's reader cuts directives off their document (test/oracle/ checks it); the `yaml` package must add nothing. */
const DIRECTIVE_ERROR = ['YAML syntax error: kubectl stops with "yaml: did not find expected <document start>": it cuts documents at --- lines, which leaves this directive at the end of the previous document. Remove the directive.'];

const pod = (...lines: string[]) => ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...lines, ''].join('\n');

function parsed(text: string): { docs: Document[]; problems: string[] } {
  const docs = parseAllDocuments(sourceText(text).text, { logLevel: 'error' }) as Document[];
  return { docs, problems: docs.flatMap((d) => [...d.errors, ...d.warnings].map((e) => e.message.split('\n')[0])) };
}

const containersOf = (text: string) => (parsed(text).docs[0].toJS() as { spec: { containers: Record<string, unknown>[] } }).spec.containers;

/** The text after the first implicit-always finding's preferred fix. */
function fixed(input: string): string {
  const finding = analyze(input, DEFAULT_SETTINGS).findings.find((f) => f.ruleId === 'implicit-always');
  assert.ok(finding, 'no implicit-always finding');
  return applyEdits(input, finding.fixes[0].edits);
}

const fixAll = (input: string) => applyEdits(input, setOmittedPolicies(analyze(input, DEFAULT_SETTINGS), (d) => d));

describe('regressions found by later fuzz runs', () => {
  // G2: an empty block scalar (`imagePullPolicy: |` or `>-` with no content lines) is
  // '' and so "omitted"; its value span includes the header's line break, and the
  // edit that rewrites it from the colon removes that line break too.
  for (const header of ['|', '>-']) {
    it(`G2: \`imagePullPolicy: ${header}\` without content gets its value on its own line`, () => {
      const output = fixed(pod('  containers:', '  - image: nginx', `    imagePullPolicy: ${header}`, '    name: a'));
      assert.deepEqual(parsed(output).problems, [], output);
      assert.deepEqual(containersOf(output)[0], { image: 'nginx', imagePullPolicy: 'IfNotPresent', name: 'a' }, output);
    });
  }
  it('G2: fix-all before a document end marker keeps `...` a marker', () => {
    const output = fixAll(pod('  containers:', '  - image: nginx', '    imagePullPolicy: >-', '...'));
    assert.equal(containersOf(output)[0].imagePullPolicy, 'Always', output);
  });

  // G3: a flow-map key without a colon (`{image: nginx, imagePullPolicy}`, a null
  // value) — the colon searched for is the next one in the text, so the value is
  // written into the next key's value, even of another container.
  it('G3: `{image: nginx, imagePullPolicy}` gets its policy, and no other key changes', () => {
    const output = fixed(pod('  containers:', '  - {image: nginx, imagePullPolicy}', '  - name: b', '    image: redis:7'));
    assert.deepEqual(containersOf(output), [{ image: 'nginx', imagePullPolicy: 'IfNotPresent' }, { name: 'b', image: 'redis:7' }], output);
  });

  // G4: an empty value written on the line after its key (`imagePullPolicy:` then
  // `~`, `null`, `!!str` or an anchor below it). The rewrite stops at the key's
  // line end (G2's fix), so the old value stays below and folds into the new one;
  // an insertion after such an image lands between the key and its value.
  for (const value of ['~', 'null', '!!str', '!!null']) {
    it(`G4: \`imagePullPolicy:\` with \`${value}\` on the next line gets exactly its value`, () => {
      const output = fixed(pod('  containers:', '  - image: nginx', '    imagePullPolicy:', `      ${value}`, '    name: a'));
      assert.deepEqual(parsed(output).problems, [], output);
      assert.deepEqual(containersOf(output)[0], { image: 'nginx', imagePullPolicy: 'IfNotPresent', name: 'a' }, output);
    });
  }
  it('G4: fix-all after `image:` with an anchor on the next line keeps the anchor on the image', () => {
    const output = fixAll(pod('  containers:', '  - image:', '      &a1', '    name: a'));
    assert.deepEqual(containersOf(output)[0], { image: null, imagePullPolicy: 'IfNotPresent', name: 'a' }, output);
  });

  // A tag before a trailing comment: the blanks before `#` must stay, or the comment joins the value.
  it('`imagePullPolicy: !!null # comment` keeps its comment a comment', () => {
    const output = fixed(pod('  containers:', '  - image: nginx', '    imagePullPolicy: !!null # comment'));
    assert.equal(containersOf(output)[0].imagePullPolicy, 'IfNotPresent', output);
    assert.match(output, /IfNotPresent # comment/);
  });

  // G5: an empty value as the very last text of the file (what an editor holds while the value is typed).
  for (const lines of [
    ['  containers:', '  - image: nginx', '    imagePullPolicy:'],
    ['  volumes:', '  - name: models', '    image:', '      reference: nginx', '      pullPolicy:'],
  ]) {
    it(`G5: \`${lines[lines.length - 1].trim()}\` at the end of the file gets a blank before its value`, () => {
      const input = pod(...lines).replace(/\n$/, '');
      const finding = analyze(input, DEFAULT_SETTINGS).findings.find((f) => f.ruleId === 'implicit-always');
      for (const fix of finding?.fixes ?? assert.fail('no implicit-always finding')) {
        const output = applyEdits(input, fix.edits);
        assert.deepEqual(parsed(output).problems, [], output);
        assert.match(output, new RegExp(`[pP]ullPolicy: ${fix.policy}$`));
      }
    });
  }

  // F8c: a byte order mark before the first directive hides it from the split.
  it('F8c: a BOM, a %TAG directive, then `---`: only kubectl\'s directive error, none of YAML\'s', () => {
    const input = ['\uFEFF%TAG !k8s! tag:example.com,2024:', '---', 'x-tagged: !k8s!note tagged', ...pod('  containers: []').split('\n')].join('\n');
    assert.deepEqual(analyze(input, DEFAULT_SETTINGS).findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), DIRECTIVE_ERROR);
  });

  // F8d: U+2028 inside a directive: YAML reads it as an ordinary character, a regexp `.` does not.
  it('F8d: a %TAG directive holding U+2028, then `---`: only kubectl\'s directive error, none of YAML\'s', () => {
    const input = '%TAG !k8s! ---\u2028tag:example.com,2024:\n---\nx-tagged: !k8s!note tagged\napiVersion: v1\nkind: Pod\nmetadata:\n  name: o1\nspec: {}\n';
    assert.deepEqual(analyze(input, DEFAULT_SETTINGS).findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), DIRECTIVE_ERROR);
  });

  // F8, second part: directives may be followed by comment lines before `---`; the
  // split moves a document's start back over directly preceding `%` lines only.
  it('F8b: a %TAG directive, a comment, then `---`: only kubectl\'s directive error, none of YAML\'s', () => {
    const input = ['%TAG !k8s! tag:example.com,2024:', '# comment', '---', 'x-tagged: !k8s!note tagged', ...pod('  containers: []').split('\n')].join('\n');
    assert.deepEqual(parsed(input).problems.filter((p) => !/Unresolved tag/.test(p)), []);
    assert.deepEqual(analyze(input, DEFAULT_SETTINGS).findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => f.message), DIRECTIVE_ERROR);
  });
});
