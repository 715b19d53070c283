import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parse, parseNormalizedNamed } from '../../server/src/analysis/imageReference';
import type { ParsedImage, ReferenceLibrary } from '../../server/src/analysis/imageReference';

// ── Conformance data (test/conformance/README.md) ───────────────────────────

interface KubernetesBlock {
  valid: boolean;
  domain?: string;
  path?: string;
  tag?: string | null;
  digest?: string | null;
  name?: string;
  string?: string;
  familiarName?: string;
  errorKind?: string;
  error?: string;
}
interface Case {
  id: string;
  api: string;
  input?: string;
  image?: string;
  expected?: Record<string, unknown>;
  kubernetes: KubernetesBlock;
  kubernetesOtherVersions?: Record<string, KubernetesBlock>;
}
const data = JSON.parse(readFileSync(path.resolve(__dirname, '../conformance/image-references.json'), 'utf8')) as {
  referenceParsing: Case[];
  pullPolicyDefaults: Case[];
};
const cases = [...data.referenceParsing, ...data.pullPolicyDefaults];
const inputOf = (c: Case): string => c.input ?? c.image ?? '';

const V06: ReferenceLibrary = 'distribution/reference v0.6';
/** The data's names for the older libraries. */
const OLDER: Record<string, ReferenceLibrary> = {
  'distribution/reference v0.5.0': 'distribution/reference v0.5',
  'docker/distribution v2.8.2': 'docker/distribution v2.8',
};

/** The data names upstream's error variables: "ErrNameTooLong", "digest.ErrDigestUnsupported". */
const kindOf = (upstream: string): string => upstream.replace(/^digest\./, '').replace(/^Err/, '');
const excerpt = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);

function assertMatches(actual: ParsedImage, want: KubernetesBlock, where: string): void {
  assert.equal(actual.ok, want.valid, `${where}: valid (${actual.ok ? actual.ref.string : actual.error.message})`);
  if (actual.ok) {
    for (const field of ['domain', 'path', 'tag', 'digest', 'name', 'string', 'familiarName'] as const) {
      if (field in want) assert.equal(actual.ref[field], want[field], `${where}: ${field}`);
    }
  } else {
    assert.equal(actual.error.kind, kindOf(want.errorKind ?? ''), `${where}: kind`);
    assert.equal(actual.error.message, want.error, `${where}: message`);
    assert.ok(actual.error.explanation.length > 0, `${where}: explanation`);
  }
}

describe('conformance: the kubernetes block of every case', () => {
  assert.equal(cases.length, 367);
  for (const c of cases) {
    const input = inputOf(c);
    test(`${c.id} ${excerpt(input)}`, () => {
      assertMatches(parseNormalizedNamed(input), c.kubernetes, V06);
      // Older libraries: their own entry where they differ, otherwise the same answer (README).
      for (const [key, library] of Object.entries(OLDER)) {
        assertMatches(parseNormalizedNamed(input, library), c.kubernetesOtherVersions?.[key] ?? c.kubernetes, library);
      }
      assert.deepEqual(Object.keys(c.kubernetesOtherVersions ?? {}).filter((k) => !(k in OLDER)), [], 'unknown library in data');
    });
  }
});

// ── Upstream `expected` blocks ───────────────────────────────────────────────
// Checked for the APIs this module exposes (ParseNormalizedNamed, Parse), and
// for those that follow exactly from them: ParseNamed and the regexp tables.
// Not checked: ParseDockerRef, ParseAnyReference, WithName/WithTag/WithDigest
// and FamiliarMatch, which are not reimplemented.

/** What a test can compare: validity, the error kind, and the fields (plus the few upstream derives). */
interface Outcome {
  valid: boolean;
  kind?: string;
  fields?: Record<string, unknown>;
}
function outcome(parsed: ParsedImage): Outcome {
  if (!parsed.ok) return { valid: false, kind: parsed.error.kind };
  const ref = parsed.ref;
  const familiarString = ref.familiarName + (ref.tag === null ? '' : `:${ref.tag}`) + (ref.digest === null ? '' : `@${ref.digest}`);
  return { valid: true, fields: { ...ref, familiarString, tagged: ref.tag !== null, digested: ref.digest !== null } };
}

