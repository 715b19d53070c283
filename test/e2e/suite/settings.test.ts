import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  codeOf, inlayHints, labelText, openFixture, summary, waitFor, waitForCode, waitForDiagnostics, waitForQuickFixes,
  withSettings, workspaceUri,
} from './helpers';

/** Waits until the inlay hints of `document` satisfy `predicate`; returns their labels. */
function waitForHints(document: vscode.TextDocument, predicate: (labels: string[]) => boolean, what: string): Promise<string[]> {
  let last: string[] = [];
  return waitFor(async () => {
    last = (await inlayHints(document)).map(labelText);
    return predicate(last) && last;
  }, what, 20_000, () => last);
}

export function settingsTests(): void {
  describe('settings take effect without a reload', () => {
    it('kubePullPolicy.rules: { "implicit-always": "off" } removes the diagnostic; restoring brings it back', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForCode(document.uri, 'implicit-always');
      await withSettings({ 'kubePullPolicy.rules': { 'implicit-always': 'off' } }, async () => {
        await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => codeOf(d) === 'implicit-always'), 'implicit-always to disappear');
      }, () => waitForCode(document.uri, 'implicit-always'));
    });

    it('kubePullPolicy.rules can change a severity', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForCode(document.uri, 'implicit-always');
      await withSettings({ 'kubePullPolicy.rules': { 'implicit-always': 'error' } }, async () => {
        await waitForDiagnostics(document.uri,
          (ds) => ds.some((d) => codeOf(d) === 'implicit-always' && d.severity === vscode.DiagnosticSeverity.Error),
          'implicit-always as an Error');
      }, () => waitForDiagnostics(document.uri,
        (ds) => ds.some((d) => codeOf(d) === 'implicit-always' && d.severity === vscode.DiagnosticSeverity.Warning),
        'implicit-always back to Warning'));
    });

    it('kubePullPolicy.assumeAlwaysPullImages: true turns every hint to Always', async () => {
      const { document } = await openFixture('multi.yaml');
      await waitForHints(document, (labels) => labels.some((l) => l.includes('imagePullPolicy: IfNotPresent')),
        'an IfNotPresent hint (the Job) before the change');
      await withSettings({ 'kubePullPolicy.assumeAlwaysPullImages': true }, async () => {
        const labels = await waitForHints(document,
          (ls) => ls.length >= 2 && ls.every((l) => l.includes('imagePullPolicy: Always')), 'every hint to say Always');
        assert.ok(labels.length >= 2, `hints: ${labels.join(' | ')}`);
      }, () => waitForHints(document, (labels) => labels.some((l) => l.includes('imagePullPolicy: IfNotPresent')),
        'the IfNotPresent hint back'));
    });

    it('kubePullPolicy.inlayHints.enabled: false removes the hints', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForHints(document, (labels) => labels.length > 0, 'a hint before the change');
      await withSettings({ 'kubePullPolicy.inlayHints.enabled': false }, async () => {
        await waitForHints(document, (labels) => labels.length === 0, 'no hints');
        assert.ok(summary(document.uri).some((s) => s.startsWith('implicit-always')), 'diagnostics stay');
      }, () => waitForHints(document, (labels) => labels.length > 0, 'the hint back'));
    });

    it('kubePullPolicy.quickFix.preferredPolicy: Never makes Never the preferred fix', async () => {
      const { document } = await openFixture('demoapi.yaml');
      const diagnostic = await waitForCode(document.uri, 'implicit-always');
      await withSettings({ 'kubePullPolicy.quickFix.preferredPolicy': 'Never' }, async () => {
        let preferred: string[] = [];
        await waitFor(async () => {
          preferred = (await waitForQuickFixes(document, diagnostic)).filter((f) => f.isPreferred).map((f) => f.title);
          return preferred.length === 1 && preferred[0] === 'Set imagePullPolicy: Never';
        }, 'Never to be the one preferred fix', 20_000, () => preferred);
      });
    });

    it('a .kube-pull-policy.json written into the workspace takes effect; deleting it restores the defaults', async () => {
      const { document } = await openFixture('demoapi.yaml');
      await waitForCode(document.uri, 'implicit-always');
      const configFile = workspaceUri('.kube-pull-policy.json');
      await vscode.workspace.fs.writeFile(configFile, Buffer.from(JSON.stringify({ rules: { 'implicit-always': 'off' } })));
      try {
        await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => codeOf(d) === 'implicit-always'), 'implicit-always to disappear');
      } finally {
        await vscode.workspace.fs.delete(configFile);
      }
      await waitForCode(document.uri, 'implicit-always');
    });
  });
}
