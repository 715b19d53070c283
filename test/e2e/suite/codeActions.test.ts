import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  DEMOAPI, applyAction, codeActions, codeOf, demoapiWith, insertLineAfter, openFixture, revertActive, waitFor,
  waitForCode, waitForDiagnostics, waitForQuickFixes, withSettings, workspaceUri,
} from './helpers';

const FIX_ALL = 'source.fixAll.kube-pull-policy';
const SET_IF_NOT_PRESENT = 'source.kube-pull-policy.setIfNotPresent';

/** Waits for the source action of `kind` on the whole document. */
function waitForSourceAction(document: vscode.TextDocument, kind: string): Promise<vscode.CodeAction> {
  let last: string[] = [];
  return waitFor(async () => {
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    const actions = await codeActions(document, whole, kind);
    last = actions.map((a) => `${a.title} [${a.kind?.value}]`);
    return actions.find((a) => a.kind?.value === kind);
  }, `a ${kind} code action`, 20_000, () => last);
}

/** multi.yaml with a policy line under each container image that has none. */
function multiWith(text: string, frontend: string, migrate: string): string {
  return insertLineAfter(insertLineAfter(text, 'image: registry/frontend:latest', `        imagePullPolicy: ${frontend}`),
    'image: registry/migrate:1.4.2', `        imagePullPolicy: ${migrate}`);
}

export function codeActionTests(): void {
  describe('code actions', () => {
    it('quick fixes: three policies, IfNotPresent preferred, applied gives the exact text', async () => {
      const { document } = await openFixture('demoapi.yaml');
      const diagnostic = await waitForCode(document.uri, 'implicit-always');
      const fixes = await waitForQuickFixes(document, diagnostic);
      assert.deepStrictEqual(fixes.map((f) => f.title).sort(),
        ['Set imagePullPolicy: Always', 'Set imagePullPolicy: IfNotPresent', 'Set imagePullPolicy: Never']);
      for (const fix of fixes) {
        assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `${fix.title} is a quick fix (kind ${fix.kind?.value})`);
        assert.ok(fix.edit, `${fix.title} carries a WorkspaceEdit`);
      }
      const preferred = fixes.filter((f) => f.isPreferred);
      assert.deepStrictEqual(preferred.map((f) => f.title), ['Set imagePullPolicy: IfNotPresent'], 'exactly one preferred fix');
      // (CodeAction.diagnostics is not checked: vscode.executeCodeActionProvider does not convert it.)

      await applyAction(preferred[0]);
      assert.strictEqual(document.getText(), demoapiWith('IfNotPresent'));
      await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => codeOf(d) === 'implicit-always'), 'implicit-always to go away');
    });

    it('the Always and Never quick fixes write their policy', async () => {
      const { document } = await openFixture('demoapi.yaml');
      for (const policy of ['Always', 'Never']) {
        const diagnostic = await waitForCode(document.uri, 'implicit-always');
        const fix = (await waitForQuickFixes(document, diagnostic)).find((f) => f.title === `Set imagePullPolicy: ${policy}`);
        assert.ok(fix, `no fix for ${policy}`);
        await applyAction(fix);
        assert.strictEqual(document.getText(), demoapiWith(policy));
        await revertActive();
        assert.strictEqual(document.getText(), DEMOAPI);
      }
    });

    it(`${FIX_ALL} (executeCodeActionProvider, kind filter) writes each current effective policy`, async () => {
      const demo = (await openFixture('demoapi.yaml')).document;
      await waitForCode(demo.uri, 'implicit-always');
      await applyAction(await waitForSourceAction(demo, FIX_ALL));
      assert.strictEqual(demo.getText(), demoapiWith('Always'));

      const multi = (await openFixture('multi.yaml')).document;
      const before = multi.getText();
      await waitForCode(multi.uri, 'implicit-if-not-present');
      await applyAction(await waitForSourceAction(multi, FIX_ALL));
      assert.strictEqual(multi.getText(), multiWith(before, 'Always', 'IfNotPresent'));
    });

    it(`${SET_IF_NOT_PRESENT} sets IfNotPresent on every container without a policy`, async () => {
      const { document } = await openFixture('multi.yaml');
      const before = document.getText();
      await waitForCode(document.uri, 'implicit-always');
      await applyAction(await waitForSourceAction(document, SET_IF_NOT_PRESENT));
      assert.strictEqual(document.getText(), multiWith(before, 'IfNotPresent', 'IfNotPresent'));
    });

    it(`editor.codeActionsOnSave runs ${FIX_ALL} on save`, async () => {
      const uri = workspaceUri('save-fix-all.yaml');
      fs.writeFileSync(uri.fsPath, DEMOAPI);
      try {
        await withSettings({ 'editor.codeActionsOnSave': { [FIX_ALL]: 'explicit' } }, async () => {
          const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
          await waitForCode(editor.document.uri, 'implicit-always');
          await vscode.commands.executeCommand('workbench.action.files.save');
          await waitFor(() => !editor.document.isDirty, 'the save to finish');
          assert.strictEqual(editor.document.getText(), demoapiWith('Always'), 'the buffer after save');
          assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), demoapiWith('Always'), 'the file on disk after save');
        });
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        fs.rmSync(uri.fsPath, { force: true });
      }
    });

    it('a CRLF file keeps CRLF line endings after the quick fix and on disk', async () => {
      const { document } = await openFixture('crlf.yaml');
      const { uri } = document;
      const original = fs.readFileSync(uri.fsPath);
      try {
        assert.strictEqual(document.eol, vscode.EndOfLine.CRLF, 'crlf.yaml opens with CRLF');
        assert.strictEqual(document.getText(), DEMOAPI.replace(/\n/g, '\r\n'), 'crlf.yaml is the demoapi manifest with CRLF');
        const diagnostic = await waitForCode(uri, 'implicit-always');
        const preferred = (await waitForQuickFixes(document, diagnostic)).find((f) => f.isPreferred);
        assert.ok(preferred, 'a preferred fix');
        await applyAction(preferred);
        const expected = demoapiWith('IfNotPresent', '\r\n');
        assert.strictEqual(document.eol, vscode.EndOfLine.CRLF, 'still CRLF');
        assert.strictEqual(JSON.stringify(document.getText()), JSON.stringify(expected), 'the buffer, every line ending CRLF');
        await vscode.commands.executeCommand('workbench.action.files.save');
        await waitFor(() => !document.isDirty, 'the save to finish');
        const onDisk = fs.readFileSync(uri.fsPath, 'latin1');
        assert.strictEqual(JSON.stringify(onDisk), JSON.stringify(expected), 'the bytes on disk');
      } finally {
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
        fs.writeFileSync(uri.fsPath, original);
      }
    });
  });
}
