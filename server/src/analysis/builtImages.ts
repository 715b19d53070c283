// Inner-loop tools (Skaffold, Tilt) build images and replace their artifact names
// in the manifests they deploy before applying them: what the API server sees is
// the tool's image, not the one written. Plain data in (read from skaffold.yaml or
// a Tiltfile by server/src/workspace/), the substitution's outcome out.

import { parse, parseNormalizedNamed } from './imageReference';
import { defaultPullPolicy, type DefaultOptions, type PullPolicy } from './pullPolicy';

/** A Skaffold tag policy (`build.tagPolicy`), as far as it decides what the tag looks like. */
export type SkaffoldTagger =
  | { readonly kind: 'gitCommit'; readonly variant?: string; readonly prefix?: string }
  | { readonly kind: 'sha256' }
  | { readonly kind: 'inputDigest' }
  | { readonly kind: 'dateTime'; readonly format?: string }
  | { readonly kind: 'envTemplate'; readonly template?: string }
  | { readonly kind: 'customTemplate'; readonly template?: string };

export interface SkaffoldArtifact {
  readonly tool: 'skaffold';
  /** `build.artifacts[].image` as written. */
  readonly image: string;
  readonly tagger: SkaffoldTagger;
  /** `build.local.push`, true for remote builders (cluster, googleCloudBuild); undefined: decided by the cluster. */
  readonly push?: boolean;
  /** The profile whose `build` lists the artifact, if it is not the config's own. */
  readonly profile?: string;
  /** The required skaffold.yaml that defines the artifact, when it is not the config itself. */
  readonly requiredFrom?: string;
}

export interface TiltArtifact {
  readonly tool: 'tilt';
  /** The first argument of `docker_build` / `custom_build`. */
  readonly image: string;
  readonly call: 'docker_build' | 'custom_build';
}

export type Artifact = SkaffoldArtifact | TiltArtifact;

/** A skaffold.yaml or Tiltfile that deploys the file, with the artifacts it builds. */
export interface BuildConfig {
  readonly tool: 'skaffold' | 'tilt';
  /** The config file, as a path a person recognises. */
  readonly config: string;
  readonly artifacts: readonly Artifact[];
  /** What was not understood (a Tiltfile's non-literal calls, a missing required config), for hovers. */
  readonly notes?: readonly string[];
}

/** A container image the tool replaces. */
export interface BuiltImage {
  readonly config: BuildConfig;
  readonly artifact: Artifact;
  /** What the tool deploys, in words for people, e.g. `frontend:v0.10.6-12-gabc1234@sha256:…`. */
  readonly deployed: string;
  /**
   * The policy that follows when the manifest omits it (Skaffold: the API server's default
   * for the deployed image) or always (Tilt writes it into every container of the object).
   */
  readonly policy: PullPolicy;
  /** One sentence on how the tool decides the image (and, for Tilt, the policy). */
  readonly explanation: string;
  /** False for a Tilt object's other containers: Tilt sets their policy but keeps their image. */
  readonly replaced: boolean;
}

/** Where an image is written: a container's `image`, an image volume's `reference`, or a chart's values. */
export interface ImageField {
  readonly apiVersion?: string;
  readonly kind: string;
  readonly field: 'image' | 'reference' | 'values';
}

/**
 * The kinds whose `image` fields Skaffold rewrites by default (TransformAllowlist,
 * pkg/skaffold/kubernetes/manifest/visitor.go); a config's `resourceSelector.allow`
 * can add more, which is not read here. Keys are `group/Kind`.
 */
const SKAFFOLD_KINDS: ReadonlySet<string> = new Set([
  '/Pod', 'apps/DaemonSet', 'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'batch/CronJob', 'batch/Job',
  'extensions/DaemonSet', 'extensions/Deployment', 'extensions/ReplicaSet', 'serving.knative.dev/Service', 'agones.dev/Fleet',
  'agones.dev/GameServer', 'argoproj.io/Rollout', 'argoproj.io/Workflow', 'argoproj.io/CronWorkflow', 'argoproj.io/WorkflowTemplate',
  'argoproj.io/ClusterWorkflowTemplate', 'platform.confluent.io/Connect', 'platform.confluent.io/ControlCenter', 'platform.confluent.io/Kafka',
  'platform.confluent.io/KsqlDB', 'platform.confluent.io/SchemaRegistry', 'platform.confluent.io/Zookeeper', 'run.googleapis.com/Job',
  'run.googleapis.com/WorkerPool', 'kafka.strimzi.io/KafkaConnect', 'kafka.strimzi.io/Kafka',
]);