function assertExpected(actual: Outcome, expected: Record<string, unknown> = {}): void {
  assert.equal(actual.valid, expected['valid'] ?? expected['match'], `valid (${actual.kind ?? 'ok'})`);
  if (typeof expected['error'] === 'string') assert.equal(actual.kind, kindOf(expected['error']), 'kind');
  for (const [field, want] of Object.entries(expected)) {
    if (!['valid', 'match', 'error'].includes(field)) assert.equal(actual.fields?.[field], want, field);
  }
}

const byApi = (api: string): Case[] => data.referenceParsing.filter((c) => c.api === api);
function expectedTests(api: string, run: (input: string) => Outcome, expectedOf = (c: Case) => c.expected): void {
  describe(`upstream expected: ${api}`, () => {
    for (const c of byApi(api)) test(`${c.id} ${excerpt(inputOf(c))}`, () => assertExpected(run(inputOf(c)), expectedOf(c)));
  });
}

/** Upstream's test binary does not link crypto/sha512; kube-apiserver does, so Kubernetes accepts it (the case's note). */
const SHA512_UNREGISTERED_UPSTREAM = 'ref/reference_test/TestReferenceParse/14';

expectedTests('ParseNormalizedNamed', (s) => outcome(parseNormalizedNamed(s)));
expectedTests('Parse', (s) => outcome(parse(s)), (c) =>
  c.id === SHA512_UNREGISTERED_UPSTREAM ? { valid: true, digest: c.kubernetes.digest } : c.expected,
);
expectedTests('Parse (via Field.UnmarshalText)', (s) => outcome(parse(s)));
// ParseNamed is ParseNormalizedNamed, refusing input that is not already canonical.
expectedTests('ParseNamed', (s) => {
  const parsed = parseNormalizedNamed(s);
  return parsed.ok && parsed.ref.string !== s ? { valid: false, kind: 'NameNotCanonical' } : outcome(parsed);
});
// Parse takes the text before the first "/" as the domain whenever it is domainAndPort ("x" is a valid path).
expectedTests('regexp ^domainAndPort$', (s) => {
  const parsed = parse(`${s}/x`);
  return { valid: parsed.ok && parsed.ref.domain === s };
});
// anchoredNameRegexp: a name alone, without tag or digest.
expectedTests('regexp anchoredName (captures domain, path)', (s) => {
  const parsed = outcome(parse(s));
  return { ...parsed, valid: parsed.valid && parsed.fields?.['tag'] === null && parsed.fields?.['digest'] === null };
});
// The regexp reports a missing tag or digest as "".
expectedTests('regexp reference (captures name, tag, digest)', (s) => {
  const parsed = outcome(parse(s));
  return { ...parsed, fields: { ...parsed.fields, tag: parsed.fields?.['tag'] ?? '', digest: parsed.fields?.['digest'] ?? '' } };
});
expectedTests('regexp ^[a-f0-9]{64}$', (s) => {
  const parsed = parseNormalizedNamed(s);
  return { valid: !parsed.ok && parsed.error.kind === 'IdentifierNotAllowed' };
});

// ── SPEC.md §2, §3 and §5: the subtle points ────────────────────────────────

const V05: ReferenceLibrary = 'distribution/reference v0.5';
const V28: ReferenceLibrary = 'docker/distribution v2.8';
const HEX64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function ok(input: string, library: ReferenceLibrary = V06) {
  const parsed = parseNormalizedNamed(input, library);
  assert.ok(parsed.ok, `${excerpt(input)} should parse: ${parsed.ok ? '' : parsed.error.explanation}`);
  return parsed.ref;
}
function fails(input: string, library: ReferenceLibrary = V06) {
  const parsed = parseNormalizedNamed(input, library);
  assert.ok(!parsed.ok, `${excerpt(input)} should not parse, got ${parsed.ok ? parsed.ref.string : ''}`);
  return parsed.error;
}

