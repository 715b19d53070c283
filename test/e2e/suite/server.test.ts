import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DEMOAPI, DEMOAPI_IMAGE_RANGE, EXTENSION_ID, assertRange, codeOf, openFixture, openUntitled, waitFor, waitForCode,
  waitForDiagnostics,
} from './helpers';

/** Pids of our language server: children of this extension host running server/out/server.js. */
function serverPids(): number[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const script = path.join(extension.extensionPath, 'server', 'out', 'server.js');
  try {
    const out = execFileSync('pgrep', ['-P', String(process.pid), '-f', script], { encoding: 'utf8' });
    return out.split(/\s+/).filter(Boolean).map(Number);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return []; // pgrep: nothing matched
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

export function serverTests(): void {
  describe('the language server process', () => {
    before(function () {
      if (process.platform === 'win32') this.skip(); // pgrep
    });

    it('kubePullPolicy.restartServer starts a new server that analyses documents', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForCode(document.uri, 'implicit-always');
      const [before] = await waitFor(() => { const p = serverPids(); return p.length === 1 && p; }, 'exactly one server process');
      await vscode.commands.executeCommand('kubePullPolicy.restartServer');
      const [after] = await waitFor(() => { const p = serverPids(); return p.length === 1 && p[0] !== before && p; },
        'a new server process', 20_000, serverPids);
      await waitFor(() => !isAlive(before), `the old server ${before} to exit`);
      assert.notStrictEqual(after, before);
      const untitled = await openUntitled(DEMOAPI);
      await waitForCode(untitled.document.uri, 'implicit-always');
    });

    it('a killed server is restarted and diagnostics come back', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForCode(document.uri, 'implicit-always');
      const [victim] = await waitFor(() => { const p = serverPids(); return p.length === 1 && p; }, 'exactly one server process');
      process.kill(victim, 'SIGKILL');
      await waitFor(() => !isAlive(victim), `server ${victim} to die`);
      const [revived] = await waitFor(() => { const p = serverPids(); return p.length === 1 && p[0] !== victim && p; },
        'the client to start a new server', 30_000, serverPids);
      assert.notStrictEqual(revived, victim);

      // A newly opened document is analysed by the new server...
      const untitled = await openUntitled(DEMOAPI);
      const diagnostic = await waitForCode(untitled.document.uri, 'implicit-always', 30_000);
      assertRange(diagnostic.range, DEMOAPI_IMAGE_RANGE, 'implicit-always range from the new server');
      // ...and so is an edit to a document that was open across the crash.
      await vscode.window.showTextDocument(document);
      const editor = vscode.window.activeTextEditor!;
      assert.ok(await editor.edit((b) => b.replace(DEMOAPI_IMAGE_RANGE, 'registry/demoapi:1.2.3')));
      await waitForDiagnostics(document.uri, (ds) => ds.length === 1 && codeOf(ds[0]) === 'implicit-if-not-present',
        'only implicit-if-not-present after the edit', 30_000);
    });
  });
}
