// Settings as the server sees them: fetched per document (`workspace/configuration`
// with the document as scope), never kept globally beyond a per-URI cache.

import { layerSettings, settingsFrom, type AnalysisSettings } from '../analysis/settings';
import { NO_CONTEXT, type FileContext } from '../analysis/fileContext';
import { configFileOf, readConfigFile } from '../config/configFile';
import type { WorkspaceIndex } from '../workspace/kustomize';
import { localContextOptionsFrom, type LocalContextOptions } from '../config/localContextOptions';
import type { FileSystem } from '../workspace/fileSystem';

export interface ServerSettings {
  readonly analysis: AnalysisSettings;
  readonly inlayHints: boolean;
  /** The document's role in a Kustomize or Helm layout (empty for documents outside the workspace). */
  readonly context: FileContext;
  /** `kubePullPolicy.localContext`: an editor setting only (see configFile.ts). */
  readonly localContext: LocalContextOptions;
}

export function serverSettingsFrom(raw: unknown): ServerSettings {
  const inlayHints = (raw as { inlayHints?: { enabled?: unknown } } | undefined)?.inlayHints?.enabled;
  const localContext = localContextOptionsFrom((raw as { localContext?: unknown } | undefined)?.localContext);
  return { analysis: settingsFrom(raw), inlayHints: inlayHints !== false, context: NO_CONTEXT, localContext };
}

/**
 * The project's `.kube-pull-policy.json` under the editor's settings: the same file
 * the CLI reads, so both agree. Only documents with a path (see WorkspaceFiles) have a project.
 */
export function withConfigFile(fs: FileSystem, file: string | undefined, editor: ServerSettings, log: (message: string) => void): ServerSettings {
  const configFile = file === undefined ? undefined : configFileOf(fs, file);
  if (!configFile) return editor;
  const config = readConfigFile(fs, configFile);
  if ('error' in config) {
    log(`ignoring invalid config file ${config.error}`);
    return editor;
  }
  return { ...editor, analysis: layerSettings(config.settings, editor.analysis) };
}

/** The document's Kustomize/Helm context from the workspace index; never throws. */
export function withFileContext(file: string | undefined, settings: ServerSettings, index: WorkspaceIndex | undefined, log: (message: string) => void): ServerSettings {
  if (file === undefined || !index) return settings;
  try {
    return { ...settings, context: index.contextFor(file) };
  } catch (error) {
    log(`could not read the Kustomize/Helm layout around ${file}: ${String(error)}`);
    return settings;
  }
}
