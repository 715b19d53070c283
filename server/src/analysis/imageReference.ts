// Docker/OCI image references, parsed exactly as Kubernetes parses them:
// `ParseNormalizedNamed` and `Parse` from github.com/distribution/reference
// v0.6.0 (normalize.go, reference.go, regexp.go), with digests validated by
// github.com/opencontainers/go-digest v1.0.0 and sha256/sha384/sha512
// registered as in kube-apiserver. The conformance data's SPEC.md restates the
// rules (vectors: test/conformance/image-references.json). The libraries of
// older Kubernetes releases are selectable (SPEC §6).

export type ReferenceLibrary = 'distribution/reference v0.6' | 'distribution/reference v0.5' | 'docker/distribution v2.8';

export interface ImageReference {
  /** Registry host[:port]; "" when there is none (only possible with `parse`). */
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
  /** `domain/path`, or just `path` without a domain. */
  name: string;
  /** The name as Docker shows it: without `docker.io/`, and without `library/` for official images. */
  familiarName: string;
  /** `name[:tag][@digest]` */
  string: string;
}

/** Upstream's error, without the `Err` prefix (`digest.ErrDigestUnsupported` → `DigestUnsupported`). */
export type ImageReferenceErrorKind =
  | 'IdentifierNotAllowed'
  | 'RemoteNameNotLowercase'
  | 'NameEmpty'
  | 'NameContainsUppercase'
  | 'ReferenceInvalidFormat'
  | 'NameTooLong'
  | 'DigestUnsupported'
  | 'DigestInvalidLength'
  | 'DigestInvalidFormat';

export interface ImageReferenceError {
  kind: ImageReferenceErrorKind;
  /** Upstream's error text, for the selected library. */
  message: string;
  /** One or two sentences for a person: which part is wrong, and why. */
  explanation: string;
}

export type ParsedImage = { ok: true; ref: ImageReference } | { ok: false; error: ImageReferenceError };

const V06: ReferenceLibrary = 'distribution/reference v0.6';
const V05: ReferenceLibrary = 'distribution/reference v0.5';
const V28: ReferenceLibrary = 'docker/distribution v2.8';

// ── Grammar ──────────────────────────────────────────────────────────────────
// Spelled like regexp.go. Go's regexp package is RE2: linear time, no
// backtracking. V8's engine backtracks. It keeps a stack entry for every
// iteration of a quantified group, and of an open-ended counted loop such as
// `{32,}`, and throws RangeError after a few million. Loops over a single
// character class are safe. So the patterns below use only such loops and
// bounded counts, and the grammar's `item *(separator item)` repetitions are
// matched by `list`, one step at a time.

type Matcher = (s: string) => boolean;

const group = (...parts: string[]): string => `(?:${parts.join('')})`;
const optional = (...parts: string[]): string => `${group(...parts)}?`;
/** Whole-string match. Without the `m` flag `$` is the true end, as in Go: "nginx\n" does not match. */
const match = (...parts: string[]): Matcher => {
  const re = new RegExp(`^${group(...parts)}$`);
  return (s) => re.test(s);
};
/**
 * Whole-string `item *(separator item)`, one sticky match per step. Items and
 * separators use disjoint characters, so an item must run to the end of its
 * characters (`itemChar`). The lookahead asserts that. Without it a shorter
 * alternative could end the item early, where Go would backtrack into a
 * longer one.
 */
const list = (item: string, itemChar: string, separator: string): Matcher => {
  const first = new RegExp(group(item) + `(?!${itemChar})`, 'y');
  const next = new RegExp(group(separator) + group(item) + `(?!${itemChar})`, 'y');
  return (s) => {
    let re = first;
    re.lastIndex = 0;
    while (re.test(s)) {
      if (re.lastIndex === s.length) return true;
      next.lastIndex = re.lastIndex;
      re = next;
    }
    return false;
  };
};

const alphanumeric = '[a-z0-9]+';
const separator = '[._]|__|[-]+';
const domainNameComponent = '[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]';
const ipv6address = '\\[[a-fA-F0-9:]+\\]';
const optionalPort = optional(':[0-9]+');
const tag = '[\\w][\\w.-]{0,127}';
const algorithmComponent = '[A-Za-z][A-Za-z0-9]*';
const algorithmSeparator = '[-_+.]';
const encoded = '[0-9a-fA-F]{32}[0-9a-fA-F]*'; // Go: [[:xdigit:]]{32,}
const identifier = '[a-f0-9]{64}';

