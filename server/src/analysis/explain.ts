// Words for people: why a container gets its policy, what the kubelet will do,
// and what an image reference really means. Markdown, no protocol types.

import type { BuiltImage } from './builtImages';
import { isImageNotText, writtenImage, type EffectivePolicy } from './effectivePolicy';
import { describeTransform, NO_CONTEXT, transformImage, type FileContext, type HelmValues } from './fileContext';
import { localClusterAdvice, localContextLines } from './localContext';
import type { ContainerSite } from './manifest';
import { defaultPullPolicy, type PullPolicy } from './pullPolicy';
import { pulledReference } from './rules/describe';

export const DOCS_URL = 'https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy';

export const POLICY_MEANING: Readonly<Record<PullPolicy, string>> = {
  Always:
    'On every container start the kubelet asks the registry for the image digest and pulls when it differs from the local copy. Without registry access the pod fails with `ErrImagePull` / `ImagePullBackOff`.',
  IfNotPresent: 'The kubelet pulls only when the node does not have the image yet; an image already on the node (for example one built locally) is used as is.',
  Never: 'The kubelet never pulls. If the image is not already on the node, the pod fails with `ErrImageNeverPull`.',
};

/** One sentence: why this container's policy is what it is. */
export function reasonFor(site: ContainerSite, effective: EffectivePolicy): string {
  const key = site.policyKey;
  const { decision } = effective;
  switch (effective.origin) {
    case 'admission':
      return `The AlwaysPullImages admission plugin (the kubePullPolicy.assumeAlwaysPullImages setting) sets every ${key} to Always.`;
    case 'explicit':
      return `${key} is set explicitly in the manifest.`;
    case 'rejected':
      return isImageNotText(site)
        ? `${site.imageKey} is not a string as kubectl reads it (YAML 1.1), so the API server rejects the object.`
        : `${key} is not one of Always, IfNotPresent or Never, so the API server rejects the object.`;
    case 'built':
      return effective.built?.config.tool === 'tilt'
        ? `Tilt sets ${key}: ${effective.policy} on every container of an object whose image it builds, whatever the manifest says, before applying it.`
        : `${key} is omitted, so the API server defaults it from the image Skaffold deploys: ${effective.policy}.`;
    case 'default':
      break;
  }
  const omitted = `${key} is omitted, so the API server defaults it from the image`;
  switch (decision.reason) {
    case 'no-tag':
      return `${omitted}: the image has neither tag nor digest, which Kubernetes reads as the tag \`latest\`, giving Always.`;
    case 'tag-latest':
      return decision.parsed.ok && decision.parsed.ref.digest
        ? `${omitted}: the tag is \`latest\`, giving Always. The digest does not change this: SetDefaults_Container looks only at the tag.`
        : `${omitted}: the tag is exactly \`latest\`, giving Always.`;
    case 'latest-with-digest-gate':
      return `${omitted}: the tag is \`latest\` but a digest pins it, and the DigestAwareImagePullPolicyDefaulting feature gate (KEP-6083, the kubePullPolicy.featureGates setting) gives IfNotPresent.`;
    case 'digest-only':
      return `${omitted}: it is pinned by digest without a tag, giving IfNotPresent.`;
    case 'unparseable':
      return effective.image === ''
        ? `${omitted}: there is no image, giving IfNotPresent.`
        : `${omitted}: the reference does not parse, and Kubernetes ignores the parse error and gives IfNotPresent.`;
    default:
      return `${omitted}: the tag is \`${decision.effectiveTag}\`, not \`latest\`, giving IfNotPresent.`;
  }
}

