// What the session needs of the place it runs in: a Node process (node/host.ts, the
// desktop and every other editor) or a browser Web Worker (browser/host.ts, VS Code
// for the Web). Everything else in lsp/ is the same code in both.

import type { LocalFacts } from '../analysis/localContext';
import type { LocalContextOptions } from '../config/localContextOptions';
import type { FileSystem } from '../workspace/fileSystem';
import type { AnalysisThread } from './analysisThread';

/** The files of the workspace folders, as the workspace index reads them. */
export interface WorkspaceFiles {
  readonly fs: FileSystem;
  /** The folders' paths for the workspace index. */
  readonly roots: readonly string[];
  /** The path of a document, or undefined when it is not one of the files this host reads. */
  pathOf(uri: string): string | undefined;
  /**
   * Runs `read` until everything it read was there to read, calling `reset` before
   * each new try (the web host fetches what a try missed from the client; the disk
   * is read in one try). Lines sent to `log` by a try that is retried are dropped.
   */
  settle<T>(read: () => T, reset: () => void): Promise<T>;
  /** The session's log for code that runs inside `settle`: what a retried try said is dropped. */
  readonly log: (message: string) => void;
  /** A watched file changed or went: forget what was read of it. */
  changed(file: string): void;
}

/** The local context's source of facts (only where the machine can be asked). */
export interface LocalFactsSource {
  gather(options: LocalContextOptions, references: readonly string[]): Promise<LocalFacts>;
  /** Forget cached answers (the refresh command). */
  clear(): void;
}

export interface SessionHost {
  /** The files of these workspace folders (URIs from `initialize`). */
  workspaceFiles(folders: readonly string[], log: (message: string) => void): WorkspaceFiles;
  /** Where YAML documents too big for the event loop are analysed; undefined: in slices in place. */
  analysisThread(log: (message: string) => void): AnalysisThread | undefined;
  /** Runs `callback` on a later turn of the event loop, after pending input (validation yields so between slices). */
  later(callback: () => void): void;
  /** Undefined where the machine cannot be asked (the web): the local context is then off. */
  localProbe?(log: (message: string) => void): LocalFactsSource;
}
