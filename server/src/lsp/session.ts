// The language server session: capabilities, open documents, a per-document
// analysis cache keyed by version and settings, and handler registration. Every
// handler is guarded: an exception is logged and the request answered empty.

import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type CodeAction,
  type DidChangeWatchedFilesParams,
  type CodeActionParams,
  type CancellationToken,
  type CompletionItem,
  type CompletionParams,
  type Hover,
  type HoverParams,
  type InlayHint,
  type InlayHintParams,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { Analysis } from '../analysis';
import { reasonFor } from '../analysis/explain';
import { allSites } from '../analysis/queries';
import { describeSiteInObject, pulledReference } from '../analysis/rules/describe';
import { CLUSTER_NAMES, type LocalFacts } from '../analysis/localContext';
import type { LocalContextOptions } from '../config/localContextOptions';
import {
  CODE_ACTION_KINDS,
  COMPLETION_TRIGGER_CHARACTERS,
  CONFIG_FILE_NAME,
  CONFIG_SECTION,
  WATCHED_FILE_GLOBS,
  EFFECTIVE_POLICIES_REQUEST,
  LOAD_IMAGE_COMMANDS_REQUEST,
  LOCAL_CONTEXT_NOTIFICATION,
  REFRESH_LOCAL_CONTEXT_REQUEST,
  SERVER_NAME,
  type LoadImageCommand,
  type LoadImageCommandsParams,
  type LocalContextStatus,
  type EffectivePoliciesParams,
  type EffectivePolicyItem,
} from '../shared/protocol';
import { codeActionsFor } from './codeActions';
import { completionsAt } from './completion';
import { capped } from './diagnostics';
import { diagnostic } from './toProto';
import { ManifestDocument } from './manifestDocument';
import { hoverAt } from './hover';
import { inlayHintsIn } from './inlayHints';
import { loadImageCommands } from './loadImage';
import type { SessionHost, WorkspaceFiles } from './host';
import { createWorkspaceIndex, isLayoutFile, type WorkspaceIndex } from '../workspace/kustomize';
import { serverSettingsFrom, withConfigFile, withFileContext, type ServerSettings } from './settings';

/** Validation analyses in slices of this many milliseconds, so requests interleave. */
const SLICE_MS = 15;