/** What a values.yaml hint assumes about the chart's templates, and whether it holds. */
export function helmNote(site: ContainerSite, values: HelmValues): string {
  const assumption = `The chart renders \`${site.composedImage}\` from \`${site.fieldPath}.repository\` and \`${site.fieldPath}.tag\` (empty: appVersion ${values.appVersion ?? 'unset'}), and imagePullPolicy from \`${site.fieldPath}.pullPolicy\` (empty: omitted).`;
  if (!values.verifiedPaths) return `${assumption} This assumes the usual templates; ${values.chart} has none to check.`;
  if (values.verifiedPaths.includes(site.fieldPath)) return `${assumption} The chart's templates use these values this way.`;
  return `${assumption} The chart's templates do not use \`.Values.${site.fieldPath}.pullPolicy\` as an imagePullPolicy, so this assumption does not hold here.`;
}

/** What the Skaffold or Tilt substitution does, and what a Tiltfile left unread. */
export function buildNote(built: BuiltImage): string {
  const notes = built.config.notes?.length ? ` Not understood in ${built.config.config}: ${built.config.notes.join('; ')}.` : '';
  return `${built.explanation}${notes}`;
}

/** A kustomize patch: the base decides. */
export function patchNote(patch: NonNullable<FileContext['kustomizePatch']>): string {
  return (
    `This file is a patch in ${patch.kustomization}${patch.base ? ` of ${patch.base}` : ''}: the merged object keeps the base's imagePullPolicy, ` +
    'and only when the base has none does the API server default it from the merged image.'
  );
}

/** Markdown for a hover on an image value. */
export function imageHover(site: ContainerSite, effective: EffectivePolicy, context: FileContext = NO_CONTEXT): string {
  const parsed = effective.decision.parsed;
  const lines = [`**${site.imageKey}** \`${effective.image}\``, ''];
  if (site.image?.shape === 'other-scalar' && site.composedImage === undefined) {
    lines.push(`kubectl reads this value as the ${typeof site.image.value} \`${String(site.image.value)}\` (YAML 1.1, as go-yaml reads it), not as text, and the API server rejects the object. Quote it to mean the text.`, '');
  }
  if (context.kustomizePatch) lines.push(patchNote(context.kustomizePatch), '');
  if (context.helmValues) lines.push(helmNote(site, context.helmValues), '');
  if (effective.built) lines.push(buildNote(effective.built), '');
  if (effective.transformedBy && context.images) {
    lines.push(`The image is written as \`${writtenImage(site)}\`; the \`images:\` of ${context.images.kustomization} rewrites it (${describeTransform(effective.transformedBy)}).`, '');
  }
  if (effective.built?.replaced) {
    // The written name is the tool's placeholder: what runs is the tool's image.
    lines.push(`Deployed as \`${effective.built.deployed}\`.`, '');
  } else if (parsed.ok) {
    const ref = parsed.ref;
    lines.push(
      '| | |',
      '|---|---|',
      `| Registry | \`${ref.domain || '(none)'}\`${ref.domain === 'docker.io' ? ' (Docker Hub)' : ''} |`,
      `| Repository | \`${ref.path}\` |`,
      `| Tag | ${ref.tag === null ? (ref.digest ? '(none)' : '(none: `latest` is used)') : `\`${ref.tag}\``} |`,
      `| Digest | ${ref.digest ? `\`${ref.digest}\`` : '(none)'} |`,
      `| Pulled as | \`${pulledReference(parsed)}\` |`,
      '',
    );
    const note = hostNote(effective.image, ref.domain);
    if (note) lines.push(note, '');
  } else if (effective.image !== '') {
    lines.push(`Kubernetes cannot parse this reference: ${parsed.error.explanation}`, '');
  }
  const gate = gateNote(effective);
  if (gate) lines.push(gate, '');
  const policy = effective.policy;
  lines.push(
    policy ? `**Effective ${site.policyKey}: \`${policy}\`**` : `**No effective ${site.policyKey}**`,
    '',
    reasonFor(site, effective),
    '',
  );
  if (policy) lines.push(POLICY_MEANING[policy], '');
  // With the local context's facts, what this machine and cluster say replaces the advice for every cluster.
  if (context.local) lines.push(...localContextLines(context.local, effective).flatMap((line) => [line, '']));
  else if ((policy === 'Always' && effective.origin === 'default') || policy === 'Never') lines.push(localClusterAdvice(effective.image), '');
  if (site.objectApiVersion?.startsWith('serving.knative.dev/') && parsed.ok && !parsed.ref.digest) {
    lines.push(
      'Knative resolves the tag to a digest when it creates a revision, so the pods run that digest (and the kubelet compares digests, not the tag), unless the registry is listed in Knative\'s `registries-skipping-tag-resolving`.',
      '',
    );
  }
  const overlays = overlayPolicies(site, effective, context);
  if (overlays.length) lines.push('Policy per kustomize overlay that includes this file:', '', ...overlays, '');
  lines.push(`[Kubernetes docs: image pull policy](${DOCS_URL})`);
  return lines.join('\n');
}

