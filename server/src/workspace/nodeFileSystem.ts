// The disk, as the workspace index reads it.

import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import type { EntryKind, FileSystem } from './fileSystem';

function kindOf(entry: Dirent): EntryKind {
  if (entry.isSymbolicLink()) return 'symlink';
  return entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
}

export const nodeFileSystem: FileSystem = {
  readFile: (file) => readFileSync(file, 'utf8'),
  stat(file) {
    const stat = statSync(file);
    return { size: stat.size, kind: stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other' };
  },
  readDirectory: (dir) => readdirSync(dir, { withFileTypes: true }).map((entry) => ({ name: entry.name, kind: kindOf(entry) })),
};
