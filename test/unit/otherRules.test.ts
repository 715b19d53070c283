import { runRuleTests, yaml } from './ruleTester';

const pod = (...lines: string[]) => yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', ...lines);

runRuleTests('implicit-if-not-present', {
  valid: [pod('  - image: nginx'), pod('  - image: nginx:1', '    imagePullPolicy: Always'), pod('  - image: Nginx:1'), pod('  - image: ""')],
  invalid: [
    {
      code: pod('  - image: nginx:1.27', '    name: web'),
      errors: [
        {
          line: 7, column: 12, endLine: 7, endColumn: 22,
          severity: 'hint',
          message: 'imagePullPolicy is omitted and the image "nginx:1.27" has the tag `1.27`, so the API server sets imagePullPolicy: IfNotPresent on container "web". Nodes pull it only when they do not have it yet.',
          fixes: [{ title: 'Set imagePullPolicy: IfNotPresent', preferred: true, output: pod('  - image: nginx:1.27', '    imagePullPolicy: IfNotPresent', '    name: web') }],
        },
      ],
    },
    {
      name: 'digest only',
      code: pod(`  - image: nginx@sha256:${'c'.repeat(64)}`),
      errors: [
        {
          line: 7, column: 12, endLine: 7, endColumn: 89,
          message: /pinned by digest/,
          fixes: [{ title: 'Set imagePullPolicy: IfNotPresent', preferred: true, output: pod(`  - image: nginx@sha256:${'c'.repeat(64)}`, '    imagePullPolicy: IfNotPresent') }],
        },
      ],
    },
  ],
});

