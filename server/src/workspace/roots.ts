// Which roots the CLI indexes: for each path it checks, the top level of the Git
// working tree holding it (found by looking for `.git`, a directory or, in
// worktrees and submodules, a file; no git process), else the path's own
// directory. Overlays elsewhere in the repository are then found, and paths in
// different repositories each get theirs.

import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { isInside } from './walk';

/** Roots for `paths` (files or directories, relative to `cwd`); `-` (stdin) stands for `cwd`. Outermost only, deduplicated. */
export function workspaceRootsFor(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const given of paths.length ? paths : ['.']) {
    const absolute = path.resolve(cwd, given === '-' ? '.' : given);
    const dir = isDirectory(absolute) ? absolute : path.dirname(absolute);
    roots.add(repositoryRoot(dir) ?? dir);
  }
  const sorted = [...roots].sort((a, b) => a.length - b.length);
  return sorted.filter((root, i) => !sorted.slice(0, i).some((outer) => isInside(outer, root)));
}

/** The nearest directory at or above `dir` holding `.git`. */
export function repositoryRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; ) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}
