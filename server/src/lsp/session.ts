// The language server session: capabilities, open documents, a per-document
// analysis cache keyed by version and settings, and handler registration. Every
// handler is guarded: an exception is logged and the request answered empty.

import {
  CodeActionKind,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../analysis';
import { reasonFor } from '../analysis/explain';
import { allSites } from '../analysis/queries';
import { describeSite } from '../analysis/rules/describe';
import {
  CODE_ACTION_KINDS,
  CONFIG_SECTION,
  EFFECTIVE_POLICIES_REQUEST,
  SERVER_NAME,
  type EffectivePoliciesParams,
  type EffectivePolicyItem,
} from '../shared/protocol';
import { codeActionsFor } from './codeActions';
import { completionsAt } from './completion';
import { diagnosticsFor } from './diagnostics';
import { hoverAt } from './hover';
import { inlayHintsIn } from './inlayHints';
import { serverSettingsFrom, withConfigFile, type ServerSettings } from './settings';

interface CachedAnalysis {
  readonly version: number;
  readonly settings: ServerSettings;
  readonly analysis: Analysis;
}

export function startSession(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, CachedAnalysis>();
  const settingsByUri = new Map<string, Promise<ServerSettings>>();
  /** Settings pushed by clients that cannot answer `workspace/configuration`. */
  let pushedSettings = serverSettingsFrom(undefined);
  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  const pending = new Set<string>();

  function log(message: string): void {
    connection.console.log(`[${SERVER_NAME}] ${message}`);
  }

  function guard<P extends unknown[], R>(name: string, empty: R, handler: (...args: P) => R | Promise<R>) {
    return async (...args: P): Promise<R> => {
      try {
        return await handler(...args);
      } catch (error) {
        connection.console.error(`[${SERVER_NAME}] ${name} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
        return empty;
      }
    };
  }

  function settingsFor(uri: string): Promise<ServerSettings> {
    let settings = settingsByUri.get(uri);
    if (!settings) {
      const editor = canPullConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: CONFIG_SECTION }).then(serverSettingsFrom, () => serverSettingsFrom(undefined))
        : Promise.resolve(pushedSettings);
      settings = editor.then((fromEditor) => withConfigFile(uri, fromEditor, log));
      settingsByUri.set(uri, settings);
    }
    return settings;
  }

  /** Settings changed (editor or config file): forget them, re-validate, refresh hints. */
  function settingsChanged(): void {
    settingsByUri.clear();
    for (const document of documents.all()) scheduleValidation(document.uri);
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh();
  }

  /** The analysis of the document's current version under its current settings. */
  async function analysisOf(document: TextDocument): Promise<{ analysis: Analysis; settings: ServerSettings }> {
    const settings = await settingsFor(document.uri);
    const cached = analyses.get(document.uri);
    if (cached && cached.version === document.version && cached.settings === settings) return cached;
    const analysis = analyze(document.getText(), settings.analysis);
    analyses.set(document.uri, { version: document.version, settings, analysis });
    return { analysis, settings };
  }

  /** Validates on the next turn of the event loop, once per burst of changes. */
  function scheduleValidation(uri: string): void {
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(
      guard('validation', undefined, async () => {
        pending.delete(uri);
        const document = documents.get(uri);
        if (!document) return;
        const { analysis } = await analysisOf(document);
        // A newer version arrived while settings were fetched: its own validation follows.
        if (documents.get(uri)?.version !== document.version) return;
        await connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnosticsFor(document, analysis) });
      }),
    );
  }

  function withDocument<P extends { textDocument: { uri: string } }, R>(
    name: string,
    empty: R,
    handler: (document: TextDocument, analysis: Analysis, params: P, settings: ServerSettings) => R,
  ) {
    return guard(name, empty, async (params: P) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return empty;
      const { analysis, settings } = await analysisOf(document);
      return handler(document, analysis, params, settings);
    });
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    if (initial !== undefined) pushedSettings = serverSettingsFrom(initial);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: true,
        completionProvider: { triggerCharacters: [' '] },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CODE_ACTION_KINDS.fixAll, CODE_ACTION_KINDS.setIfNotPresent],
        },
      },
      serverInfo: { name: SERVER_NAME },
    };
  });

  connection.onDidChangeConfiguration(
    guard('configuration change', undefined, (change: { settings: unknown }) => {
      const section = (change.settings as Record<string, unknown> | null)?.[CONFIG_SECTION];
      if (section !== undefined) pushedSettings = serverSettingsFrom(section);
      settingsChanged();
    }),
  );
  connection.onDidChangeWatchedFiles(guard('config file change', undefined, settingsChanged));

  documents.onDidOpen((event) => scheduleValidation(event.document.uri));
  documents.onDidChangeContent((event) => scheduleValidation(event.document.uri));
  documents.onDidClose((event) => {
    analyses.delete(event.document.uri);
    settingsByUri.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(withDocument('hover', null, (document, analysis, params) => hoverAt(document, analysis, params.position)));
  connection.languages.inlayHint.on(
    withDocument('inlay hints', [], (document, analysis, params, settings) =>
      settings.inlayHints ? inlayHintsIn(document, analysis, params.range) : [],
    ),
  );
  connection.onCodeAction(withDocument('code actions', [], codeActionsFor));
  connection.onCompletion(withDocument('completion', [], (document, analysis, params) => completionsAt(document, analysis, params.position)));
  connection.onRequest(
    EFFECTIVE_POLICIES_REQUEST,
    guard('effective policies', [] as EffectivePolicyItem[], async (params: EffectivePoliciesParams) => {
      const document = documents.get(params.uri);
      if (!document) return [];
      const { analysis } = await analysisOf(document);
      return allSites(analysis).map(({ site, effective, start }): EffectivePolicyItem => {
        const position = document.positionAt(start + (site.image?.valueSpan[0] ?? site.mapSpan[0]));
        const owner = `${site.objectKind}${site.objectName ? ` ${site.objectName}` : ''}`;
        return {
          line: position.line,
          character: position.character,
          container: `${describeSite(site)} (${owner})`,
          image: effective.image,
          policy: effective.policy,
          reason: reasonFor(site, effective),
        };
      });
    }),
  );

  documents.listen(connection);
  connection.listen();
  log('started');
}
