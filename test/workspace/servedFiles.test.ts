// The web build's files (server/src/browser/servedFiles.ts): the workspace index reads
// through what a client serves, and must give what it gives on the disk. The client
// here serves the fixture repositories from disk under a github.dev-like URI.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ServedFiles, type ReadFiles } from '../../server/src/browser/servedFiles';
import type { ReadResult } from '../../server/src/shared/protocol';
import { createWorkspaceIndex } from '../../server/src/workspace/kustomize';
import { nodeFileSystem } from '../../server/src/workspace/nodeFileSystem';

const FIXTURES = path.resolve(__dirname, '../fixtures');
const FOLDER = 'vscode-vfs://github/example/repo';

/** What `vscode.workspace.fs` would answer for `dir` at FOLDER (client/src/workspaceFiles.ts), with a log of the URIs asked. */
function client(dir: string, asked: string[] = []): ReadFiles {
  const answer = (uri: string, maxSize: number): ReadResult => {
    asked.push(uri);
    assert.ok(uri === FOLDER || uri.startsWith(`${FOLDER}/`), `asked outside the folder: ${uri}`);
    const file = path.join(dir, ...uri.slice(FOLDER.length).split('/').map(decodeURIComponent));
    try {
      const stat = statSync(file);
      if (stat.isDirectory()) {
        return { entries: readdirSync(file, { withFileTypes: true }).map((entry) => [entry.name, (entry.isSymbolicLink() ? 64 : 0) | (entry.isDirectory() ? 2 : entry.isFile() ? 1 : 0)] as const) };
      }
      if (stat.size > maxSize) return { tooLarge: stat.size };
      return { text: readFileSync(file, 'utf8'), size: stat.size };
    } catch (error) {
      return { error: String(error) };
    }
  };
  return async ({ uris, maxSize }) => uris.map((uri) => answer(uri, maxSize));
}

/** Every file below `dir`, relative, with `/`. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? filesBelow(dir, relative) : [relative];
  });
}

describe('served files', () => {
  for (const repo of ['repo', 'skaffold-repo', 'tilt-repo']) {
    it(`give every file of test/fixtures/${repo} the context the disk gives it`, async () => {
      const dir = path.join(FIXTURES, repo);
      const onDisk = createWorkspaceIndex([dir], { fs: nodeFileSystem });
      const served = new ServedFiles([FOLDER], client(dir), () => undefined);
      const index = createWorkspaceIndex(served.roots, { fs: served.fs, log: served.log });
      for (const relative of filesBelow(dir)) {
        const file = served.pathOf(`${FOLDER}/${relative.split('/').map(encodeURIComponent).join('/')}`);
        assert.ok(file, relative);
        const context = await served.settle(() => index.contextFor(file), () => index.invalidate());
        assert.deepEqual(context, onDisk.contextFor(path.join(dir, relative)), relative);
      }
    });
  }

  it('asks only for paths inside the folders, and each once', async () => {
    const asked: string[] = [];
    const served = new ServedFiles([FOLDER], client(path.join(FIXTURES, 'repo'), asked), () => undefined);
    const index = createWorkspaceIndex(served.roots, { fs: served.fs, log: served.log });
    // A kustomization outside the folder (`../../elsewhere`) and the config file search up to `/` are never asked for.
    for (const relative of ['base/deployment.yaml', 'overlays/prod/deployment-patch.yaml', 'base/deployment.yaml']) {
      await served.settle(() => index.contextFor(served.pathOf(`${FOLDER}/${relative}`) as string), () => index.invalidate());
    }
    assert.ok(asked.length > 0);
    assert.deepEqual(asked.filter((uri, i) => asked.indexOf(uri) !== i), []);
  });

  it('maps document URIs inside the folders to paths, and no others', () => {
    const served = new ServedFiles([`${FOLDER}/`, 'vscode-vfs://github/example/other'], client(FIXTURES), () => undefined);
    assert.deepEqual(served.roots, ['/0/example/repo', '/1/example/other']);
    assert.equal(served.pathOf(`${FOLDER}/a%20b/c.yaml`), '/0/example/repo/a b/c.yaml');
    assert.equal(served.pathOf('vscode-vfs://github/example/other/x.yaml'), '/1/example/other/x.yaml');
    assert.equal(served.pathOf('vscode-vfs://github/example/repository/x.yaml'), undefined);
    assert.equal(served.pathOf('untitled:Untitled-1'), undefined);
    assert.equal(served.pathOf(`${FOLDER}/x.yaml?ref=main`), undefined);
  });

  it('takes files a client cannot read as absent, and says so once', async () => {
    const lines: string[] = [];
    const failing = new ServedFiles([FOLDER], async () => Promise.reject(new Error('no file system provider')), (line) => lines.push(line));
    const index = createWorkspaceIndex(failing.roots, { fs: failing.fs, log: failing.log });
    const file = failing.pathOf(`${FOLDER}/base/deployment.yaml`) as string;
    assert.deepEqual(await failing.settle(() => index.contextFor(file), () => index.invalidate()), {});
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^the client could not read \d+ workspace file\(s\) \(no file system provider\); they are taken as absent$/);
  });

  it('gives up on a client that does not answer, in the time allowed', async () => {
    const lines: string[] = [];
    const silent = new ServedFiles([FOLDER], () => new Promise(() => undefined), (line) => lines.push(line), 50);
    const index = createWorkspaceIndex(silent.roots, { fs: silent.fs, log: silent.log });
    const file = silent.pathOf(`${FOLDER}/base/deployment.yaml`) as string;
    assert.deepEqual(await silent.settle(() => index.contextFor(file), () => index.invalidate()), {});
    assert.match(lines.join('\n'), /\(no answer in 50 ms\); they are taken as absent/);
  });

  it('drops what a try that is retried logged', async () => {
    const lines: string[] = [];
    const served = new ServedFiles([FOLDER], client(path.join(FIXTURES, 'repo')), (line) => lines.push(line));
    const file = served.pathOf(`${FOLDER}/base/kustomization.yaml`) as string;
    let tries = 0;
    const text = await served.settle(() => {
      served.log(`try ${++tries}`);
      try {
        return served.fs.readFile(file);
      } catch {
        return undefined;
      }
    }, () => undefined);
    assert.equal(text, readFileSync(path.join(FIXTURES, 'repo/base/kustomization.yaml'), 'utf8'));
    assert.equal(tries, 2);
    assert.deepEqual(lines, ['try 2']);
  });
});
