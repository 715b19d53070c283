import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  DEMOAPI, DEMOAPI_IMAGE_RANGE, EXTENSION_ID, SOURCE, assertRange, codeOf, inlayHints, labelText, lineOf, openFixture, openUntitled,
  rangeOf, summary, waitFor, waitForCode, waitForDiagnostics,
} from './helpers';

const { Error: E, Warning: W, Information: I, Hint: H } = vscode.DiagnosticSeverity;

export function diagnosticsTests(): void {
  describe('diagnostics', () => {
    it('demoapi: implicit-always, a Warning on the image value', async () => {
      const { document } = await openFixture('demoapi.yaml');
      assert.strictEqual(document.getText(), DEMOAPI, 'the fixture is the demoapi manifest');
      const diagnostic = await waitForCode(document.uri, 'implicit-always');
      const all = await waitForDiagnostics(document.uri, (ds) => ds.length > 0, 'diagnostics');
      assert.deepStrictEqual(all.map(codeOf), ['implicit-always'], `only implicit-always expected, got ${summary(document.uri)}`);
      assert.strictEqual(diagnostic.source, SOURCE);
      assert.strictEqual(diagnostic.severity, W, `severity ${vscode.DiagnosticSeverity[diagnostic.severity]}`);
      assertRange(diagnostic.range, DEMOAPI_IMAGE_RANGE, 'implicit-always range');
      assert.strictEqual(document.getText(diagnostic.range), 'registry/demoapi:latest');
      assert.ok(diagnostic.message.length > 0, 'a message');
      const code = diagnostic.code;
      assert.ok(typeof code === 'object' && code.target instanceof vscode.Uri,
        `code should carry a documentation link (codeDescription.href), got ${JSON.stringify(code)}`);
      assert.strictEqual(code.value, 'implicit-always');
    });

    it('every rule id, each with its default severity, inside its own container (rules.yaml)', async () => {
      const { document } = await openFixture('rules.yaml');
      const expected: [string, vscode.DiagnosticSeverity][] = [
        ['implicit-always', W], ['implicit-if-not-present', H], ['invalid-pull-policy', E],
        ['invalid-image', E], ['missing-image', E], ['latest-if-not-present', I],
      ];
      const diagnostics = await waitForDiagnostics(document.uri,
        (ds) => expected.every(([code]) => ds.some((d) => codeOf(d) === code)), 'one diagnostic of every rule');
      // Each container is named after the rule it triggers; its block runs to the next "- name:".
      const blockOf = (name: string) => {
        const start = lineOf(document, `- name: ${name}`);
        let end = start + 1;
        while (end < document.lineCount && !document.lineAt(end).text.includes('- name:')) end++;
        return { start, end: end - 1 };
      };
      for (const [code, severity] of expected) {
        const block = blockOf(code);
        const found = diagnostics.filter((d) => codeOf(d) === code);
        const inside = found.filter((d) => d.range.start.line >= block.start && d.range.end.line <= block.end);
        assert.ok(inside.length === 1,
          `${code}: expected one diagnostic within lines ${block.start}-${block.end}, got ${summary(document.uri).join(', ')}`);
        assert.strictEqual(vscode.DiagnosticSeverity[inside[0].severity], vscode.DiagnosticSeverity[severity], `${code} severity`);
      }
      // Image-valued findings sit on the image value.
      assertRange(diagnostics.find((d) => codeOf(d) === 'implicit-if-not-present')!.range,
        rangeOf(document, 'registry/demoapi:1.0.0'), 'implicit-if-not-present range');
      const invalidPolicy = diagnostics.find((d) => codeOf(d) === 'invalid-pull-policy')!;
      assert.strictEqual(invalidPolicy.range.start.line, lineOf(document, 'imagePullPolicy: sometimes'),
        'invalid-pull-policy sits on the imagePullPolicy line');
    });

    it('a multi-document file: findings in each document, none where the policy is explicit', async () => {
      const { document } = await openFixture('multi.yaml');
      const diagnostics = await waitForDiagnostics(document.uri,
        (ds) => ds.some((d) => codeOf(d) === 'implicit-always') && ds.some((d) => codeOf(d) === 'implicit-if-not-present'),
        'implicit-always (document 1) and implicit-if-not-present (document 2)');
      assert.strictEqual(diagnostics.length, 2, `two findings expected, got ${summary(document.uri)}`);
      const always = diagnostics.find((d) => codeOf(d) === 'implicit-always')!;
      const ifNotPresent = diagnostics.find((d) => codeOf(d) === 'implicit-if-not-present')!;
      assertRange(always.range, rangeOf(document, 'registry/frontend:latest'), 'implicit-always in the Deployment');
      assertRange(ifNotPresent.range, rangeOf(document, 'registry/migrate:1.4.2'), 'implicit-if-not-present in the Job');
      assert.strictEqual(always.severity, vscode.DiagnosticSeverity.Warning);
      assert.strictEqual(ifNotPresent.severity, vscode.DiagnosticSeverity.Hint);

      const hints = await waitFor(async () => { const h = await inlayHints(document); return h.length >= 2 && h; }, 'two inlay hints');
      const byLine = new Map(hints.map((h) => [h.position.line, labelText(h)]));
      assert.strictEqual(hints.length, 2, `hints: ${JSON.stringify([...byLine])}`);
      assert.match(byLine.get(lineOf(document, 'registry/frontend:latest')) ?? '', /imagePullPolicy: Always/);
      assert.match(byLine.get(lineOf(document, 'registry/migrate:1.4.2')) ?? '', /imagePullPolicy: IfNotPresent/);
    });

    it('examples/traps.yaml: the effective policy of every trap', async () => {
      const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(extension.extensionPath, 'examples', 'traps.yaml')));
      await vscode.window.showTextDocument(document, { preview: false });
      // image (or container name) -> the rule expected on that line, and the hint when the policy is omitted
      const expected: [string, string, string | undefined][] = [
        ['nginx:latest@sha256:', 'implicit-always', 'Always'],
        ['nginx@sha256:', 'implicit-if-not-present', 'IfNotPresent'],
        ['image: myhost:5000\n', 'implicit-if-not-present', 'IfNotPresent'],
        ['myhost:5000/team/app', 'implicit-always', 'Always'],
        ['nginx:Latest', 'implicit-if-not-present', 'IfNotPresent'],
        ['imagePullPolicy: ifnotpresent', 'invalid-pull-policy', undefined],
        ['Registry/App:latest', 'invalid-image', undefined],
        ['name: stale-latest', 'latest-if-not-present', undefined],
        ['name: forgot-the-image', 'missing-image', undefined],
      ];
      const lineOfTrap = (needle: string) => needle.endsWith('\n')
        ? document.getText().split('\n').findIndex((l) => `${l}\n`.endsWith(needle))
        : lineOf(document, needle);
      const diagnostics = await waitForDiagnostics(document.uri,
        (ds) => expected.every(([, code]) => ds.some((d) => codeOf(d) === code)), 'a diagnostic of every trap rule');
      for (const [needle, code] of expected) {
        const line = lineOfTrap(needle);
        // the finding sits on this line or, for a container-level rule, within the next two
        assert.ok(diagnostics.some((d) => codeOf(d) === code && d.range.start.line >= line - 1 && d.range.start.line <= line + 2),
          `${code} expected near line ${line} (${needle.trim()}), got ${summary(document.uri).join(', ')}`);
      }
      const hints = await waitFor(async () => { const h = await inlayHints(document); return h.length >= 5 && h; }, 'five inlay hints');
      for (const [needle, , policy] of expected) {
        if (!policy) continue;
        const line = lineOfTrap(needle);
        const labels = hints.filter((h) => h.position.line === line).map(labelText);
        assert.ok(labels.some((l) => l.includes(`imagePullPolicy: ${policy}`)), `hint on line ${line} (${needle.trim()}) should say ${policy}, got ${JSON.stringify(labels)}`);
      }
    });

    it('examples/: demoapi, cronjob and multi-document show the policies their comments promise', async () => {
      const examples = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'examples');
      const open = async (name: string) => {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(examples, name)));
        await vscode.window.showTextDocument(document, { preview: false });
        return document;
      };
      const hintsOf = async (document: vscode.TextDocument, count: number) => {
        const hints = await waitFor(async () => { const h = await inlayHints(document); return h.length >= count && h; },
          `${count} inlay hints in ${path.basename(document.uri.fsPath)}`);
        return hints.map((h) => `${document.lineAt(h.position.line).text.trim()} => ${labelText(h)}`).sort();
      };
      assert.strictEqual((await open('demoapi-deployment.yaml')).getText(), DEMOAPI, 'demoapi-deployment.yaml is the demoapi manifest');

      const cronjob = await open('cronjob.yaml');
      const cronHints = await hintsOf(cronjob, 2);
      assert.strictEqual(cronHints.length, 2, cronHints.join('\n'));
      assert.match(cronHints.find((h) => h.startsWith('image: busybox')) ?? '', /imagePullPolicy: Always/);
      assert.match(cronHints.find((h) => h.startsWith('image: ghcr.io/example/report-generator:2.4.1')) ?? '', /imagePullPolicy: IfNotPresent/);

      const multi = await open('multi-document.yaml');
      const multiHints = await hintsOf(multi, 2);
      assert.strictEqual(multiHints.length, 2, multiHints.join('\n'));
      assert.match(multiHints.find((h) => h.startsWith('image: quay.io/example/web:1.8.0')) ?? '', /imagePullPolicy: IfNotPresent/);
      assert.match(multiHints.find((h) => h.startsWith('image: fluent/fluent-bit:latest')) ?? '', /imagePullPolicy: Always/);
    });

    it('an untitled YAML buffer is analysed too', async () => {
      const { document } = await openUntitled(DEMOAPI);
      assert.strictEqual(document.uri.scheme, 'untitled');
      const diagnostic = await waitForCode(document.uri, 'implicit-always');
      assertRange(diagnostic.range, DEMOAPI_IMAGE_RANGE, 'implicit-always range in the untitled buffer');
      const hints = await waitFor(async () => { const h = await inlayHints(document); return h.length > 0 && h; }, 'an inlay hint in the untitled buffer');
      assert.match(labelText(hints[0]), /imagePullPolicy: Always/);
    });

    it('a big single-document kind: List (over the worker-thread threshold) is analysed', async () => {
      // Over 256 KB in one YAML document: the server hands it to its analysis worker.
      const item = (i: number) => [
        `- apiVersion: v1`, `  kind: Pod`, `  metadata: { name: pod-${i} }`, `  spec:`, `    containers:`, `    - name: app`,
        `      image: registry/app-${i}:${i % 2 ? 'latest' : 'v1.0.0'}`, `      env:`,
        ...Array.from({ length: 20 }, (_, e) => `      - { name: VARIABLE_${e}, value: "a value of some length for ${i}" }`),
      ].join('\n');
      const text = ['apiVersion: v1', 'kind: List', 'items:', ...Array.from({ length: 400 }, (_, i) => item(i)), ''].join('\n');
      assert.ok(text.length > 256 * 1024, `${text.length} characters`);
      const { document } = await openUntitled(text);
      const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.filter((d) => codeOf(d) === 'implicit-always').length === 200,
        '200 implicit-always diagnostics, one per latest image', 60_000);
      assertRange(diagnostics.find((d) => codeOf(d) === 'implicit-always')!.range, rangeOf(document, 'registry/app-1:latest'), 'the first latest image');
    });

    it('a broken YAML file: a yaml-syntax Error, and the container before the error still analysed', async () => {
      const { document } = await openFixture('broken.yaml');
      const diagnostics = await waitForDiagnostics(document.uri,
        (ds) => ds.some((d) => codeOf(d) === 'yaml-syntax') && ds.some((d) => codeOf(d) === 'implicit-always'),
        'yaml-syntax and implicit-always');
      const syntax = diagnostics.find((d) => codeOf(d) === 'yaml-syntax')!;
      assert.strictEqual(syntax.source, SOURCE);
      assert.strictEqual(syntax.severity, vscode.DiagnosticSeverity.Error);
      const always = diagnostics.find((d) => codeOf(d) === 'implicit-always')!;
      assertRange(always.range, rangeOf(document, 'registry/demoapi:latest'), 'implicit-always before the syntax error');
      assert.ok(syntax.range.start.line > always.range.start.line,
        `the syntax error (line ${syntax.range.start.line}) comes after the container (line ${always.range.start.line})`);
    });

    it('follows edits: breaking the buffer adds yaml-syntax, undoing removes it', async () => {
      const editor = await openFixture('demoapi.yaml');
      const { document } = editor;
      await waitForCode(document.uri, 'implicit-always');
      const end = document.lineAt(document.lineCount - 1).range.end;
      assert.ok(await editor.edit((b) => b.insert(end, '        args: ["unterminated\n')));
      await waitForCode(document.uri, 'yaml-syntax');
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(document.getText(), DEMOAPI);
      await waitForDiagnostics(document.uri, (ds) => ds.length === 1 && codeOf(ds[0]) === 'implicit-always',
        'only implicit-always again after undo');
    });
  });
}
