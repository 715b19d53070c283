// Which files a run checks: the given files, and YAML files under the given
// directories, skipping node_modules, .git and what .gitignore ignores.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args';

const YAML_FILE = /\.ya?ml$/i;
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Expands paths in order, without duplicates. `-` stays as is (standard input). */
export function expandPaths(paths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const given of paths) {
    if (given === '-') {
      files.add('-');
      continue;
    }
    let stats;
    try {
      stats = statSync(given);
    } catch {
      throw new UsageError(`Cannot read "${given}": no such file or directory.`);
    }
    if (stats.isDirectory()) for (const file of yamlFilesUnder(given)) files.add(file);
    else files.add(given);
  }
  return [...files];
}

function yamlFilesUnder(directory: string): string[] {
  return (gitListedFiles(directory) ?? walk(directory)).filter((file) => YAML_FILE.test(file)).sort();
}

/** Files git would track under `directory` (tracked or untracked, not ignored); undefined outside a repository. */
function gitListedFiles(directory: string): string[] | undefined {
  try {
    const output = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '.'], {
      cwd: directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    return output
      .split('\0')
      .filter(Boolean)
      .filter((file) => !file.split('/').some((part) => SKIPPED_DIRECTORIES.has(part)))
      .map((file) => path.join(directory, file))
      .filter((file) => existsSync(file)); // tracked but deleted in the work tree
  } catch {
    return undefined;
  }
}

function walk(directory: string): string[] {
  const files: string[] = [];
  const pending = [directory];
  while (pending.length) {
    const dir = pending.pop() as string;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      throw new UsageError(`Cannot read directory "${dir}".`);
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full);
      } else if (entry.isFile()) files.push(full);
    }
  }
  return files;
}
