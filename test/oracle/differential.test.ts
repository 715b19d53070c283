// Our reading of YAML against kubectl's, on every YAML file of the repository and
// on thousands of generated streams (the fuzz generator of manifests and
// test/oracle/hardCorners.ts). The reference is test/oracle/main.go:
// apimachinery's document splitting and sigs.k8s.io/yaml on go-yaml v2, the decoder
// of kubectl and the API server. Every disagreement must be one of KNOWN, each
// explained in docs/YAML-READING.md; anything else fails.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { manifestTextArb, mutantArb } from '../fuzz/arbitraries';
import { foldedCopy } from '../unit/foldedCopy';
import { disagreements, type Disagreement } from './compare';
import { hardCornerArb } from './hardCorners';
import { buildOracle, readAll } from './oracle';

const ROOT = path.resolve(__dirname, '../..');
const SEED = 20_261_206;

/**
 * Disagreements we keep, by the construct that causes them; the table in
 * docs/YAML-READING.md gives the reasons. Each test is on the stream's text.
 */
const KNOWN: readonly { readonly id: string; readonly test: (text: string) => boolean }[] = [
  // kubectl's line reader splits at "\n" only; go-yaml and we read a lone CR as a line break.
  { id: 'lone-cr', test: (text) => /\r(?!\n)/.test(text) },
  // `---x`, `----`, `---#`: a separator to kubectl's reader, content to YAML.
  { id: 'glued-marker', test: (text) => /^---[^ \t\r\n]/m.test(text) },
  // libyaml reads `,[]{}` into a tag (`!,`), YAML 1.2 ends the tag there.
  { id: 'tag-with-flow-indicator', test: (text) => /![^ \t\r\n]*[,[\]{}]/.test(text) },
];

function unexplained(text: string, found: readonly Disagreement[]): string[] {
  if (!found.length || KNOWN.some((known) => known.test(text))) return [];
  return found.map((d) => `${d.kind} at line ${d.line + 1}: ${d.detail}\n${JSON.stringify(text)}`);
}

// A file's bytes decode to well-formed UTF-16 (an editor shows a bad byte as U+FFFD);
// generated strings may hold lone surrogates, which the two readers would see differently.
const wellFormed = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

async function check(texts: readonly string[]): Promise<void> {
  const streams = texts.filter((text) => !text.includes('{{')).map(wellFormed); // Go templates are not YAML until rendered
  const readings = await readAll(streams);
  const failures = streams.flatMap((text, i) => unexplained(text, disagreements(text, readings[i])));
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} unexplained disagreements with kubectl's reading`);
}

function repositoryYaml(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'out', 'harness', '.git'].includes(entry.name) ? [] : repositoryYaml(at);
    return /\.ya?ml$/.test(entry.name) ? [readFileSync(path.join(ROOT, at), 'utf8')] : [];
  });
}

describe("kubectl's reading of YAML (differential, go-yaml v2 reference)", () => {
  before(() => {
    buildOracle();
  });

  it('every YAML file of the repository', async () => {
    const files = [...repositoryYaml('examples'), ...repositoryYaml('test')];
    assert.ok(files.length > 20, `only ${files.length} YAML files found`);
    await check(files);
  });

  it('generated manifests (the fuzz generator)', async () => {
    await check(fc.sample(manifestTextArb, { seed: SEED, numRuns: 1500 }));
  });

  it("YAML's hard corners", async () => {
    const texts = fc.sample(hardCornerArb, { seed: SEED, numRuns: 3000 });
    await check(texts);
  });

  it('byte-level mutants of manifests and fixtures (the fuzz suite\'s mutantArb)', async () => {
    await check(fc.sample(mutantArb(), { seed: SEED, numRuns: 3000 }));
  });

  it('the minimal case from the CRD report', async () => {
    const text = "metadata:\n  annotations:\n    description: 'A long description that was wrapped by a generator\n    onto lines indented less than a plain continuation would need, as\n  in generated CRDs.'\n";
    const [reading] = await readAll([text]);
    assert.deepEqual(reading.documents, [{ line: 0, value: { metadata: { annotations: { description: 'A long description that was wrapped by a generator onto lines indented less than a plain continuation would need, as in generated CRDs.' } } } }]);
    assert.deepEqual(disagreements(text, reading), []);
  });

  it('the CRD-style fixture reads as its folded strict copy (what the unit tests compare with)', async () => {
    const text = readFileSync(path.join(ROOT, 'test/fixtures/wrapped/crd-and-workloads.yaml'), 'utf8');
    const [original, folded] = await readAll([text, foldedCopy(text)]);
    const values = (reading: typeof original) => reading.documents.map((d) => ('value' in d ? d.value : d.error));
    assert.equal(original.documents.length, 3);
    assert.deepEqual(values(original), values(folded));
  });

  it('each known disagreement still happens (the table is not stale)', async () => {
    const samples: Record<string, string> = {
      'lone-cr': 'a: 1\r---\rkind: Pod\rspec:\r  containers:\r  - image: x\r',
      'glued-marker': 'kind: Pod\n---#\nkind: Pod\nspec:\n  containers:\n  - image: x\n',
      'tag-with-flow-indicator': 'kind: Pod\nspec: {containers: [{image: !, name: x}]}\n',
    };
    const readings = await readAll(Object.values(samples));
    Object.entries(samples).forEach(([id, text], i) => {
      assert.ok(KNOWN.find((known) => known.id === id)!.test(text), id);
      assert.notDeepEqual(disagreements(text, readings[i]), [], `${id} no longer disagrees: remove it from KNOWN and docs/YAML-READING.md`);
    });
  });
});
