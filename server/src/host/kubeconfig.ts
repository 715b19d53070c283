// The kubectl context, read as kubectl reads it (client-go clientcmd): KUBECONFIG
// is a list of files (`:`-separated, `;` on Windows) merged in order, where the
// first file to set `current-context`, or a context or cluster of a given name,
// wins; without KUBECONFIG, ~/.kube/config. Only three things are picked from the
// YAML: current-context, a context's cluster, a cluster's server. Users and their
// credentials are never converted, kept, logged or shown.

import { readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';

export interface KubeContext {
  readonly context: string;
  readonly cluster?: string;
  readonly server?: string;
}

/** A kubeconfig holding embedded certificates is a few hundred KB at most. */
const MAX_BYTES = 4 * 1024 * 1024;

export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  const list = env.KUBECONFIG;
  if (list) return list.split(path.delimiter).filter(Boolean);
  return [path.join(home, '.kube', 'config')];
}

/** The context named `wanted` (or the current one); an error sentence when there is none. */
export function readKubeContext(files: readonly string[], wanted?: string): KubeContext | { error: string } {
  const docs: Document[] = [];
  for (const file of files) {
    let text: string;
    try {
      if (statSync(file).size > MAX_BYTES) return { error: `${file} is larger than ${MAX_BYTES} bytes` };
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // kubectl skips list entries that do not exist
    }
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length || !isMap(doc.contents)) return { error: `${file} is not a valid kubeconfig` };
    docs.push(doc);
  }
  const current = wanted || first(docs, (doc) => stringAt(doc.get('current-context')));
  if (!current) return { error: 'no current context in the kubeconfig' };
  const cluster = first(docs, (doc) => named(doc, 'contexts', current, 'context', 'cluster'));
  if (cluster === undefined && !docs.some((doc) => namedEntry(doc, 'contexts', current))) return { error: `no context named "${current}" in the kubeconfig` };
  const server = cluster ? first(docs, (doc) => named(doc, 'clusters', cluster, 'cluster', 'server')) : undefined;
  return { context: current, ...(cluster ? { cluster } : {}), ...(server ? { server } : {}) };
}

function first(docs: readonly Document[], pick: (doc: Document) => string | undefined): string | undefined {
  for (const doc of docs) {
    const value = pick(doc);
    if (value) return value;
  }
  return undefined;
}

function stringAt(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function namedEntry(doc: Document, list: string, name: string) {
  const items = doc.get(list);
  if (!isSeq(items)) return undefined;
  return items.items.find((item) => isMap(item) && item.get('name') === name);
}

/** `contexts[name=X].context.cluster`, `clusters[name=X].cluster.server`. */
function named(doc: Document, list: string, name: string, inner: string, field: string): string | undefined {
  const entry = namedEntry(doc, list, name);
  if (!isMap(entry)) return undefined;
  const body = entry.get(inner);
  return isMap(body) ? stringAt(body.get(field)) : undefined;
}
