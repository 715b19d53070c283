// A Tiltfile is Starlark and cannot be evaluated here, so only literal calls are
// read: `docker_build('ref', …)` and `custom_build('ref', …)` (what Tilt builds),
// `k8s_yaml('file.yaml')` or `k8s_yaml(['a.yaml', 'b.yaml'])`, and `kustomize('dir')`
// and `helm('chart')` (what it deploys), and `include('path')` / `load('path', …)` of
// other Tiltfiles (extensions, `ext://…`, are not files here). A call of these whose argument is not a
// string literal (a variable, a loop, `listdir(…)`) is reported, with its line, so
// hovers can say what was not understood. Never throws.

export const TILTFILE_NAME = 'Tiltfile';

export interface TiltfileCalls {
  /** `docker_build` / `custom_build` references, in order. */
  readonly builds: readonly { readonly image: string; readonly call: 'docker_build' | 'custom_build' }[];
  /** `k8s_yaml` files, as written (relative to the Tiltfile's directory). */
  readonly yaml: readonly string[];
  /** `kustomize` directories and `helm` charts, as written. */
  readonly kustomizations: readonly string[];
  readonly charts: readonly string[];
  /** `include` and `load` paths, as written. */
  readonly includes: readonly string[];
  /** `line N: call(…)` for each call whose argument is not a literal. */
  readonly notUnderstood: readonly string[];
}

const CALLS = /(?<![\w.])(docker_build|custom_build|k8s_yaml|kustomize|helm|include|load)\s*\(\s*(?:(?:ref|paths|yaml|pathToDir|chart)\s*=\s*)?/g;
/** A Starlark string literal (sticky: matched at `lastIndex`). */
const STRING = /[rb]?(?:"""([\s\S]*?)"""|'''([\s\S]*?)'''|"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)')/y;
const SPACE = /\s*/y;

type Call = 'docker_build' | 'custom_build' | 'k8s_yaml' | 'kustomize' | 'helm' | 'include' | 'load';

export function readTiltfile(text: string): TiltfileCalls {
  const code = codeOnly(text);
  const calls = { builds: [] as TiltfileCalls['builds'][number][], yaml: [] as string[], kustomizations: [] as string[], charts: [] as string[], includes: [] as string[], notUnderstood: [] as string[] };
  let line = 1;
  let counted = 0;
  for (const match of code.matchAll(CALLS)) {
    const name = match[1] as Call;
    const start = match.index ?? 0;
    const at = start + match[0].length;
    for (; counted < start; counted++) if (code.charCodeAt(counted) === 10) line++;
    // `k8s_yaml(kustomize('dir'))`: the inner call is read on its own.
    if (name === 'k8s_yaml' && /^(kustomize|helm)\s*\(/.test(code.slice(at, at + 20))) continue;
    const values = name === 'k8s_yaml' ? literalList(text, at) : literal(text, at);
    if (values === undefined) {
      calls.notUnderstood.push(`line ${line}: ${name}(${text.slice(at, at + 60).split(/[\n)]/)[0].trim()}…)`);
      continue;
    }
    for (const value of typeof values === 'string' ? [values] : values) {
      if (name === 'docker_build' || name === 'custom_build') calls.builds.push({ image: value, call: name });
      else if (name === 'k8s_yaml') calls.yaml.push(value);
      else if (name === 'kustomize') calls.kustomizations.push(value);
      else if (name === 'helm') calls.charts.push(value);
      else if (!value.startsWith('ext://')) calls.includes.push(value);
    }
  }
  return calls;
}

/** The string literal at `at` and where it ends. */
function stringAt(text: string, at: number): { value: string; end: number } | undefined {
  STRING.lastIndex = at;
  const match = STRING.exec(text);
  return match ? { value: match.slice(1).find((group) => group !== undefined) ?? '', end: STRING.lastIndex } : undefined;
}

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** A string literal at `at`, followed by `,` or `)`. */
function literal(text: string, at: number): string | undefined {
  const found = stringAt(text, at);
  if (!found) return undefined;
  const next = text[skipSpace(text, found.end)];
  return next === ',' || next === ')' ? found.value : undefined;
}

/** A string literal, or a list of them, at `at`. */
function literalList(text: string, at: number): string | string[] | undefined {
  if (text[at] !== '[') return literal(text, at);
  const values: string[] = [];
  let i = skipSpace(text, at + 1);
  while (text[i] !== ']') {
    const found = stringAt(text, i);
    if (!found) return undefined;
    values.push(found.value);
    i = skipSpace(text, found.end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
    else if (text[i] !== ']') return undefined;
  }
  const next = text[skipSpace(text, i + 1)];
  return next === ',' || next === ')' ? values : undefined;
}

/**
 * The text with comments and the insides of strings blanked by spaces (same length,
 * line breaks kept), so calls are found only in code and offsets still point into `text`.
 */
function codeOnly(text: string): string {
  const parts: string[] = [];
  let from = 0;
  const blank = (start: number, end: number) => {
    parts.push(text.slice(from, start), text.slice(start, end).replace(/[^\n]/g, ' '));
    from = end;
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = stringAt(text, i)?.end ?? i + 1;
      // Keep the quotes: a literal is read from `text` where the code shows one.
      if (end - i > 2) blank(i + 1, end - 1);
      i = end;
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = from;
    } else {
      i++;
    }
  }
  parts.push(text.slice(from));
  return parts.join('');
}
