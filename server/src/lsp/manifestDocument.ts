// An open document, stored as its YAML documents (see analysis/documents.ts) so
// that a keystroke in a 5 MB file copies a few kilobytes, not the whole text, and
// re-analyses only the YAML document it touched. Each piece caches its analysis.
// Implements what `TextDocuments` and the handlers need of a text document.

import type { Diagnostic, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { analyzeDocument, combine, fileLevelContext, keptFindings, tooLarge, type Analysis, type DocumentAnalysis, type PlacedDocument } from '../analysis';
import { splitDocuments } from '../analysis/documents';
import { lineOf } from '../analysis/lines';
import type { FileContext } from '../analysis/fileContext';
import type { AnalysisSettings } from '../analysis/settings';
import type { Finding } from '../analysis/types';
import { sourceText } from '../analysis/sourceText';
import { OFFLOAD_CHARS, type AnalysisThread } from './analysisThread';

interface Piece {
  readonly text: string;
  /** How many line breaks the piece holds (CRLF, CR and LF each end a line, as in LSP). */
  readonly breaks: number;
  /** Offsets (in `text`) where lines start; built on first use, most pieces never need it. */
  lineStarts?: readonly number[];
  analysis?: DocumentAnalysis;
  analysedWith?: FileContext;
  analysedWithSettings?: AnalysisSettings;
  /** A big piece's analysis under way on the worker thread (see `prepare`). */
  offloaded?: Offloaded;
  /** Edited away or closed: pending work for it is dropped. */
  retired?: boolean;
}

interface Offloaded {
  readonly settings: AnalysisSettings;
  readonly context: FileContext;
  done: Promise<void>;
}

const LINE_BREAK = /\r\n|\r|\n/g;

function piece(text: string): Piece {
  return { text, breaks: text.includes('\r') ? (text.match(LINE_BREAK)?.length ?? 0) : countLineFeeds(text) };
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function lineStartsOf(piece: Piece): readonly number[] {
  if (!piece.lineStarts) {
    const starts = [0];
    LINE_BREAK.lastIndex = 0;
    for (let match = LINE_BREAK.exec(piece.text); match; match = LINE_BREAK.exec(piece.text)) starts.push(match.index + match[0].length);
    piece.lineStarts = starts;
  }
  return piece.lineStarts;
}

function isAnalysed(piece: Piece, settings: AnalysisSettings, context: FileContext): boolean {
  return piece.analysedWithSettings === settings && piece.analysedWith === context;
}

/** Caches the piece's analysis under these settings, and returns it. */
function keep(piece: Piece, analysis: DocumentAnalysis, settings: AnalysisSettings, context: FileContext): DocumentAnalysis {
  piece.analysis = analysis;
  piece.analysedWithSettings = settings;
  piece.analysedWith = context;
  return analysis;
}

/** On its way through the worker thread with these settings. */
function isOffloaded(piece: Piece, settings: AnalysisSettings, context: FileContext): boolean {
  return piece.offloaded?.settings === settings && piece.offloaded.context === context;
}

export class ManifestDocument {
  private pieces: Piece[] = [];
  /** Offset and first line of each piece in the whole text. */
  private starts: number[] = [];
  private firstLines: number[] = [];
  private eol = '\n';
  /** The combined analysis, kept until the next edit or settings change. */
  private combined?: { settings: AnalysisSettings; context: FileContext; analysis: Analysis };
  /** Converted diagnostics per findings array (see `diagnostics`). */
  private converted = new WeakMap<readonly Finding[], { firstLine: number; diagnostics: Diagnostic[] }>();
  /**
   * The file-level context last derived (see `fileLevelContext`), what it was derived
   * from, and whether an edit since may have changed it.
   */
  private derived?: { from: FileContext; hasActions: boolean; context: FileContext; stale: boolean };

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    text: string,
  ) {
    this.replaceAll(text);
  }

  static create(uri: string, languageId: string, version: number, text: string): ManifestDocument {
    return new ManifestDocument(uri, languageId, version, text);
  }

  static update(document: ManifestDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): ManifestDocument {
    for (const change of changes) {
      if ('range' in change) document.replaceRange(document.offsetAt(change.range.start), document.offsetAt(change.range.end), change.text);
      else document.replaceAll(change.text);
    }
    document.version = version;
    return document;
  }

  get length(): number {
    const last = this.pieces.length - 1;
    return this.starts[last] + this.pieces[last].text.length;
  }

  get lineCount(): number {
    const last = this.pieces.length - 1;
    return this.firstLines[last] + this.pieces[last].breaks + 1;
  }

  getText(): string {
    return this.pieces.map((p) => p.text).join('');
  }

  positionAt(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.length));
    const index = lineOf(this.starts, at);
    const lineStarts = lineStartsOf(this.pieces[index]);
    const relative = at - this.starts[index];
    const line = lineOf(lineStarts, relative);
    return { line: this.firstLines[index] + line, character: relative - lineStarts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineCount) return this.length;
    const index = lineOf(this.firstLines, position.line);
    const { text } = this.pieces[index];
    const lineStarts = lineStartsOf(this.pieces[index]);
    const line = position.line - this.firstLines[index];
    const lineStart = lineStarts[line];
    let lineEnd = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    // Never land inside the line break itself.
    while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    return this.starts[index] + Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
  }

  /**
   * Starts analysing the big pieces overlapping `range` (all without one) on the
   * worker thread, and resolves when they are done, so that `analysis`,
   * `analyseUntil` and `diagnostics` find them ready. Small pieces are left to those.
   * A job that fails, or no worker at all, leaves its piece to the synchronous path.
   */
  prepare(settings: AnalysisSettings, fileContext: FileContext, thread: AnalysisThread | undefined, range?: readonly [number, number]): Promise<void> {
    if (!thread || this.length > settings.maxFileSize) return Promise.resolve();
    const context = this.contextFor(fileContext);
    const first = range ? lineOf(this.starts, range[0]) : 0;
    const last = range ? lineOf(this.starts, range[1]) : this.pieces.length - 1;
    const pending: Promise<void>[] = [];
    for (let i = first; i <= last; i++) {
      const piece = this.pieces[i];
      if (piece.text.length < OFFLOAD_CHARS || isAnalysed(piece, settings, context)) continue;
      pending.push(this.offload(piece, settings, context, thread));
    }
    return Promise.all(pending).then(() => undefined);
  }

  /** The piece's job on the worker thread with these settings, started unless under way. */
  private offload(piece: Piece, settings: AnalysisSettings, context: FileContext, thread: AnalysisThread): Promise<void> {
    const current = piece.offloaded;
    if (current?.settings === settings && current.context === context) return current.done;
    const job: Offloaded = { settings, context, done: Promise.resolve() };
    piece.offloaded = job;
    // Wanted while the piece is in the text and no newer settings asked for another job.
    const wanted = () => !piece.retired && piece.offloaded === job;
    job.done = thread.analyze(piece.text, settings, this.eol, context, wanted).then(
      (analysis) => {
        if (wanted()) keep(piece, analysis, settings, context);
      },
      () => undefined,
    );
    return job.done;
  }

  /** The document was closed: drop work queued for it. */
  close(): void {
    for (const piece of this.pieces) piece.retired = true;
  }

  /**
   * The analysis of the YAML documents overlapping `range` (of all without one),
   * analysing those not analysed yet with these settings.
   */
  analysis(settings: AnalysisSettings, fileContext: FileContext, range?: readonly [number, number]): Analysis {
    if (this.length > settings.maxFileSize) return tooLarge(this.length, settings);
    const context = this.contextFor(fileContext);
    if (!range) {
      if (this.combined?.settings !== settings || this.combined.context !== context) {
        this.combined = { settings, context, analysis: combine(this.pieces.map((_, i) => this.placed(i, settings, context))) };
      }
      return this.combined.analysis;
    }
    const first = lineOf(this.starts, range[0]);
    const last = lineOf(this.starts, range[1]);
    const placed: PlacedDocument[] = [];
    for (let i = first; i <= last; i++) placed.push(this.placed(i, settings, context));
    return combine(placed);
  }

  /**
   * The diagnostics of the whole document. Each piece's are converted once and
   * reused while its findings and first line stay the same: typing inside a line
   * converts only the edited piece's findings, whatever the size of the file.
   */
  diagnostics(settings: AnalysisSettings, fileContext: FileContext, convert: (finding: Finding, offset: number) => Diagnostic): Diagnostic[] {
    if (this.length > settings.maxFileSize) return tooLarge(this.length, settings).findings.map((finding) => convert(finding, 0));
    const context = this.contextFor(fileContext);
    const placed = this.pieces.map((_, i) => this.placed(i, settings, context));
    const kept = keptFindings(placed);
    const result: Diagnostic[] = [];
    kept.forEach((findings, i) => {
      let cached = this.converted.get(findings);
      if (!cached || cached.firstLine !== this.firstLines[i]) {
        cached = { firstLine: this.firstLines[i], diagnostics: findings.map((finding) => convert(finding, placed[i].start)) };
        this.converted.set(findings, cached);
      }
      for (const diagnostic of cached.diagnostics) result.push(diagnostic);
    });
    return result;
  }

  /**
   * Analyses pieces in order until `deadline` (ms since epoch); true when all are
   * analysed. Pieces on their way through the worker thread are skipped.
   */
  analyseUntil(settings: AnalysisSettings, fileContext: FileContext, deadline: number): boolean {
    if (this.length > settings.maxFileSize) return true;
    const context = this.contextFor(fileContext);
    for (let i = 0; i < this.pieces.length; i++) {
      const piece = this.pieces[i];
      if (isAnalysed(piece, settings, context)) continue;
      if (isOffloaded(piece, settings, context)) continue;
      if (Date.now() > deadline) return false;
      this.placed(i, settings, context);
    }
    return true;
  }

  /**
   * The file-level context, derived once per edit (a Helm template file is a template
   * only if some piece has `{{`). The same object while nothing changed, so that
   * pieces keep their analyses.
   */
  private contextFor(fileContext: FileContext): FileContext {
    const derived = this.derived;
    if (derived?.from === fileContext && !derived.stale) return derived.context;
    const hasActions = fileContext.helmTemplate === true && this.pieces.some((p) => p.text.includes('{{'));
    const context = derived?.from === fileContext && derived.hasActions === hasActions ? derived.context : fileLevelContext(fileContext, hasActions);
    this.derived = { from: fileContext, hasActions, context, stale: false };
    return context;
  }

  private placed(index: number, settings: AnalysisSettings, context: FileContext): PlacedDocument {
    const piece = this.pieces[index];
    const analysis = isAnalysed(piece, settings, context) && piece.analysis ? piece.analysis : keep(piece, analyzeDocument(piece.text, settings, this.eol, context), settings, context);
    return { start: this.starts[index], analysis };
  }

  private replaceAll(text: string): void {
    this.eol = sourceText(text.slice(0, 64 * 1024)).eol;
    this.close();
    this.pieces = splitDocuments(text).map(piece);
    this.reindex(0);
  }

  /**
   * Re-splits only the pieces around the change: its own, plus one on each side
   * (a change can create or remove a `---` line, or the line break before one).
   * Pieces whose text is unchanged keep their analysis.
   */
  private replaceRange(start: number, end: number, text: string): void {
    const first = Math.max(0, lineOf(this.starts, start) - 1);
    const last = Math.min(this.pieces.length - 1, lineOf(this.starts, end) + 1);
    const regionStart = this.starts[first];
    const old = this.pieces.slice(first, last + 1);
    const region = old.map((p) => p.text).join('');
    const edited = region.slice(0, start - regionStart) + text + region.slice(end - regionStart);
    // Unchanged texts keep their pieces, each old piece reused at most once.
    const reusable = new Map<string, Piece[]>();
    for (const p of old) reusable.set(p.text, [...(reusable.get(p.text) ?? []), p]);
    const replacement = splitDocuments(edited).map((t) => reusable.get(t)?.shift() ?? piece(t));
    const kept = new Set(replacement);
    for (const p of old) if (!kept.has(p)) p.retired = true;
    this.pieces.splice(first, last - first + 1, ...replacement);
    this.reindex(first);
  }

  private reindex(from: number): void {
    this.combined = undefined;
    if (this.derived) this.derived.stale = true;
    this.starts.length = this.pieces.length;
    this.firstLines.length = this.pieces.length;
    for (let i = from; i < this.pieces.length; i++) {
      const previous = this.pieces[i - 1];
      this.starts[i] = i === 0 ? 0 : this.starts[i - 1] + previous.text.length;
      this.firstLines[i] = i === 0 ? 0 : this.firstLines[i - 1] + previous.breaks;
    }
  }
}
