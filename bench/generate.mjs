// Seeded, reproducible generator of realistic multi-document Kubernetes manifests
// for the benchmark: Deployments, StatefulSets, DaemonSets, Jobs, CronJobs,
// Services and ConfigMaps; 1–4 containers, some init containers; images of every
// kind (latest, untagged, tagged, digests, registries with ports, quoted, a few
// invalid); some explicit imagePullPolicy; comments, anchors and aliases (maps and
// scalars), long env lists, block scalars, flow collections.
//
// The same (size, seed) always gives the same text. Documents are added until the
// next one would pass the size, so a file never exceeds it.
//
// A fixed "probe" Deployment (name bench-probe) is placed at the middle of every
// file: the benchmark edits its image tags and asks for hints around it.
//
// Usage:
//   node bench/generate.mjs --size 5m [--seed 1] [--out manifest.yaml]   (stdout without --out)
//   node bench/generate.mjs --size 100k --files 200 --out dir/            (a tree of files)

import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** '100k' → 102400, '5m' → 5 MiB, '20mb' → 20 MiB, plain numbers are bytes. */
export function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)\s*(k|kb|m|mb)?$/i.exec(String(text).trim());
  if (!match) throw new Error(`bad size "${text}" (e.g. 100k, 1m, 5m, 20m)`);
  const unit = (match[2] ?? '').toLowerCase();
  const factor = unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1;
  return Math.round(Number(match[1]) * factor);
}

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

/** mulberry32: small, fast, good enough, and the same everywhere. */
function rng(seed) {
  let a = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** [[weight, value], …] */
    weighted(pairs) {
      const total = pairs.reduce((sum, [w]) => sum + w, 0);
      let r = next() * total;
      for (const [w, value] of pairs) if ((r -= w) < 0) return value;
      return pairs[pairs.length - 1][1];
    },
    hex(n) {
      let s = '';
      for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(next() * 16)];
      return s;
    },
  };
}

const TEAMS = ['payments', 'search', 'identity', 'platform', 'data', 'ml', 'edge', 'billing', 'growth', 'infra'];
const APPS = ['api', 'web', 'worker', 'gateway', 'indexer', 'scheduler', 'exporter', 'ingest', 'auth', 'cache', 'frontend', 'notifier', 'reporter', 'sync'];
const PUBLIC = [
  'nginx', 'redis', 'postgres', 'busybox', 'alpine', 'envoyproxy/envoy', 'grafana/grafana', 'bitnami/kafka',
  'prom/prometheus', 'fluent/fluent-bit', 'curlimages/curl', 'library/python', 'node', 'golang', 'memcached',
];
const REGISTRIES = [
  'docker.io', 'quay.io', 'ghcr.io', 'gcr.io', 'registry.k8s.io', 'public.ecr.aws',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'registry.internal.example.com:5000', 'localhost:5000',
  'harbor.corp.example:8443', 'myregistry.azurecr.io', '10.0.12.7:5000',
];
const ENV_NAMES = [
  'LOG_LEVEL', 'TZ', 'PORT', 'DATABASE_URL', 'REDIS_HOST', 'REDIS_PORT', 'FEATURE_FLAGS', 'OTEL_EXPORTER_OTLP_ENDPOINT',
  'JAVA_OPTS', 'GOMAXPROCS', 'NODE_ENV', 'HTTP_PROXY', 'NO_PROXY', 'CACHE_TTL_SECONDS', 'MAX_CONNECTIONS', 'REGION',
  'SENTRY_DSN', 'KAFKA_BROKERS', 'S3_BUCKET', 'WORKER_CONCURRENCY', 'GRPC_PORT', 'METRICS_PATH', 'READ_TIMEOUT', 'WRITE_TIMEOUT',
];