const isPathComponent = list(alphanumeric, '[a-z0-9]', separator);
// pathComponent *("/" pathComponent) is the same list with "/" as one more separator.
const isRemoteName = list(alphanumeric, '[a-z0-9]', `${separator}|/`);
const isDomainNameComponent = match(domainNameComponent);
const isDomainName = list(domainNameComponent, '[a-zA-Z0-9-]', '\\.');
const isIpv6address = match(ipv6address);
const isIpv6AndPort = match(ipv6address, optionalPort);
const isPort = match('[0-9]+');
const isTag = match(tag);
const isAlgorithm = list(algorithmComponent, '[A-Za-z0-9]', algorithmSeparator);
const isEncoded = match(encoded);
const isIdentifier = match(identifier);
const isSeparator = match(separator);

/** domainAndPort = host [":" port]; host = domainName | ipv6address (v2.8: no IPv6). */
function isDomainAndPort(s: string, library: ReferenceLibrary): boolean {
  if (s.startsWith('[')) return library !== V28 && isIpv6AndPort(s);
  const colon = s.indexOf(':'); // a domain name has no ':', so the first one starts the port
  return colon < 0 ? isDomainName(s) : isDomainName(s.slice(0, colon)) && isPort(s.slice(colon + 1));
}

/** digest = algorithm ":" encoded; the algorithm has no ':', so the first one separates them. */
function isDigest(s: string): boolean {
  const colon = s.indexOf(':');
  return colon >= 0 && isAlgorithm(s.slice(0, colon)) && isEncoded(s.slice(colon + 1));
}

/**
 * Cuts `name [":" tag] ["@" digest]` where every full match must cut it: '@'
 * occurs only before the digest. The tag has no ':' or '/', and a name has no
 * ':' after its last '/' (path components have none; a domain needs a '/'
 * after it). So a ':' after the last '/' must start the tag.
 */
function cut(s: string): { name: string; tag: string | null; digest: string | null } {
  const at = s.indexOf('@');
  const nameAndTag = at < 0 ? s : s.slice(0, at);
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > nameAndTag.lastIndexOf('/');
  return {
    name: hasTag ? nameAndTag.slice(0, colon) : nameAndTag,
    tag: hasTag ? nameAndTag.slice(colon + 1) : null,
    digest: at < 0 ? null : s.slice(at + 1),
  };
}

/** anchoredNameRegexp: `[(domainAndPort) "/"] (remoteName)`; the optional domain is greedy, so it is tried first. */
function splitName(name: string, library: ReferenceLibrary): { domain: string; path: string } | null {
  const slash = name.indexOf('/');
  if (slash >= 0 && isDomainAndPort(name.slice(0, slash), library) && isRemoteName(name.slice(slash + 1))) {
    return { domain: name.slice(0, slash), path: name.slice(slash + 1) };
  }
  return isRemoteName(name) ? { domain: '', path: name } : null;
}

/** What Go's referenceRegexp and anchoredNameRegexp capture, or null when the reference does not match. */
function matchReference(s: string, library: ReferenceLibrary) {
  const { name, tag: t, digest: d } = cut(s);
  if ((d !== null && !isDigest(d)) || (t !== null && !isTag(t))) return null;
  const split = splitName(name, library);
  return split && { ...split, tag: t, digest: d };
}

// ── Parsing ──────────────────────────────────────────────────────────────────

const MAX_NAME_LENGTH = 255;
const DIGEST_HEX_LENGTH = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

/**
 * Go's strings.ToLower maps code points one to one (simple case mapping). JS
 * also applies SpecialCasing, which differs only for U+0130 "İ": JS gives
 * "i̇" and Go gives "i". Only Go's result can then match the ASCII grammar.
 */
const goToLower = (s: string): string => s.replace(/\u0130/g, 'i').toLowerCase();

/**
 * `Parse`: the raw grammar, with no Docker Hub defaulting. When the first of
 * several components is valid domain syntax, it is the domain: `a/b` has
 * domain "a". Kubernetes does not call it; use `parseNormalizedNamed`.
 */
export function parse(input: string, library: ReferenceLibrary = V06): ParsedImage {
  if (input === '') return failure('NameEmpty', 'The image reference is empty.');
  return parseReference(input, library, () => describeMismatch(input, library, false));
}