/** Skaffold rewrites only fields named `image` (so not image volumes), in the kinds above; a chart's render is any kind. */
function skaffoldRewrites(where: ImageField): boolean {
  if (where.field === 'values') return true;
  const apiVersion = where.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return where.field === 'image' && SKAFFOLD_KINDS.has(`${group}/${where.kind}`);
}

/** The first artifact of `configs` that the tool substitutes for `image`, with what it deploys. */
export function builtImageFor(image: string, where: ImageField, configs: readonly BuildConfig[], options: DefaultOptions = {}): BuiltImage | undefined {
  for (const config of configs) {
    for (const artifact of config.artifacts) {
      if (artifact.tool === 'skaffold' ? skaffoldRewrites(where) && skaffoldMatches(artifact.image, image) : tiltMatches(artifact.image, image)) {
        return artifact.tool === 'skaffold' ? skaffoldImage(config, artifact, options) : tiltImage(config, artifact, image);
      }
    }
  }
  return undefined;
}

/**
 * Skaffold's imageReplacer (pkg/skaffold/kubernetes/manifest/images.go, selectLocalManifestImages):
 * the manifest image is parsed with reference.Parse (no Docker Hub normalisation) after
 * SanitizeImageName (a `ko://` prefix dropped, the name lowercased); an image with a digest
 * is left alone; otherwise its name without tag must equal the sanitised artifact image.
 * So `frontend:dev` matches the artifact `frontend`, while `docker.io/library/frontend`
 * and `gcr.io/p/frontend` do not, and `--default-repo` changes only what is deployed.
 */
export function skaffoldMatches(artifactImage: string, image: string): boolean {
  const parsed = parse(sanitizeImageName(image));
  return parsed.ok && parsed.ref.digest === null && parsed.ref.name === sanitizeImageName(artifactImage);
}

/** docker.SanitizeImageName: drop `ko://`, lowercase the name (not the tag). */
function sanitizeImageName(image: string): string {
  const bare = image.startsWith('ko://') ? image.slice('ko://'.length) : image;
  const tagOrDigest = bare.search(/[@]|:(?![^/]*\/)/);
  return tagOrDigest < 0 ? bare.toLowerCase() : bare.slice(0, tagOrDigest).toLowerCase() + bare.slice(tagOrDigest);
}

/**
 * Tilt's RefSelector (internal/container/selector.go): both sides are normalised with
 * ParseNormalizedNamed, and the names compared, so `example/web` matches
 * `docker.io/example/web:1.0`; a `docker_build` reference with a tag matches only that
 * exact reference.
 */
export function tiltMatches(artifactImage: string, image: string): boolean {
  const selector = parseNormalizedNamed(artifactImage);
  const candidate = parseNormalizedNamed(image);
  if (!selector.ok || !candidate.ok || selector.ref.digest) return false;
  return selector.ref.tag === null ? candidate.ref.name === selector.ref.name : candidate.ref.string === selector.ref.string;
}

/** A digest in the shape `sha256:<64 hex>`, to let the API server's rule judge a pushed reference. */
const SOME_DIGEST = `sha256:${'0'.repeat(64)}`;

/**
 * What Skaffold deploys for an artifact. The tag comes from the tagger
 * (GenerateFullyQualifiedImageName; a failing gitCommit tagger falls back to sha256,
 * pkg/skaffold/deploy/util/util.go), then pkg/skaffold/build/local/local.go: a pushed
 * image is deployed as `name:tag@digest` (TagWithDigest), one that is not pushed as
 * `name:<image ID>` (TagWithImageID), which is never `latest`. Whether it pushes:
 * `build.local.push`, else true except on local clusters (minikube, kind, k3d, Docker
 * Desktop). The hint assumes a local cluster when the config does not say.
 */
