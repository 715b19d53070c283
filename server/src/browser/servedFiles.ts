// The workspace's files in the web build: the client reads them through
// `vscode.workspace.fs` (github.dev's file system, or whatever the workspace is on)
// and the server keeps what it was told. The workspace index reads synchronously, so
// a read of something not here yet fails as absent and is remembered as a miss;
// `settle` then asks the client for every miss at once, forgets what that try
// computed, and tries again, until a try misses nothing. Only paths inside the
// workspace folders are ever asked for: anything else is absent.
//
// A folder's files get posix paths under a root of their own, `/<n>/<the folder
// URI's path>`, so that the index's path arithmetic works on them unchanged.

import * as path from 'node:path';
import type { WorkspaceFiles } from '../lsp/host';
import type { DirectoryListing, ReadFilesParams, ReadResult } from '../shared/protocol';
import type { DirectoryEntry, EntryKind, FileStat, FileSystem } from '../workspace/fileSystem';

const posix = path.posix;

/** The largest file any reader of the index takes (manifests searched for a patch's base: 8 MB). */
const MAX_SIZE = 8 * 1024 * 1024;
/** URIs per request. */
const BATCH = 256;
/** A request the client has not answered by then counts as unreadable files. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Tries per settle: each finds one more level of directories, so this bounds the depth read. */
const MAX_TRIES = 48;

type Known = { readonly text: string; readonly size: number } | { readonly tooLarge: number } | { readonly entries: readonly DirectoryEntry[] } | { readonly absent: true };

interface Folder {
  /** The folder's URI, without a trailing slash. */
  readonly uri: string;
  /** Its path for the index. */
  readonly root: string;
}

export type ReadFiles = (params: ReadFilesParams) => Promise<readonly ReadResult[]>;

class NotRead extends Error {
  constructor(file: string) {
    super(`${file} cannot be read`);
  }
}

function kindOf(type: number): EntryKind {
  // vscode.FileType: File 1, Directory 2, SymbolicLink 64 (combined with what it points to).
  if (type & 64) return 'symlink';
  if (type & 2) return 'directory';
  return type & 1 ? 'file' : 'other';
}

function entriesOf(listing: DirectoryListing): DirectoryEntry[] {
  return listing.map(([name, type]) => ({ name, kind: kindOf(type) }));
}