function imageRef(r, name) {
  const tag = () =>
    r.weighted([
      [4, `${r.int(1, 3)}.${r.int(0, 30)}.${r.int(0, 12)}`],
      [2, `v${r.int(0, 4)}.${r.int(0, 20)}.${r.int(0, 9)}`],
      [1, `${r.int(2021, 2025)}.${String(r.int(1, 12)).padStart(2, '0')}.${String(r.int(1, 28)).padStart(2, '0')}-${r.hex(7)}`],
      [1, `${r.int(1, 17)}-alpine`],
      [1, 'stable'],
    ]);
  const repo = r.chance(0.5) ? r.pick(PUBLIC) : `${r.pick(TEAMS)}/${name}`;
  return r.weighted([
    [10, () => `${repo}:${tag()}`],
    [4, () => `${repo}:latest`],
    [3, () => repo],
    [6, () => `${r.pick(REGISTRIES)}/${repo}:${tag()}`],
    [2, () => `${r.pick(REGISTRIES)}/${repo}`],
    [1, () => `${r.pick(REGISTRIES)}/${repo}:latest`],
    [3, () => `${r.pick(REGISTRIES)}/${repo}@sha256:${r.hex(64)}`],
    [2, () => `${repo}:${tag()}@sha256:${r.hex(64)}`],
    [0.3, () => `${r.pick(TEAMS).toUpperCase()}/${name}:1.0`], // invalid: uppercase repository
  ])();
}

function quoted(r, value) {
  return r.weighted([
    [8, value],
    [1, `"${value}"`],
    [1, `'${value}'`],
  ]);
}

function envLines(r, indent, count) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const name = i < ENV_NAMES.length && r.chance(0.7) ? ENV_NAMES[i] : `${r.pick(ENV_NAMES)}_${i}`;
    const kind = r.weighted([
      [6, 'value'],
      [2, 'secret'],
      [1, 'field'],
      [1, 'configmap'],
    ]);
    lines.push(`${indent}- name: ${name}`);
    if (kind === 'value') {
      lines.push(`${indent}  value: ${r.pick(['"info"', '"UTC"', '"8080"', 'https://otel.example.com:4317', '"true"', '"250"', `"${r.hex(12)}"`, '"-Xmx512m -XX:+UseG1GC"'])}`);
    } else if (kind === 'secret') {
      lines.push(`${indent}  valueFrom:`, `${indent}    secretKeyRef:`, `${indent}      name: ${r.pick(APPS)}-secrets`, `${indent}      key: ${name.toLowerCase()}`);
    } else if (kind === 'field') {
      lines.push(`${indent}  valueFrom:`, `${indent}    fieldRef:`, `${indent}      fieldPath: ${r.pick(['metadata.name', 'metadata.namespace', 'status.podIP', 'spec.nodeName'])}`);
    } else {
      lines.push(`${indent}  valueFrom:`, `${indent}    configMapKeyRef: { name: ${r.pick(APPS)}-config, key: ${name.toLowerCase()} }`);
    }
  }
  return lines;
}

