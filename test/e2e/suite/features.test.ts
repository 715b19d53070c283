import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  DEMOAPI, DEMOAPI_IMAGE_RANGE, hoverText, inlayHints, insertLineAfter, labelText, lineOf, openFixture, openUntitled, tooltipText,
  waitFor, waitForCode,
} from './helpers';

export function featureTests(): void {
  describe('inlay hints and hover', () => {
    it('an inlay hint after the demoapi image names the effective policy Always', async () => {
      const { document } = await openFixture('demoapi.yaml');
      const hints = await waitFor(async () => { const h = await inlayHints(document); return h.length > 0 && h; }, 'an inlay hint');
      assert.strictEqual(hints.length, 1, `one hint expected, got ${hints.map(labelText).join(' | ')}`);
      const [hint] = hints;
      assert.match(labelText(hint), /imagePullPolicy: Always/);
      assert.strictEqual(hint.position.line, DEMOAPI_IMAGE_RANGE.end.line, 'on the image line');
      assert.ok(hint.position.character >= DEMOAPI_IMAGE_RANGE.end.character,
        `after the image value (character ${hint.position.character} < ${DEMOAPI_IMAGE_RANGE.end.character})`);
      const tooltip = tooltipText(hint.tooltip) ||
        (typeof hint.label === 'string' ? '' : hint.label.map((part) => tooltipText(part.tooltip)).join(''));
      assert.ok(tooltip.trim().length > 0, 'the hint has a tooltip that explains it');
    });

    it('hovering the image names the normalised reference and Always', async () => {
      const { document } = await openFixture('demoapi.yaml');
      const position = new vscode.Position(DEMOAPI_IMAGE_RANGE.start.line, DEMOAPI_IMAGE_RANGE.start.character + 5);
      const text = await waitFor(async () => { const t = await hoverText(document, position); return t.length > 0 && t; }, 'a hover on the image');
      assert.ok(text.includes('docker.io/registry/demoapi:latest'), `hover lacks docker.io/registry/demoapi:latest:\n${text}`);
      assert.ok(text.includes('Always'), `hover lacks Always:\n${text}`);
    });

    it('completion after "imagePullPolicy: " offers the three policies, replacing what was typed', async () => {
      const { document } = await openUntitled(insertLineAfter(DEMOAPI, 'image: registry/demoapi:latest', '        imagePullPolicy: If'));
      const line = lineOf(document, 'imagePullPolicy: If');
      const position = new vscode.Position(line, document.lineAt(line).text.length);
      const items = await waitFor(async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        const ours = list.items.filter((item) => ['Always', 'IfNotPresent', 'Never'].includes(String(item.label)));
        return ours.length === 3 && ours;
      }, 'the three policy completions');
      for (const item of items) {
        assert.strictEqual(item.kind, vscode.CompletionItemKind.EnumMember, `${item.label} is an enum member`);
        const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
        assert.ok(range, `${item.label} replaces a range`);
        assert.strictEqual(document.getText(range), 'If', `${item.label} replaces the typed prefix`);
      }
    });

    it('kubePullPolicy.showEffectivePolicies lists the containers; picking one moves the cursor to it', async () => {
      const editor = await openFixture('multi.yaml');
      const { document } = editor;
      await waitForCode(document.uri, 'implicit-always');
      editor.selection = new vscode.Selection(0, 0, 0, 0);
      let finished = false;
      const command = Promise.resolve(vscode.commands.executeCommand('kubePullPolicy.showEffectivePolicies'))
        .finally(() => { finished = true; });
      // The quick pick opens asynchronously; accept its first item once it is there.
      await waitFor(async () => {
        if (!finished) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return finished;
      }, 'the container quick pick to open and be accepted');
      await command;
      const line = editor.selection.active.line;
      const containers = ['- name: frontend', '- name: migrate', '- name: pinned'].map((needle) => lineOf(document, needle));
      assert.ok(containers.some((start) => line >= start && line <= start + 2),
        `the cursor (line ${line}) should be on a container (lines ${containers.join(', ')})`);
    });
  });
}
