// End-to-end tests of the built CLI (server/out/cli.js) on generated file trees.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../server/out/cli.js');
const DEMOAPI = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.yaml'), 'utf8');
const DEMOAPI_FIXED = readFileSync(path.resolve(__dirname, '../fixtures/demoapi.fixed.yaml'), 'utf8');
const PINNED = 'kind: Pod\nspec:\n  containers:\n  - image: nginx:1.27\n';
const BROKEN = 'kind: Pod\nspec:\n  containers:\n  - image: nginx\n  bad: "unterminated\n';

let root: string;
const roots: string[] = [];

function tree(files: Record<string, string>): string {
  root = mkdtempSync(path.join(tmpdir(), 'kpp-cli-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

function run(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (name: string) => readFileSync(path.join(root, name), 'utf8');

describe('kube-pull-policy CLI', () => {
  beforeEach(() => tree({ 'app/demoapi.yaml': DEMOAPI, 'app/pinned.yml': PINNED }));
  after(() => roots.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('prints text grouped by file with line:col severity message rule-id, and exits 0 on warnings', () => {
    const { code, stdout } = run(['app']);
    assert.equal(code, 0);
    assert.match(stdout, /^app\/demoapi\.yaml\n {2}19:16 {2}warning {2}imagePullPolicy is omitted .* {2}implicit-always\n/);
    assert.doesNotMatch(stdout, /pinned\.yml/, 'hints are editor-only');
    assert.match(stdout, /1 problem \(0 errors, 1 warning, 0 information\) in 2 files\.\n$/);
  });

  it('exits 1 on errors and beyond --max-warnings', () => {
    assert.equal(run(['--rule', 'implicit-always=error', 'app']).code, 1);
    assert.equal(run(['--max-warnings', '0', 'app']).code, 1);
    assert.equal(run(['--max-warnings', '1', 'app']).code, 0);
  });

  it('accepts the check subcommand and reads settings from .kube-pull-policy.json', () => {
    writeFileSync(path.join(root, '.kube-pull-policy.json'), JSON.stringify({ rules: { 'implicit-always': 'off' } }));
    const { code, stdout } = run(['check', 'app']);
    assert.equal(code, 0);
    assert.match(stdout, /^No problems in 2 files\.\n$/);
    assert.equal(run(['--rule', 'implicit-always=error', 'app']).code, 1, 'the command line wins over the file');
  });

  it('writes JSON with 1-based positions, image and effective policy; syntax errors are findings', () => {
    writeFileSync(path.join(root, 'app/broken.yaml'), BROKEN);
    const { code, stdout } = run(['--format', 'json', 'app']);
    assert.equal(code, 1);
    const results = JSON.parse(stdout) as { file: string; findings: Record<string, unknown>[] }[];
    assert.deepEqual(results.map((r) => r.file), ['app/broken.yaml', 'app/demoapi.yaml', 'app/pinned.yml']);
    assert.deepEqual(results[1].findings, [
      {
        ruleId: 'implicit-always',
        severity: 'warning',
        line: 19,
        column: 16,
        endLine: 19,
        endColumn: 39,
        message: results[1].findings[0].message,
        image: 'registry/demoapi:latest',
        effectivePolicy: 'Always',
      },
    ]);
    assert.ok(results[0].findings.some((f) => f.ruleId === 'yaml-syntax' && f.severity === 'error'));
  });

  it('writes SARIF 2.1.0 with rule metadata and physical locations', () => {
    const { code, stdout } = run(['--format', 'sarif', 'app']);
    assert.equal(code, 0);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    assert.equal(sarif.runs.length, 1);
    const { driver } = sarif.runs[0].tool;
    assert.equal(driver.name, 'kube-pull-policy');
    for (const rule of driver.rules) {
      assert.match(rule.id, /^[a-z-]+$/);
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.helpUri);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
    }
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'implicit-always');
    assert.equal(driver.rules[result.ruleIndex].id, 'implicit-always');
    assert.equal(result.level, 'warning');
    assert.ok(result.message.text);
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'app/demoapi.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 19, startColumn: 16, endLine: 19, endColumn: 39 },
    });
  });

  it('--fix writes exactly the fixed manifest, and a second run changes nothing', () => {
    const first = run(['--fix', 'app/demoapi.yaml']);
    assert.equal(first.code, 0);
    assert.equal(read('app/demoapi.yaml'), DEMOAPI_FIXED);
    const second = run(['--fix', 'app/demoapi.yaml']);
    assert.equal(read('app/demoapi.yaml'), DEMOAPI_FIXED);
    assert.doesNotMatch(second.stdout, /fixed:/);
  });

  it('--fix-policy explicit writes the current effective policy', () => {
    run(['--fix', '--fix-policy', 'explicit', 'app']);
    assert.equal(read('app/demoapi.yaml'), DEMOAPI.replace('latest\n', 'latest\n        imagePullPolicy: Always\n'));
    assert.equal(read('app/pinned.yml'), `${PINNED}    imagePullPolicy: IfNotPresent\n`);
  });

  it('--fix --dry-run prints a unified diff and leaves files untouched', () => {
    const { code, stdout } = run(['--fix', '--dry-run', 'app/demoapi.yaml']);
    assert.equal(code, 0);
    assert.equal(read('app/demoapi.yaml'), DEMOAPI);
    assert.ok(
      stdout.startsWith(
        '--- a/app/demoapi.yaml\n+++ b/app/demoapi.yaml\n@@ -17,5 +17,6 @@\n       containers:\n       - name: demoapi-test-container\n         image: registry/demoapi:latest\n+        imagePullPolicy: IfNotPresent\n         ports:\n         - containerPort: 80\n',
      ),
      stdout,
    );
  });

  it('--fix never touches a file with YAML errors', () => {
    writeFileSync(path.join(root, 'app/broken.yaml'), BROKEN);
    const { code, stdout } = run(['--fix', 'app/broken.yaml']);
    assert.equal(code, 1);
    assert.equal(read('app/broken.yaml'), BROKEN);
    assert.match(stdout, /not fixed: it has YAML syntax errors/);
  });

  it('reads standard input with -', () => {
    const { code, stdout } = run(['--format', 'json', '-'], DEMOAPI);
    assert.equal(code, 0);
    assert.equal(JSON.parse(stdout)[0].file, '-');
    assert.equal(JSON.parse(stdout)[0].findings[0].ruleId, 'implicit-always');
  });

  it('exits 2 naming a missing path, and on usage errors', () => {
    const missing = run(['app', 'no/such.yaml']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /"no\/such\.yaml"/);
    assert.equal(run(['--format', 'xml', 'app']).code, 2);
    assert.equal(run(['--rule', 'no-such-rule=error']).code, 2);
    assert.equal(run(['--dry-run', 'app']).code, 2);
  });

  it('skips node_modules, .git, non-YAML and git-ignored files', () => {
    tree({
      'ok.yaml': DEMOAPI,
      'node_modules/dep/x.yaml': DEMOAPI,
      'notes.txt': DEMOAPI,
      'ignored/x.yaml': DEMOAPI,
      '.gitignore': 'ignored/\n',
    });
    assert.equal(spawnSync('git', ['init', '-q'], { cwd: root }).status, 0);
    const files = (JSON.parse(run(['--format', 'json', '.']).stdout) as { file: string }[]).map((r) => r.file);
    assert.deepEqual(files, ['ok.yaml']);
  });

  it('checks many files on worker threads with the same results', () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 120; i++) many[`m/f${String(i).padStart(3, '0')}.yaml`] = i % 2 ? DEMOAPI : PINNED;
    tree(many);
    const results = JSON.parse(run(['--format', 'json', 'm']).stdout) as { file: string; findings: unknown[] }[];
    assert.equal(results.length, 120);
    results.forEach((result, i) => {
      assert.equal(result.file, `m/f${String(i).padStart(3, '0')}.yaml`);
      assert.equal(result.findings.length, i % 2 ? 1 : 0);
    });
  });
});

