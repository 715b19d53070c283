// Argument parsing and the unified diff, without spawning the CLI.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs, UsageError } from '../../server/src/cli/args';
import { unifiedDiff } from '../../server/src/cli/diff';

describe('parseCliArgs', () => {
  it('defaults to text on the current directory', () => {
    const options = parseCliArgs([]);
    assert.deepEqual([options.paths, options.format, options.fix, options.maxWarnings], [['.'], 'text', false, -1]);
  });

  it('reads every option', () => {
    const options = parseCliArgs(['check', '--format', 'sarif', '--fix', '--fix-policy', 'explicit', '--dry-run', '--max-warnings', '3', '--rule', 'implicit-always=error', '--rule', 'yaml-syntax=off', '--assume-always-pull-images', 'a', '-']);
    assert.deepEqual(options.paths, ['a', '-']);
    assert.equal(options.format, 'sarif');
    assert.equal(options.fixPolicy, 'explicit');
    assert.equal(options.dryRun, true);
    assert.equal(options.maxWarnings, 3);
    assert.deepEqual(options.rules, { 'implicit-always': 'error', 'yaml-syntax': 'off' });
    assert.equal(options.assumeAlwaysPullImages, true);
  });

  it('collects custom pod spec paths per kind', () => {
    const options = parseCliArgs(['--pod-spec-path', 'example.com/Widget=spec.a', '--pod-spec-path', 'example.com/Widget=spec.b[].c']);
    assert.deepEqual(options.podSpecPaths, { 'example.com/Widget': ['spec.a', 'spec.b[].c'] });
  });

  for (const [args, message] of [
    [['--format', 'xml'], /--format must be/],
    [['--fix', '--fix-policy', 'ifnotpresent'], /--fix-policy must be/],
    [['--dry-run'], /need --fix/],
    [['--max-warnings', 'x'], /whole number/],
    [['--rule', 'implicit-always'], /severity must be/],
    [['--rule', 'nope=error'], /unknown rule "nope"/],
    [['--bogus'], /Unknown option/],
    [['--pod-spec-path', 'Widget=spec'], /--pod-spec-path must look like/],
  ] as const) {
    it(`rejects ${args.join(' ')}`, () => {
      assert.throws(() => parseCliArgs(args), (error: unknown) => error instanceof UsageError && message.test(error.message));
    });
  }
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    assert.equal(unifiedDiff('f', 'a\n', 'a\n'), '');
  });

  it('makes separate hunks for distant changes, with three lines of context', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}\n`).join('');
    const after = before.replace('l2\n', 'l2\nnew\n').replace('l17\n', '');
    assert.equal(
      unifiedDiff('f.yaml', before, after),
      '--- a/f.yaml\n+++ b/f.yaml\n@@ -1,6 +1,7 @@\n l0\n l1\n l2\n+new\n l3\n l4\n l5\n@@ -15,6 +16,5 @@\n l14\n l15\n l16\n-l17\n l18\n l19\n',
    );
  });

  it('marks a missing final newline like git', () => {
    assert.equal(unifiedDiff('f', 'a\nb', 'a\nb\nc'), '--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n\\ No newline at end of file\n+b\n+c\n\\ No newline at end of file\n');
  });
});