/** `ParseNormalizedNamed`, as called by Kubernetes' `ParseImageName`. */
export function parseNormalizedNamed(input: string, library: ReferenceLibrary = V06): ParsedImage {
  if (isIdentifier(input)) {
    return error(
      'IdentifierNotAllowed',
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
      'The image reference is a bare 64-character hex string, which is read as an image ID rather than a repository name.',
    );
  }
  const { domain, remainder } = splitDockerDomain(input, library);
  // Everything before the first ':' of the remainder: the path, plus "@algorithm" when there is no tag.
  const colon = remainder.indexOf(':');
  const remote = colon < 0 ? remainder : remainder.slice(0, colon);
  if (goToLower(remote) !== remote) {
    return error(
      'RemoteNameNotLowercase',
      library === V28
        ? 'invalid reference format: repository name must be lowercase'
        : `invalid reference format: repository name (${remote}) must be lowercase`,
      describeUppercaseRemote(remote, input, library),
    );
  }
  return parseReference(`${domain}/${remainder}`, library, () => describeMismatch(input, library, true));
}

/** True when ParseNormalizedNamed takes the text before the first '/' as the registry host. */
function isHostLike(first: string, library: ReferenceLibrary): boolean {
  return (
    first === 'localhost' ||
    /[.:]/.test(first) || // also covers index.docker.io
    // Repository names cannot be uppercase, so an uppercase first component is taken as a host (not in v2.8).
    (library !== V28 && goToLower(first) !== first)
  );
}

function splitDockerDomain(name: string, library: ReferenceLibrary): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  // No '/': a Docker Hub name, so in "host:5000" the "5000" is a tag, not a port.
  if (slash < 0) return { domain: 'docker.io', remainder: `library/${name}` };
  const first = name.slice(0, slash);
  let domain = 'docker.io';
  let remainder = name;
  if (isHostLike(first, library)) {
    domain = first === 'index.docker.io' ? 'docker.io' : first; // exact, case-sensitive compare
    remainder = name.slice(slash + 1);
  }
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

function parseReference(s: string, library: ReferenceLibrary, describe: () => string): ParsedImage {
  const m = matchReference(s, library);
  if (!m) {
    const lower = goToLower(s);
    return lower !== s && matchReference(lower, library)
      ? failure('NameContainsUppercase', describe())
      : failure('ReferenceInvalidFormat', describe());
  }
  const name = m.domain ? `${m.domain}/${m.path}` : m.path;
  // v0.6 limits the path only; v0.5 and v2.8 limit the whole name, domain included.
  const limited = library === V05 || library === V28 ? name : m.path;
  if (limited.length > MAX_NAME_LENGTH) return failure('NameTooLong', describeTooLong(limited, m.domain, m.path, library));
  const badDigest = m.digest !== null && validateDigest(m.digest);
  if (badDigest) return badDigest;
  const familiarPath =
    m.domain === 'docker.io' && m.path.startsWith('library/') && !m.path.slice('library/'.length).includes('/')
      ? m.path.slice('library/'.length)
      : m.path;
  return {
    ok: true,
    ref: {
      domain: m.domain,
      path: m.path,
      tag: m.tag,
      digest: m.digest,
      name,
      familiarName: m.domain === 'docker.io' ? familiarPath : name,
      string: name + (m.tag === null ? '' : `:${m.tag}`) + (m.digest === null ? '' : `@${m.digest}`),
    },
  };
}

/** go-digest's Digest.Validate, for a digest that already matched the reference grammar. */
function validateDigest(digest: string): ParsedImage | null {
  const colon = digest.indexOf(':');
  const alg = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH.get(alg);
  if (length === undefined) {
    // go-digest says "unsupported" only if the digest matches its own pattern. After
    // the reference grammar, that pattern fails exactly when the algorithm has uppercase.
    return /[A-Z]/.test(alg)
      ? failure('DigestInvalidFormat', `The digest algorithm ${quote(alg)} must be lowercase, for example "sha256".`)
      : failure('DigestUnsupported', `The digest algorithm ${quote(alg)} is not supported; use sha256, sha384 or sha512.`);
  }
  if (hex.length !== length) {
    return failure('DigestInvalidLength', `The ${alg} digest must have exactly ${length} lowercase hex digits; this one has ${hex.length}.`);
  }
  if (/[A-F]/.test(hex)) {
    return failure('DigestInvalidFormat', `The ${alg} digest must be lowercase hex; this one contains uppercase letters.`);
  }
  return null;
}

