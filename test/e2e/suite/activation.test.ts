import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor, waitForCode } from './helpers';

export function activationTests(): void {
  describe('activation', () => {
    it('activates on a YAML file and registers its commands', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
      const editor = await openFixture('demoapi.yaml');
      await waitFor(() => extension.isActive, `${EXTENSION_ID} to activate on a YAML file`);
      await extension.activate(); // resolves once activate() has returned (the server starts in the background)
      const commands = await vscode.commands.getCommands(true);
      for (const command of ['kubePullPolicy.showEffectivePolicies', 'kubePullPolicy.restartServer']) {
        assert.ok(commands.includes(command), `command ${command} is not registered`);
      }
      // The client is connected: the server analyses the file.
      await waitForCode(editor.document.uri, 'implicit-always');
    });
  });
}
