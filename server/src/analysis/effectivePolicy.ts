// What the API server stores in `imagePullPolicy` for one container.

import type { BuiltImage } from './builtImages';
import { transformImage, type ImageTransform } from './fileContext';
import type { ContainerSite } from './manifest';
import { defaultPullPolicy, isPullPolicy, type DefaultDecision, type PullPolicy } from './pullPolicy';
import type { AnalysisSettings } from './settings';

export type PolicyOrigin =
  /** Written in the manifest. */
  | 'explicit'
  /** Omitted, `""` or null: `SetDefaults_Container` fills it in from the image. */
  | 'default'
  /** The AlwaysPullImages admission plugin overwrites every policy with Always. */
  | 'admission'
  /** Not a valid policy: the API server rejects the object. */
  | 'rejected'
  /** A build tool replaces the image (Skaffold: the omitted policy is defaulted from its image) or sets the policy (Tilt). */
  | 'built';

export interface EffectivePolicy {
  /** Undefined only when the object is rejected. */
  readonly policy?: PullPolicy;
  readonly origin: PolicyOrigin;
  /** The image the API server sees (after a kustomize images transformer), or '' when missing or not a string. */
  readonly image: string;
  /** The kustomize `images:` entry that rewrote the written image, if any. */
  readonly transformedBy?: ImageTransform;
  /** The Skaffold or Tilt artifact that replaces the image (or, for Tilt, sets the policy), if any. */
  readonly built?: BuiltImage;
  /** The defaulting decision for the image, computed even when the policy is explicit (for hovers and rules). */
  readonly decision: DefaultDecision;
}

/**
 * Kubernetes treats an empty string like an absent field (`SetDefaults_Container`
 * tests `len(ImagePullPolicy) == 0`), and YAML null decodes to the empty string.
 */
export function isPolicyOmitted(site: ContainerSite): boolean {
  const policy = site.policy;
  return !policy || policy.shape === 'null' || policy.value === '';
}

/** The image as written, or '' when it is missing or not a string. */
export function writtenImage(site: ContainerSite): string {
  if (site.composedImage !== undefined) return site.composedImage;
  return site.image?.shape === 'string' ? (site.image.value as string) : '';
}

/** The image after a kustomize images transformer (`transforms`, of the kustomization that renders the file). */
export function renderedImage(site: ContainerSite, transforms: readonly ImageTransform[]): { image: string; by?: ImageTransform } {
  const written = writtenImage(site);
  const transformed = written ? transformImage(written, transforms) : undefined;
  return transformed ?? { image: written };
}

/** The image is there but, as kubectl reads it, not a string (`image: 1.20`, `image: [x]`): the API server rejects the object. */
export function isImageNotText(site: ContainerSite): boolean {
  const shape = site.image?.shape;
  return site.composedImage === undefined && shape !== undefined && shape !== 'null' && shape !== 'string';
}

/**
 * `transforms`: the `images:` of the kustomization that renders this file, if any;
 * `built`: the Skaffold or Tilt artifact that replaces the rendered image (see builtImages.ts).
 */
export function effectivePolicy(site: ContainerSite, settings: AnalysisSettings, transforms: readonly ImageTransform[] = [], built?: BuiltImage): EffectivePolicy {
  const { image, by } = renderedImage(site, transforms);
  const extra = { ...(by ? { transformedBy: by } : {}), ...(built ? { built } : {}) };
  const decision = defaultPullPolicy(image, { library: settings.library, digestAwareDefaulting: settings.digestAwareDefaulting });
  const explicit = site.policy?.value;
  if ((!isPolicyOmitted(site) && !isPullPolicy(explicit)) || isImageNotText(site)) return { origin: 'rejected', image, decision, ...extra };
  if (settings.assumeAlwaysPullImages) return { policy: 'Always', origin: 'admission', image, decision, ...extra };
  // Tilt writes the policy over whatever the manifest says; Skaffold leaves an explicit one alone.
  if (built?.config.tool === 'tilt') return { policy: built.policy, origin: 'built', image, decision, ...extra };
  if (isPullPolicy(explicit)) return { policy: explicit, origin: 'explicit', image, decision, ...extra };
  if (built) return { policy: built.policy, origin: 'built', image, decision, ...extra };
  return { policy: decision.policy, origin: 'default', image, decision, ...extra };
}