describe('SPEC: subtle parsing rules', () => {
  test('host:port without a "/" is a Docker Hub name with a tag', () => {
    for (const input of ['myhost:5000', 'localhost:5000', '127.0.0.1:5000', 'registry.local:5000']) {
      const ref = ok(input);
      assert.equal(ref.domain, 'docker.io');
      assert.equal(ref.tag, '5000');
    }
    assert.equal(ok('docker.io').path, 'library/docker.io');
    assert.equal(ok('localhost').path, 'library/localhost');
  });

  test('the domain rule looks only before the first "/", and compares case-sensitively', () => {
    assert.equal(ok('localhost/app').domain, 'localhost');
    assert.equal(ok('index.docker.io/nginx').string, 'docker.io/library/nginx');
    assert.equal(ok('docker.io/nginx').string, 'docker.io/library/nginx');
    assert.equal(ok('Docker.io/x').domain, 'Docker.io');
    assert.equal(ok('INDEX.DOCKER.IO/x').domain, 'INDEX.DOCKER.IO');
    assert.equal(ok('docker.io:443/x').string, 'docker.io:443/x');
    assert.equal(ok('registry/demoapi:latest').string, 'docker.io/registry/demoapi:latest');
  });

  test('an uppercase first component is a host; an uppercase path is an error', () => {
    assert.equal(ok('Registry/app:latest').domain, 'Registry');
    assert.equal(ok('LOCALDOMAIN/x').domain, 'LOCALDOMAIN');
    assert.equal(fails('Registry/App:latest').kind, 'RemoteNameNotLowercase');
    assert.equal(fails('library/Uppercase').message, 'invalid reference format: repository name (library/Uppercase) must be lowercase');
    // strings.ToLower is Unicode-aware: a non-ASCII capital is caught here, before the grammar.
    assert.equal(fails('\u00c9clair').message, 'invalid reference format: repository name (library/\u00c9clair) must be lowercase');
    // Without a tag, "@algorithm" is part of the text checked for lowercase.
    assert.equal(fails(`nginx@SHA256:${HEX64}`).kind, 'RemoteNameNotLowercase');
  });

  test('lowercasing for the uppercase error is Go\'s: "İ" becomes "i", the Kelvin sign "k"', () => {
    assert.equal(fails('nginx:\u0130').kind, 'NameContainsUppercase');
    assert.equal(fails('nginx:\u212a').kind, 'NameContainsUppercase');
    assert.equal(fails('nginx:\u00c9').kind, 'ReferenceInvalidFormat');
  });

  test('a first component that is not domain syntax is split again: no domain', () => {
    const ref = ok('foo_bar.com/app');
    assert.deepEqual([ref.domain, ref.path, ref.string], ['', 'foo_bar.com/app', 'foo_bar.com/app']);
  });

  test('nothing is trimmed, and "$" is the true end of the text', () => {
    for (const input of ['nginx\n', 'nginx\r\n', '\nnginx', ' nginx', 'nginx ', 'nginx:latest ', 'ng inx', 'nginx\t', 'nginx\u00a0']) {
      assert.equal(fails(input).kind, 'ReferenceInvalidFormat', excerpt(input));
    }
  });

  test('digests: registered algorithms, exact length, lowercase hex', () => {
    ok(`nginx@sha256:${HEX64}`);
    ok(`nginx@sha384:${'a'.repeat(96)}`);
    ok(`nginx@sha512:${'a'.repeat(128)}`);
    ok(`nginx:latest@sha256:${HEX64}`);
    assert.equal(fails(`nginx@md5:${'a'.repeat(32)}`).kind, 'DigestUnsupported');
    assert.equal(fails(`nginx@sha256:${HEX64.slice(1)}`).kind, 'DigestInvalidLength');
    assert.equal(fails(`nginx@sha256:${HEX64}0`).kind, 'DigestInvalidLength');
    assert.equal(fails(`nginx@sha256:${HEX64.toUpperCase()}`).kind, 'DigestInvalidFormat');
    assert.equal(fails(`nginx:1@SHA256:${HEX64}`).kind, 'DigestInvalidFormat');
    assert.equal(fails('nginx:latest@sha256:abc').kind, 'ReferenceInvalidFormat');
    // The grammar wants at least 32 hex digits; only then does go-digest check the algorithm and length.
    assert.equal(fails(`nginx@sha256:${'a'.repeat(31)}`).kind, 'ReferenceInvalidFormat');
    assert.equal(fails(`nginx@sha256:${'a'.repeat(32)}`).kind, 'DigestInvalidLength');
    assert.equal(fails(`nginx@md5:${'a'.repeat(31)}`).kind, 'ReferenceInvalidFormat');
    assert.equal(fails(`nginx@sha256:${HEX64}@sha256:${HEX64}`).kind, 'ReferenceInvalidFormat');
  });

  test('the identifier rule catches exactly 64 lowercase hex characters', () => {
    assert.equal(fails(HEX64).kind, 'IdentifierNotAllowed');
    ok(`${HEX64}:latest`);
    ok(`library/${HEX64}`);
    ok(`${HEX64}0`);
    assert.equal(fails(HEX64.toUpperCase()).kind, 'RemoteNameNotLowercase');
  });

  test('path components, separators and tags', () => {
    for (const input of ['a--b', 'a__b', 'a.b', 'a_b', 'a---b/c', `x:${'t'.repeat(128)}`, 'x:_tag', 'x:Latest', 'x:v1.2-rc_3']) ok(input);
    for (const input of ['a___b', 'a..b', 'a.-b', '-a', 'a-', '_a', 'a//b', '/a', 'a/', `x:${'t'.repeat(129)}`, 'x:.tag', 'x:-tag', 'x:a+b', 'x:é', 'x:', 'x:a:b', ':tag', '@sha256:' + HEX64]) {
      assert.equal(fails(input).kind, 'ReferenceInvalidFormat', excerpt(input));
    }
  });

  test('domains: labels, ports without range checks, bracketed IPv6 without structure checks', () => {
    for (const input of ['a-b.com/x', 'Registry.Example.com/x', '192.168.1.1:5000/x', 'h:0/x', 'h:99999999/x', '[::1]:5000/app', '[fd00123123123]:5000/x', '[2001:db8::1]/x']) ok(input);
    // No '.' or ':' before the '/', so ParseNormalizedNamed does not read it as a host.
    assert.equal(fails('[fd00123123123]/x').kind, 'ReferenceInvalidFormat');
    for (const input of ['-a.com/x', 'a-.com/x', 'a..com/x', 'h:/x', 'h:http/x', '[]/x', '[fe80::1%eth0]/x', '[::ffff:1.2.3.4]/x', '[::1]5000/x', 'a_b.com:5000/x']) {
      assert.ok(fails(input).kind.length > 0);
    }
  });

  test('255 characters: v0.6 counts the path only, v0.5 and v2.8 the whole name', () => {
    ok('a'.repeat(247)); // 255 with "library/"
    assert.equal(fails('a'.repeat(248)).kind, 'NameTooLong');
    ok(`${'r'.repeat(300)}.com/${'a'.repeat(255)}`);
    ok('a'.repeat(237), V05); // 255 with "docker.io/library/"
    assert.equal(fails('a'.repeat(238), V05).kind, 'NameTooLong');
    assert.equal(fails('a'.repeat(238), V28).kind, 'NameTooLong');
    assert.equal(fails(`example.com/${'a'.repeat(250)}`, V05).kind, 'NameTooLong');
  });

  test('v2.8: no IPv6 hosts, and an uppercase first component is not a host', () => {
    assert.equal(fails('[::1]:5000/app', V28).kind, 'ReferenceInvalidFormat');
    assert.equal(fails('Registry/app:latest', V28).message, 'invalid reference format: repository name must be lowercase');
    ok('[::1]:5000/app', V05);
    ok('Registry/app:latest', V05);
  });

  test('raw Parse has no Docker Hub defaulting', () => {
    const parsed = parse('a/b');
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.ref.domain, parsed.ref.path], ['a', 'b']);
    assert.equal(kindOfFailure(parse('')), 'NameEmpty');
    // Not a valid host ('_'), and as a path it is uppercase.
    assert.equal(kindOfFailure(parse('A_B.com/x')), 'NameContainsUppercase');
    assert.equal(kindOfFailure(parseNormalizedNamed('A_B.com/x')), 'NameContainsUppercase');
  });

  test('familiar names drop docker.io/ and a lone library/', () => {
    assert.equal(ok('docker.io/library/nginx').familiarName, 'nginx');
    assert.equal(ok('library/foo/bar').familiarName, 'library/foo/bar');
    assert.equal(ok('docker.io/user/app').familiarName, 'user/app');
    assert.equal(ok('localhost/library/app').familiarName, 'localhost/library/app');
  });
});

