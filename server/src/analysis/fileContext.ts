// What the analysis needs to know about a file beyond its text: its role in a
// Kustomize or Helm layout, and the Skaffold or Tilt configs that deploy it. Found on disk by server/src/workspace/ (editor and CLI
// alike); plain data here.

import type { BuildConfig } from './builtImages';

/** A kustomize `images:` entry: which image it matches and what it sets. */
export interface ImageTransform {
  readonly name: string;
  readonly newName?: string;
  readonly newTag?: string;
  readonly digest?: string;
}

/** A kustomization that (transitively) includes the file and transforms images. */
export interface Overlay {
  /** The kustomization file, as a path a person recognises (relative to the workspace where possible). */
  readonly kustomization: string;
  readonly images: readonly ImageTransform[];
}

import type { LocalFacts } from './localContext';

export interface FileContext {
  /**
   * The file is a patch of a kustomization (`patches`, `patchesStrategicMerge`,
   * `patchesJson6902`): partial objects whose base decides image and policy.
   */
  readonly kustomizePatch?: {
    readonly kustomization: string;
    /** The base file the patch's target resolves to, when found. */
    readonly base?: string;
  };
  /** `images:` of the kustomization that lists the file under `resources`: applied to findings and hints. */
  readonly images?: Overlay;
  /** Other kustomizations that include the file and set images: listed in hovers, one policy each. */
  readonly overlays?: readonly Overlay[];
  /** The file is a Go template of a Helm chart (under `templates/` below a `Chart.yaml`). */
  readonly helmTemplate?: boolean;
  /** The file is a chart's values.yaml: `image: { repository, tag, pullPolicy }` blocks are containers. */
  readonly helmValues?: HelmValues;
  /** skaffold.yaml files and Tiltfiles that deploy the file: their artifacts replace matching images. */
  readonly builds?: readonly BuildConfig[];
  /** The machine's kubectl context and local images, when the local context is on. */
  readonly local?: LocalFacts;
}

export interface HelmValues {
  /** The chart's Chart.yaml, as a path a person recognises. */
  readonly chart: string;
  /** `appVersion` of Chart.yaml: the tag when `image.tag` is empty. */
  readonly appVersion?: string;
  /**
   * Value paths (e.g. `image`, `worker.image`) whose `repository` and `pullPolicy` the
   * chart's templates use as a container's image and imagePullPolicy. Undefined when
   * the chart has no templates to check.
   */
  readonly verifiedPaths?: readonly string[];
}

export const NO_CONTEXT: FileContext = {};

/**
 * The image kustomize's images transformer produces (api/filters/imagetag):
 * the first entry whose `name` matches the image's name (without tag or digest)
 * replaces the name, and the tag and/or digest (a new tag drops the digest, a new
 * digest drops the tag). Returns undefined when no entry matches.
 */
export function transformImage(image: string, transforms: readonly ImageTransform[]): { image: string; by: ImageTransform } | undefined {
  const [name, tag, digest] = splitImage(image);
  const by = transforms.find((transform) => transform.name === name);
  if (!by) return undefined;
  let newTag = tag;
  let newDigest = digest;
  if (by.newTag && by.digest) {
    newTag = by.newTag;
    newDigest = by.digest;
  } else if (by.newTag) {
    newTag = by.newTag;
    newDigest = '';
  } else if (by.digest) {
    newDigest = by.digest;
    newTag = '';
  }
  return { image: `${by.newName || name}${newTag ? `:${newTag}` : ''}${newDigest ? `@${newDigest}` : ''}`, by };
}

/** kustomize's image.Split: name, tag, digest (empty when absent). */
function splitImage(image: string): [string, string, string] {
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const digest = at < 0 ? '' : image.slice(at + 1);
  const colon = named.lastIndexOf(':');
  const slash = named.lastIndexOf('/');
  return colon > slash ? [named.slice(0, colon), named.slice(colon + 1), digest] : [named, '', digest];
}

/** Words for a hint: what the transformer did, e.g. `kustomize sets tag v1.4.2`. */
export function describeTransform(by: ImageTransform): string {
  const parts = [
    ...(by.newName ? [`name ${by.newName}`] : []),
    ...(by.newTag ? [`tag ${by.newTag}`] : []),
    ...(by.digest ? [`digest ${by.digest.slice(0, 19)}…`] : []),
  ];
  return `kustomize sets ${parts.join(', ') || 'nothing'}`;
}
