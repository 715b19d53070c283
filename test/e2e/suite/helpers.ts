// Helpers for the extension-host suite: waiting without sleeping, fixtures, settings.
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'kube-pull-policy.kube-pull-policy';
export const SOURCE = 'kube-pull-policy';

/** test/e2e/workspace/demoapi.yaml and examples/demoapi-deployment.yaml, byte for byte. */
export const DEMOAPI = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: demoapi-test-deployment',
  '  labels:',
  '    app: demoapi-test',
  'spec:',
  '  replicas: 1',
  '  selector:',
  '    matchLabels:',
  '      app: demoapi-test',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: demoapi-test',
  '    spec:',
  '      containers:',
  '      - name: demoapi-test-container',
  '        image: registry/demoapi:latest',
  '        ports:',
  '        - containerPort: 80',
  '',
].join('\n');
/** Where the demoapi image value is: line 18, characters 15..38. */
export const DEMOAPI_IMAGE_RANGE = new vscode.Range(18, 15, 18, 38);

/** `text` with `newLine` inserted after the first line containing `anchor`. */
export function insertLineAfter(text: string, anchor: string, newLine: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const index = lines.findIndex((line) => line.includes(anchor));
  assert.ok(index >= 0, `no line contains ${JSON.stringify(anchor)}`);
  lines.splice(index + 1, 0, newLine);
  return lines.join(eol);
}

/** DEMOAPI after setting the demoapi container's policy explicitly. */
export function demoapiWith(policy: string, eol = '\n'): string {
  return insertLineAfter(DEMOAPI, 'image: registry/demoapi:latest', `        imagePullPolicy: ${policy}`).replace(/\n/g, eol);
}

/** Between two polls of a provider; the deadline, not this pause, bounds the wait. */
const POLL_INTERVAL_MS = 50;

/**
 * Polls `probe` until it returns something truthy (which is returned), or throws after
 * `timeoutMs` naming `what` and, when given, what `detail()` says about the last state.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 20_000,
  detail?: () => unknown,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      let message = `timed out after ${timeoutMs} ms waiting for ${what}`;
      if (lastError) message += `; last error: ${lastError instanceof Error ? lastError.message : String(lastError)}`;
      if (detail) message += `; last state: ${describe(await detail())}`;
      throw new Error(message);
    }
    await new Promise((next) => setTimeout(next, POLL_INTERVAL_MS));
  }
}

export function describe(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v instanceof vscode.Uri ? v.toString() : v));
}

// ---------------------------------------------------------------------------------------
// Documents

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a file of the fixture workspace (a fresh copy per run) in an editor. */
export async function openFixture(name: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(name));
  assert.strictEqual(document.languageId, 'yaml', `${name} should open as YAML`);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Opens an untitled YAML buffer with `content` in an editor. */
export async function openUntitled(content: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Reverts and closes every editor, so that no test sees another's edits. */
export async function closeAllEditors(): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs)[0];
    if (!tab) return;
    if (tab.input instanceof vscode.TabInputText) {
      const document = await vscode.workspace.openTextDocument(tab.input.uri);
      await vscode.window.showTextDocument(document, { viewColumn: tab.group.viewColumn, preview: false });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } else {
      await vscode.window.tabGroups.close(tab);
    }
  }
  throw new Error(`editors still open: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`);
}

/** Reverts the active editor's document to its saved state (or empties an untitled one). */
export async function revertActive(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

/** Line index of the first line containing `needle`. */
export function lineOf(document: vscode.TextDocument, needle: string): number {
  for (let line = 0; line < document.lineCount; line++) {
    if (document.lineAt(line).text.includes(needle)) return line;
  }
  throw new Error(`${document.uri.toString()} has no line containing ${JSON.stringify(needle)}`);
}

/** The range of `needle` on its first line. */
export function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const line = lineOf(document, needle);
  const start = document.lineAt(line).text.indexOf(needle);
  return new vscode.Range(line, start, line, start + needle.length);
}

// ---------------------------------------------------------------------------------------
// Diagnostics

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function summary(uri: vscode.Uri): string[] {
  return ours(uri).map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}/${vscode.DiagnosticSeverity[d.severity]}`);
}

/** Waits until our diagnostics on `uri` satisfy `predicate`; returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = ours(uri);
    return predicate(diagnostics) && diagnostics;
  }, what, timeoutMs, () => summary(uri));
}

/** Waits for a diagnostic with rule id `code` on `uri`. */
export async function waitForCode(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === code), `a ${code} diagnostic on ${uri.path}`, timeoutMs);
  return diagnostics.find((d) => codeOf(d) === code)!;
}

export function assertRange(actual: vscode.Range, expected: vscode.Range, what: string): void {
  assert.ok(actual.isEqual(expected),
    `${what}: expected ${expected.start.line}:${expected.start.character}-${expected.end.line}:${expected.end.character}, got ${actual.start.line}:${actual.start.character}-${actual.end.line}:${actual.end.character}`);
}

// ---------------------------------------------------------------------------------------
// Language features through the real command API

export function labelText(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}

export function tooltipText(tooltip: string | vscode.MarkdownString | undefined): string {
  return tooltip === undefined ? '' : typeof tooltip === 'string' ? tooltip : tooltip.value;
}

export async function inlayHints(document: vscode.TextDocument): Promise<vscode.InlayHint[]> {
  const all = new vscode.Range(0, 0, document.lineCount, 0);
  return (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, all)) ?? [];
}

export async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position)) ?? [];
  return hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Code actions for `range`; `kind` filters (e.g. 'source.fixAll.kube-pull-policy'); edits are resolved. */
export async function codeActions(document: vscode.TextDocument, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', document.uri, range, kind, 100);
  return (actions ?? []).filter((a): a is vscode.CodeAction => !('command' in a && typeof a.command === 'string'));
}

export const POLICY_FIX = /^Set imagePullPolicy: (IfNotPresent|Always|Never)$/;

/** Our three quick fixes for the diagnostic, once the server offers them. */
export function waitForQuickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  let last: string[] = [];
  return waitFor(async () => {
    const actions = await codeActions(document, diagnostic.range);
    last = actions.map((a) => `${a.title} [${a.kind?.value}]${a.isPreferred ? ' preferred' : ''}`);
    const fixes = actions.filter((a) => POLICY_FIX.test(a.title));
    return fixes.length >= 3 && fixes;
  }, 'the three "Set imagePullPolicy" quick fixes', 20_000, () => last);
}

/** Applies a code action's edit (and command, if any) and checks it applied. */
export async function applyAction(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `"${action.title}" has no WorkspaceEdit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}": applyEdit returned false`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

// ---------------------------------------------------------------------------------------
// Settings

/**
 * Runs `body` with user settings changed (no reload), then restores the previous values.
 * `restored` runs after restoring, e.g. to wait until the server has caught up again.
 */
export async function withSettings(
  values: Record<string, unknown>,
  body: () => Promise<void>,
  restored?: () => Promise<unknown>,
): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  try {
    for (const [key, value] of Object.entries(values)) {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
    await body();
  } finally {
    for (const [key, value] of previous) {
      await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
    }
  }
  if (restored) await restored();
}