export class ServedFiles implements WorkspaceFiles, FileSystem {
  readonly fs: FileSystem = this;
  readonly roots: readonly string[];
  readonly log: (message: string) => void;
  private readonly folders: readonly Folder[];
  private readonly known = new Map<string, Known>();
  private readonly misses = new Set<string>();
  /** What the current try logged; undefined outside a try. */
  private said: string[] | undefined;
  /** One settle at a time: a try must never see what another try left half-read. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    folderUris: readonly string[],
    private readonly read: ReadFiles,
    private readonly sessionLog: (message: string) => void,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    this.folders = folderUris.map((uri, i) => {
      const trimmed = uri.replace(/\/+$/, '');
      const authority = trimmed.indexOf('://');
      const uriPath = authority < 0 ? '' : trimmed.slice(authority + 3).replace(/^[^/]*/, '');
      return { uri: trimmed, root: posix.join(`/${i}`, posixPathOf(uriPath) ?? '') };
    });
    this.roots = this.folders.map((folder) => folder.root);
    this.log = (message) => (this.said ? this.said.push(message) : this.sessionLog(message));
  }

  pathOf(uri: string): string | undefined {
    for (const folder of this.folders) {
      if (!uri.startsWith(`${folder.uri}/`)) continue;
      const rest = posixPathOf(uri.slice(folder.uri.length));
      return rest === undefined ? undefined : posix.join(folder.root, rest);
    }
    return undefined;
  }

  settle<T>(read: () => T, reset: () => void): Promise<T> {
    const run = this.queue.then(() => this.tries(read, reset));
    this.queue = run.catch(() => undefined);
    return run;
  }

  changed(file: string): void {
    // The file (or a directory with everything below it) and the listing that names it.
    for (const key of this.known.keys()) if (key === file || key.startsWith(`${file}/`)) this.known.delete(key);
    this.known.delete(posix.dirname(file));
  }

  readFile(file: string): string {
    const known = this.lookUp(file);
    if (known && 'text' in known) return known.text;
    throw new NotRead(file);
  }

  stat(file: string): FileStat {
    const known = this.lookUp(file);
    if (known && 'text' in known) return { size: known.size, kind: 'file' };
    if (known && 'tooLarge' in known) return { size: known.tooLarge, kind: 'file' };
    if (known && 'entries' in known) return { size: 0, kind: 'directory' };
    throw new NotRead(file);
  }

  readDirectory(dir: string): readonly DirectoryEntry[] {
    const known = this.lookUp(dir);
    if (known && 'entries' in known) return known.entries;
    throw new NotRead(dir);
  }

  private async tries<T>(read: () => T, reset: () => void): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      this.misses.clear();
      this.said = [];
      let result: T;
      try {
        result = read();
      } finally {
        const said = this.said;
        this.said = undefined;
        if (!this.misses.size || attempt === MAX_TRIES) said.forEach(this.sessionLog);
      }
      if (!this.misses.size) return result;
      if (attempt === MAX_TRIES) {
        this.sessionLog(`the workspace layout was read only ${MAX_TRIES} directory levels deep; files below that are taken as absent`);
        return result;
      }
      await this.fetch([...this.misses]);
      reset();
    }
  }

  /** What is known at `file`; undefined (and a miss) when the client must be asked. */
  private lookUp(file: string): Known | undefined {
    const known = this.known.get(file);
    if (known) return 'absent' in known ? undefined : known;
    if (!this.uriOf(file)) return undefined;
    // The nearest directory above that is known says without asking whether the path can be there.
    for (let child = file, dir = posix.dirname(file); dir !== child; child = dir, dir = posix.dirname(dir)) {
      const above = this.known.get(dir);
      if (!above) continue;
      if (!('entries' in above) || !above.entries.some((entry) => entry.name === posix.basename(child))) return undefined;
      break;
    }
    this.misses.add(file);
    return undefined;
  }

  private async fetch(files: readonly string[]): Promise<void> {
    for (let start = 0; start < files.length; start += BATCH) {
      const batch = files.slice(start, start + BATCH);
      const results = await this.ask(batch.map((file) => this.uriOf(file) as string));
      batch.forEach((file, i) => this.known.set(file, knownFrom(results[i])));
    }
  }

  private async ask(uris: readonly string[]): Promise<readonly (ReadResult | undefined)[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      return await Promise.race([this.read({ uris, maxSize: MAX_SIZE }), timeout]);
    } catch (error) {
      this.sessionLog(`the client could not read ${uris.length} workspace file(s) (${error instanceof Error ? error.message : String(error)}); they are taken as absent`);
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  /** The URI of a path inside a folder; undefined outside them. */
  private uriOf(file: string): string | undefined {
    for (const folder of this.folders) {
      const relative = posix.relative(folder.root, file);
      if (relative === '..' || relative.startsWith('../') || posix.isAbsolute(relative)) continue;
      return relative ? `${folder.uri}/${relative.split('/').map(encodeURIComponent).join('/')}` : folder.uri;
    }
    return undefined;
  }
}

function knownFrom(result: ReadResult | undefined): Known {
  if (result && 'text' in result && typeof result.text === 'string') return { text: result.text, size: result.size };
  if (result && 'tooLarge' in result) return { tooLarge: result.tooLarge };
  if (result && 'entries' in result && Array.isArray(result.entries)) return { entries: entriesOf(result.entries) };
  return { absent: true };
}

/** The decoded posix path of a URI's path part; undefined when it has a query or fragment, or bad escapes. */
function posixPathOf(uriPath: string): string | undefined {
  if (/[?#]/.test(uriPath)) return undefined;
  try {
    return uriPath.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}
