// A bounded walk of workspace folders that finds kustomization files, skaffold.yaml
// files and Tiltfiles. It skips
// node_modules and VCS folders, never follows symbolic links (a link's target
// inside the root is walked under its own path anyway; one outside is not ours to
// walk), and stops after `maxDirectories` directories or `maxFiles` directory entries.

import * as path from 'node:path';
import type { DirectoryEntry, FileSystem } from './fileSystem';
import { KUSTOMIZATION_FILE_NAMES } from './kustomizationFile';
import { SKAFFOLD_FILE_NAMES } from './skaffoldConfig';
import { TILTFILE_NAME } from './tiltfile';

const BUILD_CONFIG_NAMES: ReadonlySet<string> = new Set([...SKAFFOLD_FILE_NAMES, TILTFILE_NAME]);

export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkLimits {
  readonly maxDirectories: number;
  readonly maxFiles: number;
}

export interface WalkResult {
  /** Kustomization files found, absolute, at most one per directory (kustomize's name order). */
  readonly kustomizations: string[];
  /** skaffold.yaml (skaffold.yml) files and Tiltfiles found, absolute. */
  readonly buildConfigs: string[];
  /** Every directory looked into, absolute. */
  readonly directories: Set<string>;
  /** A limit stopped the walk early. */
  readonly truncated: boolean;
}

export function walkRoots(fs: FileSystem, roots: readonly string[], limits: WalkLimits): WalkResult {
  const kustomizations: string[] = [];
  const buildConfigs: string[] = [];
  const directories = new Set<string>();
  let files = 0;
  let truncated = false;
  for (const root of roots) {
    const pending = [root];
    // Breadth first, so a limit keeps the shallow directories, where kustomizations usually are.
    for (let next = 0; next < pending.length; next++) {
      if (directories.size >= limits.maxDirectories || files >= limits.maxFiles) {
        truncated = true;
        break;
      }
      const dir = pending[next];
      if (directories.has(dir)) continue;
      directories.add(dir);
      let entries: readonly DirectoryEntry[];
      try {
        entries = fs.readDirectory(dir);
      } catch {
        continue;
      }
      files += entries.length;
      let found: string | undefined;
      for (const entry of entries) {
        if (entry.kind === 'directory') {
          if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(path.join(dir, entry.name));
        } else if (KUSTOMIZATION_FILE_NAMES.includes(entry.name) && isFileLike(entry)) {
          if (found === undefined || KUSTOMIZATION_FILE_NAMES.indexOf(entry.name) < KUSTOMIZATION_FILE_NAMES.indexOf(found)) found = entry.name;
        } else if (BUILD_CONFIG_NAMES.has(entry.name) && isFileLike(entry)) {
          buildConfigs.push(path.join(dir, entry.name));
        }
      }
      if (found) kustomizations.push(path.join(dir, found));
    }
  }
  return { kustomizations, buildConfigs, directories, truncated };
}

function isFileLike(entry: DirectoryEntry): boolean {
  return entry.kind === 'file' || entry.kind === 'symlink';
}

/** Whether `inner` is `outer` or below it (both absolute). */
export function isInside(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