runRuleTests('invalid-pull-policy', {
  valid: [pod('  - image: nginx', '    imagePullPolicy: Never'), pod('  - image: nginx', '    imagePullPolicy: ""'), pod('  - image: nginx', '    imagePullPolicy: ~')],
  invalid: [
    {
      name: 'case-only mismatch',
      code: pod('  - image: nginx', '    imagePullPolicy: ifnotpresent'),
      errors: [
        {
          line: 8, column: 22, endLine: 8, endColumn: 34,
          severity: 'error',
          message: 'spec.containers[0].imagePullPolicy: Unsupported value: "ifnotpresent": supported values: "Always", "IfNotPresent", "Never". The API server rejects this object; write one of the supported values exactly, with this capitalisation.',
          fixes: [{ title: 'Change to IfNotPresent', preferred: true, output: pod('  - image: nginx', '    imagePullPolicy: IfNotPresent') }],
        },
      ],
    },
    {
      name: 'quoted, keeps quotes',
      code: pod('  - image: nginx', '    imagePullPolicy: "ALWAYS"  # shout'),
      errors: [{ line: 8, column: 22, endLine: 8, endColumn: 30, fixes: [{ title: 'Change to Always', preferred: true, output: pod('  - image: nginx', '    imagePullPolicy: "Always"  # shout') }] }],
    },
    {
      // kubectl sends each item of a List on its own: the API server's path starts at the item.
      name: 'in a List item, the path the API server reports',
      code: yaml('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata: { name: p }', '  spec:', '    containers:', '    - image: nginx', '      imagePullPolicy: always'),
      errors: [{
        line: 10, column: 24, endLine: 10, endColumn: 30,
        message: /^spec\.containers\[0\]\.imagePullPolicy: Unsupported value: "always"/,
        fixes: [{ title: 'Change to Always', preferred: true, output: yaml('apiVersion: v1', 'kind: List', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata: { name: p }', '  spec:', '    containers:', '    - image: nginx', '      imagePullPolicy: Always') }],
      }],
    },
    { name: 'not a policy at all', code: pod('  - image: nginx', '    imagePullPolicy: Sometimes'), errors: [{ line: 8, column: 22, endLine: 8, endColumn: 31, message: /Unsupported value: "Sometimes"/ }] },
    { name: 'a number', code: pod('  - image: nginx', '    imagePullPolicy: 1'), errors: [{ line: 8, column: 22, endLine: 8, endColumn: 23, message: /imagePullPolicy must be a string, but kubectl reads 1 as the number 1 \(YAML 1.1, as go-yaml reads it\)/ }] },
    { name: 'a map', code: pod('  - image: nginx', '    imagePullPolicy: {a: 1}'), errors: [{ line: 8, column: 22, endLine: 8, endColumn: 28, message: /imagePullPolicy must be a string, but it is a map/ }] },
    {
      name: 'flow map container',
      code: pod('  - {image: nginx, imagePullPolicy: never}'),
      errors: [{ line: 7, column: 37, endLine: 7, endColumn: 42, fixes: [{ title: 'Change to Never', preferred: true, output: pod('  - {image: nginx, imagePullPolicy: Never}') }] }],
    },
  ],
});

runRuleTests('invalid-image', {
  valid: [pod('  - image: nginx'), pod('  - image: Registry/app:latest'), pod('  - image: ""'), pod('  - image: "[::1]:5000/app"')],
  invalid: [
    {
      name: 'uppercase repository',
      code: pod('  - image: Registry/App:latest', '    imagePullPolicy: IfNotPresent'),
      errors: [
        {
          line: 7, column: 12, endLine: 7, endColumn: 31,
          severity: 'error',
          message: /^Kubernetes cannot parse the image reference "Registry\/App:latest": .*lowercase.* The kubelet fails to start container at spec\.containers\[0\] with InvalidImageName\.$/,
          fixes: [{ title: 'Change the image to Registry/app:latest', preferred: true, output: pod('  - image: Registry/app:latest', '    imagePullPolicy: IfNotPresent') }],
        },
      ],
    },
    {
      name: 'uppercase familiar name',
      code: pod('  - image: "Nginx:Latest"', '    imagePullPolicy: Always'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 26, fixes: [{ title: 'Change the image to nginx:Latest', preferred: true, output: pod('  - image: "nginx:Latest"', '    imagePullPolicy: Always') }] }],
    },
    {
      name: 'tag too long has no lowercase fix',
      code: pod(`  - image: nginx:${'a'.repeat(129)}`, '    imagePullPolicy: Always'),
      errors: [{ line: 7, column: 12, endLine: 7, endColumn: 147, message: /128/ }],
    },
    { name: 'whitespace', code: pod('  - image: "nginx "', '    imagePullPolicy: Always'), errors: [{ line: 7, column: 12, endLine: 7, endColumn: 20 }] },
    { name: 'not a string', code: pod('  - image: [nginx]', '    imagePullPolicy: Always'), errors: [{ line: 7, column: 12, endLine: 7, endColumn: 19, message: /must be a string, but it is a list/ }] },
  ],
});

runRuleTests('missing-image', {
  valid: [pod('  - image: nginx'), yaml('kind: Deployment', 'spec:', '  template:', '    spec:', '      volumes:', '      - name: v', '        image: {}')],
  invalid: [
    {
      name: 'absent',
      code: pod('  - name: web', '    ports: []'),
      errors: [{ line: 7, column: 5, endLine: 7, endColumn: 14, message: 'container "web" has no image. The API server rejects the object with "spec.containers[0].image: Required value"; add the image to run.' }],
    },
    {
      name: 'unnamed, in the second item of a List: where it is, and the path the API server reports',
      code: yaml('apiVersion: v1', 'kind: List', 'items:', '- { apiVersion: v1, kind: Pod, metadata: { name: a }, spec: { containers: [{ image: nginx }] } }', '- apiVersion: v1', '  kind: Pod', '  metadata: { name: b }', '  spec:', '    containers:', '    - ports: []'),
      errors: [{ line: 10, column: 7, endLine: 10, endColumn: 16, message: 'container at items[1].spec.containers[0] has no image. The API server rejects the object with "spec.containers[0].image: Required value"; add the image to run.' }],
    },
    { name: 'null', code: pod('  - name: web', '    image:'), errors: [{ line: 8, column: 5, endLine: 8, endColumn: 10 }] },
    { name: 'empty', code: pod('  - name: web', '    image: ""'), errors: [{ line: 8, column: 5, endLine: 8, endColumn: 10 }] },
  ],
});

runRuleTests('latest-if-not-present', {
  valid: [pod('  - image: nginx:1', '    imagePullPolicy: IfNotPresent'), pod('  - image: nginx', '    imagePullPolicy: Always'), pod(`  - image: nginx:latest@sha256:${'d'.repeat(64)}`, '    imagePullPolicy: IfNotPresent')],
  invalid: [
    {
      code: pod('  - image: registry/demoapi:latest', '    imagePullPolicy: IfNotPresent'),
      errors: [{ line: 8, column: 22, endLine: 8, endColumn: 34, severity: 'information', message: /keeps whichever `latest` it pulled first.*Pin a version tag or a digest\.$/ }],
    },
    {
      name: 'Never',
      code: pod('  - image: demoapi', '    imagePullPolicy: Never'),
      errors: [{ line: 8, column: 22, endLine: 8, endColumn: 27, message: /ErrImageNeverPull/ }],
    },
  ],
});
