import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runRuleTests, yaml } from './ruleTester';

const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');

const withPolicy = (policy: string) => DEMOAPI.replace('latest\n', `latest\n        imagePullPolicy: ${policy}\n`);

/** The three fixes in their default order, each producing `output(policy)`. */
function threeFixes(output: (policy: string) => string, first = 'IfNotPresent') {
  const order = [first, ...['Always', 'IfNotPresent', 'Never'].filter((p) => p !== first)];
  return order.map((policy, i) => ({ title: `Set imagePullPolicy: ${policy}`, output: output(policy), preferred: i === 0 }));
}

const pod = (...containerLines: string[]) => yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', ...containerLines);

runRuleTests('implicit-always', {
  valid: [
    withPolicy('Always'),
    withPolicy('IfNotPresent'),
    pod('  containers:', '  - name: a', '    image: nginx:1.27'),
    pod('  containers:', '  - name: a', `    image: nginx@sha256:${'a'.repeat(64)}`),
    { name: 'tag comparison is case-sensitive', code: pod('  containers:', '  - name: a', '    image: nginx:Latest') },
    { name: 'unparseable :latest gives IfNotPresent', code: pod('  containers:', '  - name: a', '    image: Nginx:latest') },
    { name: 'host:port without slash is a tag', code: pod('  containers:', '  - name: a', '    image: myhost:5000') },
    { name: 'not a workload', code: yaml('apiVersion: v1', 'kind: ConfigMap', 'data:', '  image: nginx') },
    { name: 'Knative Service is not a core Service', code: yaml('apiVersion: v1', 'kind: Service', 'spec:', '  template:', '    spec:', '      containers:', '      - image: nginx') },
    { name: 'AlwaysPullImages makes the default moot', code: DEMOAPI, settings: { assumeAlwaysPullImages: true } },
    { name: 'suppressed on the line above', code: DEMOAPI.replace('        image:', '        # kube-pull-policy: ignore implicit-always\n        image:') },
    { name: 'suppressed on the same line', code: DEMOAPI.replace('latest\n', 'latest # kube-pull-policy: ignore\n') },
    { name: 'suppressed for the file', code: `# kube-pull-policy: ignore-file\n${DEMOAPI}` },
    { name: 'turned off', code: DEMOAPI, settings: { rules: { 'implicit-always': 'off' } } },
    { name: 'Helm template', code: pod('  containers:', '  - name: a', '    image: {{ .Values.image }}') },
  ],
  invalid: [
    {
      name: 'the demoapi Deployment',
      code: DEMOAPI,
      errors: [
        {
          line: 19, column: 16, endLine: 19, endColumn: 39,
          severity: 'warning',
          message:
            'imagePullPolicy is omitted and the image "registry/demoapi:latest" has the tag `latest`, so the API server sets imagePullPolicy: Always on container "demoapi-test-container". ' +
            'Every pod start pulls docker.io/registry/demoapi:latest from the registry; an image that exists only on the node is never used and the pod fails with ErrImagePull. ' +
            'Set imagePullPolicy explicitly: IfNotPresent to use a local image, Always to keep pulling.',
          fixes: threeFixes(withPolicy),
        },
      ],
    },
    {
      name: 'preferred policy from settings',
      code: DEMOAPI,
      settings: { preferredPolicy: 'Always' },
      errors: [{ line: 19, column: 16, endLine: 19, endColumn: 39, fixes: threeFixes(withPolicy, 'Always') }],
    },
    {
      name: 'severity from settings',
      code: DEMOAPI,
      settings: { rules: { 'implicit-always': 'error' } },
      errors: [{ line: 19, column: 16, endLine: 19, endColumn: 39, severity: 'error', fixes: threeFixes(withPolicy) }],
    },
    {
      name: 'no tag means latest, and the docker.io library prefix is named',
      code: pod('  containers:', '  - name: a', '    image: nginx'),
      errors: [
        {
          line: 8, column: 12, endLine: 8, endColumn: 17,
          message: /has no tag, which means `latest`.*pulls docker\.io\/library\/nginx:latest/,
          fixes: threeFixes((p) => pod('  containers:', '  - name: a', '    image: nginx', `    imagePullPolicy: ${p}`)),
        },
      ],
    },
    {
      name: 'latest with a digest is still Always',
      code: pod('  containers:', `  - image: nginx:latest@sha256:${'b'.repeat(64)}`),
      errors: [
        {
          line: 7, column: 12, endLine: 7, endColumn: 96,
          fixes: threeFixes((p) => pod('  containers:', `  - image: nginx:latest@sha256:${'b'.repeat(64)}`, `    imagePullPolicy: ${p}`)),
        },
      ],
    },
    {
      name: 'trailing comment stays on the image line',
      code: pod('  containers:', '  - name: a', '    image: nginx   # the web server', '    ports: []'),
      errors: [
        {
          line: 8, column: 12, endLine: 8, endColumn: 17,
          fixes: threeFixes((p) => pod('  containers:', '  - name: a', '    image: nginx   # the web server', `    imagePullPolicy: ${p}`, '    ports: []')),
        },
      ],
    },
    {
      name: 'CRLF line endings are kept',
      code: pod('  containers:', '  - name: a', '    image: nginx', '    ports: []').replace(/\n/g, '\r\n'),
      errors: [
        {
          line: 8, column: 12, endLine: 8, endColumn: 17,
          fixes: threeFixes((p) => pod('  containers:', '  - name: a', '    image: nginx', `    imagePullPolicy: ${p}`, '    ports: []').replace(/\n/g, '\r\n')),
        },
      ],
    },
    {
      name: 'CR-only line endings parse and are kept',
      code: pod('  containers:', '  - name: a', '    image: nginx', '    ports: []').replace(/\n/g, '\r'),
      errors: [
        {
          line: 1, column: 89, endLine: 1, endColumn: 94,
          fixes: threeFixes((p) => pod('  containers:', '  - name: a', '    image: nginx', `    imagePullPolicy: ${p}`, '    ports: []').replace(/\n/g, '\r')),
        },
      ],
    },
    {
      name: 'flow map',
      code: pod('  containers: [{name: a, image: nginx}]'),
      errors: [{ line: 6, column: 33, endLine: 6, endColumn: 38, fixes: threeFixes((p) => pod(`  containers: [{name: a, image: nginx, imagePullPolicy: ${p}}]`)) }],
    },
    {
      name: 'image as the first key of a sequence item',
      code: pod('  containers:', '  - image: nginx', '    name: a'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 17, fixes: threeFixes((p) => pod('  containers:', '  - image: nginx', `    imagePullPolicy: ${p}`, '    name: a')) }],
    },
    {
      name: 'last line without a newline',
      code: 'kind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx',
      errors: [{ line: 5, column: 12, endLine: 5, endColumn: 17, fixes: threeFixes((p) => `kind: Pod\nspec:\n  containers:\n  - name: a\n    image: nginx\n    imagePullPolicy: ${p}`) }],
    },
    {
      name: 'quoted image keeps its quotes',
      code: pod('  containers:', "  - image: 'nginx:latest'"),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 26, fixes: threeFixes((p) => pod('  containers:', "  - image: 'nginx:latest'", `    imagePullPolicy: ${p}`)) }],
    },
    {
      name: 'block scalar image',
      code: pod('  containers:', '  - image: >-', '      nginx', '    name: a'),
      errors: [{ line: 7, column: 12, endLine: 9, endColumn: 1, fixes: threeFixes((p) => pod('  containers:', '  - image: >-', '      nginx', `    imagePullPolicy: ${p}`, '    name: a')) }],
    },
    {
      name: 'four-space indentation and init containers',
      code: yaml('kind: Pod', 'spec:', '    initContainers:', '        -   name: init', '            image: busybox', '    containers:', '        -   name: a', '            image: nginx:1'),
      errors: [
        {
          line: 5, column: 20, endLine: 5, endColumn: 27,
          message: /init container "init"/,
          fixes: threeFixes((p) => yaml('kind: Pod', 'spec:', '    initContainers:', '        -   name: init', '            image: busybox', `            imagePullPolicy: ${p}`, '    containers:', '        -   name: a', '            image: nginx:1')),
        },
      ],
    },
    {
      name: 'an existing empty imagePullPolicy gets its value',
      code: pod('  containers:', '  - image: nginx', '    imagePullPolicy:', '    name: a'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 17, fixes: threeFixes((p) => pod('  containers:', '  - image: nginx', `    imagePullPolicy: ${p}`, '    name: a')) }],
    },
    {
      name: 'an existing "" imagePullPolicy keeps its quotes',
      code: pod('  containers:', '  - image: nginx', '    imagePullPolicy: ""'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 17, fixes: threeFixes((p) => pod('  containers:', '  - image: nginx', `    imagePullPolicy: "${p}"`)) }],
    },
    {
      name: 'several documents, CronJob and List',
      code: yaml(
        'kind: CronJob',
        'spec:',
        '  jobTemplate:',
        '    spec:',
        '      template:',
        '        spec:',
        '          containers:',
        '          - image: a',
        '---',
        'kind: List',
        'items:',
        '- kind: Pod',
        '  spec:',
        '    ephemeralContainers:',
        '    - image: b',
      ),
      errors: [
        {
          line: 8, column: 20, endLine: 8, endColumn: 21,
          fixes: threeFixes((p) =>
            yaml('kind: CronJob', 'spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers:', '          - image: a', `            imagePullPolicy: ${p}`, '---', 'kind: List', 'items:', '- kind: Pod', '  spec:', '    ephemeralContainers:', '    - image: b'),
          ),
        },
        {
          line: 15, column: 14, endLine: 15, endColumn: 15,
          message: /ephemeral container at items\[0\]\.spec\.ephemeralContainers\[0\]/,
          fixes: threeFixes((p) =>
            yaml('kind: CronJob', 'spec:', '  jobTemplate:', '    spec:', '      template:', '        spec:', '          containers:', '          - image: a', '---', 'kind: List', 'items:', '- kind: Pod', '  spec:', '    ephemeralContainers:', '    - image: b', `      imagePullPolicy: ${p}`),
          ),
        },
      ],
    },
    {
      name: 'image volume',
      code: pod('  volumes:', '  - name: models', '    image:', '      reference: registry.local/models', '  containers: []'),
      errors: [
        {
          line: 9, column: 18, endLine: 9, endColumn: 39,
          message: /pullPolicy is omitted.*image volume "models"/,
          fixes: ['IfNotPresent', 'Always', 'Never'].map((p, i) => ({
            title: `Set pullPolicy: ${p}`,
            preferred: i === 0,
            output: pod('  volumes:', '  - name: models', '    image:', '      reference: registry.local/models', `      pullPolicy: ${p}`, '  containers: []'),
          })),
        },
      ],
    },
    {
      name: 'a container before a YAML syntax error is still analysed',
      code: pod('  containers:', '  - image: nginx', '  bad: [unclosed'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 17, fixes: threeFixes((p) => pod('  containers:', '  - image: nginx', `    imagePullPolicy: ${p}`, '  bad: [unclosed')) }],
    },
  ],
});