/** Upstream's fixed error texts (reference.go; go-digest digest.go). */
const MESSAGES = {
  NameEmpty: 'repository name must have at least one component',
  NameContainsUppercase: 'repository name must be lowercase',
  ReferenceInvalidFormat: 'invalid reference format',
  NameTooLong: `repository name must not be more than ${MAX_NAME_LENGTH} characters`,
  DigestUnsupported: 'unsupported digest algorithm',
  DigestInvalidLength: 'invalid checksum digest length',
  DigestInvalidFormat: 'invalid checksum digest format',
} satisfies Partial<Record<ImageReferenceErrorKind, string>>;

const error = (kind: ImageReferenceErrorKind, message: string, explanation: string): ParsedImage => ({
  ok: false,
  error: { kind, message, explanation },
});
const failure = (kind: keyof typeof MESSAGES, explanation: string): ParsedImage => error(kind, MESSAGES[kind], explanation);

// ── Explanations ─────────────────────────────────────────────────────────────
// Only reached on errors. They name the first part that breaks the grammar.

/** A quoted excerpt; control characters and lone surrogates are escaped, long text is shortened. */
const quote = (s: string): string => JSON.stringify(s.length > 64 ? `${s.slice(0, 60)}…` : s);
const SEPARATOR_RULE = 'letters and digits may be separated only by one ".", one or two "_", or any number of "-"';

/** `remote` is the path, plus "@algorithm" when there is no tag. */
function describeUppercaseRemote(remote: string, input: string, library: ReferenceLibrary): string {
  const at = remote.indexOf('@');
  const path = at < 0 ? remote : remote.slice(0, at);
  if (goToLower(path) === path) {
    return `The digest algorithm ${quote(remote.slice(at + 1))} contains uppercase letters; it must be lowercase, for example "sha256".`;
  }
  const slash = input.indexOf('/');
  const first = input.slice(0, Math.max(slash, 0));
  const notHostInV28 = library === V28 && slash >= 0 && isHostLike(first, V06) && !isHostLike(first, V28);
  return (
    `The repository path ${quote(path)} contains uppercase letters; repository names must be lowercase.` +
    (notHostInV28 ? ' docker/distribution v2.8 (Kubernetes 1.28 and older) does not read an uppercase first component as a registry host.' : '')
  );
}

function describeTooLong(limited: string, domain: string, path: string, library: ReferenceLibrary): string {
  const hub = domain === 'docker.io' && path.startsWith('library/') ? ', counting the "library/" prefix of Docker Hub names' : '';
  return library === V06
    ? `The repository path is ${limited.length} characters long${hub}; it may have at most ${MAX_NAME_LENGTH}.`
    : `The repository name is ${limited.length} characters long including the registry${hub}; this library version allows at most ${MAX_NAME_LENGTH}.`;
}

/** Why `input` does not match the grammar. `normalized`: the domain is chosen as ParseNormalizedNamed does. */
function describeMismatch(input: string, library: ReferenceLibrary, normalized: boolean): string {
  if (input === '') return 'The image reference is empty.';
  if (/\s/.test(input)) {
    const where = /^\s/.test(input) ? ' at the start' : /\s$/.test(input) ? ' at the end' : '';
    return `The image reference contains whitespace${where}; image references cannot contain spaces, tabs or line breaks.`;
  }
  if (input.includes('://')) return 'An image reference is not a URL; leave out the scheme, such as "https://".';
  const stray = /[^A-Za-z0-9._\-:/@[\]+]/u.exec(input);
  if (stray) return `The image reference contains ${quote(stray[0])}, which is not allowed anywhere in an image reference.`;
  if (input.indexOf('@') !== input.lastIndexOf('@')) return 'The image reference contains more than one "@"; only one digest can follow the name.';
  const { name, tag: t, digest: d } = cut(input);
  if (d !== null && !isDigest(d)) return describeDigestSyntax(d);
  if (t !== null && !isTag(t)) return describeTag(t);
  if (name === '') return `There is no repository name before the ${t !== null ? '":"' : '"@"'}.`;
  const slash = name.indexOf('/');
  const first = name.slice(0, Math.max(slash, 0));
  // The part meant as registry host: ParseNormalizedNamed's rule, or for Parse any valid host.
  const hasHost = slash >= 0 && (normalized ? isHostLike(first, library) : isDomainAndPort(first, library));
  if (hasHost && !isDomainAndPort(first, library)) {
    return (
      `The registry host ${quote(first)} is not valid: ${describeHost(first, library)}.` +
      (goToLower(first) !== first ? ' Read as part of the repository path instead, it would have to be lowercase.' : '')
    );
  }
  return describePath(hasHost ? name.slice(slash + 1) : name);
}

