// The fix-safety properties, as plain functions over a text (and, for generated
// manifests, their model). A violated property throws a PropertyFailure whose
// `check` names the property, so runs can be triaged and counted.
//
//   total/*    analysis terminates in time, never throws (nor reports the
//              internal-error notice), and every span and edit is inside the text
//   model/*    the containers the generator wrote are found, with their values
//              and the policy the API server would store
//   fix/*      each quick fix: the output parses with no more errors; the
//              documents' data differ only by the intended key of the intended
//              container; bytes outside the edits are untouched; analysing again
//              shows the policy written and offers no further policy fix there;
//              no other container's effective policy changes
//   action/*   the two source actions ("fix all" writing each default, and
//              "IfNotPresent everywhere"): the same, for all containers at once;
//              every omitted policy that can be written is written; "fix all"
//              changes no container's effective policy

import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments, type Document } from 'yaml';
import { analyze, type Analysis, type SiteAnalysis } from '../../server/src/analysis';
import { applyEdits, setPolicyEdit } from '../../server/src/analysis/edits';
import { isImageNotText, isPolicyOmitted } from '../../server/src/analysis/effectivePolicy';
import { locateSites, locationOf, type ContainerSite, type Entry } from '../../server/src/analysis/manifest';
import { KUBECTL_YAML } from '../../server/src/analysis/yamlReading';
import { isPullPolicy, type PullPolicy } from '../../server/src/analysis/pullPolicy';
import { RULE_CATALOG } from '../../server/src/analysis/rules';
import { DEFAULT_SETTINGS, type AnalysisSettings } from '../../server/src/analysis/settings';
import { setOmittedPolicies } from '../../server/src/analysis/sourceActions';
import { sourceText, type SourceText } from '../../server/src/analysis/sourceText';
import type { Finding, Fix, Span, TextEdit } from '../../server/src/analysis/types';
import { shuffle, type ContainerModel, type ManifestCase, type ValueModel } from './arbitraries';

export class PropertyFailure extends Error {
  constructor(
    /** The property, e.g. `fix/js-diff`. */
    readonly check: string,
    message: string,
  ) {
    super(`[${check}] ${message}`);
    this.name = 'PropertyFailure';
  }
}

export interface CheckOptions {
  readonly settings?: AnalysisSettings;
  /** Check at most this many (finding, fix) pairs per case, chosen by `pick`. Default: all. */
  readonly maxFixes?: number;
  /** Check at most this many of the two source actions per case, chosen by `pick`. Default: both. */
  readonly maxActions?: number;
  readonly pick?: number;
  /** Analysis of one text must finish within this. Default 2000 ms. */
  readonly timeLimitMs?: number;
  /** Property ids (prefixes, or globs with `*`) whose failures are counted, not thrown: for triage runs. */
  readonly skip?: ReadonlySet<string>;
  /** Counters, for reports. */
  readonly stats?: Stats;
}

export interface Stats {
  cases: number;
  sites: number;
  findings: Record<string, number>;
  fixesChecked: number;
  actionEdits: number;
  /** Omitted policies no source action could write, by reason. */
  omittedWithoutEdit: Record<string, number>;
  templateCases: number;
  inputsWithSyntaxErrors: number;
  skippedFailures: Record<string, number>;
  /** Failures tolerated because the input has YAML errors (see softIfBroken). */
  brokenInput: Record<string, number>;
  maxAnalyzeMs: number;
  totalAnalyzeMs: number;
}

export function newStats(): Stats {
  return {
    cases: 0,
    sites: 0,
    findings: {},
    fixesChecked: 0,
    actionEdits: 0,
    omittedWithoutEdit: {},
    templateCases: 0,
    inputsWithSyntaxErrors: 0,
    skippedFailures: {},
    brokenInput: {},
    maxAnalyzeMs: 0,
    totalAnalyzeMs: 0,
  };
}

const bump = (record: Record<string, number>, key: string, by = 1) => {
  record[key] = (record[key] ?? 0) + by;
};

/** Runs `body`; a failure of a skipped property is counted instead of thrown. */
function guarded(options: CheckOptions, body: () => void): void {
  try {
    body();
  } catch (error) {
    if (error instanceof PropertyFailure && isSkipped(options, error.check)) {
      if (options.stats) bump(options.stats.skippedFailures, error.check);
      return;
    }
    throw error;
  }
}