function kindOfFailure(parsed: ParsedImage): string {
  return parsed.ok ? 'ok' : parsed.error.kind;
}

// ── Explanations ─────────────────────────────────────────────────────────────

describe('explanations name the part that is wrong', () => {
  const explain = (input: string, library: ReferenceLibrary = V06) => fails(input, library).explanation;

  test('empty string', () => {
    assert.equal(explain(''), 'The image reference is empty.');
    const raw = parse('');
    assert.equal(raw.ok ? '' : raw.error.explanation, 'The image reference is empty.');
  });
  test('whitespace, and where', () => {
    assert.match(explain('nginx '), /^The image reference contains whitespace at the end;/);
    assert.match(explain('nginx\n'), /whitespace at the end/);
    assert.match(explain(' nginx'), /whitespace at the start/);
    assert.match(explain('ng inx'), /^The image reference contains whitespace;/);
  });
  test('uppercase repository path', () => {
    assert.equal(explain('library/Uppercase'), 'The repository path "library/Uppercase" contains uppercase letters; repository names must be lowercase.');
    assert.match(explain('Uppercase'), /"library\/Uppercase"/);
    assert.match(explain(`nginx@SHA256:${HEX64}`), /digest algorithm "SHA256"/);
    assert.match(explain('Registry/app', V28), /does not read an uppercase first component as a registry host/);
  });
  test('tag', () => {
    assert.equal(explain(`nginx:${'a'.repeat(129)}`), 'The tag is 129 characters long; tags may have at most 128.');
    assert.match(explain('nginx:'), /tag after ":" is empty/);
    assert.match(explain('nginx:-rc'), /tag "-rc" starts with "-"/);
    assert.match(explain('nginx:1+2'), /tag "1\+2" contains "\+"/);
  });
  test('digest', () => {
    assert.equal(explain(`nginx@sha256:${HEX64.slice(1)}`), 'The sha256 digest must have exactly 64 lowercase hex digits; this one has 63.');
    assert.equal(explain('nginx@sha256:abc'), 'The sha256 digest must have exactly 64 lowercase hex digits; this one has 3.');
    assert.match(explain(`nginx@md5:${'a'.repeat(32)}`), /algorithm "md5" is not supported/);
    assert.match(explain(`nginx@sha256:${HEX64.toUpperCase()}`), /lowercase hex/);
    assert.match(explain('nginx@latest'), /digest "latest" must have the form algorithm:hex/);
  });
  test('registry host', () => {
    assert.match(explain('dock..er/docker'), /registry host "dock\.\.er" is not valid: it has an empty label/);
    assert.match(explain('dock-.er/docker'), /label "dock-" starts or ends with "-"/);
    assert.match(explain('localhost:http/x'), /port "http" must be a number/);
    assert.match(explain('[::1]:5000/app', V28), /IPv6 addresses are not supported/);
    assert.match(explain('[fe::g]/app'), /IPv6 address may contain only hex digits/);
  });
  test('path components', () => {
    assert.match(explain('a..b'), /component "a\.\.b" contains "\.\."/);
    assert.match(explain('-docker'), /component "-docker" starts with "-"/);
    assert.match(explain('docker/'), /empty component/);
    assert.match(explain('[::1]:5000'), /must be followed by "\/" and the repository path/);
    assert.match(explain(':tag'), /no repository name before the ":"/);
  });
  test('other kinds', () => {
    assert.match(explain(HEX64), /image ID/);
    assert.match(explain('a'.repeat(248)), /path is 256 characters long, counting the "library\/" prefix.*at most 255/);
    assert.match(explain('https://example.com/app'), /not a URL/);
    assert.match(explain('a@b@c'), /more than one "@"/);
    assert.match(explain('ngin$x'), /contains "\$"/);
    assert.match(explain('nul\u0000'), /"\\u0000"/);
  });
});

