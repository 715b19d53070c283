// The worker thread that analyses big YAML documents (server/src/lsp/analysisThread.ts),
// run from the built server bundle exactly as the server runs it.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDocument } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { nodeHost } from '../../server/src/node/host';
import { SERVER } from './lspClient';

const EXAMPLES = path.resolve(__dirname, '../../examples');
const HELM_VALUES = { helmValues: { chart: 'chart/Chart.yaml', appVersion: '1.2.3', verifiedPaths: ['image'] } };

describe('analysis worker thread', () => {
  const logged: string[] = [];
  const thread = nodeHost(SERVER).analysisThread((message) => logged.push(message))!;
  after(() => thread.dispose());

  for (const name of readdirSync(EXAMPLES).filter((file) => file.endsWith('.yaml'))) {
    it(`gives the same analysis as the main thread: examples/${name}`, async () => {
      const text = readFileSync(path.join(EXAMPLES, name), 'utf8');
      const settings = { ...DEFAULT_SETTINGS, rules: { 'implicit-if-not-present': 'warning' as const } };
      for (const context of [{}, HELM_VALUES]) {
        assert.deepEqual(await thread.analyze(text, settings, '\r\n', context, () => true), analyzeDocument(text, settings, '\r\n', context));
      }
    });
  }

  it('drops a job nobody wants any more, and serves the next one', async () => {
    const text = readFileSync(path.join(EXAMPLES, 'traps.yaml'), 'utf8');
    const running = thread.analyze(text, DEFAULT_SETTINGS, '\n', {}, () => true);
    const dropped = thread.analyze(text, DEFAULT_SETTINGS, '\n', {}, () => false);
    const wanted = thread.analyze(text, DEFAULT_SETTINGS, '\n', {}, () => true);
    await assert.rejects(dropped, /dropped/);
    assert.deepEqual(await running, await wanted);
    assert.deepEqual(logged, []);
  });
});
