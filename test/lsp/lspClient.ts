// A minimal LSP client for protocol tests: spawns the built server over stdio,
// answers the server's requests like an editor would, and waits for messages with
// deadlines (never fixed sleeps).

import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

export const SERVER = path.resolve(__dirname, '../../server/out/server.js');

export class LspClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcess;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters = new Set<() => void>();
  /** What `workspace/configuration` answers for the `kubePullPolicy` section. */
  settings: Record<string, unknown> = {};
  /** Waiting for the server's settings request about a URI (see `settingsAnswered`). */
  private readonly settingsWaiters = new Map<string, () => void>();
  readonly stderr: string[] = [];
  private versions = new Map<string, number>();

  /** `env`: more environment for the server (e.g. KUBECONFIG and DOCKER_HOST of the local context). */
  constructor(env: NodeJS.ProcessEnv = {}) {
    this.process = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.process.stderr?.on('data', (chunk) => this.stderr.push(String(chunk)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      for (const wake of [...this.waiters]) wake();
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { scopeUri?: string }[] }) => {
      for (const { scopeUri } of params.items) {
        const wake = scopeUri === undefined ? undefined : this.settingsWaiters.get(scopeUri);
        if (wake) {
          this.settingsWaiters.delete(scopeUri!);
          setImmediate(wake); // the next turn: once this answer has been written
        }
      }
      return params.items.map(() => this.settings);
    });
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  async initialize(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const result = await this.request<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      ...extra,
      capabilities: {
        workspace: { configuration: true, inlayHint: { refreshSupport: true }, workspaceEdit: { documentChanges: true } },
        textDocument: { publishDiagnostics: { versionSupport: true }, inlayHint: {}, hover: { contentFormat: ['markdown'] } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result.capabilities;
  }

  /**
   * Resolves right after the server's settings request for `uri` has been answered:
   * the server asks just before it analyses the document, so a message sent next
   * arrives while it does. Call it before opening the document.
   */
  settingsAnswered(uri: string, timeoutMs = 10_000): Promise<void> {
    return withDeadline(new Promise<void>((resolve) => this.settingsWaiters.set(uri, resolve)), timeoutMs, `the settings request for ${uri}`);
  }

  request<R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    return withDeadline(this.connection.sendRequest<R>(method, params), timeoutMs, method);
  }

  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.diagnostics.delete(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  async change(uri: string, changes: unknown[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Resolves with the first published diagnostics for `uri` that satisfy `accept`. */
  waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<Diagnostic[]> {
    return withDeadline(
      new Promise<Diagnostic[]>((resolve) => {
        const check = () => {
          const params = this.diagnostics.get(uri);
          if (params && accept(params)) {
            this.waiters.delete(check);
            resolve(params.diagnostics);
          }
        };
        this.waiters.add(check);
        check();
      }),
      timeoutMs,
      `diagnostics for ${uri}`,
    );
  }

  /** The next diagnostics published for `uri` from now on (a re-validation of the same version counts). */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<Diagnostic[]> {
    this.diagnostics.delete(uri);
    return this.waitForDiagnostics(uri, () => true, timeoutMs);
  }

  /** Diagnostics of a given document version (the server tags each publication with it). */
  diagnosticsOfVersion(uri: string, version: number, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitForDiagnostics(uri, (params) => params.version === version, timeoutMs);
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  async dispose(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    try {
      await this.request('shutdown', null, 2_000);
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill('SIGKILL');
    }
    await withDeadline(exited, 5_000, 'server exit').catch(() => this.process.kill('SIGKILL'));
    this.connection.dispose();
  }
}

export function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Applies LSP text edits (non-overlapping, positions in UTF-16) to a text. */
export function applyLspEdits(text: string, edits: { range: { start: Pos; end: Pos }; newText: string }[]): string {
  const offset = (pos: Pos) => {
    let index = 0;
    for (let line = 0; line < pos.line; line++) index = text.indexOf('\n', index) + 1;
    return index + pos.character;
  };
  return edits
    .map((edit) => ({ start: offset(edit.range.start), end: offset(edit.range.end), text: edit.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.text + result.slice(edit.end), text);
}

interface Pos {
  line: number;
  character: number;
}
