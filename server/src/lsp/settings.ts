// Settings as the server sees them: fetched per document (`workspace/configuration`
// with the document as scope), never kept globally beyond a per-URI cache.

import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { layerSettings, settingsFrom, type AnalysisSettings } from '../analysis/settings';
import { NO_CONTEXT, type FileContext } from '../analysis/fileContext';
import { findConfigFile, readConfigFile } from '../config/configFile';
import type { WorkspaceIndex } from '../workspace/kustomize';
import { localContextOptionsFrom, type LocalContextOptions } from '../host/localFacts';

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
 * the CLI reads, so both agree. Only `file:` documents have a project.
 */
export function withConfigFile(uri: string, editor: ServerSettings, log: (message: string) => void): ServerSettings {
  if (!uri.startsWith('file:')) return editor;
  const file = findConfigFile(path.dirname(fileURLToPath(uri)));
  if (!file) return editor;
  const config = readConfigFile(file);
  if ('error' in config) {
    log(`ignoring invalid config file ${config.error}`);
    return editor;
  }
  return { ...editor, analysis: layerSettings(config.settings, editor.analysis) };
}

/** The document's Kustomize/Helm context from the workspace index; never throws. */
export function withFileContext(uri: string, settings: ServerSettings, index: WorkspaceIndex | undefined, log: (message: string) => void): ServerSettings {
  if (!uri.startsWith('file:') || !index) return settings;
  try {
    return { ...settings, context: index.contextFor(fileURLToPath(uri)) };
  } catch (error) {
    log(`could not read the Kustomize/Helm layout around ${uri}: ${String(error)}`);
    return settings;
  }
}
