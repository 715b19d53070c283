// Incremental analysis is checked, not assumed: random edit sequences applied to
// a ManifestDocument must give the same text and positions as the stock
// TextDocument, and the same findings and hints as a full re-analysis.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/analysis';
import { NO_CONTEXT } from '../../server/src/analysis/fileContext';
import { policyHints } from '../../server/src/analysis/queries';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { ManifestDocument } from '../../server/src/lsp/manifestDocument';

const DEPLOYMENT = (i: number, image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: ${image}\n        ports: []\n`;
const START = ['nginx', 'redis:7', 'registry/demoapi:latest', 'app@sha256:' + 'a'.repeat(64)].map((image, i) => `${i ? '---\n' : ''}${DEPLOYMENT(i, image)}`).join('');

/** Snippets that insert and delete document markers, break and repair YAML, and change images. */
const SNIPPETS = ['---\n', '\n---\n', '---', '-', '\n', '\r\n', ':', '"', '{', ']', '  ', 'image: x\n', ':latest', '@sha256:', 'Nginx', '# c\n', '...\n', '{{ .Values.x }}', 'imagePullPolicy: Never\n', '\t'];

const editArbitrary = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 12 }),
  text: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 4 })),
});

describe('ManifestDocument', () => {
  it('matches TextDocument and a full re-analysis after every random edit', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 25 }), (edits) => {
        const reference = TextDocument.create('file:///x.yaml', 'yaml', 1, START);
        const document = ManifestDocument.create('file:///x.yaml', 'yaml', 1, START);
        document.analysis(DEFAULT_SETTINGS, NO_CONTEXT); // warm every piece's cache so reuse is exercised
        edits.forEach((edit, i) => {
          const length = reference.getText().length;
          const start = reference.positionAt(edit.at % (length + 1));
          const end = reference.positionAt(Math.min(length, (edit.at % (length + 1)) + edit.length));
          const change = { range: { start, end }, text: edit.text };
          TextDocument.update(reference, [change], i + 2);
          ManifestDocument.update(document, [change], i + 2);
          const text = reference.getText();
          assert.equal(document.getText(), text);
          assert.equal(document.lineCount, reference.lineCount);
          for (const offset of [0, edit.at % (text.length + 1), text.length >> 1, text.length]) {
            assert.deepEqual(document.positionAt(offset), reference.positionAt(offset), `positionAt(${offset})`);
          }
          for (const line of [0, start.line, reference.lineCount - 1]) {
            for (const character of [0, start.character, 1000]) {
              assert.equal(document.offsetAt({ line, character }), reference.offsetAt({ line, character }), `offsetAt(${line}:${character})`);
            }
          }
          const incremental = document.analysis(DEFAULT_SETTINGS, NO_CONTEXT);
          const full = analyze(text, DEFAULT_SETTINGS);
          assert.deepEqual(incremental.findings, full.findings);
          assert.deepEqual(policyHints(incremental), policyHints(full));
          // Published diagnostics reuse earlier conversions; they must still match the full analysis.
          const toRange = (start: number, end: number) => ({ start: reference.positionAt(start), end: reference.positionAt(end) });
          assert.deepEqual(
            document.diagnostics(DEFAULT_SETTINGS, NO_CONTEXT, (f, offset) => ({ range: toRange(f.span[0] + offset, f.span[1] + offset), message: f.message })),
            full.findings.map((f) => ({ range: toRange(f.span[0], f.span[1]), message: f.message })),
          );
        });
      }),
      { seed: 20261125, numRuns: 150 },
    );
  });

  it('analyses only the YAML documents a ranged request needs', () => {
    const document = ManifestDocument.create('file:///x.yaml', 'yaml', 1, START);
    const second = START.indexOf('---');
    const partial = document.analysis(DEFAULT_SETTINGS, NO_CONTEXT, [second + 5, second + 6]);
    assert.equal(partial.documents.length, 1);
    assert.equal(partial.documents[0].start, second);
  });
});
