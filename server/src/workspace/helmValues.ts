// A chart's values.yaml: which chart, its appVersion, and which `image` blocks the
// chart's templates really use as a container's image and imagePullPolicy.

import * as path from 'node:path';
import { exists, type FileSystem } from './fileSystem';
import { parseDocument } from 'yaml';
import type { HelmValues } from '../analysis/fileContext';

const VALUES_FILE = /^values(-[\w.-]+)?\.ya?ml$/;
/** `imagePullPolicy: {{ .Values.<path>.pullPolicy }}`, with or without whitespace trimming and quotes. */
const POLICY_USE = /imagePullPolicy:\s*["']?\{\{-?\s*\.Values\.([\w.]+)\.pullPolicy\b/g;

/** The Helm context of `file` when it is a values file next to a Chart.yaml; `shown` names paths for people. */
export function helmValuesOf(fs: FileSystem, file: string, shown: (file: string) => string): HelmValues | undefined {
  if (!VALUES_FILE.test(path.basename(file))) return undefined;
  const chartDir = path.dirname(file);
  const chartFile = path.join(chartDir, 'Chart.yaml');
  if (!exists(fs, chartFile)) return undefined;
  let appVersion: string | undefined;
  try {
    const chart = parseDocument(fs.readFile(chartFile)).toJS() as { appVersion?: unknown } | null;
    if (chart && (typeof chart.appVersion === 'string' || typeof chart.appVersion === 'number')) appVersion = String(chart.appVersion);
  } catch {
    // A broken Chart.yaml leaves appVersion unknown.
  }
  const templates = templateTexts(fs, path.join(chartDir, 'templates'));
  if (templates === undefined) return { chart: shown(chartFile), appVersion };
  const verifiedPaths = [...templates.matchAll(POLICY_USE)]
    .map((match) => match[1])
    .filter((valuesPath) => templates.includes(`.Values.${valuesPath}.repository`));
  return { chart: shown(chartFile), appVersion, verifiedPaths: [...new Set(verifiedPaths)] };
}

/** All template text of a chart (bounded), or undefined when it has no templates folder. */
function templateTexts(fs: FileSystem, directory: string): string | undefined {
  if (!exists(fs, directory)) return undefined;
  const texts: string[] = [];
  const pending = [directory];
  let files = 0;
  while (pending.length && files < 500) {
    const dir = pending.pop() as string;
    for (const entry of fs.readDirectory(dir)) {
      const full = path.join(dir, entry.name);
      if (entry.kind === 'directory') pending.push(full);
      else if (/\.(ya?ml|tpl|txt)$/.test(entry.name) && files++ < 500) texts.push(fs.readFile(full));
    }
  }
  return texts.join('\n');
}
