// What the editor asks of the server and what it tells it: document sync, pushed
// diagnostics, hover, inlay hints, code actions, completion, settings, watched files.
// Each is a plain translation between VS Code's API and one LSP message.

import * as vscode from 'vscode';
import type * as lsp from 'vscode-languageserver-protocol';
import { CODE_ACTION_KINDS, COMPLETION_TRIGGER_CHARACTERS, CONFIG_SECTION, SERVER_NAME, WATCHED_FILE_GLOBS } from '../../server/src/shared/protocol';
import { fromDiagnostic, fromPosition, fromRange, toCodeAction, toCompletionItem, toDiagnostic, toInlayHint, toMarkdown, toRange } from './convert';
import type { LanguageServer } from './languageServer';

/** What this client implements, announced in `initialize`. */
export const CLIENT_CAPABILITIES: lsp.ClientCapabilities = {
  general: { positionEncodings: ['utf-16'] },
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    // Watched without being asked: the globs are part of our protocol.
    didChangeWatchedFiles: { dynamicRegistration: false },
    inlayHint: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    inlayHint: {},
    completion: { contextSupport: true, completionItem: { documentationFormat: ['markdown', 'plaintext'], preselectSupport: true } },
    codeAction: {
      isPreferredSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
    },
  },
};

/** The features for the documents `selector` matches. */
export function registerFeatures(server: LanguageServer, selector: vscode.DocumentFilter[]): vscode.Disposable[] {
  return [...documentSync(server, selector), ...diagnostics(server), ...settings(server), ...providers(server, selector)];
}

/** didOpen / didChange / didClose for YAML files; everything is re-opened on a new server. */
function documentSync(server: LanguageServer, selector: vscode.DocumentFilter[]): vscode.Disposable[] {
  const open = new Set<string>();
  const didOpen = (document: vscode.TextDocument) => {
    if (vscode.languages.match(selector, document) === 0) return;
    const uri = document.uri.toString();
    const textDocument: lsp.TextDocumentItem = { uri, languageId: document.languageId, version: document.version, text: document.getText() };
    if (server.notify('textDocument/didOpen', { textDocument })) open.add(uri);
  };
  return [
    server.onDidInitialize(() => {
      open.clear();
      vscode.workspace.textDocuments.forEach(didOpen);
    }),
    vscode.workspace.onDidOpenTextDocument(didOpen),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      const uri = document.uri.toString();
      if (!open.has(uri) || contentChanges.length === 0) return;
      const params: lsp.DidChangeTextDocumentParams = {
        textDocument: { uri, version: document.version },
        contentChanges: contentChanges.map((change) => ({ range: fromRange(change.range), rangeLength: change.rangeLength, text: change.text })),
      };
      server.notify('textDocument/didChange', params);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const uri = document.uri.toString();
      if (open.delete(uri)) server.notify('textDocument/didClose', { textDocument: { uri } });
    }),
  ];
}

function diagnostics(server: LanguageServer): vscode.Disposable[] {
  const collection = vscode.languages.createDiagnosticCollection(SERVER_NAME);
  return [
    collection,
    server.onWillStart((connection) =>
      connection.onNotification('textDocument/publishDiagnostics', (params: lsp.PublishDiagnosticsParams) => {
        // A server being stopped may still publish: its findings are gone with it.
        if (server.isCurrent(connection)) collection.set(vscode.Uri.parse(params.uri), params.diagnostics.map(toDiagnostic));
      }),
    ),
    server.onDidStop(() => collection.clear()),
  ];
}

/** Settings are pulled by the server (`workspace/configuration`); a change only says "pull again". */
function settings(server: LanguageServer): vscode.Disposable[] {
  const watchers = WATCHED_FILE_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  const changed = (type: lsp.FileChangeType) => (uri: vscode.Uri) => {
    const params: lsp.DidChangeWatchedFilesParams = { changes: [{ uri: uri.toString(), type }] };
    server.notify('workspace/didChangeWatchedFiles', params);
  };
  return [
    ...watchers,
    ...watchers.flatMap((watcher) => [watcher.onDidCreate(changed(1)), watcher.onDidChange(changed(2)), watcher.onDidDelete(changed(3))]),
    server.onWillStart((starting) =>
      starting.onRequest('workspace/configuration', (params: lsp.ConfigurationParams) =>
        params.items.map(({ scopeUri, section }) => {
          const configuration = vscode.workspace.getConfiguration(undefined, scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
          return (section ? configuration.get(section) : undefined) ?? null;
        }),
      ),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(CONFIG_SECTION)) server.notify('workspace/didChangeConfiguration', { settings: null });
    }),
  ];
}

function providers(server: LanguageServer, selector: vscode.DocumentFilter[]): vscode.Disposable[] {
  const hintsChanged = new vscode.EventEmitter<void>();
  const textDocument = (document: vscode.TextDocument) => ({ uri: document.uri.toString() });
  return [
    hintsChanged,
    server.onWillStart((connection) => connection.onRequest('workspace/inlayHint/refresh', () => (hintsChanged.fire(), null))),
    // Hints asked for while the server was (re)starting were answered empty: ask again.
    server.onDidInitialize(() => hintsChanged.fire()),
    vscode.languages.registerHoverProvider(selector, {
      async provideHover(document, position, token) {
        const params: lsp.HoverParams = { textDocument: textDocument(document), position: fromPosition(position) };
        // Our server answers with one markup content.
        const hover = await server.request<{ contents: lsp.MarkupContent; range?: lsp.Range } | null>('textDocument/hover', params, token);
        return hover ? new vscode.Hover(toMarkdown(hover.contents), hover.range && toRange(hover.range)) : undefined;
      },
    }),
    vscode.languages.registerInlayHintsProvider(selector, {
      onDidChangeInlayHints: hintsChanged.event,
      async provideInlayHints(document, range, token) {
        const params: lsp.InlayHintParams = { textDocument: textDocument(document), range: fromRange(range) };
        return (await server.request<lsp.InlayHint[] | null>('textDocument/inlayHint', params, token))?.map(toInlayHint);
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      selector,
      {
        async provideCodeActions(document, range, context, token) {
          const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === SERVER_NAME);
          const params: lsp.CodeActionParams = {
            textDocument: textDocument(document),
            range: fromRange(range),
            context: { diagnostics: ours.map(fromDiagnostic), only: context.only && [context.only.value], triggerKind: context.triggerKind },
          };
          // Our server answers with code actions only, never bare commands.
          const actions = await server.request<lsp.CodeAction[] | null>('textDocument/codeAction', params, token);
          return actions?.flatMap((action) => toCodeAction(action, ours) ?? []);
        },
      },
      {
        providedCodeActionKinds: [
          vscode.CodeActionKind.QuickFix,
          vscode.CodeActionKind.Empty.append(CODE_ACTION_KINDS.fixAll),
          vscode.CodeActionKind.Empty.append(CODE_ACTION_KINDS.setIfNotPresent),
        ],
      },
    ),
    vscode.languages.registerCompletionItemProvider(
      selector,
      {
        async provideCompletionItems(document, position, token, context) {
          const params: lsp.CompletionParams = {
            textDocument: textDocument(document),
            position: fromPosition(position),
            context: { triggerKind: (context.triggerKind + 1) as lsp.CompletionTriggerKind, triggerCharacter: context.triggerCharacter },
          };
          // Our server answers with a plain list of items.
          return (await server.request<lsp.CompletionItem[] | null>('textDocument/completion', params, token))?.map(toCompletionItem);
        },
      },
      ...COMPLETION_TRIGGER_CHARACTERS,
    ),
  ];
}
