// Web build: the server asks what is at some URIs of the workspace folders (the
// Kustomize, Helm, Skaffold and Tilt files around a manifest, the config file), and
// this reads them through `vscode.workspace.fs`, the file system the workspace is on.
// The server only asks for URIs inside the workspace folders.

import * as vscode from 'vscode';
import { READ_FILES_REQUEST, type ReadFilesParams, type ReadResult } from '../../server/src/shared/protocol';
import type { LanguageServer } from './languageServer';

/** Reads at once per request, so a big batch does not flood a remote file system. */
const IN_FLIGHT = 16;

// Keeps a byte order mark, as the desktop server's reads do.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

async function readOne(uri: vscode.Uri, maxSize: number): Promise<ReadResult> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) {
      const entries = await vscode.workspace.fs.readDirectory(uri);
      return { entries: entries.map(([name, type]) => [name, type] as const) };
    }
    if (stat.size > maxSize) return { tooLarge: stat.size };
    const bytes = await vscode.workspace.fs.readFile(uri);
    return { text: decoder.decode(bytes), size: bytes.byteLength };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function readAll(params: ReadFilesParams): Promise<ReadResult[]> {
  const results: ReadResult[] = new Array(params.uris.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < params.uris.length; i = next++) results[i] = await readOne(vscode.Uri.parse(params.uris[i]), params.maxSize);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, params.uris.length) }, worker));
  return results;
}

export function serveWorkspaceFiles(server: LanguageServer): vscode.Disposable {
  return server.onWillStart((connection) => connection.onRequest(READ_FILES_REQUEST, readAll));
}
