// invalid-image: the image is not a string, or Kubernetes' reference parser
// (`ParseNormalizedNamed`) rejects it. The API server stores such a pod (its
// defaulting ignores the parse error and picks IfNotPresent) but the kubelet
// cannot pull it and reports InvalidImageName.

import { parseNormalizedNamed, type ReferenceLibrary } from '../imageReference';
import { replaceValueEdit } from '../edits';
import type { Fix } from '../types';
import { describeSite, nonStringReading, quotedText } from './describe';
import type { Rule } from './types';

export const invalidImage: Rule = {
  id: 'invalid-image',
  defaultSeverity: 'error',
  description: 'The image reference does not parse, so the kubelet fails with `InvalidImageName`.',
  check({ site, effective, settings, source }) {
    const image = site.image;
    if (!image || image.shape === 'null' || image.value === '') return [];
    if (image.shape !== 'string') {
      const message = `${site.imageKey} must be a string, but ${nonStringReading(image, source.text)}. The API server rejects this object; write the image reference as a string.`;
      const quoted = quotedText(image, source.text);
      const fixes: Fix[] = quoted ? [{ title: `Quote the image: ${quoted}`, edits: [{ span: image.valueSpan, text: quoted }] }] : [];
      return [{ span: image.valueSpan, message, fixes, preferredFix: fixes.length ? 0 : undefined }];
    }
    const parsed = effective.decision.parsed;
    if (parsed.ok) return [];
    const message =
      `Kubernetes cannot parse the image reference ${JSON.stringify(effective.image)}: ${parsed.error.explanation} ` +
      `The kubelet fails to start ${describeSite(site)} with InvalidImageName.`;
    const repaired = lowercaseRepair(effective.image, settings.library);
    const edit = repaired === undefined ? undefined : replaceValueEdit(source, image, repaired);
    const fixes: Fix[] = repaired && edit ? [{ title: `Change the image to ${repaired}`, edits: [edit] }] : [];
    return [{ span: image.valueSpan, message, fixes, preferredFix: fixes.length ? 0 : undefined }];
  },
};

/**
 * The reference with uppercase letters lowered where that alone makes it parse.
 * The registry host may keep its case; the tag keeps its case (tags are
 * case-sensitive); the repository path and the digest hex must be lowercase.
 */
function lowercaseRepair(image: string, library: ReferenceLibrary): string | undefined {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? '' : image.slice(at);
  const lastSlash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const nameEnd = colon > lastSlash ? colon : named.length;
  const name = named.slice(0, nameEnd);
  const tag = named.slice(nameEnd);
  const firstSlash = name.indexOf('/');
  const names = [
    ...(firstSlash > 0 ? [name.slice(0, firstSlash + 1) + name.slice(firstSlash + 1).toLowerCase()] : []),
    name.toLowerCase(),
  ];
  const digests = [digest, digest.toLowerCase()];
  for (const candidateName of names) {
    for (const candidateDigest of digests) {
      const candidate = candidateName + tag + candidateDigest;
      if (candidate !== image && parseNormalizedNamed(candidate, library).ok) return candidate;
    }
  }
  return undefined;
}
