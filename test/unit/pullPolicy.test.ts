import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { ReferenceLibrary } from '../../server/src/analysis/imageReference';
import { defaultPullPolicy, isPullPolicy, PULL_POLICIES } from '../../server/src/analysis/pullPolicy';
import type { DefaultDecision, DefaultOptions } from '../../server/src/analysis/pullPolicy';

// ── Conformance data (test/conformance/README.md) ───────────────────────────

interface PolicyBlock {
  effectiveTag: string;
  pullPolicy: 'Always' | 'IfNotPresent';
}
interface Case {
  id: string;
  input?: string;
  image?: string;
  kubernetes: PolicyBlock;
  kubernetesOtherVersions?: Record<string, PolicyBlock>;
  /** pullPolicyDefaults only: upstream's own expectations. */
  expectedPullPolicy?: 'Always' | 'IfNotPresent';
  expectedParseImageName?: { error: boolean; repo?: string; tag?: string; digest?: string };
}
const data = JSON.parse(readFileSync(path.resolve(__dirname, '../conformance/image-references.json'), 'utf8')) as {
  referenceParsing: Case[];
  pullPolicyDefaults: Case[];
};
const inputOf = (c: Case): string => c.input ?? c.image ?? '';
const excerpt = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s);

/** The data's names for the older libraries. */
const OLDER: Record<string, ReferenceLibrary> = {
  'distribution/reference v0.5.0': 'distribution/reference v0.5',
  'docker/distribution v2.8.2': 'docker/distribution v2.8',
};

function assertPolicy(actual: DefaultDecision, want: PolicyBlock, where: string): void {
  assert.deepEqual({ policy: actual.policy, effectiveTag: actual.effectiveTag }, { policy: want.pullPolicy, effectiveTag: want.effectiveTag }, where);
}

describe('conformance: the default policy of every case', () => {
  for (const c of [...data.referenceParsing, ...data.pullPolicyDefaults]) {
    const image = inputOf(c);
    test(`${c.id} ${excerpt(image)}`, () => {
      assertPolicy(defaultPullPolicy(image), c.kubernetes, 'distribution/reference v0.6');
      // Older libraries: their own entry where they differ, otherwise the same answer (README).
      for (const [key, library] of Object.entries(OLDER)) {
        assertPolicy(defaultPullPolicy(image, { library }), c.kubernetesOtherVersions?.[key] ?? c.kubernetes, library);
      }
    });
  }
});

describe('upstream expected: TestParseImageName and the defaults tests', () => {
  for (const c of data.pullPolicyDefaults) {
    test(`${c.id} ${excerpt(inputOf(c))}`, () => {
      const decision = defaultPullPolicy(inputOf(c));
      assert.equal(decision.policy, c.expectedPullPolicy);
      const want = c.expectedParseImageName;
      if (want === undefined) return;
      assert.equal(!decision.parsed.ok, want.error);
      if (decision.parsed.ok) {
        // ParseImageName returns (repo, tag, digest); its tag is the effective tag, "" for none.
        const { name, digest } = decision.parsed.ref;
        assert.deepEqual([name, decision.effectiveTag, digest ?? ''], [want.repo, want.tag, want.digest]);
      }
    });
  }
});

// ── The rule, SPEC.md §1, §4 and §5 ─────────────────────────────────────────

const HEX64 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const decide = (image: string, options?: DefaultOptions) => {
  const { policy, effectiveTag, reason } = defaultPullPolicy(image, options);
  return { policy, effectiveTag, reason };
};

