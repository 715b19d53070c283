// What the workspace index reads through: the disk (nodeFileSystem.ts, for the CLI and
// the desktop server) or the files a web client served (browser/servedFiles.ts).
// Synchronous like the reads it stands for. Every method throws when the path cannot
// be read, and callers take that as absent.

export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

export interface DirectoryEntry {
  readonly name: string;
  /** As the directory lists it: a symbolic link is not followed. */
  readonly kind: EntryKind;
}

export interface FileStat {
  /** In bytes. */
  readonly size: number;
  /** A symbolic link is followed. */
  readonly kind: Exclude<EntryKind, 'symlink'>;
}

export interface FileSystem {
  readFile(file: string): string;
  stat(file: string): FileStat;
  readDirectory(dir: string): readonly DirectoryEntry[];
}

export function exists(fs: FileSystem, file: string): boolean {
  try {
    fs.stat(file);
    return true;
  } catch {
    return false;
  }
}
