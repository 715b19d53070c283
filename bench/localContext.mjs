// Time to first diagnostics on the seed Deployment (test/fixtures/demoapi.yaml) with
// the local context off, on with a prompt test Docker Engine, and on with a silent
// socket; plus, when on and prompt, the time until local-image-pulled arrives.
// Run: node --import tsx bench/localContext.mjs [runs]   (after npm run build)

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client.mjs';
import { startDockerServer } from '../test/host/dockerServer.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const SERVER = path.join(ROOT, 'server/out/server.js');
const FILE = path.join(ROOT, 'test/fixtures/demoapi.yaml');
const TEXT = readFileSync(FILE, 'utf8');
const URI = pathToFileURL(FILE).href;
const RUNS = Number(process.argv[2] ?? 15);
const CAPABILITIES = { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } };

const prompt = await startDockerServer('docker', [{ tag: 'registry/demoapi:latest', size: 212_000_000, created: new Date().toISOString() }]);
const silent = await startDockerServer('silent');

async function once(enabled, socket) {
  // The server inherits this environment (see lsp-client.mjs).
  process.env.KUBECONFIG = path.join(ROOT, 'test/fixtures/kubeconfig/docker-desktop.yaml');
  process.env.DOCKER_HOST = `unix://${socket}`;
  const client = new LspClient('bench-local', [SERVER, '--stdio'], { configuration: () => ({ localContext: { enabled } }) });
  try {
    await client.initialize(pathToFileURL(ROOT).href, CAPABILITIES);
    const first = client.expectDiagnostics(URI, () => true, 10_000);
    const local = client.expectDiagnostics(URI, (params) => params.diagnostics.some((d) => d.code === 'local-image-pulled'), 10_000);
    const sentAt = client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
    const firstAt = (await first).at - sentAt;
    const localAt = enabled && socket === prompt.socket ? (await local).at - sentAt : undefined;
    if (localAt === undefined) local.catch(() => {});
    return { firstAt, localAt };
  } finally {
    await client.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const scenarios = [
  ['off', false, prompt.socket],
  ['on, prompt Docker', true, prompt.socket],
  ['on, silent socket', true, silent.socket],
];
console.log(`open → first diagnostics on test/fixtures/demoapi.yaml, median of ${RUNS} fresh servers`);
for (const [label, enabled, socket] of scenarios) {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await once(enabled, socket));
  const firsts = results.map((r) => r.firstAt);
  const locals = results.flatMap((r) => (r.localAt === undefined ? [] : [r.localAt]));
  console.log(`${label.padEnd(20)} first ${median(firsts).toFixed(1)} ms (${Math.min(...firsts).toFixed(1)}–${Math.max(...firsts).toFixed(1)})${locals.length ? `; local-image-pulled ${median(locals).toFixed(1)} ms` : ''}`);
}
await prompt.close();
await silent.close();
