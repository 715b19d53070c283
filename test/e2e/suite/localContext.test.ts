import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { startDockerServer } from '../../host/dockerServer';
import { DEMOAPI_IMAGE_RANGE, assertRange, codeOf, hoverText, openFixture, ours, waitForCode, withSettings } from './helpers';

const KUBECONFIG = [
  'apiVersion: v1', 'kind: Config', 'current-context: docker-desktop',
  'contexts:', '- name: docker-desktop', '  context:', '    cluster: docker-desktop',
  'clusters:', '- name: docker-desktop', '  cluster:', '    server: https://kubernetes.docker.internal:6443', '',
].join('\n');

export function localContextTests(): void {
  describe('local context', () => {
    it('turned on, with registry/demoapi:latest in the (test) Docker Engine and context docker-desktop: local-image-pulled and the hover line', async () => {
      const created = new Date(Date.now() - 23 * 3600_000 - 60_000).toISOString();
      const docker = await startDockerServer('docker', [{ tag: 'registry/demoapi:latest', size: 212_000_000, created }]);
      const dir = mkdtempSync(path.join(tmpdir(), 'kpp-e2e-kube-'));
      writeFileSync(path.join(dir, 'config'), KUBECONFIG);
      const saved = { DOCKER_HOST: process.env.DOCKER_HOST, KUBECONFIG: process.env.KUBECONFIG };
      // The server is forked with the extension host's environment: restart it to hand these over.
      process.env.DOCKER_HOST = `unix://${docker.socket}`;
      process.env.KUBECONFIG = path.join(dir, 'config');
      try {
        await vscode.commands.executeCommand('kubePullPolicy.restartServer');
        await withSettings({ 'kubePullPolicy.localContext.enabled': true }, async () => {
          const { document } = await openFixture('demoapi.yaml');
          const diagnostic = await waitForCode(document.uri, 'local-image-pulled');
          assertRange(diagnostic.range, DEMOAPI_IMAGE_RANGE, 'local-image-pulled range');
          assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
          assert.deepStrictEqual(ours(document.uri).map(codeOf), ['local-image-pulled'], 'it replaces implicit-always');
          const hover = await hoverText(document, DEMOAPI_IMAGE_RANGE.start.translate(0, 3));
          assert.match(hover, /Local image: present \(built 23 hours ago, 212 MB\)/);
          assert.match(hover, /Context: `docker-desktop` \(local: Docker Desktop\)/);
        });
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
        await vscode.commands.executeCommand('kubePullPolicy.restartServer');
        await docker.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
