// The imagePullPolicy the Kubernetes API server fills in when a container
// omits it: SetDefaults_Container in pkg/apis/core/v1/defaults.go, which takes
// the tag from ParseImageName in pkg/util/parsers/parsers.go.

import { parseNormalizedNamed } from './imageReference';
import type { ParsedImage, ReferenceLibrary } from './imageReference';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export const PULL_POLICIES: readonly PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];

/** Exact and case-sensitive, as the API server validates the field: "always" is not a policy. */
export function isPullPolicy(v: unknown): v is PullPolicy {
  return typeof v === 'string' && (PULL_POLICIES as readonly string[]).includes(v);
}

export type DefaultReason =
  | 'no-tag' // neither tag nor digest: ParseImageName supplies "latest"
  | 'tag-latest'
  | 'other-tag'
  | 'digest-only'
  | 'unparseable'
  | 'latest-with-digest-gate';

export interface DefaultOptions {
  /** Which reference library the API server links (SPEC §6); default v0.6, Kubernetes ≥ 1.30. */
  library?: ReferenceLibrary;
  /** KEP-6083's proposed gate DigestAwareImagePullPolicyDefaulting: tag "latest" plus a digest gives IfNotPresent. */
  digestAwareDefaulting?: boolean;
}

export interface DefaultDecision {
  policy: 'Always' | 'IfNotPresent';
  /** The tag the API server compares with "latest"; "" when there is none. */
  effectiveTag: string;
  reason: DefaultReason;
  parsed: ParsedImage;
}

/** The policy the API server defaults for `image` when imagePullPolicy is absent or "". */
export function defaultPullPolicy(image: string, options: DefaultOptions = {}): DefaultDecision {
  const parsed = parseNormalizedNamed(image, options.library);
  const decide = (policy: DefaultDecision['policy'], effectiveTag: string, reason: DefaultReason): DefaultDecision => ({
    policy,
    effectiveTag,
    reason,
    parsed,
  });

  // SetDefaults_Container ignores ParseImageName's error, so the tag is "". This
  // holds even for images that look like ":latest", such as "nginx:latest " or
  // "nginx:latest@sha256:abc".
  if (!parsed.ok) return decide('IfNotPresent', '', 'unparseable');
  const { tag, digest } = parsed.ref;
  // ParseImageName supplies "latest" only when there is neither a tag nor a digest.
  if (tag === null) return digest === null ? decide('Always', 'latest', 'no-tag') : decide('IfNotPresent', '', 'digest-only');
  // A byte-exact comparison: "Latest" is another tag.
  if (tag !== 'latest') return decide('IfNotPresent', tag, 'other-tag');
  // The tag stays next to a digest, so "nginx:latest@sha256:…" gives Always, unless KEP-6083's gate is on.
  if (digest !== null && options.digestAwareDefaulting) return decide('IfNotPresent', 'latest', 'latest-with-digest-gate');
  return decide('Always', 'latest', 'tag-latest');
}
