// Helm chart layout: a file is a chart template when it is below a `templates/`
// directory whose parent holds Chart.yaml (templates may sit in subfolders, e.g.
// Helm's `templates/tests/`; a subchart's templates belong to the subchart).

import * as path from 'node:path';
import { exists, type FileSystem } from './fileSystem';

export const CHART_FILE = 'Chart.yaml';

/** Answers with a cache of the Chart.yaml look-ups (clear it when Chart.yaml files come or go). */
export class HelmLayout {
  private readonly charts = new Map<string, boolean>();

  constructor(private readonly fs: FileSystem) {}

  isTemplate(file: string): boolean {
    let dir = path.dirname(path.resolve(file));
    for (let depth = 0; depth < 64; depth++) {
      const parent = path.dirname(dir);
      if (parent === dir) return false;
      if (path.basename(dir) === 'templates' && this.isChart(parent)) return true;
      dir = parent;
    }
    return false;
  }

  clear(): void {
    this.charts.clear();
  }

  private isChart(dir: string): boolean {
    let known = this.charts.get(dir);
    if (known === undefined) {
      known = exists(this.fs, path.join(dir, CHART_FILE));
      this.charts.set(dir, known);
    }
    return known;
  }
}