function isSkipped(options: CheckOptions, check: string): boolean {
  for (const pattern of options.skip ?? []) {
    // A prefix, or a glob with `*`.
    if (pattern.includes('*') ? new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`).test(check) : check.startsWith(pattern)) return true;
  }
  return false;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text for messages: control characters, CR and surrogates escaped, line breaks kept. */
export function readable(text: string): string {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function fail(check: string, message: string): never {
  throw new PropertyFailure(check, message);
}

function ensure(condition: unknown, check: string, message: () => string): asserts condition {
  if (!condition) fail(check, message());
}

const KNOWN_RULES = new Set(RULE_CATALOG.map((rule) => rule.id));

// ── Entry points ─────────────────────────────────────────────────────────────

/** Everything, for a generated manifest with its model. */
export function checkManifest(c: ManifestCase, options: CheckOptions = {}): void {
  const analysis = checkTotal(c.text, options);
  const parsed = once(() => parseText(c.text));
  guarded(options, () => checkSplit(c.text, analysis, options.settings, parsed));
  guarded(options, () => checkModel(c, analysis, options));
  checkFixes(c.text, analysis, options, parsed);
  checkSourceActions(c.text, analysis, options, parsed);
}

/**
 * For mutated (often broken) text: analysis is total and in time; fixes and
 * source actions splice cleanly, add no syntax errors and leave analysis total;
 * when the text still parses cleanly, every fix property applies in full.
 */
export function checkMutant(text: string, options: CheckOptions = {}): void {
  const analysis = checkTotal(text, options);
  const parsed = once(() => parseText(text));
  guarded(options, () => checkSplit(text, analysis, options.settings, parsed));
  checkFixes(text, analysis, options, parsed);
  checkSourceActions(text, analysis, options, parsed);
}

// ── total/* ──────────────────────────────────────────────────────────────────

export function checkTotal(text: string, options: CheckOptions = {}): Analysis {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const limit = options.timeLimitMs ?? 2000;
  const started = performance.now();
  let analysis: Analysis;
  try {
    analysis = analyze(text, settings);
  } catch (error) {
    fail('total/threw', `analyze threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const ms = performance.now() - started;
  const stats = options.stats;
  if (stats) {
    stats.cases++;
    stats.maxAnalyzeMs = Math.max(stats.maxAnalyzeMs, ms);
    stats.totalAnalyzeMs += ms;
    for (const f of analysis.findings) bump(stats.findings, f.ruleId);
    stats.sites += analysis.documents.reduce((n, d) => n + d.analysis.sites.length, 0);
    if (analysis.documents.some((d) => d.analysis.template)) stats.templateCases++;
  }
  guarded(options, () => ensure(ms <= limit, 'total/slow', () => `analysis took ${ms.toFixed(0)} ms (limit ${limit} ms) for ${text.length} characters`));
  guarded(options, () => checkSpans(text, analysis, settings));
  return analysis;
}

function checkSpans(text: string, analysis: Analysis, settings: AnalysisSettings): void {
  const length = text.length;
  const inRange = (span: Span, limit: number, what: string) =>
    ensure(
      Number.isInteger(span[0]) && Number.isInteger(span[1]) && span[0] >= 0 && span[0] <= span[1] && span[1] <= limit,
      'total/span',
      () => `${what} span [${span}] is not within 0..${limit}`,
    );
  if (length <= settings.maxFileSize) {
    const notice = analysis.findings.find((f) => f.ruleId === 'not-analysed');
    ensure(!notice, 'total/internal-error', () => `analysis gave up: ${notice?.message}`);
    // The documents cover the text, in order, each analysed on exactly its own text.
    let at = 0;
    for (const [i, { start, analysis: doc }] of analysis.documents.entries()) {
      ensure(start === at, 'total/documents', () => `document ${i} starts at ${start}, expected ${at}`);
      ensure(doc.source.text === sourceText(text.slice(start, start + doc.source.text.length)).text, 'total/documents', () => `document ${i}'s text is not the file's text at ${start}`);
      at = start + doc.source.text.length;
    }
    ensure(at === length, 'total/documents', () => `the documents end at ${at}, the text at ${length}`);
  }
  let previous = -1;
  for (const finding of analysis.findings) {
    ensure(KNOWN_RULES.has(finding.ruleId), 'total/rule', () => `unknown rule id ${finding.ruleId}`);
    inRange(finding.span, length, `${finding.ruleId} finding`);
    ensure(finding.span[0] >= previous, 'total/order', () => `findings not in text order at ${finding.span[0]}`);
    previous = finding.span[0];
    ensure(!/undefined|\[object|NaN/.test(finding.message), 'total/message', () => `${finding.ruleId} message has a placeholder: ${finding.message}`);
    if (finding.preferredFix !== undefined) {
      ensure(finding.preferredFix >= 0 && finding.preferredFix < finding.fixes.length, 'total/preferred', () => `${finding.ruleId}: preferredFix ${finding.preferredFix} of ${finding.fixes.length} fixes`);
    }
    for (const fix of finding.fixes) {
      ensure(fix.edits.length > 0, 'total/empty-fix', () => `${finding.ruleId} fix "${fix.title}" has no edits`);
      for (const edit of fix.edits) inRange(edit.span, length, `${finding.ruleId} fix "${fix.title}" edit`);
      ensure(fix.policy === undefined || isPullPolicy(fix.policy), 'total/fix-policy', () => `fix policy ${fix.policy}`);
    }
  }
  for (const { analysis: doc } of analysis.documents) {
    const limit = doc.source.text.length;
    for (const { site } of doc.sites) {
      inRange(site.mapSpan, limit, `${locationOf(site)} map`);
      for (const e of [site.image, site.policy]) {
        if (!e) continue;
        inRange(e.keySpan, limit, `${locationOf(site)} key`);
        inRange(e.valueSpan, limit, `${locationOf(site)} value`);
        if (e.literalSpan) inRange(e.literalSpan, limit, `${locationOf(site)} literal`);
      }
    }
  }
}

/**
 * The file is analysed one `---` document at a time. Compared with parsing the
 * whole stream at once: the same containers with the same values, and no syntax
 * error where the whole stream has none.
 */
export function checkSplit(text: string, analysis: Analysis, settings: AnalysisSettings = DEFAULT_SETTINGS, parsed = once(() => parseText(text))): void {
  // Template documents are skipped, whole or split; a stream with syntax errors may
  // recover differently in one piece and in pieces.
  if (text.includes('{{') || text.length > settings.maxFileSize || parsed().errors > 0) return;
  // The whole stream parsed at once; kubectl reads a document only after a `---` (see yamlReading.ts).
  const whole = sourceText(text).text;
  const docs = parseAllDocuments(whole, KUBECTL_YAML);
  const expected = (Array.isArray(docs) ? docs : [])
    .filter((doc, i) => i === 0 || doc.directives?.docStart)
    .flatMap((doc) => locateSites({ doc, text: whole, podSpecPaths: settings.podSpecPaths }))
    .map(describeSite);
  const got = placedSites(analysis).map((s) => describeSite(s.site));
  ensure(isDeepStrictEqual(got, expected), 'split/sites', () => `containers analysed per document differ from the whole stream's:\n  per document: ${got.join('\n                ')}\n  whole stream: ${expected.join('\n                ')}`);
  if (!text.includes('kube-pull-policy:')) {
    // Errors only kubectl makes (directives, say) are not the `yaml` package's: checked by test/oracle/.
    const syntax = analysis.documents.flatMap(({ start, analysis: doc }) => doc.findings.filter((f) => f.ruleId === 'yaml-syntax' && !f.message.includes('kubectl stops')).map((f) => `${f.span[0] + start}: ${f.message}`));
    // F8c: a byte order mark before a directive.
    ensure(syntax.length === 0, /^\uFEFF%/.test(text) ? 'split/syntax-error-bom-directive' : 'split/syntax-error', () => `the whole stream parses without errors, but the analysis reports: ${syntax.join('; ')}`);
  }
}

function describeSite(site: ContainerSite): string {
  const show = (e: Entry | undefined) => (e ? `${e.shape}:${JSON.stringify(e.value)}` : '-');
  return `${site.objectKind}/${site.objectName ?? ''} ${locationOf(site)} image=${show(site.image)} policy=${show(site.policy)}`;
}

// ── model/* ──────────────────────────────────────────────────────────────────

const siteKeyOf = (objectName: string | undefined, fieldPath: string) => `${objectName ?? '?'}|${fieldPath}`;

export function checkModel(c: ManifestCase, analysis: Analysis, options: CheckOptions = {}): void {
  if (c.templateMarker) return;
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const found = new Map<string, Located>();
  for (const s of placedSites(analysis)) found.set(siteKeyOf(s.site.objectName, locationOf(s.site)), s);
  const expected = new Map<string, ContainerModel>();
  for (const m of c.containers) {
    const key = siteKeyOf(m.objectName, m.fieldPath);
    // Kubernetes runs an aliased container map as a container of its own, and so does the analysis.
    expected.set(key, m);
  }
  for (const key of found.keys()) {
    ensure(expected.has(key), 'model/extra-site', () => `the analysis found a container the generator did not write: ${key}`);
  }
  for (const [key, m] of expected) {
    const s = found.get(key);
    ensure(s, 'model/missing-site', () => `the analysis missed ${m.kind} ${key}`);
    const { site, effective } = s;
    ensure(site.kind === m.kind, 'model/kind', () => `${key}: kind ${site.kind}, expected ${m.kind}`);
    const text = s.source.text;
    const check = (what: string, e: Entry | undefined, m: ValueModel) =>
      // An alias of a collection: the analysis resolves aliases of scalars only.
      e && m.kind === 'collection' && text[e.valueSpan[0]] === '*' ? `model/collection-alias-${what}` : `model/${what}`;
    ensure(entryMatches(site.image, m.image), check('image', site.image, m.image), () => `${key}: image entry ${describeEntry(site.image)}, expected ${JSON.stringify(m.image)}`);
    ensure(entryMatches(site.policy, m.policy), check('policy', site.policy, m.policy), () => `${key}: policy entry ${describeEntry(site.policy)}, expected ${JSON.stringify(m.policy)}`);
    if (m.imageExpect) {
      const ok = effective.decision.parsed.ok;
      ensure(ok === m.imageExpect.valid, 'model/image-validity', () => `${key}: image ${JSON.stringify(effective.image)} parsed ${ok ? 'ok' : 'as invalid'}, expected ${m.imageExpect?.valid ? 'valid' : 'invalid'}`);
    }
    const want = expectedPolicy(m, settings);
    if (want !== 'unknown') {
      ensure(effective.policy === want, 'model/effective', () => `${key}: effective policy ${effective.policy}, expected ${want} (image ${JSON.stringify(m.image)}, policy ${JSON.stringify(m.policy)})`);
    }
  }
  // implicit-always fires exactly for the omitted policies that default to Always (unless suppressed).
  if (!c.text.includes('kube-pull-policy:') && settings.rules['implicit-always'] !== 'off' && !settings.assumeAlwaysPullImages) {
    const flagged = new Set(analysis.findings.filter((f) => f.ruleId === 'implicit-always').map((f) => `${f.span}`));
    const startOf = new Map(placedSites(analysis).map((p) => [p.site, p.start]));
    for (const [key, m] of expected) {
      const s = found.get(key);
      if (!s) continue;
      const omitted = m.policy.kind === 'absent' || m.policy.kind === 'null' || (m.policy.kind === 'string' && m.policy.value === '');
      const should = omitted && m.image.kind === 'string' && m.imageExpect?.defaultPolicy === 'Always';
      if (m.image.kind === 'string' && !m.imageExpect) continue;
      const start = startOf.get(s.site) ?? 0;
      const has = !!s.site.image && flagged.has(`${s.site.image.valueSpan.map((x) => x + start)}`);
      ensure(has === should, 'model/implicit-always', () => `${key}: implicit-always ${has ? 'reported' : 'not reported'}, expected ${should ? 'a' : 'no'} finding`);
    }
  }
}

function expectedPolicy(m: ContainerModel, settings: AnalysisSettings): PullPolicy | undefined | 'unknown' {
  const p = m.policy;
  const omitted = p.kind === 'absent' || p.kind === 'null' || (p.kind === 'string' && p.value === '');
  if (!omitted && !(p.kind === 'string' && isPullPolicy(p.value))) return undefined; // rejected
  if (m.image.kind === 'other' || m.image.kind === 'collection') return undefined; // rejected: the image is not a string
  if (settings.assumeAlwaysPullImages) return 'Always';
  if (p.kind === 'string' && isPullPolicy(p.value)) return p.value;
  if (m.image.kind !== 'string') return 'IfNotPresent'; // no image: "" does not parse
  return m.imageExpect ? m.imageExpect.defaultPolicy : 'unknown';
}

function entryMatches(e: Entry | undefined, m: ValueModel): boolean {
  switch (m.kind) {
    case 'absent':
      return e === undefined;
    case 'null':
      return e?.shape === 'null';
    case 'string':
      return e?.shape === 'string' && e.value === m.value;
    case 'other':
      return e?.shape === 'other-scalar' && e.value === m.value;
    case 'collection':
      return e?.shape === 'map' || e?.shape === 'seq';
  }
}

function describeEntry(e: Entry | undefined): string {
  return e ? `${e.shape} ${JSON.stringify(e.value)}` : 'absent';
}

// ── Shared machinery for fixes and source actions ────────────────────────────

/** A container, with the document (`---` chunk) it is in. */
interface Located extends SiteAnalysis {
  /** Index of the analysed document. */
  readonly chunk: number;
  /** A chunk may hold several YAML documents (`...` ends one without `---`): the n-th site with this field path. */
  readonly ordinal: number;
  /** Where that document starts in the file. */
  readonly start: number;
  readonly source: SourceText;
}

function placedSites(analysis: Analysis): Located[] {
  return analysis.documents.flatMap(({ start, analysis: doc }, chunk) => {
    const seen = new Map<string, number>();
    return doc.sites.map((s) => {
      const ordinal = seen.get(locationOf(s.site)) ?? 0;
      seen.set(locationOf(s.site), ordinal + 1);
      return { ...s, chunk, ordinal, start, source: doc.source };
    });
  });
}

const keyOf = (s: Located) => `${s.chunk}|${locationOf(s.site)}${s.ordinal ? `#${s.ordinal}` : ''}`;

function sitesOf(analysis: Analysis): Map<string, Located> {
  return new Map(placedSites(analysis).map((s) => [keyOf(s), s]));
}

const shift = (span: Span, by: number): string => `${span[0] + by},${span[1] + by}`;

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

interface Parsed {
  readonly docs: Document[];
  readonly errors: number;
  /** `yaml`'s warnings, such as a tag that does not fit its value (`!!null Always`). */
  readonly warnings: number;
}

function parseText(raw: string): Parsed {
  const docs = parseAllDocuments(sourceText(raw).text, { prettyErrors: false, logLevel: 'error' });
  const list = Array.isArray(docs) ? (docs as Document[]) : [];
  return { docs: list, errors: list.reduce((n, d) => n + d.errors.length, 0), warnings: list.reduce((n, d) => n + d.warnings.length, 0) };
}

function toJS(doc: Document): unknown {
  try {
    return { ok: doc.toJS({ maxAliasCount: -1 }) as unknown };
  } catch (error) {
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Sub-classifies failures by the input shape that triggered the bugs fuzzing
 * found (docs/RELIABILITY.md), so a triage run can set a known one aside: a
 * one-pair flow map without braces (F4); a policy inserted after an image whose
 * node, as `yaml` reports it, ends inside the following line (F3); a policy
 * written `: !!str` / `: &a` (F1) or `: # comment` (F2); an empty block scalar
 * `: |` (G2); a flow-map key without a colon (G3); an empty value on the line
 * after the key (G4).
 */
function failureKind(intent: Intent): string {
  const { image, policy, imageKey, flow, mapSpan } = intent.site.site;
  const text = intent.site.source.text;
  // `[image: x]`: a single-pair map inside a flow sequence, without braces.
  if (flow && text[mapSpan[0]] !== '{') return '-flow-pair-without-braces';
  const nodeEnd = (image as { nodeEnd?: number } | undefined)?.nodeEnd; // before F3's fix only
  if (intent.key !== imageKey && !policy && image && nodeEnd !== undefined) {
    const tail = text.slice(image.valueSpan[1], nodeEnd);
    if (tail.includes('\n') && !tail.endsWith('\n')) return '-image-node-end-past-line';
  }
  const kind = (e: Entry | undefined, what: string) => {
    // `{image: x, imagePullPolicy}`: a flow-map key without a colon (G3).
    if (e && !/^\s*:/.test(text.slice(e.keySpan[1]))) return `-key-without-colon-${what}`;
    // `key:` then `~`, `null` or `!!str` on the next line (G4).
    if (e && (e.shape === 'null' || e.value === '') && text.slice(e.keySpan[1], e.valueSpan[0]).includes('\n')) return `-empty-${what}-on-next-line`;
    // `key: |` or `key: >-` with no content lines: '' (G2).
    if (e && e.value === '' && /^[|>]/.test(text.slice(e.valueSpan[0], e.valueSpan[1]))) return `-empty-block-scalar-${what}`;
    if (!e || e.valueSpan[0] !== e.valueSpan[1]) return '';
    if (text[e.valueSpan[0]] === '#') return `-empty-${what}-before-comment`;
    if (/[!&]\S*\s*$/.test(text.slice(e.keySpan[1], e.valueSpan[0]))) return `-empty-${what}-after-tag-or-anchor`;
    return '';
  };
  return intent.key === imageKey ? kind(image, 'image') : kind(policy, 'policy') || (policy ? '' : kind(image, 'image'));
}

/** What an edit set is meant to change: one key of one container. */
interface Intent {
  readonly site: Located;
  /** `imagePullPolicy`/`pullPolicy`, or `image`/`reference`. */
  readonly key: string;
  /** The value the key must have afterwards; undefined: "a valid image, same letters in another case". */
  readonly value?: string;
  /** The policy that must then be effective. */
  readonly policy?: PullPolicy;
}

/**
 * Splice integrity: edits are inside the text and do not overlap, and the output
 * is the input with exactly these texts spliced in. Returns the output.
 */
function checkSplice(input: string, edits: readonly TextEdit[], check: string): string {
  for (const e of edits) ensure(e.span[0] <= e.span[1], `${check}/inverted-span`, () => `an edit's span [${e.span}] ends before it starts`);
  const sorted = [...edits].sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
  for (let i = 1; i < sorted.length; i++) {
    const [prev, next] = [sorted[i - 1], sorted[i]];
    ensure(prev.span[1] <= next.span[0] && !(prev.span[0] < prev.span[1] && prev.span[0] === next.span[0]), `${check}/overlap`, () => `edits overlap: [${prev.span}] and [${next.span}]`);
    // LSP allows several insertions at one offset, but two containers' policies at one place means one is misplaced.
    ensure(!(prev.span[0] === prev.span[1] && next.span[0] === next.span[1] && prev.span[0] === next.span[0]), `${check}/same-offset`, () => `two insertions at offset ${prev.span[0]}`);
  }
  const output = applyEdits(input, edits);
  let expected = '';
  let at = 0;
  for (const e of sorted) {
    expected += input.slice(at, e.span[0]) + e.text;
    at = e.span[1];
  }
  expected += input.slice(at);
  ensure(output === expected, `${check}/splice`, () => 'applyEdits does not equal splicing the edits into the input');
  // Removing the inserted texts and restoring the replaced ones gives back the input.
  let back = '';
  let outAt = 0;
  let shift = 0;
  for (const e of sorted) {
    const start = e.span[0] + shift;
    back += output.slice(outAt, start) + input.slice(e.span[0], e.span[1]);
    outAt = start + e.text.length;
    shift += e.text.length - (e.span[1] - e.span[0]);
  }
  back += output.slice(outAt);
  ensure(back === input, `${check}/splice`, () => 'bytes outside the edits changed');
  return output;
}

function pathTokens(fieldPath: string): (string | number)[] {
  return [...fieldPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

function navigate(root: unknown, fieldPath: string): Record<string, unknown> | undefined {
  let at: unknown = root;
  for (const token of pathTokens(fieldPath)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[token];
  }
  return at !== null && typeof at === 'object' && !Array.isArray(at) ? (at as Record<string, unknown>) : undefined;
}

/** The first path where two plain values differ, for messages. */
function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (isDeepStrictEqual(a, b)) return '';
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path || '(root)'}: ${JSON.stringify(a)?.slice(0, 120)} → ${JSON.stringify(b)?.slice(0, 120)}`;
}

/**
 * The outcome of applying `edits` to `input` (analysed as `analysis`): every
 * `fix/*` or `action/*` property except idempotence, which depends on the caller.
 * Returns the re-analysis of the output.
 */
function checkOutcome(...args: Parameters<typeof checkOutcomeOf>): ReturnType<typeof checkOutcomeOf> {
  const intents = args[5];
  try {
    return checkOutcomeOf(...args);
  } catch (error) {
    // Failures of known shapes get their own names (see failureKind).
    const kinds = intents.map(failureKind).filter(Boolean);
    // With several edits the cause cannot be pinned on one; the most specific shape wins.
    const kind = ['-key-without-colon', '-on-next-line', '-empty-block-scalar', '-flow-pair', '-image-node-end', '-empty-'].map((k) => kinds.find((x) => x.startsWith(k) || x.includes(k))).find(Boolean);
    if (error instanceof PropertyFailure && kind) throw new PropertyFailure(`${error.check}${kind}`, error.message.replace(/^\[[^\]]*\] /, ''));
    throw error;
  }
}

function checkOutcomeOf(
  check: string,
  input: string,
  before: Parsed,
  analysis: Analysis,
  edits: readonly TextEdit[],
  intents: readonly Intent[],
  options: CheckOptions,
  describe: () => string,
): { output: string; after: Analysis } {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const context = (message: string) => `${describe()}: ${message}`;
  const output = checkSplice(input, edits, check);
  // An edit of an anchored value (`&a x`) also changes every alias (`*a`) of it.
  const anchored = intents.some((intent) => {
    const e = intent.key === intent.site.site.imageKey ? intent.site.site.image : intent.site.site.policy;
    return !!e && intent.site.source.text.slice(e.keySpan[1], e.valueSpan[0]).includes('&');
  });
  ensure(output !== input, `${check}/no-change`, () => context('the edits change nothing'));
  const parsedAfter = parseText(output);
  ensure(parsedAfter.errors <= before.errors, `${check}/new-syntax-error`, () =>
    context(`the output has ${parsedAfter.errors} YAML errors, the input ${before.errors}: ${parsedAfter.docs.flatMap((d) => d.errors).map((e) => e.message.split('\n')[0]).join('; ')}\n--- output ---\n${readable(output)}`),
  );
  ensure(parsedAfter.errors < before.errors || parsedAfter.warnings <= before.warnings, `${check}/new-warning`, () =>
    context(`the output has ${parsedAfter.warnings} YAML warnings, the input ${before.warnings}: ${parsedAfter.docs.flatMap((d) => d.warnings).map((e) => e.message.split('\n')[0]).join('; ')}\n--- output ---\n${readable(output)}`),
  );
  ensure(parsedAfter.docs.length === before.docs.length, `${check}/documents`, () => context(`${before.docs.length} documents became ${parsedAfter.docs.length}`));

  // The data: equal once the intended keys of the intended containers are set aside.
  if (before.errors === 0) {
    const byDoc = new Map<number, Intent[]>();
    for (const intent of intents) {
      const i = docIndexAt(before, intent.site.start + intent.site.site.mapSpan[0]);
      byDoc.set(i, [...(byDoc.get(i) ?? []), intent]);
    }
    before.docs.forEach((doc, i) => {
      const a = toJS(doc) as { ok?: unknown; threw?: string };
      const b = toJS(parsedAfter.docs[i]) as { ok?: unknown; threw?: string };
      if (a.threw !== undefined) return;
      ensure(b.threw === undefined, `${check}/js-diff`, () => context(`document ${i} no longer converts: ${b.threw}`));
      for (const intent of byDoc.get(i) ?? []) {
        const path = locationOf(intent.site.site);
        const was = navigate(a.ok, path);
        const now = navigate(b.ok, path);
        ensure(was && now, `${check}/js-diff`, () => context(`container ${path} is no longer a map in document ${i}`));
        const written = now[intent.key];
        if (intent.value !== undefined) {
          ensure(written === intent.value, `${check}/js-value`, () => context(`${path}.${intent.key} reads ${JSON.stringify(written)} after the edit, expected ${JSON.stringify(intent.value)}\n--- output ---\n${readable(output)}`));
        } else {
          const old = was[intent.key];
          // A case change (invalid-image's lowercase fix), or a number or boolean quoted into a string (its quote fix).
          const quoted = typeof old !== 'string' && old !== null && typeof old !== 'object' && typeof written === 'string';
          ensure(quoted || (typeof written === 'string' && typeof old === 'string' && written !== old && written.toLowerCase() === old.toLowerCase()), `${check}/js-value`, () =>
            context(`${path}.${intent.key}: ${JSON.stringify(old)} became ${JSON.stringify(written)}, expected a case change or quotes only`),
          );
        }
        delete was[intent.key];
        delete now[intent.key];
      }
      ensure(isDeepStrictEqual(a.ok, b.ok), anchored ? `${check}/anchor-write-through` : `${check}/js-diff`, () => context(`document ${i} changed beyond the intended keys: ${firstDifference(a.ok, b.ok)}\n--- output ---\n${readable(output)}`));
    });
  }

  // Analysing again: no throw, the written policy is effective, nothing else moved.
  let after: Analysis;
  try {
    after = analyze(output, settings);
  } catch (error) {
    fail(`${check}/reanalysis-threw`, context(`analysing the output threw: ${error instanceof Error ? error.message : String(error)}`));
  }
  ensure(!after.findings.some((f) => f.ruleId === 'not-analysed'), `${check}/reanalysis-threw`, () => context('analysing the output gave up'));
  const beforeSites = sitesOf(analysis);
  const afterSites = sitesOf(after);
  const intended = new Set(intents.map((i) => keyOf(i.site)));
  ensure(after.documents.length === analysis.documents.length, `${check}/documents`, () => context(`${analysis.documents.length} analysed documents became ${after.documents.length}`));
  for (const intent of intents) {
    const key = keyOf(intent.site);
    const now = afterSites.get(key);
    ensure(now, `${check}/site-lost`, () => context(`container ${key} is no longer found\n--- output ---\n${readable(output)}`));
    if (intent.policy) {
      // A policy cannot save an object rejected for its image (`image: [x]`, `image: 42`).
      const want = isImageNotText(now.site) ? undefined : settings.assumeAlwaysPullImages ? 'Always' : intent.policy;
      ensure(now.effective.policy === want, `${check}/effective`, () =>
        context(`container ${key}: effective policy ${now.effective.policy} (${now.effective.origin}) after writing ${intent.policy}\n--- output ---\n${readable(output)}`),
      );
    } else {
      ensure(now.effective.decision.parsed.ok, `${check}/effective`, () => context(`container ${key}: the repaired image ${JSON.stringify(now.effective.image)} still does not parse`));
    }
  }
  if (before.errors === 0) {
    ensure(afterSites.size === beforeSites.size, `${check}/sites`, () => context(`${beforeSites.size} containers became ${afterSites.size}`));
  }
  for (const [key, was] of beforeSites) {
    if (intended.has(key)) continue;
    const now = afterSites.get(key);
    if (!now) {
      ensure(before.errors > 0, `${check}/sites`, () => context(`container ${key} is no longer found`));
      continue;
    }
    const aliased = [was.site.image, was.site.policy].some((e) => e && was.source.text[e.valueSpan[0]] === '*');
    ensure(now.effective.policy === was.effective.policy && now.effective.image === was.effective.image, anchored && aliased ? `${check}/anchor-write-through` : `${check}/other-changed`, () =>
      context(`container ${key}, which the edit was not for, changed: policy ${was.effective.policy} → ${now.effective.policy}, image ${JSON.stringify(was.effective.image)} → ${JSON.stringify(now.effective.image)}\n--- output ---\n${readable(output)}`),
    );
  }
  return { output, after };
}

/** Findings for a site, matched by the spans rules report. */
function findingsAt(analysis: Analysis, s: Located | undefined): Finding[] {
  if (!s) return [];
  const { image, policy } = s.site;
  const spans = new Set([image?.valueSpan, policy?.valueSpan, policy?.keySpan].filter((x): x is Span => !!x).map((span) => shift(span, s.start)));
  return analysis.findings.filter((f) => spans.has(String(f.span)));
}

function siteOfFinding(analysis: Analysis, finding: Finding): Located | undefined {
  const at = String(finding.span);
  for (const s of placedSites(analysis)) {
    const { image, policy } = s.site;
    if (finding.ruleId === 'invalid-pull-policy') {
      if (policy && (shift(policy.valueSpan, s.start) === at || shift(policy.keySpan, s.start) === at)) return s;
    } else if (image && shift(image.valueSpan, s.start) === at) {
      return s;
    }
  }
  return undefined;
}

/** The whole-stream document holding `offset`. */
function docIndexAt(parsed: Parsed, offset: number): number {
  let index = 0;
  parsed.docs.forEach((doc, i) => {
    if (doc.range && doc.range[0] <= offset) index = i;
  });
  return index;
}

/** A seeded choice of `count` items (all when count >= length). */
function sample<T>(items: readonly T[], count: number, seed: number): T[] {
  return count >= items.length ? [...items] : shuffle(items, (seed >>> 0) || 1).slice(0, count);
}

const POLICY_RULES = new Set(['implicit-always', 'implicit-if-not-present']);

/** Properties that hold even when the input does not parse. */
const HARD = /\/(overlap|splice|reanalysis-threw)|^total\//;

/**
 * On input with YAML errors the parser's recovery decides what a container is,
 * so a fix may add errors or not take effect: such failures are counted as
 * `broken-input:<property>`, not thrown. Splicing and totality still hold.
 */
function softIfBroken(before: Parsed, options: CheckOptions, body: () => void): void {
  if (before.errors === 0) return body();
  try {
    body();
  } catch (error) {
    if (!(error instanceof PropertyFailure) || HARD.test(error.check)) throw error;
    if (options.stats) bump(options.stats.brokenInput, error.check);
  }
}

// ── fix/* ────────────────────────────────────────────────────────────────────

export function checkFixes(input: string, analysis: Analysis, options: CheckOptions = {}, parsed = once(() => parseText(input))): void {
  const pairs: { finding: Finding; fix: Fix }[] = analysis.findings.flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
  if (pairs.length === 0) return;
  const before = parsed();
  if (before.errors > 0 && options.stats) options.stats.inputsWithSyntaxErrors++;
  for (const { finding, fix } of sample(pairs, options.maxFixes ?? Infinity, options.pick ?? 0)) {
    guarded(options, () => softIfBroken(before, options, () => checkOneFix(input, before, analysis, finding, fix, options)));
  }
}

function checkOneFix(input: string, before: Parsed, analysis: Analysis, finding: Finding, fix: Fix, options: CheckOptions): void {
  if (options.stats) options.stats.fixesChecked++;
  const describe = () => `${finding.ruleId} fix "${fix.title}" at [${finding.span}]`;
  const site = siteOfFinding(analysis, finding);
  ensure(site, 'fix/no-site', () => `${describe()}: no container has this finding's span`);
  let intent: Intent;
  if (finding.ruleId === 'invalid-image') {
    intent = { site, key: site.site.imageKey };
  } else {
    ensure(fix.policy, 'fix/no-policy', () => `${describe()}: a policy fix that does not say which policy it writes`);
    intent = { site, key: site.site.policyKey, value: fix.policy, policy: fix.policy };
  }
  const { after } = checkOutcome('fix', input, before, analysis, fix.edits, [intent], options, describe);
  // Idempotence: the container now offers no policy fix and no finding of the fixed rule.
  const now = sitesOf(after).get(keyOf(site));
  const again = findingsAt(after, now);
  if (POLICY_RULES.has(finding.ruleId) || finding.ruleId === 'invalid-pull-policy') {
    const offending = again.filter((f) => POLICY_RULES.has(f.ruleId) || f.ruleId === finding.ruleId || f.fixes.some((x) => x.policy));
    ensure(offending.length === 0, 'fix/not-idempotent', () => `${describe()}: after the fix the container still has ${offending.map((f) => `${f.ruleId} (${f.fixes.length} fixes)`).join(', ')}`);
    ensure(now && !isPolicyOmitted(now.site), 'fix/not-idempotent', () => `${describe()}: after the fix the policy still counts as omitted`);
  } else {
    const offending = again.filter((f) => f.ruleId === 'invalid-image');
    ensure(offending.length === 0, 'fix/not-idempotent', () => `${describe()}: invalid-image still reported after its fix`);
  }
}

// ── action/* ─────────────────────────────────────────────────────────────────

export const SOURCE_ACTIONS: readonly { readonly name: string; readonly choose: (defaulted: PullPolicy) => PullPolicy }[] = [
  { name: 'fix-all', choose: (d) => d },
  { name: 'if-not-present', choose: () => 'IfNotPresent' },
];

export function checkSourceActions(input: string, analysis: Analysis, options: CheckOptions = {}, parsed = once(() => parseText(input))): void {
  for (const action of sample(SOURCE_ACTIONS, options.maxActions ?? Infinity, (options.pick ?? 0) + 1)) {
    guarded(options, () => softIfBroken(parsed(), options, () => {
      const edits = setOmittedPolicies(analysis, action.choose);
      const sites = sitesOf(analysis);
      // Which container each edit is for, and which omitted policies got none.
      const intents: Intent[] = [];
      const remaining = new Set(edits);
      for (const s of sites.values()) {
        if (!isPolicyOmitted(s.site) || !s.site.image) continue;
        const policy = action.choose(s.effective.decision.policy);
        const edit = setPolicyEdit(s.source, s.site, policy);
        const match = edit && edits.find((e) => remaining.has(e) && String(e.span) === shift(edit.span, s.start) && e.text === edit.text);
        if (match) {
          remaining.delete(match);
          intents.push({ site: s, key: s.site.policyKey, value: policy, policy });
          continue;
        }
        const reason = noEditReason(s.source.text, s.site);
        if (options.stats) bump(options.stats.omittedWithoutEdit, reason);
        ensure(!reason.startsWith('unexpected'), 'action/no-edit', () =>
          `${action.name}: no edit for the omitted ${s.site.policyKey} of ${keyOf(s)} (${reason})`,
        );
      }
      ensure(remaining.size === 0, 'action/stray-edit', () => `${action.name}: ${remaining.size} edits belong to no container with an omitted policy`);
      if (edits.length === 0) return;
      if (options.stats) options.stats.actionEdits += edits.length;
      const before = parsed();
      const describe = () => `source action ${action.name} (${edits.length} edits)`;
      const { output, after } = checkOutcome('action', input, before, analysis, edits, intents, options, describe);
      if (action.name === 'fix-all') {
        const afterSites = sitesOf(after);
        for (const [key, was] of sites) {
          const now = afterSites.get(key);
          if (!now) continue; // checkOutcome reported it when it matters
          ensure(now.effective.policy === was.effective.policy, 'action/fix-all-changed-policy', () =>
            `${describe()}: container ${key} went from ${was.effective.policy} to ${now.effective.policy}\n--- output ---\n${readable(output)}`,
          );
        }
      }
      // Idempotence: the action has nothing left to do where it could act.
      const second = setOmittedPolicies(after, action.choose);
      ensure(second.length === 0, 'action/not-idempotent', () => `${describe()}: applying it again still makes ${second.length} edits\n--- output ---\n${readable(output)}`);
    }));
  }
}

/**
 * Why no edit can write this omitted policy. Reasons starting `unexpected`
 * are failures: the generator writes nothing the edits should not handle.
 */
function noEditReason(text: string, site: ContainerSite): string {
  const image = site.image;
  if (!image) return 'no image entry';
  if (site.shared) return 'container map shared through an alias';
  if (image.inherited) return 'image merged in with <<';
  const policy = site.policy;
  if (policy && text[policy.valueSpan[0]] === '*') return 'policy is an alias';
  if (policy && (policy as { editable?: boolean }).editable === false) return 'policy is anchored (an alias elsewhere would change too)';
  if (site.flow && text[site.mapSpan[0]] !== '{') return 'one-pair flow map without braces (`[image: x]`)';
  if (policy && policy.shape !== 'null' && !policy.literalSpan) return 'policy written with escapes or tags';
  if (image.shape === 'null' || image.value === '') return site.flow ? 'empty image in a flow map' : 'unexpected: empty image in a block map';
  if (!policy) {
    if (!site.flow) {
      const lineStart = text.lastIndexOf('\n', image.keySpan[0] - 1) + 1;
      const prefix = text.slice(lineStart, image.keySpan[0]);
      if (!/^[ -]*$/.test(prefix)) return `image key after ${JSON.stringify(prefix.trim().slice(0, 20))} on its line`;
    }
  }
  return 'unexpected';
}
