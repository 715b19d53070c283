// What the API server stores in `imagePullPolicy` for one container.

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
  | 'rejected';

export interface EffectivePolicy {
  /** Undefined only when the object is rejected. */
  readonly policy?: PullPolicy;
  readonly origin: PolicyOrigin;
  /** The image as a string, or '' when it is missing or not a string. */
  readonly image: string;
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

export function effectivePolicy(site: ContainerSite, settings: AnalysisSettings): EffectivePolicy {
  const image = site.image?.shape === 'string' ? (site.image.value as string) : '';
  const decision = defaultPullPolicy(image, { library: settings.library, digestAwareDefaulting: settings.digestAwareDefaulting });
  const explicit = site.policy?.value;
  if (!isPolicyOmitted(site) && !isPullPolicy(explicit)) return { origin: 'rejected', image, decision };
  if (settings.assumeAlwaysPullImages) return { policy: 'Always', origin: 'admission', image, decision };
  if (isPullPolicy(explicit)) return { policy: explicit, origin: 'explicit', image, decision };
  return { policy: decision.policy, origin: 'default', image, decision };
}
