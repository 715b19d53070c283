// The built CLI with --local-context against the test Docker Engine server. The CLI
// is spawned asynchronously: the server runs in this process and must keep answering.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDockerServer, type TestDockerServer } from '../host/dockerServer';

const CLI = path.resolve(__dirname, '../../server/out/cli.js');
const DEMOAPI = path.resolve(__dirname, '../fixtures/demoapi.yaml');
const KUBE = path.resolve(__dirname, '../fixtures/kubeconfig');
const IMAGES = [{ tag: 'registry/demoapi:latest', size: 212_000_000, created: '2026-12-05T13:00:00Z' }];

function run(args: string[], env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: tmpdir(), NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const rules = (stdout: string) => (JSON.parse(stdout) as { findings: { ruleId: string; line: number }[] }[]).flatMap((file) => file.findings.map((f) => `${f.ruleId}@${f.line}`));

describe('kube-pull-policy --local-context', () => {
  let docker: TestDockerServer;
  let silent: TestDockerServer;
  before(async () => {
    docker = await startDockerServer('docker', IMAGES);
    silent = await startDockerServer('silent', IMAGES);
  });
  after(async () => {
    await docker.close();
    await silent.close();
  });
  const env = (kubeconfig: string, server = docker) => ({ KUBECONFIG: path.join(KUBE, kubeconfig), DOCKER_HOST: `unix://${server.socket}` });

  it('the seed Deployment on docker-desktop with the image local gets local-image-pulled on line 19', async () => {
    const { code, stdout } = await run(['--local-context', '--format', 'json', DEMOAPI], env('docker-desktop.yaml'));
    assert.equal(code, 0);
    assert.deepEqual(rules(stdout), ['local-image-pulled@19']);
    assert.match(stdout, /on docker-desktop the kubelet pulls docker\.io\/registry\/demoapi:latest first/);
  });

  it('kind gets the load advice', async () => {
    const { stdout } = await run(['--local-context', '--format', 'json', DEMOAPI], env('kind.yaml'));
    assert.match(stdout, /kind load docker-image registry\/demoapi:latest --name dev/);
  });

  it('a cloud context, no flag, or no socket gives exactly the ordinary findings', async () => {
    const plain = await run(['--format', 'json', DEMOAPI], env('docker-desktop.yaml'));
    assert.deepEqual(rules(plain.stdout), ['implicit-always@19']);
    assert.equal((await run(['--local-context', '--format', 'json', DEMOAPI], env('cloud.yaml'))).stdout, plain.stdout);
    const absent = await run(['--local-context', '--verbose', '--format', 'json', DEMOAPI], { KUBECONFIG: path.join(KUBE, 'docker-desktop.yaml'), DOCKER_HOST: `unix://${path.join(tmpdir(), 'kpp-no-such.sock')}` });
    assert.equal(absent.stdout, plain.stdout);
    assert.match(absent.stderr, /did not answer usefully/);
    const malformed = await run(['--local-context', '--verbose', '--format', 'json', DEMOAPI], env('malformed.yaml'));
    assert.equal(malformed.stdout, plain.stdout);
    assert.match(malformed.stderr, /not a valid kubeconfig/);
  });

  it('a silent socket costs at most about a second', async () => {
    const plain = await run(['--format', 'json', DEMOAPI], env('docker-desktop.yaml', silent));
    const result = await run(['--local-context', '--verbose', '--format', 'json', DEMOAPI], env('docker-desktop.yaml', silent));
    assert.equal(result.stdout, plain.stdout);
    assert.match(result.stderr, /no answer within 1000 ms/);
    assert.ok(result.ms - plain.ms < 1800, `${result.ms} ms with a silent socket, ${plain.ms} ms without`);
  });

  it('localContext.enabled in the config file turns it on too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpp-local-'));
    try {
      writeFileSync(path.join(dir, '.kube-pull-policy.json'), JSON.stringify({ localContext: { enabled: true } }));
      const { stdout } = await run(['--format', 'json', DEMOAPI], env('docker-desktop.yaml'), dir);
      assert.deepEqual(rules(stdout), ['local-image-pulled@19']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