/** `- overlays/prod/kustomization.yaml: \`app:v2\` → IfNotPresent`, for overlays whose images apply. */
function overlayPolicies(site: ContainerSite, effective: EffectivePolicy, context: FileContext): string[] {
  const written = writtenImage(site);
  if (!written) return [];
  return (context.overlays ?? []).flatMap((overlay) => {
    const transformed = transformImage(written, overlay.images);
    if (!transformed) return [];
    const policy = effective.origin === 'default' ? defaultPullPolicy(transformed.image).policy : effective.policy;
    return [`- ${overlay.kustomization}: \`${transformed.image}\` → ${policy ?? 'rejected'}`];
  });
}

/** Markdown for a hover on an `imagePullPolicy` key or value. */
export function policyHover(site: ContainerSite, effective: EffectivePolicy): string {
  const lines = [`**${site.policyKey}**${effective.policy ? `: effective \`${effective.policy}\`` : ''}`, '', reasonFor(site, effective), ''];
  for (const [policy, meaning] of Object.entries(POLICY_MEANING)) lines.push(`- \`${policy}\`: ${meaning}`);
  lines.push(
    '',
    'When omitted (or empty), the API server sets Always if the tag is exactly `latest` or there is neither tag nor digest, and IfNotPresent otherwise.',
    '',
    `[Kubernetes docs: image pull policy](${DOCS_URL})`,
  );
  return lines.join('\n');
}

/** Where KEP-6083's proposed gate would change the default, say so. */
function gateNote(effective: EffectivePolicy): string | undefined {
  const { decision } = effective;
  if (effective.origin !== 'default') return undefined;
  if (decision.reason === 'latest-with-digest-gate') {
    return 'Without the DigestAwareImagePullPolicyDefaulting gate (no released Kubernetes enables it) this image gets Always.';
  }
  if (decision.reason === 'tag-latest' && decision.parsed.ok && decision.parsed.ref.digest) {
    return 'The proposed DigestAwareImagePullPolicyDefaulting feature gate (KEP-6083) would give IfNotPresent here, because the digest pins the image; no released Kubernetes enables it.';
  }
  return undefined;
}

/**
 * Explains Docker Hub normalisation when it surprises: a first path component
 * that looks like a host but is a namespace, or `host:port` without a slash,
 * where the port is a tag.
 */
function hostNote(image: string, domain: string): string | undefined {
  if (domain !== 'docker.io') return undefined;
  const slash = image.indexOf('/');
  if (slash < 0) {
    const colon = image.indexOf(':');
    return colon > 0 && /^\d+$/.test(image.slice(colon + 1).split('@')[0])
      ? `\`${image.slice(colon + 1).split('@')[0]}\` is a tag, not a port: without a \`/\`, the whole reference is a Docker Hub repository name.`
      : undefined;
  }
  const first = image.slice(0, slash);
  if (first === 'docker.io' || first === 'index.docker.io') return undefined;
  return `\`${first}\` is a Docker Hub namespace, not a registry host: a first component counts as a host only when it contains \`.\` or \`:\`, is \`localhost\`, or has uppercase letters.`;
}