/** One container (or init container) entry at `indent` (the `- ` column). */
function container(r, indent, name, { init = false, imageAnchor, imageAlias } = {}) {
  const i = `${indent}  `;
  const lines = [];
  if (r.chance(0.08)) lines.push(`${indent}# kube-pull-policy should look at this one`);
  lines.push(`${indent}- name: ${name}`);
  if (imageAlias) lines.push(`${i}image: *${imageAlias}`);
  else {
    const image = quoted(r, imageRef(r, name));
    lines.push(`${i}image: ${imageAnchor ? `&${imageAnchor} ` : ''}${image}${r.chance(0.1) ? '  # pinned by renovate' : ''}`);
  }
  if (r.chance(0.35)) {
    const policy = r.weighted([
      [6, 'IfNotPresent'],
      [3, 'Always'],
      [1, 'Never'],
      [0.1, 'always'], // invalid (case-sensitive)
    ]);
    lines.push(`${i}imagePullPolicy: ${policy}`);
  }
  if (init) {
    lines.push(`${i}command: ["sh", "-c", "until nc -z ${r.pick(APPS)} ${r.int(1000, 9999)}; do sleep 2; done"]`);
  } else {
    if (r.chance(0.4)) lines.push(`${i}args:`, `${i}- --port=${r.int(1000, 9999)}`, `${i}- --log-format=json`);
    if (r.chance(0.7)) {
      lines.push(`${i}ports:`);
      if (r.chance(0.3)) lines.push(`${i}- { name: http, containerPort: ${r.int(1000, 9999)}, protocol: TCP }`);
      else lines.push(`${i}- name: http`, `${i}  containerPort: ${r.int(1000, 9999)}`, `${i}  protocol: TCP`);
    }
  }
  const envCount = r.chance(0.1) ? r.int(20, 45) : r.int(0, 6);
  if (envCount) lines.push(`${i}env:`, ...envLines(r, i, envCount));
  if (r.chance(0.3)) lines.push(`${i}envFrom:`, `${i}- configMapRef:`, `${i}    name: ${r.pick(APPS)}-env`);
  if (r.chance(0.8)) {
    lines.push(
      `${i}resources:`,
      `${i}  requests:`,
      `${i}    cpu: ${r.pick(['50m', '100m', '250m', '500m', '1'])}`,
      `${i}    memory: ${r.pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi'])}`,
      `${i}  limits:`,
      `${i}    memory: ${r.pick(['128Mi', '256Mi', '512Mi', '1Gi', '2Gi'])}`,
    );
  }
  if (!init && r.chance(0.5)) {
    lines.push(
      `${i}readinessProbe:`,
      `${i}  httpGet:`,
      `${i}    path: /healthz`,
      `${i}    port: http`,
      `${i}  initialDelaySeconds: ${r.int(0, 30)}`,
      `${i}  periodSeconds: ${r.int(5, 30)}`,
    );
  }
  if (r.chance(0.4)) lines.push(`${i}volumeMounts:`, `${i}- name: config`, `${i}  mountPath: /etc/${name}`, `${i}  readOnly: true`);
  return lines;
}

/** A pod spec's lines at `indent` (the column of `containers:`). */
function podSpec(r, indent, app) {
  const lines = [];
  if (r.chance(0.3)) lines.push(`${indent}serviceAccountName: ${app}`);
  if (r.chance(0.2)) lines.push(`${indent}imagePullSecrets:`, `${indent}- name: regcred`);
  const shareImage = r.chance(0.15); // init container reuses the main image through a scalar alias
  const anchor = shareImage ? `${app.replace(/[^a-z0-9]/g, '')}Image` : undefined;
  const count = r.weighted([
    [45, 1],
    [30, 2],
    [15, 3],
    [10, 4],
  ]);
  lines.push(`${indent}containers:`);
  const names = [app, 'sidecar', 'metrics', 'log-shipper'];
  for (let c = 0; c < count; c++) lines.push(...container(r, indent, names[c], { imageAnchor: c === 0 ? anchor : undefined }));
  if (shareImage || r.chance(0.25)) {
    lines.push(`${indent}initContainers:`);
    lines.push(...container(r, indent, 'init-migrate', { init: true, imageAlias: anchor }));
    if (r.chance(0.3)) lines.push(...container(r, indent, 'wait-for-db', { init: true }));
  }
  if (r.chance(0.5)) lines.push(`${indent}volumes:`, `${indent}- name: config`, `${indent}  configMap:`, `${indent}    name: ${app}-config`);
  if (r.chance(0.2)) lines.push(`${indent}nodeSelector:`, `${indent}  kubernetes.io/os: linux`);
  return lines;
}

