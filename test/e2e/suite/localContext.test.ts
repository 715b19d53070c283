import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { startDockerServer } from '../../host/dockerServer';
import { DEMOAPI_IMAGE_RANGE, EXTENSION_ID, assertRange, codeOf, hoverText, openFixture, ours, waitForCode, withSettings } from './helpers';

/** A kubeconfig whose current context is `context`, its cluster of the same name at `server`. */
const kubeconfig = (context: string, server: string) =>
  [
    'apiVersion: v1', 'kind: Config', `current-context: ${context}`,
    'contexts:', `- name: ${context}`, '  context:', `    cluster: ${context}`,
    'clusters:', `- name: ${context}`, '  cluster:', `    server: ${server}`, '',
  ].join('\n');

/** What the extension's activate returns in ExtensionMode.Test (client/src/extension.ts TestApi). */
interface TestApi {
  setLoadConfirmation(confirm: ((command: unknown, line: string) => Promise<boolean>) | undefined): void;
}

/**
 * Runs `body` with the local context on: a test Docker Engine holding
 * registry/demoapi:latest (built 23 hours ago) and a kubeconfig with `context` current.
 */
async function withLocalContext(context: string, server: string, body: () => Promise<void>): Promise<void> {
  const created = new Date(Date.now() - 23 * 3600_000 - 60_000).toISOString();
  const docker = await startDockerServer('docker', [{ tag: 'registry/demoapi:latest', size: 212_000_000, created }]);
  const dir = mkdtempSync(path.join(tmpdir(), 'kpp-e2e-kube-'));
  writeFileSync(path.join(dir, 'config'), kubeconfig(context, server));
  const saved = { DOCKER_HOST: process.env.DOCKER_HOST, KUBECONFIG: process.env.KUBECONFIG };
  // The server is forked with the extension host's environment: restart it to hand these over.
  process.env.DOCKER_HOST = `unix://${docker.socket}`;
  process.env.KUBECONFIG = path.join(dir, 'config');
  try {
    await vscode.commands.executeCommand('kubePullPolicy.restartServer');
    await withSettings({ 'kubePullPolicy.localContext.enabled': true }, body);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await vscode.commands.executeCommand('kubePullPolicy.restartServer');
    await docker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `run` and returns the terminals it created (window.terminals holds one as soon as createTerminal returns). */
async function terminalsOpenedBy(run: () => Thenable<unknown>): Promise<vscode.Terminal[]> {
  const before = new Set(vscode.window.terminals);
  await run();
  return vscode.window.terminals.filter((terminal) => !before.has(terminal));
}

export function localContextTests(): void {
  describe('local context', () => {
    it('turned on, with registry/demoapi:latest in the (test) Docker Engine and context docker-desktop: local-image-pulled and the hover line', async () => {
      await withLocalContext('docker-desktop', 'https://kubernetes.docker.internal:6443', async () => {
        const { document } = await openFixture('demoapi.yaml');
        const diagnostic = await waitForCode(document.uri, 'local-image-pulled');
        assertRange(diagnostic.range, DEMOAPI_IMAGE_RANGE, 'local-image-pulled range');
        assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
        assert.deepStrictEqual(ours(document.uri).map(codeOf), ['local-image-pulled'], 'it replaces implicit-always');
        const hover = await hoverText(document, DEMOAPI_IMAGE_RANGE.start.translate(0, 3));
        assert.match(hover, /Local image: present \(built 23 hours ago, 212 MB\)/);
        assert.match(hover, /Context: `docker-desktop` \(local: Docker Desktop\)/);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, DEMOAPI_IMAGE_RANGE);
        assert.deepStrictEqual(actions.filter((action) => action.command).map((action) => action.title), [], 'docker-desktop needs no load');
      });
    });

    it('on a kind context: "Load Image into Local Cluster", from the code action and from the palette, asks with the exact command line and runs kind in a terminal without a shell', async () => {
      const api = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)?.exports;
      assert.ok(api, 'activate returns the test API in ExtensionMode.Test');
      const asked: string[] = [];
      let answer = true;
      api.setLoadConfirmation(async (_command, line) => (asked.push(line), answer));
      const line = 'kind load docker-image registry/demoapi:latest --name dev';
      const expectTerminal = (terminals: vscode.Terminal[], how: string) => {
        assert.strictEqual(terminals.length, 1, `one terminal ${how} (asked: ${asked.join(' | ')})`);
        const [terminal] = terminals;
        const options = terminal.creationOptions as vscode.TerminalOptions;
        assert.strictEqual(terminal.name, 'Load registry/demoapi:latest into kind cluster dev', how);
        assert.strictEqual(options.shellPath, 'kind', how);
        assert.deepStrictEqual(options.shellArgs, ['load', 'docker-image', 'registry/demoapi:latest', '--name', 'dev'], how);
        terminal.dispose();
      };
      try {
        await withLocalContext('kind-dev', 'https://127.0.0.1:41235', async () => {
          const editor = await openFixture('demoapi.yaml');
          const diagnostic = await waitForCode(editor.document.uri, 'local-image-pulled');
          assert.match(diagnostic.message, /kind-dev \(kind\) keeps its own image store: load the image with `kind load docker-image registry\/demoapi:latest --name dev`/);

          const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, DEMOAPI_IMAGE_RANGE);
          const load = actions.find((action) => action.command?.command === 'kubePullPolicy.loadImage');
          assert.ok(load?.command, `a load action among ${actions.map((action) => action.title).join(', ')}`);
          assert.strictEqual(load.title, 'Load registry/demoapi:latest into kind cluster dev…');
          const { command, arguments: args = [] } = load.command;
          expectTerminal(await terminalsOpenedBy(() => vscode.commands.executeCommand(command, ...args)), 'from the code action');
          assert.deepStrictEqual(asked, [line]);

          // The palette: no arguments, so the command asks the server for the active document's commands.
          editor.selection = new vscode.Selection(DEMOAPI_IMAGE_RANGE.start, DEMOAPI_IMAGE_RANGE.start);
          expectTerminal(await terminalsOpenedBy(() => vscode.commands.executeCommand('kubePullPolicy.loadImage')), 'from the palette');
          assert.deepStrictEqual(asked, [line, line]);

          // Declined: nothing runs.
          answer = false;
          assert.deepStrictEqual(await terminalsOpenedBy(() => vscode.commands.executeCommand('kubePullPolicy.loadImage')), [], 'no terminal when the confirmation is declined');
          assert.strictEqual(asked.length, 3);
        });
      } finally {
        api.setLoadConfirmation(undefined);
      }
    });
  });
}
