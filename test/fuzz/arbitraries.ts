// fast-check arbitraries for Kubernetes manifests, generated AS TEXT together with a
// model of what they contain: which containers (object name + API field path),
// with which image and pull policy values, and what the API server defaults.
//
// Variety, all of it reachable by shrinking towards the plainest form:
// workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob,
// ReplicationController, PodTemplate, Knative Service), `List`s of them, noise
// objects; several documents with `---`, sometimes `...`, comments before
// documents; 0–4 containers per list; image volumes; images from the reference
// grammar (domains with ports, IPv6, localhost; path separators; tags including
// latest/Latest; sha256/384/512 digests) and invalid ones (uppercase, whitespace,
// long tags, bad digests); policies absent/empty/null/invalid/valid/non-string;
// block and flow collections (one-line and multi-line); plain, quoted,
// escaped, multi-line and block scalars; tags (`!!str`, `!!null`); comments
// everywhere; LF, CRLF, CR-only; 2/3/4/5-space indentation with indented and
// non-indented sequences; anchors and aliases on images, policies and whole
// container maps.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  documentBody,
  entry,
  map,
  scalar,
  seq,
  type Layout,
  type MapEntry,
  type MapNode,
  type ScalarNode,
  type ScalarStyle,
  type SeqItem,
  type YNode,
} from './yamlWriter';

// ── The model ────────────────────────────────────────────────────────────────

export type ValueModel =
  | { readonly kind: 'absent' }
  | { readonly kind: 'null' }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'other'; readonly value: number | boolean }
  | { readonly kind: 'collection' };

export type SiteKindModel = 'container' | 'initContainer' | 'ephemeralContainer' | 'imageVolume';

export interface ContainerModel {
  readonly objectName: string;
  readonly fieldPath: string;
  readonly kind: SiteKindModel;
  readonly image: ValueModel;
  readonly policy: ValueModel;
  /** What the reference grammar says about a string image, when the generator knows. */
  readonly imageExpect?: ImageExpect;
  /** The container is an alias (`- *c1`) of an anchored container map. */
  readonly aliasOf?: string;
}

export interface ImageExpect {
  readonly valid: boolean;
  /** The policy `SetDefaults_Container` picks when the policy is omitted. */
  readonly defaultPolicy: 'Always' | 'IfNotPresent';
}

export interface ManifestCase {
  readonly text: string;
  readonly containers: readonly ContainerModel[];
  /** The text contains `{{`: documents holding it are treated as templates. */
  readonly templateMarker: boolean;
  readonly eol: '\n' | '\r\n' | '\r';
}

/** fast-check prints counter-examples with this: the text first, readable. */
function withToString(c: ManifestCase): ManifestCase {
  Object.defineProperty(c, fc.toStringMethod, {
    enumerable: false,
    value: () => `ManifestCase(${JSON.stringify(c.text)})`,
  });
  return c;
}

/** Alternatives shrink towards the first one (the plainest). */
const CROSS = { withCrossShrink: true } as const;

/** `arb` with weight `yes`, undefined with weight `no` (undefined first: shrinks to absent). */
function sometimes<T>(arb: fc.Arbitrary<T>, yes: number, no: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(CROSS, { weight: no, arbitrary: fc.constant(undefined) }, { weight: yes, arbitrary: arb });
}

// ── Images ───────────────────────────────────────────────────────────────────

export interface GeneratedImage {
  readonly text: string;
  /** undefined: the generator does not claim to know. */
  readonly expect?: ImageExpect;
}

const HEX = '0123456789abcdef';
const hex = (seed: number, length: number): string => {
  let out = '';
  let x = (seed >>> 0) || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += HEX[(x >>> 0) % 16];
  }
  return out;
};

const validDomains = [
  'docker.io',
  'registry.example.com',
  'localhost',
  'localhost:5000',
  'registry.local:8443',
  '[::1]:5000',
  '[2001:db8::1]',
  'ghcr.io',
  'Registry.Example.COM',
  '10.0.0.1:5000',
  'my-registry.internal',
  'index.docker.io',
] as const;
const invalidDomains = ['reg:abc', '[fe80::1%25eth0]', 'bad_host:5000', 'host:'] as const;

const componentArb: fc.Arbitrary<string> = fc.oneof(CROSS, 
  fc.constantFrom('nginx', 'app', 'my-app', 'my_app', 'a.b', 'a__b', 'a---b', 'demoapi', 'redis', 'x', 'team', 'library', 'busybox', 'k8s'),
  fc.stringMatching(/^[a-z0-9]{1,8}(?:[._-][a-z0-9]{1,5})?$/),
);

const tagArb: fc.Arbitrary<string> = fc.oneof(CROSS, 
  { weight: 6, arbitrary: fc.constantFrom('latest', 'Latest', 'LATEST', '1.27', 'v1.2.3-alpine', '5000', '_x', '1.0.0_rc-1', 'latest-dev', 'sha256') },
  { weight: 2, arbitrary: fc.stringMatching(/^\w[\w.-]{0,15}$/) },
  { weight: 1, arbitrary: fc.constant('t'.repeat(128)) },
);

const digestArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(['sha256', 64], ['sha256', 64], ['sha512', 128], ['sha384', 96]), fc.nat())
  .map(([[algorithm, length], seed]) => `${algorithm}:${hex(seed, length as number)}`);

type Defect =
  | 'upperPath'
  | 'leadingSpace'
  | 'trailingSpace'
  | 'innerSpace'
  | 'trailingNewline'
  | 'tab'
  | 'emptyTag'
  | 'emptyDigest'
  | 'longTag'
  | 'shortDigest'
  | 'upperDigest'
  | 'unsupportedDigest'
  | 'doubleSlash'
  | 'badDomain'
  | 'nonAscii';

const defectArb: fc.Arbitrary<Defect> = fc.constantFrom(
  'upperPath',
  'upperPath',
  'leadingSpace',
  'trailingSpace',
  'innerSpace',
  'trailingNewline',
  'tab',
  'emptyTag',
  'emptyDigest',
  'longTag',
  'shortDigest',
  'upperDigest',
  'unsupportedDigest',
  'doubleSlash',
  'badDomain',
  'nonAscii',
);

export const imageArb: fc.Arbitrary<GeneratedImage> = fc
  .record({
    domain: sometimes(fc.constantFrom(...validDomains), 1, 1),
    path: fc.array(componentArb, { minLength: 1, maxLength: 3 }),
    tag: sometimes(tagArb, 2, 1),
    digest: sometimes(digestArb, 1, 4),
    defect: sometimes(defectArb, 1, 5),
    seed: fc.nat(),
  })
  .map(({ domain, path, tag, digest, defect, seed }): GeneratedImage => {
    let components = [...path];
    let d = domain as string | undefined;
    let t = tag;
    let g = digest;
    switch (defect) {
      case 'upperPath': {
        const last = components[components.length - 1];
        const upper = /[a-z]/.test(last) ? last.replace(/[a-z]/, (c) => c.toUpperCase()) : `${last}X`;
        components[components.length - 1] = upper;
        break;
      }
      case 'longTag':
        t = 'v'.repeat(129);
        break;
      case 'shortDigest':
        g = `sha256:${hex(seed, 63)}`;
        break;
      case 'upperDigest':
        g = `sha256:${hex(seed, 64).toUpperCase().replace(/^[0-9]/, 'A')}`;
        break;
      case 'unsupportedDigest':
        g = `md5:${hex(seed, 32)}`;
        break;
      case 'doubleSlash':
        components = [components[0], '', ...components.slice(1)];
        break;
      case 'badDomain':
        d = invalidDomains[seed % invalidDomains.length];
        break;
    }
    const name = `${d ? `${d}/` : ''}${components.join('/')}`;
    let text = `${name}${t !== undefined ? `:${t}` : ''}${g !== undefined ? `@${g}` : ''}`;
    switch (defect) {
      case 'leadingSpace':
        text = ` ${text}`;
        break;
      case 'trailingSpace':
        text = `${text} `;
        break;
      case 'innerSpace':
        text = `${name} ${t !== undefined ? `:${t}` : 'latest'}`;
        break;
      case 'trailingNewline':
        text = `${text}\n`;
        break;
      case 'tab':
        text = `${name}\t`;
        break;
      case 'emptyTag':
        text = `${name}:`;
        break;
      case 'emptyDigest':
        text = `${name}@`;
        break;
      case 'nonAscii':
        text = `${name}é`;
        break;
    }
    if (defect) return { text, expect: { valid: false, defaultPolicy: 'IfNotPresent' } };
    const always = t === 'latest' || (t === undefined && g === undefined);
    return { text, expect: { valid: true, defaultPolicy: always ? 'Always' : 'IfNotPresent' } };
  });

// ── Values with their written form ───────────────────────────────────────────

/** A value to write (undefined node: the key is absent) and what it means. */
interface Valued {
  readonly node?: ScalarNode | YNode;
  readonly model: ValueModel;
  readonly expect?: ImageExpect;
}

const stringStyles: readonly ScalarStyle[] = ['plain', 'single', 'double', 'folded', 'literal', 'doubleEscaped', 'plainMultiline', 'doubleMultiline'];

const nullArb: fc.Arbitrary<Valued> = fc
  .constantFrom<[ScalarStyle, Partial<ScalarNode>]>(
    ['empty', {}],
    ['tilde', {}],
    ['nullWord', { nullWord: 'null' }],
    ['nullWord', { nullWord: 'Null' }],
    ['nullWord', { nullWord: 'NULL' }],
    ['empty', { tag: '!!null' }],
    ['keyOnly', {}],
  )
  .map(([style, extra]) => ({ node: scalar(null, style, extra), model: { kind: 'null' } }));

const emptyStringArb: fc.Arbitrary<Valued> = fc
  .constantFrom<[ScalarStyle, Partial<ScalarNode>]>(['double', {}], ['single', {}], ['empty', { tag: '!!str' }], ['double', { tag: '!!str' }], ['emptyLiteral', {}], ['emptyFolded', {}])
  .map(([style, extra]) => ({ node: scalar('', style, extra), model: { kind: 'string', value: '' } }));

