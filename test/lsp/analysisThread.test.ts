// The worker thread that analyses big YAML documents (server/src/lsp/analysisThread.ts),
// run from the built server bundle exactly as the server runs it.

import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDocument } from '../../server/src/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';
import { AnalysisThread, ANALYSIS_WORKER, PART_ITEMS, type WorkerReply, type WorkerRequest } from '../../server/src/lsp/analysisThread';
import { nodeHost } from '../../server/src/node/host';
import { ask } from '../../server/src/threads';
import { Worker } from 'node:worker_threads';
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

  it('sends a big answer in parts of at most PART_ITEMS sites or findings, and they add up to the same analysis', async () => {
    // 3,000 flow containers without a tag: 3,000 sites and 3,000 implicit-always findings.
    const text = `kind: Pod\nspec: {containers: [${Array.from({ length: 3_000 }, (_, i) => `{image: n${i}}`).join(', ')}]}\n`;
    const replies: WorkerReply[] = [];
    const worker = new Worker(SERVER, { workerData: ANALYSIS_WORKER });
    const recording = new AnalysisThread(() => ({
      ask: async (request: WorkerRequest) => {
        const reply = await ask<WorkerReply>(worker, request);
        replies.push(reply);
        return reply;
      },
      terminate: () => void worker.terminate(),
    }), (message) => logged.push(message));
    try {
      const expected = analyzeDocument(text, DEFAULT_SETTINGS, '\n', {});
      assert.equal(expected.findings.length, 3_000);
      assert.deepEqual(await recording.analyze(text, DEFAULT_SETTINGS, '\n', {}, () => true), expected);
      const parts = replies.slice(1) as unknown[][];
      assert.equal(parts.length, 2 * Math.ceil(3_000 / PART_ITEMS));
      assert.ok(parts.every((part) => part.length <= PART_ITEMS));
    } finally {
      recording.dispose();
    }
  });
});
