// A minimal LSP client over stdio for the benchmark: Content-Length framing,
// requests with timeouts, answers to server requests (workspace/configuration and
// friends), every publishDiagnostics timestamped on arrival, and the process's
// memory from /proc.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export class TimeoutError extends Error {}

export class LspClient {
  /**
   * @param {string} label for messages
   * @param {string[]} args node arguments (script and flags)
   * @param {{ configuration?: (item: { section?: string, scopeUri?: string }) => unknown, cwd?: string, nodeFlags?: string[] }} options
   */
  constructor(label, args, options = {}) {
    this.label = label;
    this.configuration = options.configuration ?? (() => ({}));
    this.nextId = 1;
    this.pending = new Map();
    this.waiters = new Set();
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.errors = [];
    /** Requests the server sent us, with arrival times: `workspace/configuration` marks when it got to a document. */
    this.requests = [];
    /** Called with each request the server sent, right after it was answered. */
    this.answered = new Set();
    this.diagnosticsCount = 0;
    this.exited = false;
    this.process = spawn(process.execPath, [...(options.nodeFlags ?? []), ...args], {
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.pid = this.process.pid;
    this.exitPromise = new Promise((resolve) => {
      this.process.on('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        const error = new Error(`${label} exited (code ${code}, signal ${signal}); stderr: ${this.stderr.slice(-2000)}`);
        for (const { reject } of this.pending.values()) reject(error);
        this.pending.clear();
        for (const waiter of this.waiters) waiter.reject(error);
        this.waiters.clear();
        resolve();
      });
    });
    this.process.stdin.on('error', () => {}); // EPIPE after a crash is reported through 'exit'
    this.process.stderr.setEncoding('utf8');
    this.process.stderr.on('data', (chunk) => {
      this.stderr = (this.stderr + chunk).slice(-64 * 1024);
    });
    this.process.stdout.on('data', (chunk) => this.onData(chunk));
  }

  onData(chunk) {
    const at = performance.now();
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length:\s*(\d+)/i.exec(header);
      if (!match) throw new Error(`${this.label}: bad header ${header}`);
      const length = Number(match[1]);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      this.onMessage(JSON.parse(body), at);
    }
  }

  onMessage(message, at) {
    if (message.id !== undefined && message.method) {
      this.answer(message);
      return;
    }
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error) pending.reject(new Error(`${this.label} ${pending.method}: ${message.error.message}`));
      else pending.resolve({ result: message.result, at, sentAt: pending.sentAt });
      return;
    }
    if (message.method === 'textDocument/publishDiagnostics') {
      this.diagnosticsCount++;
      for (const waiter of [...this.waiters]) {
        if (waiter.uri === message.params.uri && waiter.accept(message.params)) {
          this.waiters.delete(waiter);
          clearTimeout(waiter.timer);
          waiter.resolve({ params: message.params, at });
        }
      }
    } else if (message.method === 'window/logMessage' || message.method === 'window/showMessage') {
      if (message.params.type === 1) this.errors.push(message.params.message);
    }
  }

  answer(request) {
    this.requests.push({ at: performance.now(), method: request.method, params: request.params });
    let result = null;
    if (request.method === 'workspace/configuration') result = request.params.items.map((item) => this.configuration(item));
    this.write({ jsonrpc: '2.0', id: request.id, result });
    for (const listener of [...this.answered]) listener(request);
  }

  /**
   * Resolves right after the answer to the server's settings request for `uri`: the
   * server asks just before it analyses the document, so what is sent next arrives
   * while it does.
   */
  settingsAnswered(uri) {
    return new Promise((resolve) => {
      const listener = (request) => {
        if (request.method !== 'workspace/configuration' || !request.params.items.some((item) => item.scopeUri === uri)) return;
        this.answered.delete(listener);
        resolve();
      };
      this.answered.add(listener);
    });
  }

  /** Writes a message; returns the time just before it was handed to the pipe. */
  write(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const header = Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    const at = performance.now();
    this.process.stdin.write(Buffer.concat([header, body]));
    return at;
  }

  notify(method, params) {
    return this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with { result, at (arrival), sentAt }. */
  request(method, params, timeoutMs = 60_000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`${this.label} is not running`));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new TimeoutError(`${this.label} ${method}: no response in ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = { resolve, reject, timer, method, sentAt: 0 };
      this.pending.set(id, entry);
      entry.sentAt = this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Register BEFORE sending what triggers them: resolves with the first matching publishDiagnostics { params, at }. */
  expectDiagnostics(uri, accept = () => true, timeoutMs = 60_000) {
    return new Promise((resolve, reject) => {
      if (this.exited) return reject(new Error(`${this.label} is not running`));
      const waiter = { uri, accept, resolve, reject, timer: undefined };
      waiter.timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new TimeoutError(`${this.label}: no diagnostics for ${uri} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async initialize(rootUri, capabilities) {
    const response = await this.request('initialize', {
      processId: process.pid,
      clientInfo: { name: 'kube-pull-policy-bench', version: '1' },
      locale: 'en',
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities,
      trace: 'off',
    });
    this.notify('initialized', {});
    return response.result;
  }

  /** Arrival time of the first workspace/configuration request scoped to `uri`. */
  configurationAskedAt(uri) {
    return this.requests.find((r) => r.method === 'workspace/configuration' && r.params.items.some((item) => item.scopeUri === uri))?.at;
  }

  /** CPU time (user + system, all threads) the process has used so far, in ms; 10 ms resolution. */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
      return (fields[11] + fields[12]) * 10; // USER_HZ = 100
    } catch {
      return NaN;
    }
  }

  /** CPU time of the main (JavaScript) thread so far, in ms, at nanosecond resolution (schedstat). */
  mainThreadCpuMs() {
    try {
      return Number(readFileSync(`/proc/${this.pid}/task/${this.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
    } catch {
      return NaN;
    }
  }

  /** { rss, hwm } in bytes (VmRSS now, VmHWM the peak), from /proc. */
  memory() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
    } catch {
      return { rss: NaN, hwm: NaN };
    }
  }

  /** shutdown + exit, then SIGKILL if it does not go. */
  async close(timeoutMs = 15_000) {
    if (this.exited) return;
    try {
      await this.request('shutdown', null, timeoutMs);
      this.notify('exit', null);
    } catch {
      // fall through to the kill
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  kill() {
    if (!this.exited) this.process.kill('SIGKILL');
    return this.exitPromise;
  }
}

/** What an editor (VS Code-like) advertises; the parts the benchmark relies on are marked. */
export const CLIENT_CAPABILITIES = {
  workspace: {
    configuration: true, // settings are pulled with workspace/configuration
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceFolders: true,
    inlayHint: { refreshSupport: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: false, didSave: true },
    publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    inlayHint: { dynamicRegistration: true, resolveSupport: { properties: ['tooltip'] } },
    completion: { dynamicRegistration: true, completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      dataSupport: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
    },
  },
  window: { workDoneProgress: true, showMessage: {} },
  general: { positionEncodings: ['utf-16'] },
};