function skaffoldImage(config: BuildConfig, artifact: SkaffoldArtifact, options: DefaultOptions): BuiltImage {
  const parsed = parse(sanitizeImageName(artifact.image));
  const name = parsed.ok ? parsed.ref.name : artifact.image;
  // An artifact image with a tag never matches (the manifest side has none), so the tagger decides.
  const tag = taggerTag(artifact.tagger);
  const pushedImage = `${name}:${tag.example}@sha256:…`;
  const localImage = `${name}:<image ID>`;
  // A template's tag is unknown here: judged as not `latest`.
  const pushedPolicy = tag.literal ? defaultPullPolicy(`${name}:${tag.literal}@${SOME_DIGEST}`, options).policy : 'IfNotPresent';
  const tagger = `the ${artifact.tagger.kind} tagger (${tag.words})`;
  const where = `${artifact.profile ? ` with the profile ${artifact.profile}` : ''}${artifact.requiredFrom ? ` (an artifact of ${artifact.requiredFrom}, which it requires)` : ''}`;
  const pushedWords = `\`${pushedImage}\`, ${pushedPolicy === 'Always' ? 'whose tag `latest` gives Always even with the digest' : 'giving IfNotPresent'}`;
  const localWords = `\`${localImage}\`, giving IfNotPresent`;
  let deployed: string;
  let policy: PullPolicy;
  let how: string;
  if (artifact.push === true) {
    [deployed, policy, how] = [pushedImage, pushedPolicy, `The image is pushed (build.local.push: true or a remote builder), so Skaffold deploys ${pushedWords}.`];
  } else if (artifact.push === false) {
    [deployed, policy, how] = [localImage, 'IfNotPresent', `The image is not pushed (build.local.push: false), so Skaffold deploys ${localWords}.`];
  } else {
    [deployed, policy, how] = [
      localImage,
      'IfNotPresent',
      `On a local cluster (minikube, kind, k3d, Docker Desktop) Skaffold does not push and deploys ${localWords}; on any other cluster it pushes and deploys ${pushedWords}.`,
    ];
  }
  const explanation =
    `${config.config} builds \`${artifact.image}\`${where} and replaces this image with what it built, tagged by ${tagger}. ${how}` +
    ' A --default-repo (flag, SKAFFOLD_DEFAULT_REPO or the global config) only prefixes the name.';
  return { config, artifact, deployed, policy, explanation, replaced: true };
}

/** The tag a tagger produces: an example for people, the exact value when it is fixed. */
function taggerTag(tagger: SkaffoldTagger): { example: string; literal?: string; words: string } {
  switch (tagger.kind) {
    case 'gitCommit': {
      // pkg/skaffold/tag/git_commit.go: `git describe --tags --always` by default, `-dirty` with uncommitted changes.
      const prefix = tagger.prefix ?? '';
      const variant = (tagger.variant ?? 'Tags').toLowerCase();
      const example =
        variant === 'commitsha' || variant === 'treesha'
          ? 'abc1234def5678abc1234def5678abc1234def56'
          : variant === 'abbrevcommitsha' || variant === 'abbrevtreesha'
            ? 'abc1234'
            : variant === 'branches'
              ? 'main'
              : 'v0.10.6-12-gabc1234';
      return { example: `${prefix}${example}`, words: `variant ${tagger.variant ?? 'Tags'}, e.g. \`${prefix}${example}\`, with \`-dirty\` for uncommitted changes` };
    }
    case 'sha256':
      // pkg/skaffold/tag/sha256.go: "latest" unless the artifact image has a tag.
      return { example: 'latest', literal: 'latest', words: 'always `latest`' };
    case 'inputDigest':
      return { example: '<sha256 of the inputs>', words: 'a digest of the source files' };
    case 'dateTime':
      return { example: '2026-01-02_15-04-05.999_UTC', words: `the build time, format \`${tagger.format ?? '2006-01-02_15-04-05.999_MST'}\`` };
    case 'envTemplate':
    case 'customTemplate': {
      const template = tagger.template ?? '';
      // A template without actions is its own tag.
      if (template && !template.includes('{{')) return { example: template, literal: template, words: `\`${template}\`` };
      return { example: template || '<template>', words: `the template \`${template}\`, which expands when Skaffold runs` };
    }
  }
}

/**
 * What Tilt deploys: internal/build/docker_builder.go tags the image `tilt-` plus the first
 * 16 hex digits of its digest (digestAsTag), and internal/controllers/core/kubernetesapply
 * sets imagePullPolicy: IfNotPresent on the replaced container and on every container of
 * an object with a built image (InjectImagePullPolicy, tilt-dev/tilt#3209), whatever the
 * manifest says.
 */
function tiltImage(config: BuildConfig, artifact: TiltArtifact, image: string): BuiltImage {
  const parsed = parseNormalizedNamed(image);
  const name = parsed.ok ? parsed.ref.familiarName : image;
  const deployed = `${name}:tilt-<16 hex digits of the image digest>`;
  const explanation =
    `${config.config} builds \`${artifact.image}\` (${artifact.call}) and replaces this image with \`${deployed}\` (or the same name in the registry Tilt pushes to).`;
  return { config, artifact, deployed, policy: 'IfNotPresent', explanation, replaced: true };
}

/** Another container of an object in which Tilt replaced `built`: Tilt sets its policy, not its image. */
export function tiltObjectPolicy(built: BuiltImage, image: string): BuiltImage {
  const explanation =
    `${built.config.config} builds \`${built.artifact.image}\` for another container of this object; the image \`${image}\` stays as written.`;
  return { ...built, deployed: image, explanation, replaced: false };
}

/** Words for a hint: `skaffold sets the tag`, `tilt sets it`. */
export function describeBuild(built: BuiltImage): string {
  return built.config.tool === 'skaffold' ? 'skaffold sets the tag' : 'tilt sets it';
}
