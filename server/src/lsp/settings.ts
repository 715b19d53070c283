// Settings as the server sees them: fetched per document (`workspace/configuration`
// with the document as scope), never kept globally beyond a per-URI cache.

import { settingsFrom, type AnalysisSettings } from '../analysis/settings';

export interface ServerSettings {
  readonly analysis: AnalysisSettings;
  readonly inlayHints: boolean;
}

export function serverSettingsFrom(raw: unknown): ServerSettings {
  const inlayHints = (raw as { inlayHints?: { enabled?: unknown } } | undefined)?.inlayHints?.enabled;
  return { analysis: settingsFrom(raw), inlayHints: inlayHints !== false };
}
