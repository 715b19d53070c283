// The desktop's server: the bundled server script in a child process, over Node IPC.

import { fork } from 'node:child_process';
import type * as vscode from 'vscode';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-jsonrpc/node';
import type { ServerProcess } from './languageServer';

export function forkServer(module: string, execArgv: readonly string[]): (output: vscode.OutputChannel) => ServerProcess {
  return (output) => {
    const child = fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
      execArgv: [...execArgv],
      // Desktop VS Code's executable is Electron: this makes it run the server as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', (text: string) => output.append(text));
    return {
      connection: createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)),
      exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`))),
      kill: (force) => void child.kill(force ? 'SIGKILL' : 'SIGTERM'),
      endsOnExit: true,
    };
  };
}