// ── Pathological input ───────────────────────────────────────────────────────
// Nothing here backtracks over more than one character class, and no regex
// loops over a group, so time is linear and V8's regexp stack stays flat.

function timed(input: string, library: ReferenceLibrary = V06): { ms: number; parsed: ParsedImage } {
  const start = performance.now();
  const parsed = parseNormalizedNamed(input, library);
  return { ms: performance.now() - start, parsed };
}

describe('pathological input returns quickly', () => {
  const inputs: Record<string, string> = {
    '2 MB of "a"': 'a'.repeat(2_000_000),
    '2 MB of "a" then "!"': `${'a'.repeat(2_000_000)}!`,
    '"a-" 100k times then "!"': `${'a-'.repeat(100_000)}!`,
    '"a-" 100k times then "a!"': `${'a-'.repeat(100_000)}a!`,
    '100k ":"': ':'.repeat(100_000),
    '"[" and 100k ":"': `[${':'.repeat(100_000)}]/x`,
    '"a." 100k times as a host': `${'a.'.repeat(100_000)}a/x`,
    '"a/" 100k times then "A"': `${'a/'.repeat(100_000)}A`,
    '1 MB digest': `x@sha256:${'0'.repeat(1_000_000)}!`,
    '"a." 100k times as a digest algorithm': `x:t@${'a.'.repeat(100_000)}a:${HEX64}`,
  };
  for (const [name, input] of Object.entries(inputs)) {
    test(name, () => {
      for (const library of [V06, V05, V28]) {
        const { ms } = timed(input, library);
        assert.ok(ms < 2000, `${library}: ${ms.toFixed(0)} ms`);
      }
    });
  }

  test('8 MB inputs, whose group loops would overflow V8 regexp stack with Go patterns, still complete', () => {
    assert.equal(kindOfFailure(timed(`${'a-'.repeat(4_000_000)}a`).parsed), 'NameTooLong');
    assert.equal(kindOfFailure(timed(`${'a.'.repeat(4_000_000)}a/x`).parsed), 'ok');
    assert.equal(kindOfFailure(timed(`x@sha256:${'0'.repeat(8_000_000)}`).parsed), 'DigestInvalidLength');
  });
});