describe('SPEC: the defaulting rule', () => {
  test('§4 examples', () => {
    const table: [string, DefaultDecision['policy'], string][] = [
      ['nginx', 'Always', 'latest'],
      ['registry/demoapi:latest', 'Always', 'latest'],
      ['index.docker.io/nginx', 'Always', 'latest'],
      ['localhost:5000/app', 'Always', 'latest'],
      ['myhost:5000', 'IfNotPresent', '5000'],
      ['Registry/app:latest', 'Always', 'latest'],
      ['Registry/App:latest', 'IfNotPresent', ''],
      ['nginx:Latest', 'IfNotPresent', 'Latest'],
      [`nginx@sha256:${HEX64}`, 'IfNotPresent', ''],
      [`nginx:latest@sha256:${HEX64}`, 'Always', 'latest'],
      ['[::1]:5000/app', 'Always', 'latest'],
      ['', 'IfNotPresent', ''],
    ];
    for (const [image, policy, effectiveTag] of table) {
      const { policy: p, effectiveTag: t } = decide(image);
      assert.deepEqual([p, t], [policy, effectiveTag], excerpt(image));
    }
  });

  test('each reason', () => {
    assert.deepEqual(decide('nginx'), { policy: 'Always', effectiveTag: 'latest', reason: 'no-tag' });
    assert.deepEqual(decide('nginx:latest'), { policy: 'Always', effectiveTag: 'latest', reason: 'tag-latest' });
    assert.deepEqual(decide('nginx:1.27'), { policy: 'IfNotPresent', effectiveTag: '1.27', reason: 'other-tag' });
    assert.deepEqual(decide(`nginx@sha256:${HEX64}`), { policy: 'IfNotPresent', effectiveTag: '', reason: 'digest-only' });
    assert.deepEqual(decide('nginx:latest '), { policy: 'IfNotPresent', effectiveTag: '', reason: 'unparseable' });
  });

  test('host:port without "/" is a name and a tag', () => {
    assert.equal(decide('myhost:5000').policy, 'IfNotPresent');
    assert.equal(decide('localhost:5000').effectiveTag, '5000');
    assert.equal(decide('localhost:5000/app').policy, 'Always');
  });

  test('"latest" is compared exactly: case-sensitive, nothing trimmed', () => {
    for (const image of ['nginx:Latest', 'nginx:LATEST', 'nginx:latest1', 'nginx:latest_', 'nginx:_latest', 'nginx:latest.']) {
      assert.equal(decide(image).policy, 'IfNotPresent', image);
    }
    for (const image of ['nginx:latest ', ' nginx:latest', 'nginx:latest\n', 'nginx:latest\t', 'nginx\n', ' nginx']) {
      assert.deepEqual(decide(image), { policy: 'IfNotPresent', effectiveTag: '', reason: 'unparseable' }, excerpt(image));
    }
  });

  test('":latest" next to a digest keeps Always', () => {
    assert.deepEqual(decide(`nginx:latest@sha256:${HEX64}`), { policy: 'Always', effectiveTag: 'latest', reason: 'tag-latest' });
    assert.equal(decide(`nginx:1.0@sha256:${HEX64}`).policy, 'IfNotPresent');
  });

  test('an image that does not parse gives IfNotPresent, even when it looks like ":latest"', () => {
    for (const image of [
      '',
      'nginx:latest@sha256:abc',
      `nginx:latest@md5:${'a'.repeat(32)}`,
      `nginx:latest@sha256:${HEX64.toUpperCase()}`,
      `nginx:latest@sha256:${HEX64.slice(1)}`,
      'Nginx:latest',
      'library/NGINX',
      `${'a'.repeat(248)}:latest`,
      HEX64,
      'https://example.com/app:latest',
    ]) {
      assert.deepEqual(decide(image), { policy: 'IfNotPresent', effectiveTag: '', reason: 'unparseable' }, excerpt(image));
    }
  });

  test('older libraries', () => {
    const v28: DefaultOptions = { library: 'docker/distribution v2.8' };
    assert.equal(decide('[::1]:5000/app', v28).policy, 'IfNotPresent');
    assert.equal(decide('Registry/app:latest', v28).policy, 'IfNotPresent');
    assert.equal(decide('a'.repeat(238), { library: 'distribution/reference v0.5' }).policy, 'IfNotPresent');
    assert.equal(decide('a'.repeat(238)).policy, 'Always');
  });
});

describe('KEP-6083 gate: DigestAwareImagePullPolicyDefaulting', () => {
  const gate: DefaultOptions = { digestAwareDefaulting: true };
  test('tag "latest" with a digest gives IfNotPresent', () => {
    assert.deepEqual(decide(`nginx:latest@sha256:${HEX64}`, gate), { policy: 'IfNotPresent', effectiveTag: 'latest', reason: 'latest-with-digest-gate' });
  });
  test('everything else is unchanged', () => {
    for (const image of ['nginx', 'nginx:latest', 'nginx:1.0', `nginx@sha256:${HEX64}`, `nginx:1.0@sha256:${HEX64}`, 'nginx:latest@sha256:abc', '']) {
      assert.deepEqual(decide(image, gate), decide(image), excerpt(image));
    }
    assert.equal(decide(`nginx:latest@sha256:${HEX64}`, { digestAwareDefaulting: false }).policy, 'Always');
  });
});

describe('policies', () => {
  test('PULL_POLICIES', () => assert.deepEqual(PULL_POLICIES, ['Always', 'IfNotPresent', 'Never']));
  test('isPullPolicy is exact and case-sensitive', () => {
    for (const v of PULL_POLICIES) assert.ok(isPullPolicy(v));
    for (const v of ['always', 'ALWAYS', 'ifNotPresent', 'never', ' Always', 'Always ', '', 'IfNotPresent\n', null, undefined, 1, {}, ['Always']]) {
      assert.equal(isPullPolicy(v), false, JSON.stringify(v));
    }
  });
});

describe('never throws', () => {
  test('on random UTF-16, with any options', () => {
    const unit = fc.oneof(
      fc.constantFrom('a', 'latest', ':', '@', '/', 'sha256:', HEX64, ' '),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    );
    const options = fc.record(
      {
        library: fc.constantFrom<ReferenceLibrary>('distribution/reference v0.6', 'distribution/reference v0.5', 'docker/distribution v2.8'),
        digestAwareDefaulting: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), options, (image, opts) => {
        const { policy, effectiveTag, parsed } = defaultPullPolicy(image, opts);
        assert.ok(policy === 'Always' || policy === 'IfNotPresent');
        assert.equal(policy === 'Always', effectiveTag === 'latest' && parsed.ok && !(opts.digestAwareDefaulting && parsed.ref.digest !== null));
      }),
      { numRuns: 3000, seed: 6083 },
    );
  });
});