describe('kube-pull-policy CLI on layouts and custom resources', () => {
  const fixtures = path.resolve(__dirname, '../fixtures');
  const runIn = (cwd: string, args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

  it('finds only the real finding in a GitOps repository (bases, overlays, patches, a Helm chart)', () => {
    const { status, stdout } = runIn(path.join(fixtures, 'repo'), ['--format', 'json', '.']);
    assert.equal(status, 0);
    const findings = (JSON.parse(stdout) as { file: string; findings: { ruleId: string; image?: string }[] }[]).flatMap((r) => r.findings.map((f) => `${r.file} ${f.ruleId} ${f.image}`));
    assert.deepEqual(findings, ['base/deployment.yaml implicit-always example/web:latest']);
  });

  const findingsIn = (stdout: string) =>
    (JSON.parse(stdout) as { file: string; findings: { ruleId: string; image?: string; line?: number }[] }[]).flatMap((r) => r.findings.map((f) => `${r.file} ${f.ruleId} ${f.image}`));

  it('trusts Skaffold to tag its artifacts; an unbuilt redis and a manifest no config deploys keep their warnings', () => {
    const { status, stdout } = runIn(path.join(fixtures, 'skaffold-repo'), ['--format', 'json', '.']);
    assert.equal(status, 0);
    assert.deepEqual(findingsIn(stdout), ['kubernetes-manifests/cartservice.yaml implicit-always redis', 'other/standalone.yaml implicit-always frontend']);
  });

  it('says once on stderr that a skaffold.yaml requiring a path outside the repository was not followed', () => {
    const dir = tree({
      'skaffold.yaml': 'apiVersion: skaffold/v4beta6\nkind: Config\nrequires: [{path: ../elsewhere}]\nbuild: {artifacts: [{image: web}]}\n',
      'k8s/a.yaml': 'kind: Pod\nspec:\n  containers:\n  - image: web\n',
      'k8s/b.yaml': 'kind: Pod\nspec:\n  containers:\n  - image: redis\n',
    });
    const { status, stdout, stderr } = runIn(dir, ['--format', 'json', '.']);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(status, 0);
    assert.deepEqual(findingsIn(stdout), ['k8s/b.yaml implicit-always redis']);
    assert.equal(stderr, `kube-pull-policy: skaffold.yaml requires ${path.join(path.dirname(dir), 'elsewhere', 'skaffold.yaml')}, outside the workspace: not read, so its artifacts are not known.\n`);
  });

  it('trusts Tilt with the images of literal docker_build and custom_build calls', () => {
    const { status, stdout } = runIn(path.join(fixtures, 'tilt-repo'), ['--format', 'json', '.']);
    assert.equal(status, 0);
    assert.deepEqual(findingsIn(stdout), ['k8s/web.yaml implicit-always redis', 'k8s/worker.yaml implicit-always example/web']);
  });

  it('reads a CRD whose descriptions are wrapped onto under-indented lines as kubectl does: notes, not errors', () => {
    const { status, stdout } = runIn(path.join(fixtures, 'wrapped'), ['--format', 'json', '.']);
    assert.equal(status, 0);
    const [result] = JSON.parse(stdout) as { file: string; findings: { ruleId: string; severity: string; line: number; image?: string }[] }[];
    assert.equal(result.file, 'crd-and-workloads.yaml');
    const counts = (severity: string) => result.findings.filter((f) => f.severity === severity).length;
    assert.deepEqual([counts('error'), counts('warning'), counts('information')], [0, 2, 14]);
    assert.ok(result.findings.filter((f) => f.severity === 'information').every((f) => f.ruleId === 'strict-yaml'));
    assert.deepEqual(result.findings.filter((f) => f.severity === 'warning').map((f) => `${f.line} ${f.ruleId} ${f.image}`), [
      '97 implicit-always registry/demoapi:latest',
      '116 implicit-always registry/web',
    ]);
  });

  it('checks custom resources, and older Kubernetes releases parse images differently', () => {
    const { stdout } = runIn(path.join(fixtures, 'crds'), ['--format', 'json', '.']);
    const files = (JSON.parse(stdout) as { file: string; findings: { ruleId: string }[] }[]).map((r) => `${r.file}: ${r.findings.map((f) => f.ruleId).join(',')}`);
    assert.deepEqual(files, [
      'argo-workflow.yaml: implicit-always,implicit-always',
      'cloneset.yaml: ',
      'keda-scaledjob.yaml: implicit-always',
      'knative-service.yaml: implicit-always',
      'rollout.yaml: implicit-always',
      'tekton-task.yaml: implicit-always',
    ]);
    const input = 'kind: Pod\nspec:\n  containers:\n  - image: Registry/app:latest\n';
    const current = spawnSync(process.execPath, [CLI, '--format', 'json', '-'], { input, encoding: 'utf8' });
    const old = spawnSync(process.execPath, [CLI, '--format', 'json', '--kubernetes-version', '1.28', '-'], { input, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(current.stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId), ['implicit-always']);
    assert.deepEqual(JSON.parse(old.stdout)[0].findings.map((f: { ruleId: string }) => f.ruleId), ['invalid-image']);
  });
});