function header(r, kind, apiVersion, name, namespace, anchorLabels) {
  const lines = [];
  if (r.chance(0.5)) lines.push(`# Source: ${name}/templates/${kind.toLowerCase()}.yaml`);
  lines.push(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`);
  lines.push(`  labels:${anchorLabels ? ' &labels' : ''}`, `    app.kubernetes.io/name: ${name}`, `    app.kubernetes.io/part-of: ${namespace}`);
  if (r.chance(0.3)) lines.push('  annotations:', `    example.com/owner: "${namespace}@example.com"`, `    example.com/revision: "${r.int(1, 900)}"`);
  return lines;
}

function workload(r, kind, name, namespace) {
  const apiVersion = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1' }[kind];
  const lines = header(r, kind, apiVersion, name, namespace, kind !== 'Job' && kind !== 'CronJob');
  lines.push('spec:');
  if (kind === 'CronJob') {
    lines.push(`  schedule: "${r.int(0, 59)} ${r.int(0, 23)} * * *"`, '  concurrencyPolicy: Forbid', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          restartPolicy: OnFailure');
    lines.push(...podSpec(r, '          ', name));
    return lines;
  }
  if (kind === 'Job') {
    lines.push(`  backoffLimit: ${r.int(0, 6)}`, '  template:', '    spec:', '      restartPolicy: Never');
    lines.push(...podSpec(r, '      ', name));
    return lines;
  }
  if (kind !== 'DaemonSet') lines.push(`  replicas: ${r.int(1, 12)}`);
  if (kind === 'StatefulSet') lines.push(`  serviceName: ${name}-headless`);
  lines.push('  selector:', '    matchLabels: *labels', '  template:', '    metadata:', '      labels: *labels');
  if (r.chance(0.3)) lines.push('      annotations:', `        prometheus.io/scrape: "true"`, `        prometheus.io/port: "${r.int(9000, 9999)}"`);
  lines.push('    spec:');
  lines.push(...podSpec(r, '      ', name));
  if (kind === 'StatefulSet') {
    lines.push(
      '  volumeClaimTemplates:',
      '  - metadata:',
      '      name: data',
      '    spec:',
      '      accessModes: [ReadWriteOnce]',
      '      resources:',
      '        requests:',
      `          storage: ${r.int(1, 500)}Gi`,
    );
  }
  return lines;
}

function service(r, name, namespace) {
  const lines = header(r, 'Service', 'v1', name, namespace, false);
  lines.push('spec:', `  type: ${r.pick(['ClusterIP', 'ClusterIP', 'NodePort', 'LoadBalancer'])}`, '  selector:', `    app.kubernetes.io/name: ${name}`, '  ports:');
  for (let p = r.int(1, 3); p > 0; p--) lines.push(`  - name: port-${p}`, `    port: ${r.int(80, 9999)}`, `    targetPort: ${r.int(1000, 9999)}`, '    protocol: TCP');
  return lines;
}

function configMap(r, name, namespace) {
  const lines = header(r, 'ConfigMap', 'v1', `${name}-config`, namespace, false);
  lines.push('data:');
  for (let k = r.int(2, 8); k > 0; k--) lines.push(`  ${r.pick(ENV_NAMES).toLowerCase()}_${k}: "${r.hex(r.int(4, 24))}"`);
  if (r.chance(0.6)) {
    lines.push('  app.conf: |');
    for (let l = r.int(5, 40); l > 0; l--) {
      lines.push(
        r.pick([
          `    server_name ${name}.example.com;`,
          `    listen ${r.int(1000, 9999)};`,
          `    # tuned ${r.int(2019, 2025)}`,
          `    worker_connections ${r.int(128, 4096)};`,
          `    location /${r.pick(APPS)} { proxy_pass http://${r.pick(APPS)}:${r.int(1000, 9999)}; }`,
          `    image: not-a-container/${r.pick(APPS)}:latest`, // inside a block scalar: not a container
        ]),
      );
    }
  }
  return lines;
}

/** The fixed document the benchmark edits and looks at. */
export const PROBE = {
  name: 'bench-probe',
  /** Explicit IfNotPresent + `latest` → latest-if-not-present; editing the last `t` to `x` removes the finding. */
  latestImage: 'registry.internal.example.com:5000/probe/api:latest',
  /** No policy, a version tag → implicit-if-not-present; changing the last digit keeps the findings. */
  taggedImage: 'ghcr.io/probe/worker:1.4.2',
};

