// Kustomize's images transformer applied several times in a row (one entry after
// another, one kustomization after another), folded into one list that
// `transformImage` (first entry whose name matches wins) applies in a single step.
//
// kustomize runs one ImageTagTransformer per `images:` entry, in order, and a
// kustomization's transformers run on everything its bases already transformed.
// So `base: example/web → newTag v1` then `overlay: example/web → digest sha256:…`
// gives `example/web@sha256:…`, and a base entry that renames `a` to `b` lets an
// overlay entry named `b` (not `a`) apply to it.

import type { ImageTransform } from '../analysis/fileContext';

/** Entries applied one after another, as one list for `transformImage`. */
export function composeTransforms(steps: Iterable<ImageTransform>): ImageTransform[] {
  let composed: ImageTransform[] = [];
  for (const step of steps) composed = then(composed, step);
  return composed;
}

/** `composed`, then `next` on its result. */
function then(composed: readonly ImageTransform[], next: ImageTransform): ImageTransform[] {
  const result = composed.map((entry) => ((entry.newName || entry.name) === next.name ? merge(entry, next) : entry));
  // Images that no earlier entry matched reach `next` unchanged.
  if (!composed.some((entry) => entry.name === next.name)) result.push(next);
  return result;
}

/** `first` then `second`, where `second` matches what `first` produces. */
function merge(first: ImageTransform, second: ImageTransform): ImageTransform {
  const newName = second.newName || first.newName;
  // A new tag and/or digest replaces both (a new tag drops the digest and vice versa);
  // an entry that sets neither keeps what came before.
  const version = second.newTag || second.digest ? second : first;
  return {
    name: first.name,
    ...(newName ? { newName } : {}),
    ...(version.newTag ? { newTag: version.newTag } : {}),
    ...(version.digest ? { digest: version.digest } : {}),
  };
}