function describeDigestSyntax(digest: string): string {
  const colon = digest.indexOf(':');
  if (colon < 0) return `The digest ${quote(digest)} must have the form algorithm:hex, for example sha256: followed by 64 hex digits.`;
  const alg = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (!isAlgorithm(alg)) return `The digest algorithm ${quote(alg)} is not valid; use sha256, sha384 or sha512.`;
  const length = DIGEST_HEX_LENGTH.get(alg);
  const bad = /[^0-9a-fA-F]/u.exec(hex);
  if (bad) return `The digest after ${quote(`${alg}:`)} contains ${quote(bad[0])}; it must consist of hex digits only.`;
  return length === undefined
    ? `The digest ${quote(digest)} has ${hex.length} hex digits; at least 32 are required, and only sha256, sha384 and sha512 are supported.`
    : `The ${alg} digest must have exactly ${length} lowercase hex digits; this one has ${hex.length}.`;
}

function describeTag(t: string): string {
  if (t === '') return 'The tag after ":" is empty.';
  const bad = /[^\w.-]/u.exec(t);
  if (bad) return `The tag ${quote(t)} contains ${quote(bad[0])}; tags may contain only letters, digits, "_", "." and "-".`;
  if (t.length > 128) return `The tag is ${t.length} characters long; tags may have at most 128.`;
  return `The tag ${quote(t)} starts with ${quote(t.charAt(0))}; a tag must start with a letter, digit or "_".`;
}

function describeHost(host: string, library: ReferenceLibrary): string {
  if (host.startsWith('[')) {
    if (library === V28) return 'IPv6 addresses are not supported by docker/distribution v2.8 (Kubernetes 1.28 and older)';
    const close = host.indexOf(']') + 1;
    if (close === 0 || !isIpv6address(host.slice(0, close))) {
      return 'an IPv6 address may contain only hex digits and ":" between "[" and "]" (no zone ID or embedded IPv4 address)';
    }
    return describePort(host.slice(close));
  }
  const colon = host.indexOf(':');
  const hostName = colon < 0 ? host : host.slice(0, colon);
  const bad = /[^A-Za-z0-9.-]/u.exec(hostName);
  if (bad) return `host names cannot contain ${quote(bad[0])}`;
  if (/^\.|\.\.|\.$/.test(hostName)) return 'it has an empty label (a leading, trailing or doubled ".")';
  for (const [label] of hostName.matchAll(/[^.]+/g)) {
    if (!isDomainNameComponent(label)) return `the label ${quote(label)} starts or ends with "-"`;
  }
  return colon < 0 ? 'it is not a valid host name' : describePort(host.slice(colon));
}

/** `rest` is what follows the host: "" or ":port". */
function describePort(rest: string): string {
  if (!rest.startsWith(':')) return 'the address must be followed by ":port" or "/"';
  return rest === ':' ? 'the port after ":" is empty' : `the port ${quote(rest.slice(1))} must be a number`;
}

function describePath(path: string): string {
  if (path === '') return 'There is no repository path after the registry host.';
  if (/^\/|\/\/|\/$/.test(path)) {
    return `The repository path ${quote(path)} has an empty component; it cannot start or end with "/" or contain "//".`;
  }
  for (const [component] of path.matchAll(/[^/]+/g)) {
    if (!isPathComponent(component)) return `The repository path component ${quote(component)} ${describePathComponent(component)}.`;
  }
  return 'The image reference does not match the image reference grammar.';
}

function describePathComponent(c: string): string {
  if (goToLower(c) !== c) return 'contains uppercase letters; repository names must be lowercase';
  const bad = /[^a-z0-9._-]/u.exec(c);
  if (bad) {
    const hostHint = /[:[\]]/.test(bad[0]) ? '; a registry host with a port must be followed by "/" and the repository path' : '';
    return `contains ${quote(bad[0])}, which repository names cannot contain${hostHint}`;
  }
  if (/^[._-]/.test(c)) return `starts with ${quote(c.charAt(0))}; components must start and end with a lowercase letter or digit`;
  if (/[._-]$/.test(c)) return `ends with ${quote(c.charAt(c.length - 1))}; components must start and end with a lowercase letter or digit`;
  for (const [run] of c.matchAll(/[._-]+/g)) {
    if (!isSeparator(run)) return `contains ${quote(run)}; ${SEPARATOR_RULE}`;
  }
  return 'is not a valid path component';
}