export function startSession(connection: Connection, host: SessionHost): void {
  const documents = new TextDocuments({ create: ManifestDocument.create, update: ManifestDocument.update });
  const settingsByUri = new Map<string, Promise<ServerSettings>>();
  /** Settings pushed by clients that cannot answer `workspace/configuration`. */
  let pushedSettings = serverSettingsFrom(undefined);
  let canPullConfiguration = false;
  let canRefreshInlayHints = false;
  let canWatchFiles = false;
  /** The workspace folders' files (from `initialize` on). */
  let files: WorkspaceFiles | undefined;
  /** Kustomizations and charts of the workspace folders, read lazily. */
  let workspace: WorkspaceIndex | undefined;
  const pending = new Set<string>();

  function log(message: string): void {
    connection.console.log(`[${SERVER_NAME}] ${message}`);
  }
  const thread = host.analysisThread(log);

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
      settings = editor.then((fromEditor) => withLayout(uri, fromEditor)).then(withLocalFacts);
      settingsByUri.set(uri, settings);
    }
    return settings;
  }

  /** The config file and the Kustomize/Helm/Skaffold/Tilt layout of the document, when it has a path. */
  function withLayout(uri: string, editor: ServerSettings): Promise<ServerSettings> {
    const file = files?.pathOf(uri);
    if (!files || file === undefined) return Promise.resolve(editor);
    const { fs, log: quiet } = files;
    return files.settle(
      () => withFileContext(file, withConfigFile(fs, file, editor, quiet), workspace, quiet),
      () => workspace?.invalidate(),
    );
  }

  /** The local context's facts so far: analyses read them; Docker's answers replace them and re-validate. */
  let localFacts: LocalFacts | undefined;
  let localStatus = '';
  /** Absent where the machine cannot be asked (the web): the local context is off there. */
  const probe = host.localProbe?.(log);
  function withLocalFacts(settings: ServerSettings): ServerSettings {
    if (!settings.localContext.enabled || !localFacts) return settings;
    return { ...settings, context: { ...settings.context, local: localFacts } };
  }

  /**
   * After the ordinary diagnostics are out: ask for the document's images, and when
   * the answers change the facts, re-validate every document with the new facts.
   */
  async function askLocal(options: LocalContextOptions, analysis: Analysis): Promise<void> {
    if (!probe) return;
    const references = allSites(analysis).flatMap(({ effective }) => pulledReference(effective.decision.parsed) ?? []);
    const facts = await probe.gather(options, references);
    const status: LocalContextStatus = { context: facts.context, ...(facts.cluster ? { cluster: CLUSTER_NAMES[facts.cluster.kind] } : {}), docker: facts.docker };
    if (JSON.stringify(status) !== localStatus) {
      localStatus = JSON.stringify(status);
      void connection.sendNotification(LOCAL_CONTEXT_NOTIFICATION, status);
    }
    const merged = { ...facts, images: { ...(localFacts?.context === facts.context ? localFacts.images : {}), ...facts.images } };
    const same = (a?: LocalFacts) => a && JSON.stringify({ ...a, now: 0 }) === JSON.stringify({ ...merged, now: 0 });
    if (same(localFacts)) return;
    localFacts = merged;
    settingsChanged();
  }

  /** Settings changed (editor or config file): forget them, re-validate, refresh hints. */
  function settingsChanged(): void {
    settingsByUri.clear();
    for (const document of documents.all()) scheduleValidation(document.uri);
    if (canRefreshInlayHints) void connection.languages.inlayHint.refresh();
  }

  /**
   * The analysis of the document's current version under its current settings (of
   * the YAML documents in the scope when one is given), once its big pieces are back
   * from the worker thread; undefined when the document was closed meanwhile. An
   * edit or a settings change while waiting means waiting for the new pieces: big
   * pieces are parsed here only when the worker failed on them. A cancelled request
   * stops waiting.
   */
  async function analysisOf(
    document: ManifestDocument,
    scope: (document: ManifestDocument) => readonly [number, number] | undefined = () => undefined,
    token?: CancellationToken,
  ) {
    const { uri } = document;
    for (;;) {
      if (documents.get(uri) !== document || token?.isCancellationRequested) return undefined;
      const settingsPromise = settingsFor(uri);
      const settings = await settingsPromise;
      if (settingsByUri.get(uri) !== settingsPromise) continue;
      const version = document.version;
      const range = scope(document);
      await document.prepare(settings.analysis, settings.context, thread, range);
      if (document.version === version && documents.get(uri) === document && settingsByUri.get(uri) === settingsPromise) {
        return { analysis: document.analysis(settings.analysis, settings.context, range), settings };
      }
    }
  }

  /**
   * Validates on the next turn of the event loop, once per burst of changes. A big
   * file is analysed in slices that yield to the event loop, so hovers and hints
   * (here and in other documents) are answered meanwhile; a newer version
   * abandons the run, and its own validation takes over.
   */
  function scheduleValidation(uri: string): void {
    if (pending.has(uri)) return;
    pending.add(uri);
    host.later(
      guard('validation', undefined, async () => {
        pending.delete(uri);
        const document = documents.get(uri);
        if (!document) return;
        const version = document.version;
        const settingsPromise = settingsFor(uri);
        const { analysis: settings, context } = await settingsPromise;
        // A newer version or newer settings start their own run: this one stops.
        const current = () => documents.get(uri) === document && document.version === version && settingsByUri.get(uri) === settingsPromise;
        if (!current()) return;
        // Big YAML documents go to the worker thread while the small ones are analysed here.
        const offloaded = document.prepare(settings, context, thread);
        while (current() && !document.analyseUntil(settings, context, Date.now() + SLICE_MS)) {
          await new Promise<void>((resolve) => host.later(resolve));
        }
        await offloaded;
        if (!current()) return;
        const diagnostics = capped(document.diagnostics(settings, context, (finding, offset) => diagnostic(document, finding, offset)));
        await connection.sendDiagnostics({ uri, version, diagnostics });
        const { localContext } = await settingsPromise;
        if (localContext.enabled && current()) await askLocal(localContext, document.analysis(settings, context));
      }),
    );
  }

  function withDocument<P extends { textDocument: { uri: string } }, R>(
    name: string,
    empty: R,
    handler: (document: ManifestDocument, analysis: Analysis, params: P, settings: ServerSettings) => R,
    /** The part of the document the request is about; the whole document when undefined. */
    scope: (document: ManifestDocument, params: P) => readonly [number, number] | undefined = () => undefined,
  ) {
    return guard(name, empty, async (params: P, token?: CancellationToken) => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return empty;
      const result = await analysisOf(document, (current) => scope(current, params), token);
      return result ? handler(document, result.analysis, params, result.settings) : empty;
    });
  }

  const atPosition = (document: ManifestDocument, params: { position: Position }) => {
    const offset = document.offsetAt(params.position);
    return [offset, offset] as const;
  };
  const inRange = (document: ManifestDocument, params: { range: Range }) =>
    [document.offsetAt(params.range.start), document.offsetAt(params.range.end)] as const;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    files = host.workspaceFiles(folders, log);
    if (files.roots.length) workspace = createWorkspaceIndex(files.roots, { fs: files.fs, log: files.log });
    const initial = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
    if (initial !== undefined) pushedSettings = serverSettingsFrom(initial);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS },
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
  connection.onInitialized(() => {
    // Clients that do not watch files for us by configuration (all but VS Code) get asked to.
    if (!canWatchFiles) return;
    const watchers = WATCHED_FILE_GLOBS.map((globPattern) => ({ globPattern }));
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  });

  // A changed config file changes settings; a changed kustomization, Chart.yaml, skaffold.yaml or Tiltfile
  // changes what the layout says about other files. Either way: re-validate.
  connection.onDidChangeWatchedFiles(
    guard('watched file change', undefined, (params: DidChangeWatchedFilesParams) => {
      for (const change of params.changes) {
        const file = files?.pathOf(change.uri);
        if (file === undefined) continue;
        files?.changed(file);
        if (isLayoutFile(file)) workspace?.invalidate(file);
        else if (change.type === FileChangeType.Deleted && !file.endsWith(CONFIG_FILE_NAME)) workspace?.invalidate();
      }
      settingsChanged();
    }),
  );

  documents.onDidOpen((event) => scheduleValidation(event.document.uri));
  documents.onDidChangeContent((event) => scheduleValidation(event.document.uri));
  documents.onDidClose((event) => {
    event.document.close();
    settingsByUri.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover(withDocument<HoverParams, Hover | null>('hover', null, (document, analysis, params) => hoverAt(document, analysis, params.position), atPosition));
  connection.languages.inlayHint.on(
    withDocument<InlayHintParams, InlayHint[]>('inlay hints', [], (document, analysis, params, settings) => (settings.inlayHints ? inlayHintsIn(document, analysis, params.range) : []), inRange),
  );
  connection.onCodeAction(withDocument<CodeActionParams, CodeAction[]>('code actions', [], codeActionsFor));
  connection.onCompletion(withDocument<CompletionParams, CompletionItem[]>('completion', [], (document, analysis, params) => completionsAt(document, analysis, params.position), atPosition));
  connection.onRequest(
    EFFECTIVE_POLICIES_REQUEST,
    guard('effective policies', [] as EffectivePolicyItem[], async (params: EffectivePoliciesParams) => {
      const document = documents.get(params.uri);
      const result = document && (await analysisOf(document));
      if (!document || !result) return [];
      return allSites(result.analysis).map(({ site, effective, start }): EffectivePolicyItem => {
        const position = document.positionAt(start + (site.image?.valueSpan[0] ?? site.mapSpan[0]));
        return {
          line: position.line,
          character: position.character,
          container: describeSiteInObject(site),
          image: effective.image,
          policy: effective.policy,
          reason: reasonFor(site, effective),
        };
      });
    }),
  );

  connection.onRequest(
    LOAD_IMAGE_COMMANDS_REQUEST,
    guard('load image commands', [] as LoadImageCommand[], async (params: LoadImageCommandsParams) => {
      const document = documents.get(params.uri);
      const result = document && (await analysisOf(document));
      return document && result ? loadImageCommands(document, result.analysis, params.position) : [];
    }),
  );

  connection.onRequest(
    REFRESH_LOCAL_CONTEXT_REQUEST,
    guard('refresh local context', null, () => {
      probe?.clear();
      localFacts = undefined;
      localStatus = '';
      settingsChanged();
      return null;
    }),
  );

  connection.onShutdown(() => thread?.dispose());
  documents.listen(connection);
  connection.listen();
  log('started');
}