// ── Never throws ─────────────────────────────────────────────────────────────

function assertWellFormed(parsed: ParsedImage): void {
  if (parsed.ok) {
    assert.equal(typeof parsed.ref.string, 'string');
  } else {
    assert.ok(parsed.error.message.length > 0);
    assert.match(parsed.error.explanation, /^[A-Z].*\.$/s);
  }
}

describe('never throws', () => {
  test('on listed junk', () => {
    const junk = ['\u0000', 'nginx\u0000', '\ud800', 'a\udc00b', '\ud83d\ude00', '\ufeffnginx', 'İ/x', 'a:İ', '\u212a/x', '@', ':', '/', '[', ']', '@:', '[:]', 'a@', '@a', '::', '//', '.', '-', '_', 'x'.repeat(10_000)];
    for (const input of junk) {
      for (const library of [V06, V05, V28]) {
        assertWellFormed(parseNormalizedNamed(input, library));
        assertWellFormed(parse(input, library));
      }
    }
  });

  test('on random UTF-16, lone surrogates included', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'A', '0', '.', '_', '-', '/', ':', '@', '[', ']', '+', ' ', '\n', 'İ'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (input) => {
        assertWellFormed(parseNormalizedNamed(input));
        assertWellFormed(parse(input, V28));
      }),
      { numRuns: 3000, seed: 6083 },
    );
  });
});

// ── Differential test against Go's patterns, transcribed verbatim ────────────
// regexp.go's patterns, run by V8 on short input (where its stack is no
// concern), are the oracle for the grammar that `parse` implements piecewise.

