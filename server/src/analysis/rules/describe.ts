// Phrases shared by rule messages.

import type { EffectivePolicy } from '../effectivePolicy';
import { describeTransform } from '../fileContext';
import type { ParsedImage } from '../imageReference';
import { locationOf, type ContainerSite } from '../manifest';

/** `container "web"`, `init container "setup"`, `image volume "data"`, or where it is when unnamed (`items[2].spec.containers[0]`). */
export function describeSite(site: ContainerSite): string {
  const noun = {
    container: 'container',
    initContainer: 'init container',
    ephemeralContainer: 'ephemeral container',
    sidecar: 'sidecar',
    step: 'step',
    imageVolume: 'image volume',
    helmImage: 'chart image',
  }[site.kind];
  return site.name ? `${noun} "${site.name}"` : `${noun} at ${locationOf(site)}`;
}

/**
 * The fully qualified reference the kubelet pulls: the normalised name, the tag
 * (`latest` when there is neither tag nor digest) and the digest.
 */
export function pulledReference(parsed: ParsedImage): string | undefined {
  if (!parsed.ok) return undefined;
  const { name, tag, digest } = parsed.ref;
  const shownTag = tag ?? (digest ? null : 'latest');
  return `${name}${shownTag === null ? '' : `:${shownTag}`}${digest ? `@${digest}` : ''}`;
}

/** `the image "x"`, naming the written image and the kustomize rewrite when one applies. */
export function imagePhrase(effective: EffectivePolicy, written: string): string {
  if (!effective.transformedBy) return `the image "${effective.image}"`;
  return `the image "${effective.image}" (written "${written}"; ${describeTransform(effective.transformedBy)})`;
}
