// Holds the one JSON-RPC connection to the bundled language server, however it runs
// (a child process on the desktop, a Web Worker on the web: see nodeServer.ts and
// browserServer.ts): the initialize handshake, tracing, restart on request, restart
// after a crash (a few times, then a message), shutdown on deactivation.

import * as vscode from 'vscode';
import { Trace, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc';
import type { ClientCapabilities, InitializeParams, LogMessageParams } from 'vscode-languageserver-protocol';
import { CONFIG_SECTION } from '../../server/src/shared/protocol';

/** After this many crashes within the window the server stays down until restarted by hand. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 3 * 60_000;
/** How long a server gets to shut down cleanly before it is killed. */
const SHUTDOWN_MS = 2_000;
/** A server that has not answered `initialize` by then is killed, which counts as a crash. */
const INITIALIZE_MS = 30_000;

/** A started server. */
export interface ServerProcess {
  readonly connection: MessageConnection;
  /** Resolves when the server has ended, with how (e.g. `code 1`). */
  readonly exited: Promise<string>;
  /** Ends it; `force`: without a chance to clean up. */
  kill(force?: boolean): void;
  /** False where `exit` cannot end it (a Web Worker does not end itself): it is then killed after `exit`. */
  readonly endsOnExit: boolean;
}

export interface ServerOptions {
  /** Starts the bundled server; its output goes to the channel. */
  readonly start: (output: vscode.OutputChannel) => ServerProcess;
  /** This process's id for `initialize` (null where there is none: the web). */
  readonly processId: number | null;
  readonly capabilities: ClientCapabilities;
}

interface Running {
  readonly server: ServerProcess;
  readonly connection: MessageConnection;
  readonly initialized: Promise<MessageConnection>;
}

export class LanguageServer implements vscode.Disposable {
  private running: Running | undefined;
  /** The running server's connection once its handshake is done: notifications go here. */
  private ready: MessageConnection | undefined;
  private crashes: number[] = [];
  private readonly willStart = new vscode.EventEmitter<MessageConnection>();
  private readonly didInitialize = new vscode.EventEmitter<void>();
  private readonly didStop = new vscode.EventEmitter<void>();
  /** A new connection, before it listens: register handlers for the server's messages here. */
  readonly onWillStart = this.willStart.event;
  /** The handshake is done; runs before any waiting request is sent, so documents can be opened (`notify`) first. */
  readonly onDidInitialize = this.didInitialize.event;
  /** The server exited, crashed or was stopped: forget what it published. */
  readonly onDidStop = this.didStop.event;
  private readonly traceSetting = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(`${CONFIG_SECTION}.trace.server`)) {
      this.running?.initialized.then((connection) => this.trace(connection, true)).catch(() => undefined); // a server gone meanwhile
    }
  });

  constructor(
    private readonly options: ServerOptions,
    private readonly output: vscode.OutputChannel,
  ) {}

  start(): void {
    if (this.running) return;
    const server = this.options.start(this.output);
    const { connection } = server;
    connection.onNotification('window/logMessage', (params: LogMessageParams) => this.output.appendLine(params.message));
    this.willStart.fire(connection);
    connection.listen();
    const initialized = withTimeout(this.initialize(connection), INITIALIZE_MS);
    // Requests wait on this promise; a failed start must not leave it unobserved.
    initialized.catch((error: unknown) => {
      if (!this.isCurrent(connection)) return; // stopped while starting
      this.output.appendLine(`The server did not start: ${messageOf(error)}`);
      server.kill(); // counted as a crash: restarted, a few times
    });
    const running: Running = { server, connection, initialized };
    void server.exited.then((how) => this.exited(running, how));
    this.running = running;
  }

  /** The connection of the running server: messages from any other are stale. */
  isCurrent(connection: MessageConnection): boolean {
    return this.running?.connection === connection;
  }

  /** Sends a notification to a server that is up; false, and nothing sent, while none is. */
  notify(method: string, params: unknown): boolean {
    if (!this.ready) return false;
    void this.ready.sendNotification(method, params);
    return true;
  }

  /** Sends a request once the server is up; failures and cancellations are answered with undefined. */
  async request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R | undefined> {
    const running = this.running;
    if (!running) return undefined;
    try {
      const connection = await untilCancelled(running.initialized, token);
      if (!connection || token?.isCancellationRequested) return undefined;
      return await connection.sendRequest<R>(method, params, token);
    } catch (error) {
      if (!token?.isCancellationRequested && this.running === running) this.output.appendLine(`${method} failed: ${messageOf(error)}`);
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.forget();
    try {
      const connection = await withTimeout(running.initialized, SHUTDOWN_MS);
      await withTimeout(connection.sendRequest('shutdown'), SHUTDOWN_MS);
      await connection.sendNotification('exit');
      if (!running.server.endsOnExit) running.server.kill();
    } catch {
      // Stopped while starting, or no clean shutdown: end it now, and kill it below if it lingers.
      running.server.kill();
    }
    await withTimeout(running.server.exited, SHUTDOWN_MS).catch(() => running.server.kill(true));
    running.connection.dispose();
  }

  async restart(): Promise<void> {
    await this.stop();
    this.crashes = [];
    this.start();
  }

  dispose(): void {
    this.traceSetting.dispose();
    void this.stop();
  }

  private async initialize(connection: MessageConnection): Promise<MessageConnection> {
    const trace = await this.trace(connection, false);
    const folders = vscode.workspace.workspaceFolders ?? [];
    const params: InitializeParams = {
      processId: this.options.processId,
      clientInfo: { name: vscode.env.appName, version: vscode.version },
      locale: vscode.env.language,
      rootUri: folders[0]?.uri.toString() ?? null,
      workspaceFolders: folders.map((folder) => ({ uri: folder.uri.toString(), name: folder.name })),
      capabilities: this.options.capabilities,
      trace,
    };
    await connection.sendRequest('initialize', params);
    if (!this.isCurrent(connection)) throw new Error('stopped while starting');
    await connection.sendNotification('initialized', {});
    this.ready = connection;
    this.didInitialize.fire();
    return connection;
  }

  /** Applies `kubePullPolicy.trace.server`: every message to and from the server, in the output channel. */
  private async trace(connection: MessageConnection, notify: boolean) {
    const value = vscode.workspace.getConfiguration(CONFIG_SECTION).get<'off' | 'messages' | 'verbose'>('trace.server', 'off');
    const tracer = { log: (message: string, data?: string) => this.output.appendLine(data ? `${message}\n${data}` : message) };
    await connection.trace(Trace.fromString(value), tracer, { sendNotification: notify });
    return value;
  }

  /** No server runs any more: nothing is sent, and features drop what it told them. */
  private forget(): void {
    this.running = undefined;
    this.ready = undefined;
    this.didStop.fire();
  }

  private exited(running: Running, how: string): void {
    running.connection.dispose();
    if (this.running !== running) return; // stopped on purpose
    this.forget();
    const now = Date.now();
    this.crashes = [...this.crashes.filter((time) => now - time < CRASH_WINDOW_MS), now];
    this.output.appendLine(`The server exited unexpectedly (${how}).`);
    if (this.crashes.length < MAX_CRASHES) {
      this.output.appendLine('Restarting it.');
      this.start();
      return;
    }
    void vscode.window.showErrorMessage(
      `The Kubernetes image pull policy server crashed ${MAX_CRASHES} times in ${CRASH_WINDOW_MS / 60_000} minutes and will not be restarted. ` +
        'See the "Kubernetes Image Pull Policy" output for details, then run "Kubernetes: Restart Image Pull Policy Server".',
    );
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** `promise`, or undefined as soon as `token` is cancelled. */
function untilCancelled<T>(promise: Promise<T>, token: CancellationToken | undefined): Promise<T | undefined> {
  if (!token) return promise;
  return new Promise<T | undefined>((resolve, reject) => {
    const cancelled = token.onCancellationRequested(() => resolve(undefined));
    promise.then(
      (value) => (cancelled.dispose(), resolve(value)),
      (error: unknown) => (cancelled.dispose(), reject(error)),
    );
  });
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
