// Settings as the server sees them: fetched per document (`workspace/configuration`
// with the document as scope), never kept globally beyond a per-URI cache.

import { fileURLToPath } from 'node:url';
import * as path from 'node:path';
import { layerSettings, settingsFrom, type AnalysisSettings } from '../analysis/settings';
import { findConfigFile, readConfigFile } from '../config/configFile';

export interface ServerSettings {
  readonly analysis: AnalysisSettings;
  readonly inlayHints: boolean;
}

export function serverSettingsFrom(raw: unknown): ServerSettings {
  const inlayHints = (raw as { inlayHints?: { enabled?: unknown } } | undefined)?.inlayHints?.enabled;
  return { analysis: settingsFrom(raw), inlayHints: inlayHints !== false };
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