const otherScalarArb: fc.Arbitrary<Valued> = fc
  .constantFrom<number | boolean>(42, 1, 1.5, true, false)
  .map((value) => ({ node: scalar(value), model: { kind: 'other', value } }));

const collectionArb = (item: string): fc.Arbitrary<Valued> =>
  fc.constantFrom<YNode>(seq([scalar(item)], { flow: true }), map([entry('name', scalar(item))], { flow: true }), seq([scalar(item)])).map((node) => ({
    node,
    model: { kind: 'collection' },
  }));

const stringValued = (value: string, style: ScalarStyle, tagged: boolean): Valued => {
  // `|` keeps a final line break: the value really ends with one.
  const v = style === 'literalKeep' ? `${value}\n` : value;
  return { node: scalar(v, style, tagged ? { tag: '!!str' } : {}), model: { kind: 'string', value: v } };
};

export const imageValueArb: fc.Arbitrary<Valued> = fc.oneof(CROSS, 
  {
    weight: 20,
    arbitrary: fc
      .tuple(imageArb, fc.constantFrom(...stringStyles, 'literalKeep'))
      .map(([image, style]) => {
        const valued = stringValued(image.text, style as ScalarStyle, false);
        const expect = style === 'literalKeep' ? { valid: false, defaultPolicy: 'IfNotPresent' as const } : image.expect;
        return { ...valued, expect };
      }),
  },
  { weight: 1, arbitrary: fc.tuple(imageArb, fc.constant(true)).map(([image]) => ({ ...stringValued(image.text, 'plain', true), expect: image.expect })) },
  { weight: 2, arbitrary: fc.constant<Valued>({ model: { kind: 'absent' } }) },
  { weight: 1, arbitrary: nullArb },
  { weight: 1, arbitrary: emptyStringArb },
  { weight: 1, arbitrary: otherScalarArb },
  { weight: 1, arbitrary: collectionArb('nginx') },
);

const validPolicyArb: fc.Arbitrary<Valued> = fc
  .tuple(fc.constantFrom('Always', 'IfNotPresent', 'Never'), fc.constantFrom<ScalarStyle>('plain', 'single', 'double', 'folded', 'doubleEscaped'), fc.boolean())
  .map(([policy, style, tagged]) => stringValued(policy, style, tagged && style === 'plain'));

const invalidPolicyArb: fc.Arbitrary<Valued> = fc
  .tuple(
    fc.constantFrom('always', 'ifnotpresent', 'IFNOTPRESENT', 'never', 'Sometimes', 'IfNotPresent ', ' Always', 'Always\n', 'if-not-present', 'Ifnotpresent'),
    fc.constantFrom<ScalarStyle>('plain', 'single', 'double', 'literal'),
  )
  .map(([policy, style]) => stringValued(policy, style, false));

export const policyValueArb: fc.Arbitrary<Valued> = fc.oneof(CROSS, 
  { weight: 10, arbitrary: fc.constant<Valued>({ model: { kind: 'absent' } }) },
  { weight: 3, arbitrary: nullArb },
  { weight: 2, arbitrary: emptyStringArb },
  { weight: 6, arbitrary: validPolicyArb },
  { weight: 3, arbitrary: invalidPolicyArb },
  { weight: 1, arbitrary: otherScalarArb },
  { weight: 1, arbitrary: collectionArb('Always') },
);

// ── Comments ─────────────────────────────────────────────────────────────────