function goPatterns(withIpv6: boolean) {
  const optional = (...res: string[]) => `(?:${res.join('')})?`;
  const anyTimes = (...res: string[]) => `(?:${res.join('')})*`;
  const capture = (...res: string[]) => `(${res.join('')})`;
  const anchored = (...res: string[]) => new RegExp(`^${res.join('')}$`);
  const alphanumeric = `[a-z0-9]+`;
  const separator = `(?:[._]|__|[-]+)`;
  const domainNameComponent = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`;
  const optionalPort = `(?::[0-9]+)?`;
  const tag = `[\\w][\\w.-]{0,127}`;
  const digestPat = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}`; // [[:xdigit:]]
  const ipv6address = `\\[(?:[a-fA-F0-9:]+)\\]`;
  const domainName = domainNameComponent + anyTimes(`\\.`, domainNameComponent);
  const host = withIpv6 ? `(?:${domainName}|${ipv6address})` : domainName;
  const domainAndPort = host + optionalPort;
  const pathComponent = alphanumeric + anyTimes(separator, alphanumeric);
  const remoteName = pathComponent + anyTimes(`/`, pathComponent);
  const namePat = optional(domainAndPort, `/`) + remoteName;
  return {
    reference: anchored(capture(namePat), optional(`:`, capture(tag)), optional(`@`, capture(digestPat))),
    anchoredName: anchored(optional(capture(domainAndPort), `/`), capture(remoteName)),
  };
}

describe('differential: parse agrees with Go patterns', () => {
  const noise = fc
    .array(
      fc.constantFrom('a', '0', 'A', '.', '_', '__', '-', '--', '/', ':', '@', '[', ']', '::1', 'localhost', 'sha256:', 'SHA256:', '+', 'f'.repeat(32), HEX64),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(''));
  /** Mostly a valid piece, sometimes an invalid one, rarely noise. */
  const part = (good: string[], bad: string[]) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...good) },
      { weight: 2, arbitrary: fc.constantFrom(...bad) },
      { weight: 1, arbitrary: noise },
    );
  const optionalPart = (good: string[], bad: string[]) => fc.option(part(good, bad), { nil: undefined, freq: 2 });
  // `[host "/"] path [":" tag] ["@" digest]`
  const structured = fc
    .tuple(
      optionalPart(['localhost', 'example.com', 'a-b.c0', 'Registry', 'docker.io', '[::1]', '[fd00:1::2]', 'h', 'x_y.com', 'localhost:5000', 'h:0'], ['a..b', '-a.com', 'h:', 'h:http', '[::1]5000']),
      fc.array(part(['a', 'library', 'a.b', 'a__b', 'a--b', 'a_b', 'a'.repeat(200)], ['a___b', 'A', '-a', 'b-', '']), { minLength: 1, maxLength: 3 }),
      optionalPart(['latest', 'v1.0', '_x', 'Latest', 'a'.repeat(128)], ['-x', '.x', 'a'.repeat(129), '']),
      optionalPart([`sha256:${HEX64}`, `sha512:${'a'.repeat(128)}`, `sha384:${'0'.repeat(96)}`], [`sha256:${HEX64.toUpperCase()}`, `SHA256:${HEX64}`, `md5:${'f'.repeat(32)}`, `sha256:${HEX64}0`, 'sha256:abc']),
    )
    .map(([host, path, tag, digest]) =>
      (host === undefined ? '' : `${host}/`) + path.join('/') + (tag === undefined ? '' : `:${tag}`) + (digest === undefined ? '' : `@${digest}`),
    );
  const inputs = fc.oneof({ weight: 4, arbitrary: structured }, { weight: 1, arbitrary: noise });
  const VALID_DIGEST = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;
  for (const library of [V06, V05, V28]) {
    test(library, () => {
      const go = goPatterns(library !== V28);
      fc.assert(
        fc.property(inputs, (input) => {
          const parsed = parse(input, library);
          const m = go.reference.exec(input);
          if (!m) {
            const expected = input === '' ? 'NameEmpty' : go.reference.test(input.toLowerCase()) ? 'NameContainsUppercase' : 'ReferenceInvalidFormat';
            assert.equal(kindOfFailure(parsed), expected);
            return;
          }
          const [, name = '', tag, digest] = m;
          const [, domain = '', path = name] = go.anchoredName.exec(name) ?? [];
          const tooLong = (library === V06 ? path : name).length > 255;
          if (tooLong) return assert.equal(kindOfFailure(parsed), 'NameTooLong');
          if (digest !== undefined && !VALID_DIGEST.test(digest)) return assert.match(kindOfFailure(parsed), /^Digest/);
          assert.ok(parsed.ok);
          assert.deepEqual([parsed.ref.domain, parsed.ref.path, parsed.ref.tag, parsed.ref.digest], [domain, path, tag ?? null, digest ?? null]);
        }),
        { numRuns: 20000, seed: 255 },
      );
    });
  }
});
