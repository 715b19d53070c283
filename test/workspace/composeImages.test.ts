import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { transformImage, type ImageTransform } from '../../server/src/analysis/fileContext';
import { composeTransforms } from '../../server/src/workspace/composeImages';

/** kustomize: one ImageTagTransformer per entry, each on the result of the previous. */
function oneAfterAnother(image: string, entries: readonly ImageTransform[]): string {
  return entries.reduce((current, entry) => transformImage(current, [entry])?.image ?? current, image);
}

function composed(image: string, entries: readonly ImageTransform[]): string {
  return transformImage(image, composeTransforms(entries))?.image ?? image;
}

const names = fc.constantFrom('a', 'b', 'reg.io/c', 'example/web');
const entry: fc.Arbitrary<ImageTransform> = fc
  .record({ name: names, newName: fc.option(names, { nil: undefined }), newTag: fc.option(fc.constantFrom('v1', 'latest', '2.10'), { nil: undefined }), digest: fc.option(fc.constantFrom('sha256:aaa', 'sha256:bbb'), { nil: undefined }) })
  .map((raw) => Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)) as unknown as ImageTransform);
const image = fc
  .tuple(names, fc.constantFrom('', ':v0', ':latest'), fc.constantFrom('', '@sha256:000'))
  .map(([name, tag, digest]) => `${name}${tag}${digest}`);

it('gives what applying the entries one after another gives, for any entries and image', () => {
  fc.assert(
    fc.property(fc.array(entry, { maxLength: 6 }), image, (entries, written) => {
      assert.equal(composed(written, entries), oneAfterAnother(written, entries));
    }),
    { numRuns: 2000 },
  );
});

it('lets an overlay entry match the name a base entry produced', () => {
  const base = { name: 'a', newName: 'b', newTag: 'v1' };
  assert.equal(composed('a:v0', [base, { name: 'b', digest: 'sha256:ccc' }]), 'b@sha256:ccc');
  assert.equal(composed('a:v0', [base, { name: 'a', newTag: 'v9' }]), 'b:v1');
  assert.equal(composed('a', [{ name: 'a', newTag: 'v1' }, { name: 'a', newTag: 'v2' }]), 'a:v2');
  assert.deepEqual(composeTransforms([]), []);
});