export const commentArb: fc.Arbitrary<string> = fc.oneof(CROSS, 
  {
    weight: 30,
    arbitrary: fc.constantFrom(
      '# comment',
      '#tight',
      '#',
      '# image: nginx:latest',
      '# imagePullPolicy: Always',
      '# - name: ghost',
      '# --- not a separator',
      `# it's "quoted": yes`,
      '# ünïcödé ✓ 🐳',
      '# key: [unclosed',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('# kube-pull-policy: ignore', '# kube-pull-policy: ignore implicit-always, invalid-image') },
);

/** Comments that switch analysis off for a whole file or document: once per file at most, rarely. */
const switchOffArb = fc.oneof(CROSS, 
  { weight: 40, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom('# kube-pull-policy: ignore-file', '# {{ .Values.image }}') },
);

const commentPlacementArb = fc.record({ at: fc.nat(9), text: commentArb, column0: fc.boolean() });

// ── Containers ───────────────────────────────────────────────────────────────

const extraFields: Readonly<Record<string, YNode>> = {
  ports: seq([map([entry('containerPort', scalar(80)), entry('protocol', scalar('TCP'))])]),
  env: seq([
    map([entry('name', scalar('IMAGE')), entry('value', scalar('nginx:latest', 'double'))]),
    map([entry('name', scalar('POD')), entry('valueFrom', map([entry('fieldRef', map([entry('fieldPath', scalar('metadata.name'))]))]))]),
  ]),
  command: seq([scalar('sh', 'double'), scalar('-c', 'double'), scalar('echo image: nginx', 'single')], { flow: true }),
  args: seq([scalar('--image'), scalar('busybox:latest')]),
  resources: map([entry('limits', map([entry('cpu', scalar('100m')), entry('memory', scalar('64Mi'))]))]),
  securityContext: map([entry('runAsNonRoot', scalar(true))], { flow: true }),
  volumeMounts: seq([map([entry('name', scalar('data')), entry('mountPath', scalar('/data'))], { flow: true })]),
  lifecycle: map([entry('preStop', map([entry('exec', map([entry('command', seq([scalar('sleep'), scalar('5')], { flow: true }))]))]))]),
};

export const containerArb = fc.record({
  name: sometimes(fc.constantFrom('web', 'app', 'sidecar', 'init', 'db', 'x-1', 'image'), 5, 1),
  image: imageValueArb,
  policy: policyValueArb,
  extras: fc.subarray(Object.keys(extraFields), { maxLength: 3 }),
  /** 0: name, image, policy, extras; otherwise a shuffle. */
  order: fc.oneof(CROSS, { weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.nat() }),
  flow: fc.oneof(CROSS, { weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  anchorSelf: fc.oneof(CROSS, { weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  anchorImage: fc.oneof(CROSS, { weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  aliasImage: sometimes(fc.nat(), 1, 6),
  anchorPolicy: fc.oneof(CROSS, { weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  aliasPolicy: sometimes(fc.nat(), 1, 8),
  commentsBefore: fc.array(commentPlacementArb, { maxLength: 2 }),
  eolComments: fc.array(commentPlacementArb, { maxLength: 2 }),
  dashComment: sometimes(commentArb, 1, 10),
  keyStyle: sometimes(fc.constantFrom('"', "'", 'spaceBeforeColon', 'tab', 'nextLine'), 1, 8),
  keyStyleOn: fc.constantFrom('image', 'policy'),
  /** In a flow list: `[image: x]`, a single pair without braces (the container then has only its image). */
  bare: fc.oneof(CROSS, { weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
type ContainerSpecT = {
  name?: string;
  image: Valued;
  policy: Valued;
  extras: string[];
  order: number;
  flow: boolean;
  anchorSelf: boolean;
  anchorImage: boolean;
  aliasImage?: number;
  anchorPolicy: boolean;
  aliasPolicy?: number;
  commentsBefore: { at: number; text: string; column0: boolean }[];
  eolComments: { at: number; text: string; column0: boolean }[];
  dashComment?: string;
  keyStyle?: string;
  keyStyleOn: 'image' | 'policy';
  bare: boolean;
};

const volumeArb = fc.oneof(CROSS, 
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('image' as const),
      name: fc.constantFrom('models', 'data', 'tools'),
      image: imageValueArb,
      policy: policyValueArb,
      flow: fc.boolean(),
      policyFirst: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('emptyDir' as const), name: fc.constantFrom('scratch', 'cache') }) },
);

const listStyleArb = fc.constantFrom('block', 'block', 'block', 'block', 'flow', 'flowMultiline');

const podSpecArb = fc.record({
  containers: sometimes(fc.array(containerArb, { maxLength: 4 }), 12, 1),
  initContainers: sometimes(fc.array(containerArb, { maxLength: 2 }), 2, 5),
  ephemeralContainers: sometimes(fc.array(containerArb, { maxLength: 1 }), 1, 8),
  volumes: sometimes(fc.array(volumeArb, { minLength: 1, maxLength: 2 }), 1, 4),
  listStyles: fc.tuple(listStyleArb, listStyleArb, listStyleArb),
  order: fc.oneof(CROSS, { weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat() }),
  extras: fc.subarray(['restartPolicy', 'serviceAccountName', 'nodeSelector', 'imagePullSecrets'], { maxLength: 2 }),
  aliasContainer: sometimes(fc.nat(), 1, 6),
});
type PodSpecSpec = typeof podSpecArb extends fc.Arbitrary<infer T> ? T : never;

const WORKLOADS: Readonly<Record<string, { apiVersion: string; path: readonly string[] }>> = {
  Pod: { apiVersion: 'v1', path: ['spec'] },
  Deployment: { apiVersion: 'apps/v1', path: ['spec', 'template', 'spec'] },
  StatefulSet: { apiVersion: 'apps/v1', path: ['spec', 'template', 'spec'] },
  DaemonSet: { apiVersion: 'apps/v1', path: ['spec', 'template', 'spec'] },
  ReplicaSet: { apiVersion: 'apps/v1', path: ['spec', 'template', 'spec'] },
  Job: { apiVersion: 'batch/v1', path: ['spec', 'template', 'spec'] },
  CronJob: { apiVersion: 'batch/v1', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
  ReplicationController: { apiVersion: 'v1', path: ['spec', 'template', 'spec'] },
  PodTemplate: { apiVersion: 'v1', path: ['template', 'spec'] },
  'Service@serving.knative.dev': { apiVersion: 'serving.knative.dev/v1', path: ['spec', 'template', 'spec'] },
};

const workloadArb = fc.record({
  kind: fc.constantFrom(...Object.keys(WORKLOADS)),
  apiVersion: fc.constantFrom('right', 'right', 'right', 'right', 'absent', 'wrongGroup'),
  spec: podSpecArb,
  labels: fc.boolean(),
  annotations: sometimes(commentArb, 1, 4),
  specFlow: fc.oneof(CROSS, { weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});
type WorkloadSpec = typeof workloadArb extends fc.Arbitrary<infer T> ? T : never;

const documentArb = fc.oneof(CROSS, 
  { weight: 12, arbitrary: fc.record({ t: fc.constant('workload' as const), workload: workloadArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('list' as const),
      kind: fc.constantFrom('List', 'PodList'),
      items: fc.array(workloadArb, { minLength: 1, maxLength: 2 }),
      flowItems: fc.oneof(CROSS, { weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('noise' as const), which: fc.constantFrom('ConfigMap', 'Service', 'Secret') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('empty' as const), comment: sometimes(commentArb, 1, 1) }) },
);
type DocumentSpec = typeof documentArb extends fc.Arbitrary<infer T> ? T : never;

const layoutArb: fc.Arbitrary<Layout> = fc
  .record({ indent: fc.constantFrom(2, 2, 4, 3, 5), seqIndented: fc.boolean(), wideDash: fc.boolean() })
  .map(({ indent, seqIndented, wideDash }) => ({ indent, seqIndented, dashGap: wideDash && indent >= 3 ? indent - 1 : 1 }));

const fileArb = fc.record({
  documents: fc.array(fc.record({ doc: documentArb, layout: layoutArb, commentBefore: sometimes(commentArb, 1, 4), dots: fc.boolean(), startComment: sometimes(commentArb, 1, 6) }), { minLength: 1, maxLength: 3 }),
  leadingDashes: fc.boolean(),
  eol: fc.constantFrom<'\n' | '\r\n' | '\r'>('\n', '\n', '\n', '\r\n', '\r\n', '\r'),
  finalNewline: fc.oneof(CROSS, { weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  bom: fc.oneof(CROSS, { weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  /** `%YAML 1.2`, or a `%TAG` handle that the first document then uses (`!k8s!note`). */
  directive: fc.oneof(CROSS, { weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('yaml' as const, 'tag' as const) }),
  dotsEverywhere: fc.boolean(),
  switchOff: switchOffArb,
});

// ── Assembly ─────────────────────────────────────────────────────────────────

/** A deterministic shuffle: `seed` 0 keeps the order. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  if (seed === 0) return out;
  let x = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Per-document anchors, in the order they are written. */
interface Anchors {
  counter: number;
  images: { name: string; valued: Valued }[];
  policies: { name: string; valued: Valued }[];
  containers: { name: string; model: Omit<ContainerModel, 'objectName' | 'fieldPath' | 'kind'> }[];
}

interface Built {
  readonly node: YNode;
  readonly models: ContainerModel[];
}

const withAnchor = (node: YNode, anchor: string): YNode => (node.t === 'alias' ? node : { ...node, anchor });

function buildValue(v: Valued, anchor: boolean, aliasIndex: number | undefined, pool: { name: string; valued: Valued }[], anchors: Anchors): Valued {
  if (aliasIndex !== undefined && pool.length > 0) {
    const target = pool[aliasIndex % pool.length];
    return { node: { t: 'alias', name: target.name }, model: target.valued.model, expect: target.valued.expect };
  }
  if (anchor && v.node) {
    const name = `a${++anchors.counter}`;
    const anchored = { ...v, node: withAnchor(v.node, name) };
    pool.push({ name, valued: v });
    return anchored;
  }
  return v;
}

function buildContainer(input: ContainerSpecT, anchors: Anchors, indexKey: string, flowList: boolean): { item: SeqItem; model: Omit<ContainerModel, 'objectName' | 'fieldPath' | 'kind'> } {
  const bare = input.bare && flowList && input.image.node !== undefined;
  const spec: ContainerSpecT = bare
    ? { ...input, name: undefined, policy: { model: { kind: 'absent' } }, extras: [], anchorSelf: false, anchorPolicy: false, aliasPolicy: undefined }
    : input;
  const image = buildValue(spec.image, spec.anchorImage, spec.aliasImage, anchors.images, anchors);
  const policy = buildValue(spec.policy, spec.anchorPolicy, spec.aliasPolicy, anchors.policies, anchors);
  const keyed: { key: string; node: YNode; role?: 'image' | 'policy' }[] = [];
  if (spec.name !== undefined) keyed.push({ key: 'name', node: scalar(`${spec.name}-${indexKey}`) });
  if (image.node) keyed.push({ key: 'image', node: image.node, role: 'image' });
  if (policy.node) keyed.push({ key: 'imagePullPolicy', node: policy.node, role: 'policy' });
  for (const extra of spec.extras) keyed.push({ key: extra, node: extraFields[extra] });
  const ordered = shuffle(keyed, spec.order);
  const entries: MapEntry[] = ordered.map(({ key, node, role }, i) => {
    const before = spec.commentsBefore.find((c) => c.at % Math.max(ordered.length, 1) === i);
    const eol = spec.eolComments.find((c) => c.at % Math.max(ordered.length, 1) === i);
    const style = role && role === spec.keyStyleOn ? spec.keyStyle : undefined;
    return entry(key, node, {
      ...(before && { commentBefore: before.text, commentAtColumn0: before.column0 }),
      ...(eol && { comment: eol.text }),
      ...(style === '"' || style === "'" ? { keyQuote: style } : {}),
      ...(style === 'spaceBeforeColon' ? { spaceBeforeColon: true } : {}),
      ...(style === 'tab' ? { tabAfterColon: true } : {}),
      ...(style === 'nextLine' ? { valueOnNextLine: true } : {}),
    });
  });
  let node: MapNode = map(entries, { flow: spec.flow || bare, bare });
  const model = { image: image.model, policy: policy.model, imageExpect: image.model.kind === 'string' ? image.expect : undefined };
  if (spec.anchorSelf) {
    const name = `c${++anchors.counter}`;
    node = { ...node, anchor: name };
    anchors.containers.push({ name, model });
  }
  return { item: { value: node, ...(spec.dashComment !== undefined && { comment: spec.dashComment }) }, model };
}

const LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

function buildPodSpec(spec: PodSpecSpec, objectName: string, specPath: string, anchors: Anchors): Built {
  const models: ContainerModel[] = [];
  const keyed: { key: string; build: () => YNode }[] = [];
  LISTS.forEach(([field, kind], listIndex) => {
    const containers = spec[field];
    if (containers === undefined) return;
    keyed.push({
      key: field,
      build: () => {
        const items: SeqItem[] = [];
        const style = spec.listStyles[listIndex];
        containers.forEach((c, i) => {
          const built = buildContainer(c as ContainerSpecT, anchors, `${listIndex}${i}`, style !== 'block');
          models.push({ objectName, fieldPath: `${specPath}.${field}[${i}]`, kind, ...built.model });
          items.push(built.item);
        });
        // An alias of a container map anchored earlier in this document.
        if (spec.aliasContainer !== undefined && anchors.containers.length > 0) {
          const target = anchors.containers[spec.aliasContainer % anchors.containers.length];
          if (!items.some((item) => (item.value as { anchor?: string }).anchor === target.name)) {
            models.push({ objectName, fieldPath: `${specPath}.${field}[${items.length}]`, kind, ...target.model, aliasOf: target.name });
            items.push({ value: { t: 'alias', name: target.name } });
          }
        }
        return seq(items, { flow: style !== 'block', multiline: style === 'flowMultiline' });
      },
    });
  });
  if (spec.volumes) {
    const volumes = spec.volumes;
    keyed.push({
      key: 'volumes',
      build: () =>
        seq(
          volumes.map((v, i) => {
            if (v.kind === 'emptyDir') return map([entry('name', scalar(v.name)), entry('emptyDir', map([], { flow: true }))]);
            const inner: MapEntry[] = [];
            if (v.image.node) inner.push(entry('reference', v.image.node));
            if (v.policy.node) inner[v.policyFirst ? 'unshift' : 'push'](entry('pullPolicy', v.policy.node));
            models.push({
              objectName,
              fieldPath: `${specPath}.volumes[${i}].image`,
              kind: 'imageVolume',
              image: v.image.model,
              policy: v.policy.model,
              imageExpect: v.image.model.kind === 'string' ? v.image.expect : undefined,
            });
            return map([entry('name', scalar(`${v.name}${i}`)), entry('image', map(inner, { flow: v.flow }))]);
          }),
        ),
    });
  }
  const extras: Record<string, YNode> = {
    restartPolicy: scalar('Always'),
    serviceAccountName: scalar('default'),
    nodeSelector: map([entry('kubernetes.io/os', scalar('linux'))]),
    imagePullSecrets: seq([map([entry('name', scalar('regcred'))])]),
  };
  for (const extra of spec.extras) keyed.push({ key: extra, build: () => extras[extra] });
  // Build in written order, so anchors precede their aliases.
  const entries = shuffle(keyed, spec.order).map(({ key, build }) => entry(key, build()));
  return { node: map(entries), models };
}

function buildWorkload(w: WorkloadSpec, objectName: string, prefix: string, anchors: Anchors): Built {
  const info = WORKLOADS[w.kind];
  const kind = w.kind.replace(/@.*/, '');
  const specPath = prefix + info.path.join('.');
  const pod = buildPodSpec(w.spec, objectName, specPath, anchors);
  const podSpec: YNode = w.specFlow ? { ...(pod.node as MapNode), flow: true } : pod.node;
  const labels = map([entry('labels', map([entry('app', scalar(objectName))]))]);
  const template = (extra: MapEntry[] = []): MapNode => map([...extra, entry('metadata', labels), entry('spec', podSpec)]);
  const selector = [entry('replicas', scalar(1)), entry('selector', map([entry('matchLabels', map([entry('app', scalar(objectName))]))]))];
  let inner: YNode;
  switch (kind) {
    case 'Pod':
      inner = podSpec;
      break;
    case 'PodTemplate':
      inner = template();
      break;
    case 'Job':
      inner = map([entry('backoffLimit', scalar(2)), entry('template', template())]);
      break;
    case 'CronJob':
      inner = map([entry('schedule', scalar('*/5 * * * *', 'double')), entry('jobTemplate', map([entry('spec', map([entry('template', template())]))]))]);
      break;
    case 'Service':
      inner = map([entry('template', map([entry('spec', podSpec)]))]);
      break;
    default:
      inner = map([...selector, entry('template', template())]);
  }
  const path = info.path;
  const top: MapEntry[] = [];
  if (w.apiVersion === 'right') top.push(entry('apiVersion', scalar(info.apiVersion)));
  if (w.apiVersion === 'wrongGroup') top.push(entry('apiVersion', scalar('example.com/v1')));
  top.push(entry('kind', scalar(kind)));
  const metadata: MapEntry[] = [entry('name', scalar(objectName))];
  if (w.labels) metadata.push(entry('labels', map([entry('app', scalar(objectName))])));
  if (w.annotations !== undefined) metadata.push(entry('annotations', map([entry('note', scalar(w.annotations, 'single'))])));
  top.push(entry('metadata', map(metadata)));
  top.push(entry(path[0], inner));
  const models = w.apiVersion === 'wrongGroup' || (w.apiVersion === 'absent' && w.kind.includes('@')) ? [] : pod.models;
  return { node: map(top), models };
}

function buildDocument(doc: DocumentSpec, names: { next: () => string }): Built | undefined {
  const anchors: Anchors = { counter: 0, images: [], policies: [], containers: [] };
  switch (doc.t) {
    case 'workload':
      return buildWorkload(doc.workload, names.next(), '', anchors);
    case 'list': {
      const listName = names.next();
      const models: ContainerModel[] = [];
      const items = doc.items.map((w, i) => {
        const built = buildWorkload(w, names.next(), `items[${i}].`, anchors);
        models.push(...built.models);
        return built.node;
      });
      const node = map([
        entry('apiVersion', scalar('v1')),
        entry('kind', scalar(doc.kind)),
        entry('metadata', map([entry('name', scalar(listName))])),
        entry('items', seq(items, { flow: doc.flowItems })),
      ]);
      return { node, models };
    }
    case 'noise': {
      const name = names.next();
      const body: Record<string, MapEntry[]> = {
        ConfigMap: [entry('data', map([entry('image', scalar('nginx')), entry('imagePullPolicy', scalar('', 'double'))]))],
        Service: [entry('spec', map([entry('selector', map([entry('app', scalar('web'))])), entry('ports', seq([map([entry('port', scalar(80))], { flow: true })]))]))],
        Secret: [entry('stringData', map([entry('containers', scalar('- image: nginx', 'literal'))]))],
      };
      return { node: map([entry('apiVersion', scalar('v1')), entry('kind', scalar(doc.which)), entry('metadata', map([entry('name', scalar(name))])), ...body[doc.which]]), models: [] };
    }
    case 'empty':
      return undefined;
  }
}

const MAX_CASE = 4096;

type FileSpec = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

/** Strips the optional container fields, for documents that came out too large. */
function lean(doc: DocumentSpec): DocumentSpec {
  const leanSpec = (spec: PodSpecSpec): PodSpecSpec => {
    const strip = (list: typeof spec.containers) => list?.map((c) => ({ ...c, extras: [], commentsBefore: [], eolComments: [] }));
    return { ...spec, containers: strip(spec.containers), initContainers: strip(spec.initContainers), ephemeralContainers: strip(spec.ephemeralContainers) };
  };
  if (doc.t === 'workload') return { ...doc, workload: { ...doc.workload, spec: leanSpec(doc.workload.spec) } };
  if (doc.t === 'list') return { ...doc, items: doc.items.slice(0, 1).map((w) => ({ ...w, spec: leanSpec(w.spec) })) };
  return doc;
}

function render(file: FileSpec, count: number, leanFirst: boolean): { text: string; models: ContainerModel[] } {
  let counter = 0;
  const names = { next: () => `o${++counter}` };
  const lines: string[] = [];
  const models: ContainerModel[] = [];
  if (file.directive === 'yaml') lines.push('%YAML 1.2');
  if (file.directive === 'tag') lines.push('%TAG !k8s! tag:example.com,2024:');
  if (file.switchOff !== undefined) lines.push(file.switchOff);
  file.documents.slice(0, count).forEach((d, i) => {
    const built = buildDocument(leanFirst && i === 0 ? lean(d.doc) : d.doc, names);
    // A comment line before the document (at column 0 it ends whatever came before).
    if (d.commentBefore !== undefined) lines.push(d.commentBefore);
    if (i > 0 || file.leadingDashes || file.directive) lines.push(`---${d.startComment !== undefined ? ` ${d.startComment}` : ''}`);
    if (built) {
      // A key using the %TAG handle: only the first document may (directives apply to the next document only).
      if (i === 0 && file.directive === 'tag' && built.node.t === 'map' && !built.node.flow) lines.push('x-tagged: !k8s!note tagged');
      lines.push(...documentBody(built.node, d.layout));
      models.push(...built.models);
    } else if (d.doc.t === 'empty' && d.doc.comment !== undefined) {
      lines.push(d.doc.comment);
    }
    if (d.dots || file.dotsEverywhere) lines.push('...');
  });
  let text = lines.join('\n') + (file.finalNewline ? '\n' : '');
  if (file.eol !== '\n') text = text.replace(/\n/g, file.eol);
  if (file.bom) text = `\uFEFF${text}`;
  return { text, models };
}

/** Renders the file; documents are dropped from the end (and the first made lean) until it fits in 4 KB. */
function assemble(file: FileSpec): ManifestCase {
  let count = file.documents.length;
  let out = render(file, count, false);
  while (out.text.length > MAX_CASE && count > 1) out = render(file, --count, false);
  if (out.text.length > MAX_CASE) out = render(file, count, true);
  return withToString({ text: out.text, containers: out.models, templateMarker: out.text.includes('{{'), eol: file.eol });
}

/** A whole manifest file with its model. */
export const manifestArb: fc.Arbitrary<ManifestCase> = fileArb.map(assemble);

/** Only the text, for mutation. */
export const manifestTextArb: fc.Arbitrary<string> = manifestArb.map((c) => c.text);


// ── Byte-level mutation ──────────────────────────────────────────────────────

/** Real-looking manifests from the repository (examples and fixtures), when present. */
export function fixtureTexts(): string[] {
  const texts: string[] = [];
  for (const dir of ['../../examples', '../fixtures']) {
    const abs = path.resolve(__dirname, dir);
    let names: string[] = [];
    try {
      names = readdirSync(abs).filter((name) => /\.ya?ml$/.test(name));
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      try {
        texts.push(readFileSync(path.join(abs, name), 'utf8'));
      } catch {
        // unreadable: skip
      }
    }
  }
  return texts;
}

/** Fragments that YAML, the `---` split, quoting and offsets are sensitive to. */
const TOKENS = [
  '---', '---\n', '\n---\n', '\n--- ', '...', '\n...\n', '{', '}', '[', ']', '"', "'", '\t', '\0', '\uD800', '\uDC00', '\uDBFF\uDFFF',
  '\uFEFF', '\r', '\r\n', '\n', '\u2028', '\u0085', ': ', ':', '- ', '-', '#', ' #', '# ', '|', '>', '|-', '>-', '|+', '&a ', '*a', '&a', '!!str ',
  '!!str', '!!null ', '!!binary ', '!<tag:yaml.org,2002:str> ', '%YAML 1.2\n', '%TAG ! tag:x,2000:\n', '? ', '{{', '}}', ',', '`', '@', '@sha256:',
  ':latest', ' ', '  ', '    ', 'image: ', 'imagePullPolicy: ', 'imagePullPolicy:', '\n  imagePullPolicy: ', 'pullPolicy: ', 'containers:',
  '\n- image: x\n', 'kind: Pod\n', '<<: *a\n', '~', 'null', '""', "''", '\\', '\\x', '\\u', '😀',
] as const;

type Mutation =
  | { readonly op: 'insert'; readonly at: number; readonly token: string }
  | { readonly op: 'replace'; readonly at: number; readonly char: number }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicateLine'; readonly at: number }
  | { readonly op: 'indent'; readonly at: number; readonly by: number }
  | { readonly op: 'truncate'; readonly at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), char: fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicateLine' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
);

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.token + text.slice(at);
    case 'replace':
      return at < text.length ? text.slice(0, at) + String.fromCharCode(m.char) + text.slice(at + 1) : text + String.fromCharCode(m.char);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicateLine': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const end = text.indexOf('\n', at);
      const line = text.slice(start, end < 0 ? text.length : end + 1);
      return text.slice(0, start) + line + (line.endsWith('\n') ? '' : '\n') + text.slice(start);
    }
    case 'indent': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      if (m.by >= 0) return text.slice(0, start) + ' '.repeat(m.by) + text.slice(start);
      let cut = start;
      while (cut < start - m.by && text[cut] === ' ') cut++;
      return text.slice(0, start) + text.slice(cut);
    }
    case 'truncate':
      return text.slice(0, Math.max(at, Math.floor(text.length / 2)));
  }
}

/** A generated manifest or a repository fixture, then 1–6 byte-level mutations. */
export function mutantArb(fixtures: readonly string[] = fixtureTexts()): fc.Arbitrary<string> {
  const base = fixtures.length
    ? fc.oneof(CROSS, { weight: 3, arbitrary: manifestTextArb }, { weight: 1, arbitrary: fc.constantFrom(...fixtures) })
    : manifestTextArb;
  return fc
    .tuple(base, fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
    .map(([text, mutations]) => mutations.reduce(mutate, text));
}
