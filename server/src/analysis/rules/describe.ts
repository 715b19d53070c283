// Phrases shared by rule messages.

import type { EffectivePolicy } from '../effectivePolicy';
import { describeTransform } from '../fileContext';
import type { ParsedImage } from '../imageReference';
import { locationOf, type ContainerSite, type Entry } from '../manifest';

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

/** `container "web" (Deployment demo)`: describeSite and the object that holds it. */
export function describeSiteInObject(site: ContainerSite): string {
  return `${describeSite(site)} (${site.objectKind}${site.objectName ? ` ${site.objectName}` : ''})`;
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

/**
 * How kubectl reads a value that is not a string, e.g. `reads 1.20 as the number 1.2`:
 * go-yaml's YAML 1.1 typing (yamlReading.ts) decides, and the API server then
 * receives a number or boolean where a string must be.
 */
export function nonStringReading(entry: Entry, text: string): string {
  const written = text.slice(entry.valueSpan[0], entry.valueSpan[1]).trim();
  if (entry.shape === 'seq') return `it is a list (${written.slice(0, 40)})`;
  if (entry.shape === 'map') return 'it is a map';
  const what = typeof entry.value === 'boolean' ? `the boolean ${entry.value}` : `the number ${JSON.stringify(entry.value) ?? String(entry.value)}`;
  return `kubectl reads ${written} as ${what} (YAML 1.1, as go-yaml reads it)`;
}

/** A plain scalar kubectl types as a number or boolean, quoted so that it stays the text written; undefined when that is not safe. */
export function quotedText(entry: Entry, text: string): string | undefined {
  if (entry.shape !== 'other-scalar' || !entry.editable) return undefined;
  const written = text.slice(entry.valueSpan[0], entry.valueSpan[1]);
  return /^[-+.0-9A-Za-z_~:]+$/.test(written) ? `"${written}"` : undefined;
}