function probeDocument() {
  return [
    '# The benchmark edits image tags in this document.',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${PROBE.name}`,
    '  labels: &labels',
    `    app.kubernetes.io/name: ${PROBE.name}`,
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels: *labels',
    '  template:',
    '    metadata:',
    '      labels: *labels',
    '    spec:',
    '      containers:',
    '      - name: api',
    `        image: ${PROBE.latestImage}`,
    '        imagePullPolicy: IfNotPresent',
    '        ports:',
    '        - containerPort: 8080',
    '      - name: worker',
    `        image: ${PROBE.taggedImage}`,
    '        env:',
    '        - name: QUEUE',
    '          value: jobs',
  ];
}

/**
 * A stream of documents up to `size` bytes (UTF-8; the text is ASCII, so also
 * UTF-16 code units). Returns the text and counts.
 */
export function generate(size, seed = 1, { probe = true } = {}) {
  const r = rng(seed * 2654435761 + size);
  const parts = [];
  let bytes = 0;
  let documents = 0;
  let probed = !probe;
  for (;;) {
    let lines;
    if (!probed && bytes >= size / 2) {
      lines = probeDocument();
      probed = true;
    } else {
      const namespace = r.pick(TEAMS);
      const name = `${r.pick(APPS)}-${r.hex(4)}`;
      const kind = r.weighted([
        [30, 'Deployment'],
        [12, 'StatefulSet'],
        [4, 'DaemonSet'],
        [4, 'Job'],
        [10, 'CronJob'],
        [22, 'Service'],
        [18, 'ConfigMap'],
      ]);
      lines = kind === 'Service' ? service(r, name, namespace) : kind === 'ConfigMap' ? configMap(r, name, namespace) : workload(r, kind, name, namespace);
    }
    const text = `${documents === 0 ? '' : '---\n'}${lines.join('\n')}\n`;
    if (bytes + text.length > size && documents > 0) break;
    parts.push(text);
    bytes += text.length;
    documents++;
  }
  const text = parts.join('');
  // Every `image:` entry is a container (block-scalar lines mentioning images are indented under `app.conf: |` and excluded).
  const containers = (text.match(/^\s+(?:- )?image: (?![^\n]*not-a-container)/gm) ?? []).length;
  return { text, documents, containers, bytes: text.length };
}

/**
 * The same objects as one YAML document, a `kind: List` (what `kubectl get -o yaml`
 * prints): one piece the server cannot split at `---`.
 */
export function asList(text) {
  const items = text.split(/^---\n/m).map((document) =>
    document.replace(/\n$/, '').split('\n').map((line, i) => (i === 0 ? `- ${line}` : line ? `  ${line}` : line)).join('\n'));
  return `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`;
}

function main(argv) {
  const options = { size: '1m', seed: '1', out: undefined, files: undefined };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in options)) throw new Error(`unknown option ${argv[i]}`);
    options[key] = argv[++i];
  }
  const size = parseSize(options.size);
  const seed = Number(options.seed);
  if (options.files) {
    if (!options.out) throw new Error('--files needs --out <directory>');
    mkdirSync(options.out, { recursive: true });
    let total = 0;
    for (let f = 0; f < Number(options.files); f++) {
      const { text } = generate(size, seed * 100003 + f, { probe: false });
      writeFileSync(path.join(options.out, `manifest-${String(f).padStart(4, '0')}.yaml`), text);
      total += text.length;
    }
    process.stderr.write(`${options.files} files, ${formatSize(total)} in ${options.out}\n`);
    return;
  }
  const result = generate(size, seed);
  if (options.out) {
    writeFileSync(options.out, result.text);
    process.stderr.write(`${options.out}: ${formatSize(result.bytes)}, ${result.documents} documents, ${result.containers} containers\n`);
  } else process.stdout.write(result.text);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
