// The project's config file, shared by the CLI and the language server:
// `.kube-pull-policy.json`, found by walking up from a manifest's folder. Its shape
// is the `kubePullPolicy` settings object of the editor:
//   { "rules": { "implicit-always": "error" }, "quickFix": { "preferredPolicy": "IfNotPresent" },
//     "assumeAlwaysPullImages": false, "maxFileSize": 33554432, "localContext": { "enabled": true } }

import * as path from 'node:path';
import { exists, type FileSystem } from '../workspace/fileSystem';
import { settingsFrom, type AnalysisSettings } from '../analysis/settings';
import { CONFIG_FILE_NAME } from '../shared/protocol';
import { localContextOptionsFrom, type LocalContextOptions } from './localContextOptions';
/** `localContext` is honoured by the CLI only: in the editor it is a user setting that untrusted workspaces cannot turn on. */
export type ConfigFile = { readonly path: string; readonly settings: AnalysisSettings; readonly localContext: LocalContextOptions } | { readonly path: string; readonly error: string };

/** The nearest config file at or above `directory`, if any. */
export function findConfigFile(fs: FileSystem, directory: string): string | undefined {
  for (let dir = path.resolve(directory); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (exists(fs, candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The config file that applies to a manifest. */
export function configFileOf(fs: FileSystem, file: string): string | undefined {
  return findConfigFile(fs, path.dirname(file));
}

export function readConfigFile(fs: FileSystem, file: string): ConfigFile {
  try {
    const raw: unknown = JSON.parse(fs.readFile(file));
    return { path: file, settings: settingsFrom(raw), localContext: localContextOptionsFrom((raw as { localContext?: unknown } | null)?.localContext) };
  } catch (error) {
    return { path: file, error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
